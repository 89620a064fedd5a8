from odoo import fields, models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    is_preorder_advice = fields.Boolean(
        string="From Purchase Advice",
        copy=False,
        help="Written by the campaign's purchase advice: a rerun updates or removes "
        "this line; lines added by hand are left alone.",
    )
