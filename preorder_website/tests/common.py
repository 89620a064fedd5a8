import json
from datetime import timedelta

from odoo.fields import Command
from odoo.tests import HttpCase

from odoo.addons.preorder_campaign.tests.common import PreorderCommon


class PreorderWebsiteCommon(HttpCase, PreorderCommon):
    """The shared pre-order data, plus an outlet campaign with stock and a product
    replaced by another, for the website routes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.website = cls.env["website"].get_current_website()
        cls.website.company_id = cls.env.company
        cls.old_chair = cls.env["product.product"].create(
            {
                "name": "Old garden chair",
                "categ_id": cls.categ_chairs.id,
                "list_price": 45.0,
                "default_code": "PO-OLDCHAIR",
                "barcode": "5400000000073",
                "type": "consu",
                "is_storable": True,
                "replaced_by_product_id": cls.chair.id,
                "taxes_id": [Command.clear()],
            }
        )
        cls.outlet = cls.env["preorder.campaign"].create(
            {
                "name": "Outlet Summer",
                "code": "OUTLET26",
                "campaign_type": "outlet",
                "user_id": cls.preorder_user.id,
                "date_start": cls.now - timedelta(days=1),
                "date_end": cls.now + timedelta(days=5),
                "product_ids": [Command.set((cls.table | cls.parasol).ids)],
                "audience": "selected",
                "partner_category_ids": [Command.set(cls.label_vip.ids)],
                "pricelist_id": cls.pricelist.id,
                "is_published": True,
            }
        )
        cls.outlet.state = "open"
        stock_location = cls.env.ref("stock.warehouse0").lot_stock_id
        cls.env["stock.quant"]._update_available_quantity(cls.table, stock_location, 5)
        cls.env["stock.quant"]._update_available_quantity(cls.parasol, stock_location, 2)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _login(self, login="preorder_portal"):
        self.authenticate(login, login)

    def _rpc(self, route, **params):
        return self.make_jsonrpc_request(route, params)

    def _save(self, quantities, campaign=None, **params):
        campaign = campaign or self.campaign
        return self._rpc(f"/preorder/{campaign.id}/save", quantities=quantities, **params)

    def _orders(self, partner=None, campaign=None):
        return self.env["sale.order"].search(
            [
                ("partner_id", "=", (partner or self.customer).id),
                ("preorder_campaign_id", "=", (campaign or self.campaign).id),
            ]
        )

    def _quantities(self, order):
        return {line.product_id: line.product_uom_qty for line in order.order_line}

    def _queries(self, request):
        """Queries of one warm request (run twice before to warm the caches)."""
        request()
        request()
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        request()
        return self.cr.sql_log_count - before

    def _row(self, html, product):
        """The HTML of the grid row of `product`."""
        start = html.index(f'<tr class="o_preorder_row" data-product-id="{product.id}"')
        return html[start : html.index("</tr>", start)]

    def _raw_jsonrpc(self, route, params, headers=None):
        """The raw response of a JSON-RPC call, to check status codes."""
        return self.opener.post(
            self.base_url() + route,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 0, "params": params}),
            headers={"Content-Type": "application/json", **(headers or {})},
            timeout=30,
        )
