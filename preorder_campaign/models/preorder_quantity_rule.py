from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core import quantity_rules


class PreorderQuantityRule(models.Model):
    """A minimum, maximum and pack multiple for the quantities of a campaign's
    product, in the product's unit. The most specific rule wins: the variant's, else
    its template's, else the campaign's default (a rule without product)."""

    _name = "preorder.quantity.rule"
    _inherit = ["preorder.cached.setting"]
    _description = "Pre-Order Quantity Rule"
    _order = "campaign_id, product_tmpl_id, product_id, id"

    campaign_id = fields.Many2one(
        comodel_name="preorder.campaign",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Variant",
        ondelete="cascade",
        domain="[('sale_ok', '=', True), ('company_id', 'in', [False, company_id])]",
        help="The rule applies to this variant only.",
    )
    product_tmpl_id = fields.Many2one(
        comodel_name="product.template",
        string="Product",
        ondelete="cascade",
        domain="[('sale_ok', '=', True), ('company_id', 'in', [False, company_id])]",
        help="The rule applies to every variant of this product that has no rule of "
        "its own. Without product nor variant, the rule is the campaign's default.",
    )
    uom_id = fields.Many2one(
        comodel_name="uom.uom",
        string="Unit",
        compute="_compute_uom_id",
        help="Quantities of the rule are in the product's unit.",
    )
    min_qty = fields.Float(string="Minimum", digits="Product Unit")
    max_qty = fields.Float(string="Maximum", digits="Product Unit", help="0 means no maximum.")
    multiple_qty = fields.Float(
        string="Multiple Of",
        digits="Product Unit",
        help="Quantities must be a multiple of this one (a pack); 0 means any quantity.",
    )

    _campaign_product_uniq = models.UniqueIndex(
        "(campaign_id, product_id) WHERE product_id IS NOT NULL",
        "A campaign has one quantity rule per product variant.",
    )
    _campaign_template_uniq = models.UniqueIndex(
        "(campaign_id, product_tmpl_id) WHERE product_tmpl_id IS NOT NULL",
        "A campaign has one quantity rule per product.",
    )
    _campaign_default_uniq = models.UniqueIndex(
        "(campaign_id) WHERE product_id IS NULL AND product_tmpl_id IS NULL",
        "A campaign has one default quantity rule (the rule without product).",
    )
    _quantities_positive = models.Constraint(
        "CHECK (min_qty >= 0 AND max_qty >= 0 AND multiple_qty >= 0)",
        "The quantities of a quantity rule cannot be negative.",
    )

    @api.depends("product_id", "product_tmpl_id")
    def _compute_uom_id(self):
        for rule in self:
            rule.uom_id = (rule.product_id or rule.product_tmpl_id).uom_id

    @api.depends("product_id", "product_tmpl_id")
    def _compute_display_name(self):
        for rule in self:
            product = rule.product_id or rule.product_tmpl_id
            rule.display_name = product.display_name or self.env._("All products")

    @api.constrains("product_id", "product_tmpl_id", "min_qty", "max_qty", "multiple_qty")
    def _check_quantities(self):
        for rule in self:
            name = rule.display_name
            if rule.product_id and rule.product_tmpl_id:
                raise ValidationError(
                    self.env._(
                        "Quantity rule %(rule)s: choose a product or a variant, not both.",
                        rule=name,
                    )
                )
            if min(rule.min_qty, rule.max_qty, rule.multiple_qty) < 0:
                raise ValidationError(
                    self.env._("Quantity rule %(rule)s: quantities cannot be negative.", rule=name)
                )
            if rule.max_qty and rule.max_qty < rule.min_qty:
                raise ValidationError(
                    self.env._(
                        "Quantity rule %(rule)s: the maximum cannot be below the minimum.",
                        rule=name,
                    )
                )
            if (
                rule.max_qty
                and rule.multiple_qty
                and quantity_rules.first_allowed(*rule._get_values()) is None
            ):
                raise ValidationError(
                    self.env._(
                        "Quantity rule %(rule)s: no quantity between the minimum and the "
                        "maximum is a multiple of %(multiple)s.",
                        rule=name,
                        multiple=rule.multiple_qty,
                    )
                )

    def _get_values(self):
        """``(min_qty, max_qty, multiple_qty)``, as ``core.quantity_rules`` takes them."""
        self.ensure_one()
        return (self.min_qty, self.max_qty, self.multiple_qty)
