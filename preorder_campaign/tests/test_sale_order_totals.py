import random
from unittest.mock import patch

from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.preorder_campaign.models.sale_order import SaleOrder as PreorderSaleOrder

from .sale_order_common import PreorderOrderCommon


@tagged("post_install", "-at_install")
class TestSaleOrderTotals(PreorderOrderCommon):
    """An autosave stores the order's totals from sums of its lines instead of Odoo's
    recompute over every line: they must be exactly what Odoo's tax engine gives for
    the whole order (``tax_totals``), in both tax rounding methods, with taxes
    included in the price, several taxes on a line, tier discounts and cents that only
    appear when the order is rounded as a whole."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Tax = cls.env["account.tax"]
        tax_values = {"type_tax_use": "sale", "amount_type": "percent"}
        cls.tax_21 = Tax.create({**tax_values, "name": "VAT 21%", "amount": 21.0})
        cls.tax_6 = Tax.create({**tax_values, "name": "VAT 6%", "amount": 6.0})
        cls.tax_21_included = Tax.create(
            {
                **tax_values,
                "name": "VAT 21% incl.",
                "amount": 21.0,
                "price_include_override": "tax_included",
            }
        )
        cls.tax_levy = Tax.create(
            {**tax_values, "name": "Levy 2.5%", "amount": 2.5, "amount_type": "division"}
        )
        cls.tax_fixed = Tax.create(
            {**tax_values, "name": "Recycling fee", "amount": 0.37, "amount_type": "fixed"}
        )
        # Prices with cents that round differently line by line than as a whole.
        prices_and_taxes = [
            (12.12, cls.tax_21),
            (21.53, cls.tax_21_included),
            (7.77, cls.tax_6),
            (3.33, cls.tax_21 | cls.tax_levy),
            (9.99, cls.env["account.tax"]),
            (0.65, cls.tax_21),
        ]
        cls.priced_products = cls.env["product.product"].create(
            [
                {
                    "name": f"Priced product {index}",
                    "categ_id": cls.categ_garden.id,
                    "list_price": price,
                    "type": "consu",
                    "weight": 0.35,
                    "taxes_id": [Command.set(taxes.ids)],
                }
                for index, (price, taxes) in enumerate(prices_and_taxes)
            ]
        )
        cls.order = cls._new_preorder()

    def _assert_totals_as_odoo(self, order):
        """Stored totals == Odoo's engine over every line (``tax_totals``)."""
        order.invalidate_recordset()
        tax_totals = order.tax_totals
        self.assertAlmostEqual(order.amount_untaxed, tax_totals["base_amount_currency"], places=6)
        self.assertAlmostEqual(order.amount_tax, tax_totals["tax_amount_currency"], places=6)
        self.assertAlmostEqual(order.amount_total, tax_totals["total_amount_currency"], places=6)

    def _save_without_odoo_totals(self, order, quantities):
        """Save as the website does, asserting that Odoo's per-line recompute of the
        totals did not run (the sums did the work)."""
        with self._watch_odoo_totals() as odoo_compute:
            self._set_quantities(order, quantities)
            self.env.flush_all()
        self.assertFalse(odoo_compute.called, "the totals were recomputed over every line")

    def _fill_and_change(self, order):
        """Several saves: lines added, a tier crossed (every discount moves), lines
        changed and removed; the totals are checked after each one."""
        steps = [
            {product: 7 for product in self.priced_products},
            {self.priced_products[0]: 97, self.priced_products[1]: 41},  # crosses Bronze
            {self.priced_products[3]: 13},
            {self.priced_products[2]: 0, self.priced_products[5]: 333},
        ]
        for quantities in steps:
            self._save_without_odoo_totals(order, quantities)
            self._assert_totals_as_odoo(order)
        self.assertTrue(order.preorder_discount_percent, "the test must cross a tier")

    def test_totals_rounded_globally(self):
        self.env.company.tax_calculation_rounding_method = "round_globally"
        self._fill_and_change(self.order)
        # Rounded as a whole, the order is not the sum of its rounded lines: the test
        # data must show that difference, or it proves nothing about global rounding.
        lines_tax = sum(self.order.order_line.mapped("price_tax"))
        self.assertNotAlmostEqual(self.order.amount_tax, lines_tax, places=2)

    def test_totals_rounded_per_line(self):
        self.env.company.tax_calculation_rounding_method = "round_per_line"
        self._fill_and_change(self.order)

    def test_random_orders_match_the_engine(self):
        """Seeded random orders: 60 products with prices in cents and any mix of the
        taxes, quantities saved in random batches, both rounding methods."""
        rng = random.Random(19)
        tax_sets = [
            self.tax_21,
            self.tax_6,
            self.tax_21_included,
            self.tax_21 | self.tax_levy,
            self.tax_6 | self.tax_levy,
            self.env["account.tax"],
        ]
        products = self.env["product.product"].create(
            [
                {
                    "name": f"Random product {index}",
                    "categ_id": self.categ_garden.id,
                    "list_price": rng.randint(1, 99999) / 100,
                    "type": "consu",
                    "taxes_id": [Command.set(rng.choice(tax_sets).ids)],
                }
                for index in range(60)
            ]
        )
        # One pre-order in progress per contact: one customer per rounding method.
        for method, partner in (
            ("round_globally", self.customer_gold),
            ("round_per_line", self.branch_a),
        ):
            self.env.company.tax_calculation_rounding_method = method
            order = self._new_preorder(partner=partner)
            for _step in range(6):
                batch = {
                    product: rng.choice([0, 1, 2, 3, 7, 12, 48, 99])
                    for product in rng.sample(products, 20)
                }
                self._save_without_odoo_totals(order, batch)
                self._assert_totals_as_odoo(order)

    def test_totals_in_a_foreign_currency(self):
        """A campaign priced in another currency than the company's: the totals are in
        the order's currency, as Odoo computes them."""
        self.env.company.tax_calculation_rounding_method = "round_globally"
        foreign = self._create_foreign_currency(1.3719)
        self.campaign.pricelist_id = self._create_pricelist(
            name="Foreign prices", currency_id=foreign.id
        )
        order = self._new_preorder(partner=self.customer_gold)
        self.assertEqual(order.currency_id, foreign)
        for quantities in (
            {product: 11 for product in self.priced_products},
            {self.priced_products[1]: 77, self.priced_products[4]: 0},
        ):
            self._save_without_odoo_totals(order, quantities)
            self._assert_totals_as_odoo(order)

    def test_fixed_tax_falls_back_to_odoo(self):
        """A fixed tax is not proportional to the line amount: Odoo computes."""
        self.env.company.tax_calculation_rounding_method = "round_globally"
        self.priced_products[0].taxes_id = self.tax_21 | self.tax_fixed
        self._set_quantities(self.order, {product: 3 for product in self.priced_products})
        with self._watch_odoo_totals() as odoo_compute:
            self._set_quantities(self.order, {self.priced_products[0]: 5})
            self.env.flush_all()
        self.assertTrue(odoo_compute.called)
        self._assert_totals_as_odoo(self.order)

    def test_sent_quotation_logs_its_new_total(self):
        """On a sent quotation the total is tracked as with Odoo's own recompute."""
        order = self.order.with_context(tracking_disable=False, mail_notrack=False)
        self._set_quantities(order, {self.priced_products[0]: 2})
        order.action_quotation_sent()
        self.cr.flush()  # the mail tracking of the state is written before the commit
        messages_before = order.message_ids
        self._save_without_odoo_totals(order, {self.priced_products[0]: 3})
        self.cr.flush()
        order.invalidate_recordset(["message_ids"])
        tracked = (order.message_ids - messages_before).tracking_value_ids
        self.assertIn("amount_total", tracked.field_id.mapped("name"))
        self._assert_totals_as_odoo(order)

    def test_module_computing_totals_its_own_way_falls_back_to_odoo(self):
        """Another module overriding how the totals are computed keeps its say."""
        original = type(self.env["sale.order"])._get_priced_lines

        def priced_lines_of_another_module(order):
            return original(order)

        self._set_quantities(self.order, {product: 3 for product in self.priced_products})
        # As if one of the modules the order is built from overrode the method.
        with (
            patch.object(
                PreorderSaleOrder, "_get_priced_lines", priced_lines_of_another_module, create=True
            ),
            self._watch_odoo_totals() as odoo_compute,
        ):
            self._set_quantities(self.order, {self.priced_products[0]: 5})
            self.env.flush_all()
        self.assertTrue(odoo_compute.called)
        self._assert_totals_as_odoo(self.order)
