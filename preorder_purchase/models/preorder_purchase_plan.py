from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.preorder_campaign.core import purchase_advice


class PreorderPurchasePlan(models.Model):
    """What the running campaigns need to buy: one row per campaign and product.

    A live SQL view, so the list, pivot and graph can group by vendor, brand and
    category without any stored copy going stale. The vendor and its price are
    picked in SQL because grouping by them needs a column; the query follows the
    core's rules exactly (``purchase_advice.select_vendor`` for the vendor,
    ``purchase_advice.vendor_quote`` for the price, same unit conversion and the
    same tolerance), and ``test_purchase_plan`` checks on shared data that both
    give the same vendor and price."""

    _name = "preorder.purchase.plan"
    _description = "Pre-Order Purchase Plan"
    _auto = False
    _order = "campaign_id desc, vendor_id, product_id"
    _rec_name = "product_id"
    # Flushed before the view is read, so figures include pending changes.
    _depends = {
        "preorder.campaign": ["state", "company_id"],
        "product.product": ["product_tmpl_id"],
        "product.supplierinfo": [
            "partner_id",
            "product_tmpl_id",
            "product_id",
            "company_id",
            "sequence",
            "min_qty",
            "price",
            "discount",
            "product_uom_id",
            "currency_id",
            "date_start",
            "date_end",
            "product_code",
            "delay",
        ],
        "product.template": ["categ_id", "product_brand_id", "uom_id", "purchase_ok"],
        "res.company": ["currency_id"],
        "res.partner": ["active"],
        "sale.order": ["preorder_campaign_id", "state"],
        "sale.order.line": [
            "order_id",
            "product_id",
            "product_uom_id",
            "product_uom_qty",
            "is_preorder_line",
        ],
        "uom.uom": ["factor"],
    }

    campaign_id = fields.Many2one(comodel_name="preorder.campaign", readonly=True)
    campaign_state = fields.Selection(
        selection=lambda self: self.env["preorder.campaign"]._fields["state"].selection,
        string="Campaign Status",
        readonly=True,
    )
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    product_id = fields.Many2one(comodel_name="product.product", readonly=True)
    product_tmpl_id = fields.Many2one(
        comodel_name="product.template", string="Product Template", readonly=True
    )
    categ_id = fields.Many2one(
        comodel_name="product.category", string="Product Category", readonly=True
    )
    product_brand_id = fields.Many2one(comodel_name="product.brand", string="Brand", readonly=True)
    uom_id = fields.Many2one(comodel_name="uom.uom", string="Unit", readonly=True)
    confirmed_qty = fields.Float(
        string="Confirmed",
        digits="Product Unit",
        readonly=True,
        help="Quantity on confirmed pre-orders, in the product's unit.",
    )
    unconfirmed_qty = fields.Float(
        string="Not Confirmed",
        digits="Product Unit",
        readonly=True,
        help="Quantity on pre-orders that are not confirmed yet (draft or sent quotations).",
    )
    total_qty = fields.Float(string="Total", digits="Product Unit", readonly=True)
    vendor_id = fields.Many2one(comodel_name="res.partner", readonly=True)
    supplierinfo_id = fields.Many2one(
        comodel_name="product.supplierinfo",
        string="Vendor Price",
        readonly=True,
        groups="purchase.group_purchase_user",
    )
    vendor_product_code = fields.Char(readonly=True, groups="purchase.group_purchase_user")
    price_unit = fields.Float(
        string="Agreed Unit Price",
        digits="Product Price",
        readonly=True,
        aggregator="avg",
        groups="purchase.group_purchase_user",
        help="Net price per product unit from the vendor's price break reached by the "
        "total quantity.",
    )
    price_subtotal = fields.Monetary(
        string="Subtotal", readonly=True, groups="purchase.group_purchase_user"
    )
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    delay = fields.Integer(string="Lead Time", readonly=True, aggregator="max")
    date_expected = fields.Date(string="Expected Date", readonly=True)

    @property
    def _table_query(self):
        today = fields.Date.context_today(self)
        return SQL(
            """
            SELECT demand.id,
                   demand.campaign_id,
                   campaign.state AS campaign_state,
                   campaign.company_id,
                   demand.product_id,
                   product.product_tmpl_id,
                   template.categ_id,
                   template.product_brand_id,
                   template.uom_id,
                   demand.confirmed_qty,
                   demand.unconfirmed_qty,
                   demand.total_qty,
                   vendor.partner_id AS vendor_id,
                   quote.id AS supplierinfo_id,
                   quote.product_code AS vendor_product_code,
                   quote.net_price AS price_unit,
                   demand.total_qty * quote.net_price AS price_subtotal,
                   COALESCE(quote.currency_id, company.currency_id) AS currency_id,
                   quote.delay,
                   %(today)s::date + quote.delay AS date_expected
              FROM (%(demand)s) demand
              JOIN preorder_campaign campaign ON campaign.id = demand.campaign_id
              JOIN res_company company ON company.id = campaign.company_id
              JOIN product_product product ON product.id = demand.product_id
              JOIN product_template template ON template.id = product.product_tmpl_id
              JOIN uom_uom product_uom ON product_uom.id = template.uom_id
              LEFT JOIN LATERAL (
                    SELECT supplier.partner_id
                      FROM (%(rows)s) supplier
                  ORDER BY supplier.reached DESC, supplier.sequence,
                           CASE WHEN supplier.reached THEN -supplier.min_qty
                                ELSE supplier.min_qty END,
                           supplier.net_price, supplier.id
                     LIMIT 1
              ) vendor ON TRUE
              LEFT JOIN LATERAL (
                    SELECT supplier.*
                      FROM (%(rows)s) supplier
                     WHERE supplier.partner_id = vendor.partner_id
                  ORDER BY supplier.reached DESC,
                           CASE WHEN supplier.reached THEN -supplier.min_qty ELSE 0 END,
                           supplier.sequence, supplier.min_qty, supplier.net_price, supplier.id
                     LIMIT 1
              ) quote ON TRUE
            """,
            today=today,
            demand=self._demand_query(),
            rows=self._supplier_rows_query(today),
        )

    @api.model
    def _demand_query(self):
        """Pre-ordered quantities per campaign and product, in the product's unit:
        confirmed orders apart from draft and sent quotations; cancelled orders do not
        count. Only pre-order lines (goods: no shipping, services, sections, notes or
        down payments) of products that can be purchased: the others are never bought."""
        return SQL(
            """
            SELECT MIN(line.id) AS id,
                   sale.preorder_campaign_id AS campaign_id,
                   line.product_id,
                   SUM(CASE WHEN sale.state = 'sale' THEN qty.value ELSE 0 END) AS confirmed_qty,
                   SUM(CASE WHEN sale.state != 'sale' THEN qty.value ELSE 0 END) AS unconfirmed_qty,
                   SUM(qty.value) AS total_qty
              FROM sale_order_line line
              JOIN sale_order sale ON sale.id = line.order_id
              JOIN product_product line_product ON line_product.id = line.product_id
              JOIN product_template line_template ON line_template.id = line_product.product_tmpl_id
              JOIN uom_uom line_uom ON line_uom.id = line.product_uom_id
              JOIN uom_uom line_product_uom ON line_product_uom.id = line_template.uom_id
             CROSS JOIN LATERAL (
                   SELECT line.product_uom_qty * line_uom.factor / line_product_uom.factor AS value
             ) qty
             WHERE sale.preorder_campaign_id IS NOT NULL
               AND sale.state IN ('draft', 'sent', 'sale')
               AND line.is_preorder_line
               AND line_template.purchase_ok
          GROUP BY sale.preorder_campaign_id, line.product_id
            """
        )

    @api.model
    def _supplier_rows_query(self, today):
        """The vendor rows valid for one demand row (lateral on ``demand``,
        ``product``, ``product_uom`` and ``campaign``), converted to the product's
        unit like ``preorder.campaign._get_supplier_prices`` does for the core."""
        return SQL(
            """
            SELECT info.id, info.partner_id, info.sequence, info.product_code, info.delay,
                   info.currency_id,
                   info.min_qty * info_uom.factor / product_uom.factor AS min_qty,
                   info.price * (1 - COALESCE(info.discount, 0) / 100.0)
                       * product_uom.factor / info_uom.factor AS net_price,
                   info.min_qty * info_uom.factor / product_uom.factor
                       <= demand.total_qty + %(epsilon)s AS reached
              FROM product_supplierinfo info
              JOIN res_partner info_vendor ON info_vendor.id = info.partner_id
              JOIN uom_uom info_uom ON info_uom.id = info.product_uom_id
             WHERE info.product_tmpl_id = product.product_tmpl_id
               AND (info.product_id IS NULL OR info.product_id = demand.product_id)
               AND info_vendor.active
               AND (info.company_id IS NULL OR info.company_id = campaign.company_id)
               AND (info.date_start IS NULL OR info.date_start <= %(today)s)
               AND (info.date_end IS NULL OR info.date_end >= %(today)s)
            """,
            epsilon=purchase_advice.EPSILON,
            today=today,
        )
