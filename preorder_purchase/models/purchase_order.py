from odoo import fields, models


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

    preorder_campaign_id = fields.Many2one(
        comodel_name="preorder.campaign",
        string="Pre-Order Campaign",
        index="btree_not_null",
        copy=False,
        check_company=True,
        tracking=True,
        help="The campaign whose purchase advice created this RFQ.",
    )
    preorder_drop_id = fields.Many2one(
        comodel_name="preorder.delivery.drop",
        string="Pre-Order Drop",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The campaign's delivery drop this RFQ buys for: its lines are planned "
        "for the drop's date.",
    )
