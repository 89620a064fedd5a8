from odoo import models
from odoo.tools import SQL

# Taxes whose amount is proportional to their base: the tax of a sum of lines is the
# sum of the taxes of the lines (fixed and code taxes depend on each line's quantity or
# product, so the order falls back to Odoo's own recompute for them).
PROPORTIONAL_TAX_TYPES = ("percent", "division")
AMOUNT_FIELDS = ("amount_untaxed", "amount_tax", "amount_total")
# The sums reproduce these methods of sale as released: a module that overrides one of
# them computes the totals its own way, so the ORM's recompute runs for it.
SALE_MODULE = "odoo.addons.sale.models"
SUMMED_METHODS = {
    "sale.order": ("_compute_amounts", "_get_priced_lines"),
    "sale.order.line": ("_prepare_base_line_for_taxes_computation",),
}


class SaleOrder(models.Model):
    """Totals of a pre-order after an autosave, from sums of its lines.

    Odoo recomputes the totals of a sale order by running the tax engine over every
    line (``_compute_amounts``); in a pre-order of thousands of lines that is most of
    the cost of one autosave. Those totals only depend on sums: with taxes rounded
    per line, on the sums of the lines' stored amounts; with taxes rounded globally
    (Odoo's default), on the untaxed sum of the lines per set of taxes, since every
    amount the engine adds up before rounding is proportional to it. So one grouped
    query and the engine over one base line per set of taxes give Odoo's own result
    (the tests compare both). Orders the sums cannot describe exactly (fixed or code
    taxes, down payments, global discounts, mixed early payment discounts) are left
    to the ORM's recompute.
    """

    _inherit = "sale.order"

    def _preorder_store_totals(self):
        """Store the order's totals (and the other fields ``_preorder_get_summed_values``
        knows) from sums of its lines when the ORM would recompute them. Fields it
        cannot sum exactly stay pending for the ORM's own recompute."""
        self.ensure_one()
        pending = {
            name
            for name in self._preorder_get_summable_fields()
            if self.env.is_to_compute(self._fields[name], self)
        }
        if not pending:
            return
        # The sums read the lines' stored amounts.
        self.env["sale.order.line"].flush_model()
        values = self._preorder_get_summed_values(pending)
        if not values:
            return
        for name in values:
            self.env.remove_to_compute(self._fields[name], self)
        self.write(values)

    def _preorder_get_summable_fields(self):
        """Stored computed fields of the order that ``_preorder_get_summed_values``
        computes from sums of the lines (extended for shipping weight, ...)."""
        return set(AMOUNT_FIELDS)

    def _preorder_get_summed_values(self, names):
        """``{field name: value}`` for the fields of ``names`` that sums of the lines
        give exactly; the others are left out (the ORM recomputes them)."""
        self.ensure_one()
        if not set(AMOUNT_FIELDS) & names:
            return {}
        return self._preorder_get_amounts_from_sums() or {}

    def _preorder_get_amounts_from_sums(self):
        """``{'amount_untaxed', 'amount_tax', 'amount_total'}`` as ``_compute_amounts``
        gives them, from one grouped query; ``None`` when sums cannot give them."""
        if not self._preorder_amounts_are_standard():
            return None
        if self._add_base_lines_for_early_payment_discount():
            return None
        groups = self._preorder_get_line_sums_by_taxes()
        if any(group["special_count"] for group in groups):
            return None
        company = self.company_id or self.env.company
        currency = self.currency_id or company.currency_id
        if company.tax_calculation_rounding_method == "round_per_line":
            # The lines' stored amounts are rounded already: the totals add them up.
            return {
                "amount_untaxed": currency.round(sum(g["price_subtotal"] for g in groups)),
                "amount_tax": currency.round(sum(g["price_tax"] for g in groups)),
                "amount_total": currency.round(sum(g["price_total"] for g in groups)),
            }
        AccountTax = self.env["account.tax"]
        taxes = AccountTax.browse({tax_id for g in groups for tax_id in g["tax_ids"]})
        if any(
            tax.amount_type not in PROPORTIONAL_TAX_TYPES for tax in taxes.flatten_taxes_hierarchy()
        ):
            return None
        base_lines = [
            AccountTax._prepare_base_line_for_taxes_computation(
                None,
                tax_ids=AccountTax.browse(group["tax_ids"]),
                price_unit=group["net_amount"],
                quantity=1.0,
                currency_id=currency,
                rate=self.currency_rate,
                partner_id=self.partner_id,
            )
            for group in groups
        ]
        AccountTax._add_tax_details_in_base_lines(base_lines, company)
        AccountTax._round_base_lines_tax_details(base_lines, company)
        tax_totals = AccountTax._get_tax_totals_summary(
            base_lines=base_lines, currency=currency, company=company
        )
        return {
            "amount_untaxed": tax_totals["base_amount_currency"],
            "amount_tax": tax_totals["tax_amount_currency"],
            "amount_total": tax_totals["total_amount_currency"],
        }

    def _preorder_amounts_are_standard(self):
        """Whether the totals are computed by sale's own methods, which the sums
        reproduce (no other installed module overrides them)."""
        return all(
            self._preorder_is_defined_by_sale(type(self.env[model]), method)
            for model, methods in SUMMED_METHODS.items()
            for method in methods
        )

    @staticmethod
    def _preorder_is_defined_by_sale(model_class, method):
        # [0] is the class the registry builds from the modules' classes: skip it.
        for cls in model_class.__mro__[1:]:
            if method in vars(cls):
                return cls.__module__.startswith(SALE_MODULE)
        return False

    def _preorder_get_line_sums_by_taxes(self):
        """Sums of the order's priced lines (``_get_priced_lines``: no sections or notes)
        per set of taxes, in one query: ``[{'tax_ids': [sorted ids], 'net_amount':
        sum of price x quantity after discount, unrounded, 'price_subtotal',
        'price_tax', 'price_total': sums of the stored amounts, 'special_count':
        down payments and global discounts, which the tax engine treats apart}]``."""
        Line = self.env["sale.order.line"]
        taxes_field = Line._fields["tax_ids"]
        self.env.cr.execute(
            SQL(
                """
                SELECT line_taxes.tax_ids,
                       SUM(line.price_unit * (1 - COALESCE(line.discount, 0) / 100.0)
                           * line.product_uom_qty),
                       SUM(line.price_subtotal),
                       SUM(line.price_tax),
                       SUM(line.price_total),
                       COUNT(*) FILTER (
                           WHERE line.is_downpayment OR line.extra_tax_data IS NOT NULL
                       )
                  FROM sale_order_line line
             LEFT JOIN LATERAL (
                           SELECT ARRAY_AGG(rel.%(tax_column)s ORDER BY rel.%(tax_column)s)
                                  AS tax_ids
                             FROM %(relation)s rel
                            WHERE rel.%(line_column)s = line.id
                       ) line_taxes ON TRUE
                 WHERE line.order_id = %(order_id)s
                   AND line.display_type IS NULL
              GROUP BY line_taxes.tax_ids
                """,
                tax_column=SQL.identifier(taxes_field.column2),
                relation=SQL.identifier(taxes_field.relation),
                line_column=SQL.identifier(taxes_field.column1),
                order_id=self.id,
            )
        )
        return [
            {
                "tax_ids": tax_ids or [],
                "net_amount": float(net_amount or 0.0),
                "price_subtotal": float(subtotal or 0.0),
                "price_tax": float(tax or 0.0),
                "price_total": float(total or 0.0),
                "special_count": special_count,
            }
            for tax_ids, net_amount, subtotal, tax, total, special_count in self.env.cr.fetchall()
        ]
