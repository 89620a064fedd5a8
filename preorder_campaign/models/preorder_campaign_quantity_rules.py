from odoo import fields, models
from odoo.tools import float_compare, frozendict, ormcache

from ..core import quantity_rules

NO_RULE = (0.0, 0.0, 0.0)


class PreorderCampaign(models.Model):
    """Quantity rules (minimum, maximum, pack multiple per product) and the minimum
    order value of a campaign. The save enforces them in
    ``sale.order._preorder_check_quantity_rules``."""

    _inherit = "preorder.campaign"

    quantity_rule_ids = fields.One2many(
        comodel_name="preorder.quantity.rule",
        inverse_name="campaign_id",
        string="Quantity Rules",
        copy=True,
    )
    quantity_rule_mode = fields.Selection(
        selection=[("warn", "Warn"), ("block", "Block")],
        string="Quantity Rules Mode",
        required=True,
        default="warn",
        help="Warn: a quantity outside the rules is saved with a warning. "
        "Block: customers cannot save it (salespeople can, with a warning).",
    )
    min_order_amount = fields.Monetary(
        string="Minimum Order Value",
        help="Untaxed amount a customer's pre-order must reach before it can be "
        "finalized on the website. 0 means no minimum.",
    )

    # ------------------------------------------------------------------
    # Reading the rules
    # ------------------------------------------------------------------
    def _preorder_get_quantity_rules(self):
        """The campaign's rules as ``{'products': {product id: rule}, 'templates':
        {template id: rule}, 'default': rule or None}``, each rule a ``(min, max,
        multiple)`` tuple. From the cache for a saved campaign: a save reads them on
        every request, and a campaign without rules must cost it no query."""
        self.ensure_one()
        if isinstance(self.id, int):
            return self._preorder_get_cached_quantity_rules()
        return self._preorder_read_quantity_rules(self.quantity_rule_ids)

    @ormcache("self.id")
    def _preorder_get_cached_quantity_rules(self):
        # Cleared by every create, write and unlink of a rule.
        rules = (
            self.env["preorder.quantity.rule"]
            .sudo()
            .search_fetch(
                [("campaign_id", "=", self.id)],
                ["product_id", "product_tmpl_id", "min_qty", "max_qty", "multiple_qty"],
            )
        )
        return self._preorder_read_quantity_rules(rules)

    def _preorder_read_quantity_rules(self, rules):
        by_product, by_template, default = {}, {}, None
        for rule in rules:
            values = rule._get_values()
            if rule.product_id:
                by_product[rule.product_id.id] = values
            elif rule.product_tmpl_id:
                by_template[rule.product_tmpl_id.id] = values
            else:
                default = values
        return frozendict(
            products=frozendict(by_product), templates=frozendict(by_template), default=default
        )

    def _preorder_get_rule_by_product(self, products):
        """``{product id: (min, max, multiple)}`` of the `products` that have a rule:
        the variant's, else its template's, else the campaign's default. No query
        once the rules are cached (reads the products' templates)."""
        self.ensure_one()
        rules = self._preorder_get_quantity_rules()
        if not (rules["products"] or rules["templates"] or rules["default"]):
            return {}
        result = {}
        for product in products:
            rule = (
                rules["products"].get(product.id)
                or rules["templates"].get(product.product_tmpl_id.id)
                or rules["default"]
            )
            if rule and rule != NO_RULE:
                result[product.id] = rule
        return result

    # ------------------------------------------------------------------
    # Texts (the core returns codes)
    # ------------------------------------------------------------------
    def _preorder_get_rule_label(self, rule):
        """A short text of `rule` for the grids: "min 6, max 24, by 6"; empty for no
        rule."""
        min_qty, max_qty, multiple_qty = rule or NO_RULE
        fmt = self.env["sale.order"]._preorder_format_quantity
        parts = []
        if min_qty:
            parts.append(self.env._("min %(quantity)s", quantity=fmt(min_qty)))
        if max_qty:
            parts.append(self.env._("max %(quantity)s", quantity=fmt(max_qty)))
        if multiple_qty:
            parts.append(self.env._("by %(quantity)s", quantity=fmt(multiple_qty)))
        return ", ".join(parts)

    def _preorder_get_rule_message(self, product, code, rule):
        """What a customer reads when `product`'s quantity breaks `rule`, for the
        problem `code` of ``core.quantity_rules.check_rule_quantity``."""
        min_qty, max_qty, multiple_qty = rule
        fmt = self.env["sale.order"]._preorder_format_quantity
        name = product.display_name
        if code == quantity_rules.BELOW_MIN:
            return self.env._(
                "%(product)s: order at least %(quantity)s.", product=name, quantity=fmt(min_qty)
            )
        if code == quantity_rules.ABOVE_MAX:
            return self.env._(
                "%(product)s: order at most %(quantity)s.", product=name, quantity=fmt(max_qty)
            )
        examples = quantity_rules.allowed_examples(min_qty, max_qty, multiple_qty)
        return self.env._(
            "%(product)s: order by %(quantity)s (%(examples)s…).",
            product=name,
            quantity=fmt(multiple_qty),
            examples=", ".join(fmt(example) for example in examples),
        )

    def _preorder_get_rule_warning(self, product, quantity, rule):
        """The message for `quantity` of `product` under `rule`, empty when it is fine."""
        code = rule and quantity_rules.check_rule_quantity(quantity, *rule)
        return self._preorder_get_rule_message(product, code, rule) if code else ""

    @staticmethod
    def _preorder_is_rule_grandfathered(quantity, before, rule):
        """Whether `quantity` may break `rule` in block mode all the same: it is not
        above the quantity already saved (`before`), which broke the rule too (saved
        before the rule existed). It may always be kept or lowered, as a customer may
        lower a quantity above an outlet's stock."""
        return (
            float_compare(quantity, before, precision_digits=6) <= 0
            and quantity_rules.check_rule_quantity(before, *rule) is not None
        )
