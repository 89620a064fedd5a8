from odoo import api, fields, models


class PreorderDiscountRule(models.Model):
    _name = "preorder.discount.rule"
    _description = "Pre-Order Discount Tier"
    _order = "campaign_id, min_amount, id"

    campaign_id = fields.Many2one(
        comodel_name="preorder.campaign",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)
    currency_id = fields.Many2one(related="campaign_id.currency_id")
    name = fields.Char(
        required=True,
        translate=True,
        help="Shown on the website and on documents when the tier is reached.",
    )
    min_amount = fields.Monetary(
        string="Target Balance",
        required=True,
        help="Untaxed order total from which the customer gets this discount.",
    )
    discount_percent = fields.Float(string="Discount %", required=True, digits="Discount")

    _discount_percent_range = models.Constraint(
        "CHECK (discount_percent > 0 AND discount_percent <= 100)",
        "A tier discount must be more than 0% and at most 100%.",
    )
    _min_amount_positive = models.Constraint(
        "CHECK (min_amount >= 0)",
        "The target balance of a tier cannot be negative.",
    )

    # Call points of the tier orchestrator: a tier of a campaign changed.
    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        rules.campaign_id._preorder_update_open_order_tiers()
        return rules

    def write(self, vals):
        campaigns = self.campaign_id
        result = super().write(vals)
        (campaigns | self.campaign_id)._preorder_update_open_order_tiers()
        return result

    def unlink(self):
        campaigns = self.campaign_id
        result = super().unlink()
        campaigns._preorder_update_open_order_tiers()
        return result
