from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.sale.models.sale_order import SALE_ORDER_STATE


class PreorderCampaignReport(models.Model):
    """Campaign analysis: one row per pre-order line (``is_preorder_line``) of an order
    that is not cancelled, with its campaign, customer, product, brand and category,
    quantity in the product's unit and untaxed amount in the company's currency.

    A table query (like Odoo 19's ``sale.report``) rather than a view created at
    install: "finalized" is whatever ``sale.order._preorder_get_finalized_domain()``
    says at the time of the read, also when an addon installed later extends it."""

    _name = "preorder.campaign.report"
    _description = "Pre-Order Campaign Analysis"
    _auto = False
    _rec_name = "order_id"
    _order = "date_order desc, id desc"

    campaign_id = fields.Many2one(comodel_name="preorder.campaign", readonly=True)
    order_id = fields.Many2one(comodel_name="sale.order", string="Pre-Order", readonly=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Ordering Contact", readonly=True
    )
    commercial_partner_id = fields.Many2one(
        comodel_name="res.partner", string="Customer", readonly=True
    )
    user_id = fields.Many2one(comodel_name="res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one(comodel_name="res.company", readonly=True)
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    date_order = fields.Datetime(string="Order Date", readonly=True)
    state = fields.Selection(selection=SALE_ORDER_STATE, string="Status", readonly=True)
    is_finalized = fields.Boolean(
        string="Finalized",
        readonly=True,
        help="The customer is done with this pre-order: sent, confirmed, or finalized "
        "on the website.",
    )
    product_id = fields.Many2one(comodel_name="product.product", readonly=True)
    product_tmpl_id = fields.Many2one(
        comodel_name="product.template", string="Product Template", readonly=True
    )
    product_brand_id = fields.Many2one(comodel_name="product.brand", string="Brand", readonly=True)
    categ_id = fields.Many2one(
        comodel_name="product.category", string="Product Category", readonly=True
    )
    product_uom_id = fields.Many2one(comodel_name="uom.uom", string="Unit", readonly=True)
    quantity = fields.Float(
        digits="Product Unit",
        readonly=True,
        aggregator="sum",
        help="In the product's unit.",
    )
    amount_untaxed = fields.Monetary(
        string="Untaxed Amount",
        readonly=True,
        aggregator="sum",
        help="After the tier discount, in the company's currency.",
    )

    _depends = {
        "sale.order.line": [
            "order_id",
            "product_id",
            "product_uom_id",
            "product_uom_qty",
            "price_subtotal",
            "is_preorder_line",
        ],
        "sale.order": [
            "preorder_campaign_id",
            "partner_id",
            "user_id",
            "company_id",
            "date_order",
            "state",
            "currency_rate",
        ],
        "res.partner": ["commercial_partner_id"],
        "res.company": ["currency_id"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["product_brand_id", "categ_id", "uom_id"],
        "uom.uom": ["factor"],
    }

    @property
    def _table_query(self):
        finalized = (
            self.env["sale.order"]
            .sudo()
            ._search(self.env["sale.order"]._preorder_get_finalized_domain())
        )
        return SQL(
            """
            SELECT l.id AS id,
                   s.preorder_campaign_id AS campaign_id,
                   l.order_id AS order_id,
                   s.partner_id AS partner_id,
                   partner.commercial_partner_id AS commercial_partner_id,
                   s.user_id AS user_id,
                   s.company_id AS company_id,
                   company.currency_id AS currency_id,
                   s.date_order AS date_order,
                   s.state AS state,
                   s.id IN (%(finalized)s) AS is_finalized,
                   l.product_id AS product_id,
                   p.product_tmpl_id AS product_tmpl_id,
                   t.product_brand_id AS product_brand_id,
                   t.categ_id AS categ_id,
                   t.uom_id AS product_uom_id,
                   l.product_uom_qty * COALESCE(u.factor, 1.0)
                       / COALESCE(NULLIF(u2.factor, 0), 1.0) AS quantity,
                   l.price_subtotal / COALESCE(NULLIF(s.currency_rate, 0), 1.0) AS amount_untaxed
              FROM sale_order_line l
              JOIN sale_order s ON s.id = l.order_id
              JOIN res_partner partner ON partner.id = s.partner_id
              JOIN res_company company ON company.id = s.company_id
              JOIN product_product p ON p.id = l.product_id
              JOIN product_template t ON t.id = p.product_tmpl_id
              LEFT JOIN uom_uom u ON u.id = l.product_uom_id
              LEFT JOIN uom_uom u2 ON u2.id = t.uom_id
             WHERE l.is_preorder_line
               AND s.preorder_campaign_id IS NOT NULL
               AND s.state != 'cancel'
            """,
            finalized=finalized.subselect(),
        )
