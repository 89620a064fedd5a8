from odoo import http
from odoo.fields import Command
from odoo.tests import tagged

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteBackofficeAgree(PreorderWebsiteCommon):
    """The customer on the website and the salesperson in the backoffice grid see the
    same current order at the same prices, and a new pre-order gets the same
    salesperson from both (preorder.campaign's session methods)."""

    def _backoffice_grid(self, partner=None):
        grid = (
            self.env["preorder.order.grid"]
            .with_user(self.preorder_user)
            .create({"campaign_id": self.campaign.id, "partner_id": (partner or self.customer).id})
        )
        grid.action_open_grid()
        return grid

    def _grid_price(self, grid, product):
        return grid.line_ids.filtered(lambda line: line.product_id == product).price

    def test_same_price_when_the_order_has_its_own_pricelist(self):
        self._login()
        self._save({self.table.id: 1})
        order = self._orders()
        # The salesperson gave this customer's pre-order a negotiated pricelist.
        order.pricelist_id = self._create_pricelist(
            name="Negotiated",
            item_ids=[
                Command.create(
                    {"compute_price": "percentage", "percent_price": 10, "applied_on": "3_global"}
                )
            ],
        )
        order.action_update_prices()
        self.assertEqual(order.order_line.price_unit, 180.0)
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        self.assertIn("180.00", self._row(html, self.table), "the price the line has")
        self.assertEqual(self._grid_price(self._backoffice_grid(), self.table), 180.0)

    def test_same_current_order(self):
        self._login()
        self._save({self.table.id: 5})
        finalized = self._orders()
        self.url_open(
            f"/preorder/{self.campaign.id}/finalize",
            data={"csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )
        self.assertTrue(finalized.preorder_finalized)
        # Finalized, it is no longer the order being entered: neither the website nor
        # the backoffice grid adds to it.
        grid = self._backoffice_grid()
        self.assertFalse(grid.order_id)
        grid.line_ids.filtered(lambda line: line.product_id == self.chair).quantity = 2
        current = grid.order_id
        self.assertNotEqual(current, finalized)
        self._save({self.parasol.id: 1})
        self.assertEqual(self._quantities(current), {self.chair: 2, self.parasol: 1})
        self.assertEqual(self._quantities(finalized), {self.table: 5})

    def test_same_salesperson_for_a_new_preorder(self):
        # A customer without a salesperson of their own.
        self.assertFalse(self.customer_gold.user_id)
        self._login("preorder_rep")
        self._save({self.table.id: 1}, partner_id=self.customer_gold.id)
        on_website = self._orders(partner=self.customer_gold)
        self.assertEqual(on_website.user_id, self.preorder_user, "the rep who entered it")
        on_website._action_cancel()
        grid = self._backoffice_grid(partner=self.customer_gold)
        grid.line_ids.filtered(lambda line: line.product_id == self.table).quantity = 1
        self.assertEqual(grid.order_id.user_id, on_website.user_id)
        # A customer's own salesperson wins, also when the customer orders.
        self.customer.user_id = self.preorder_manager
        self._login()
        self._save({self.table.id: 1})
        self.assertEqual(self._orders().user_id, self.preorder_manager)

    def test_same_rows_in_a_pricelist_of_another_currency(self):
        # Prices in another currency than the campaign's: both grids show the
        # pricelist's figure with the pricelist's currency.
        foreign = self._create_foreign_currency(2.0)
        self.campaign.pricelist_id = self._create_pricelist(
            name="Prices in PRE", currency_id=foreign.id
        )
        self._login()
        self._save({self.table.id: 2})
        grid = self._backoffice_grid()
        line = grid.line_ids.filtered(lambda line: line.product_id == self.table)
        self.assertEqual(grid.currency_id, foreign)
        self.assertEqual((line.price, line.quantity, line.subtotal), (400.0, 2.0, 800.0))
        row = self._row(self.url_open(f"/preorder/{self.campaign.id}").text, self.table)
        self.assertIn("400.00", row)
        self.assertIn("¤", row)

    def test_same_change_log_for_a_rep(self):
        # A rep's changes are logged in the chatter on the website and in the backoffice
        # alike; the customer's own are not.
        self._login()
        self._save({self.table.id: 1})
        order = self._orders()
        grid = self._backoffice_grid()
        grid.line_ids.filtered(lambda line: line.product_id == self.table).quantity = 4
        self._login("preorder_rep")
        self._save({self.chair.id: 2}, partner_id=self.customer.id)
        logs = order.message_ids.filtered(lambda m: "Quantities entered by" in (m.body or ""))
        self.assertEqual(len(logs), 2)
        self.assertEqual(logs.author_id, self.preorder_user.partner_id)
        bodies = " ".join(logs.mapped("body"))
        self.assertIn("Garden table: 1 → 4", bodies)
        self.assertIn("Garden chair: 0 → 2", bodies)

    def test_a_zero_before_the_first_quantity_creates_no_order(self):
        self._login()
        result = self._save({self.table.id: 0})
        self.assertEqual(result["lines"], {str(self.table.id): 0.0})
        self.assertFalse(result["summary"]["has_order"])
        grid = self._backoffice_grid()
        grid.line_ids.filtered(lambda line: line.product_id == self.table).quantity = 0
        self.assertFalse(grid.order_id)
        self.assertFalse(self._orders())
        # A product outside the campaign is still refused.
        result = self._save({self.lamp.id: 0})
        self.assertIn("not offered in campaign", result["error"])
