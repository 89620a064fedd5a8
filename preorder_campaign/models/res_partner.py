from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    preorder_order_ids = fields.One2many(
        comodel_name="sale.order",
        inverse_name="partner_id",
        string="Pre-Orders",
        domain=[("preorder_campaign_id", "!=", False)],
    )
