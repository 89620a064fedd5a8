from odoo import fields, models


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    preorder_campaign_id = fields.Many2one(
        comodel_name="preorder.campaign",
        string="Pre-Order Campaign",
        index="btree_not_null",
        copy=False,
        check_company=True,
        tracking=True,
        help="The campaign whose pre-orders this manufacturing order makes.",
    )
    is_preorder_advice = fields.Boolean(
        string="From Pre-Order Advice",
        copy=False,
        readonly=True,
        help="Created by the campaign's advice, which updates its quantity while it is a "
        "draft. Manufacturing orders you link to the campaign yourself are never changed.",
    )
    preorder_drop_id = fields.Many2one(
        comodel_name="preorder.delivery.drop",
        string="Pre-Order Drop",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The campaign's delivery drop this manufacturing order makes for: it is "
        "scheduled to be done by the drop's date.",
    )
