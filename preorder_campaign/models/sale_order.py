from odoo import fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    preorder_campaign_id = fields.Many2one(
        comodel_name="preorder.campaign",
        string="Pre-Order Campaign",
        index="btree_not_null",
        copy=False,
        check_company=True,
        tracking=True,
    )
