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
