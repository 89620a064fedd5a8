import re

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .sale_order_common import PreorderOrderCommon


@tagged("post_install", "-at_install")
class TestQuantityRules(PreorderOrderCommon):
    """Minimum, maximum and pack multiple per campaign product, enforced by the one
    save door (``sale.order._preorder_set_quantities``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._new_preorder()
        cls.order.user_id = cls.preorder_user

    def _rule(self, campaign=None, **values):
        return self.env["preorder.quantity.rule"].create(
            {"campaign_id": (campaign or self.campaign).id, **values}
        )

    def _block(self):
        self.campaign.quantity_rule_mode = "block"

    @staticmethod
    def _text(product, rule_text):
        return f"{product.display_name}: {rule_text}"

    @staticmethod
    def _exact(*messages):
        return "^" + re.escape("\n".join(messages)) + "$"

    def _warning(self, result, product):
        return result["lines"][product.id]["warning"]

    # ------------------------------------------------------------------
    # Each rule, in both modes
    # ------------------------------------------------------------------
    def test_minimum_blocks_a_customer(self):
        self._rule(product_id=self.chair.id, min_qty=6)
        self._block()
        with self.assertRaisesMessage(
            UserError, self._exact(self._text(self.chair, "order at least 6."))
        ):
            self._set_quantities(self.order, {self.chair: 3})
        self.assertFalse(self.order.order_line, "nothing written")
        result = self._set_quantities(self.order, {self.chair: 6})
        self.assertEqual(self._quantities(self.order), {self.chair: 6})
        self.assertEqual(self._warning(result, self.chair), "")

    def test_minimum_warns(self):
        self._rule(product_id=self.chair.id, min_qty=6)
        result = self._set_quantities(self.order, {self.chair: 3})
        self.assertEqual(self._quantities(self.order), {self.chair: 3})
        self.assertEqual(
            self._warning(result, self.chair), self._text(self.chair, "order at least 6.")
        )

    def test_maximum_blocks_a_customer(self):
        self._rule(product_id=self.chair.id, max_qty=24)
        self._block()
        with self.assertRaisesMessage(
            UserError, self._exact(self._text(self.chair, "order at most 24."))
        ):
            self._set_quantities(self.order, {self.chair: 25})
        self.assertFalse(self.order.order_line)
        self._set_quantities(self.order, {self.chair: 24})
        self.assertEqual(self._quantities(self.order), {self.chair: 24})

    def test_maximum_warns(self):
        self._rule(product_id=self.chair.id, max_qty=24)
        result = self._set_quantities(self.order, {self.chair: 25})
        self.assertEqual(self._quantities(self.order), {self.chair: 25})
        self.assertEqual(
            self._warning(result, self.chair), self._text(self.chair, "order at most 24.")
        )

    def test_multiple_blocks_a_customer(self):
        self._rule(product_id=self.chair.id, multiple_qty=6)
        self._block()
        with self.assertRaisesMessage(
            UserError, self._exact(self._text(self.chair, "order by 6 (6, 12, 18…)."))
        ):
            self._set_quantities(self.order, {self.chair: 7})
        self.assertFalse(self.order.order_line)
        self._set_quantities(self.order, {self.chair: 12})
        self.assertEqual(self._quantities(self.order), {self.chair: 12})

    def test_multiple_warns(self):
        self._rule(product_id=self.chair.id, min_qty=10, multiple_qty=6)
        result = self._set_quantities(self.order, {self.chair: 13})
        self.assertEqual(self._quantities(self.order), {self.chair: 13})
        self.assertEqual(
            self._warning(result, self.chair),
            self._text(self.chair, "order by 6 (12, 18, 24…)."),
            "the examples start at the minimum",
        )

    def test_zero_always_removes_the_line(self):
        self._set_quantities(self.order, {self.chair: 3})
        self._rule(product_id=self.chair.id, min_qty=6, multiple_qty=6)
        self._block()
        result = self._set_quantities(self.order, {self.chair: 0})
        self.assertFalse(self.order.order_line)
        self.assertEqual(self._warning(result, self.chair), "")

    def test_a_refusal_in_a_batch_writes_nothing(self):
        self._rule(product_id=self.chair.id, min_qty=6)
        self._rule(product_id=self.parasol.id, max_qty=2)
        self._block()
        with self.assertRaisesMessage(
            UserError,
            self._exact(
                self._text(self.chair, "order at least 6."),
                self._text(self.parasol, "order at most 2."),
            ),
        ):
            self._set_quantities(self.order, {self.table: 1, self.chair: 1, self.parasol: 3})
        self.assertFalse(self.order.order_line)

    def test_products_without_rule_are_free(self):
        self._rule(product_id=self.chair.id, min_qty=6)
        self._block()
        result = self._set_quantities(self.order, {self.table: 1})
        self.assertEqual(self._warning(result, self.table), "")

    # ------------------------------------------------------------------
    # Who saves, what was saved before
    # ------------------------------------------------------------------
    def test_salesperson_may_make_an_exception(self):
        self._rule(product_id=self.chair.id, min_qty=6, multiple_qty=6)
        self._block()
        order = self.order.with_user(self.preorder_user)
        result = order._preorder_set_quantities({self.chair: 4}, rules="salesperson")
        self.assertEqual(self._quantities(self.order), {self.chair: 4})
        self.assertEqual(
            self._warning(result, self.chair), self._text(self.chair, "order at least 6.")
        )
        # By default a Pre-Order user saves as a salesperson.
        result = order._preorder_set_quantities({self.chair: 5})
        self.assertEqual(self._quantities(self.order), {self.chair: 5})

    def test_quantity_saved_before_the_rule_may_be_lowered(self):
        """Like the outlet cap: a quantity that broke the rule before may be kept or
        lowered; raising it, or making a fine quantity break the rule, is refused."""
        self._set_quantities(self.order, {self.chair: 30, self.table: 12})
        self._rule(product_id=self.chair.id, max_qty=24, multiple_qty=6)
        self._rule(product_id=self.table.id, min_qty=6, multiple_qty=6)
        self._block()
        result = self._set_quantities(self.order, {self.chair: 28})
        self.assertEqual(self._quantities(self.order)[self.chair], 28)
        self.assertEqual(
            self._warning(result, self.chair), self._text(self.chair, "order at most 24.")
        )
        self._set_quantities(self.order, {self.chair: 28})  # kept as it is
        with self.assertRaisesMessage(UserError, "at most 24"):
            self._set_quantities(self.order, {self.chair: 29})
        self._set_quantities(self.order, {self.chair: 18})
        with self.assertRaisesMessage(UserError, "by 6"):
            self._set_quantities(self.order, {self.chair: 17})
        # 12 tables were fine: no way down to 3 (order at least 6, or 0).
        with self.assertRaisesMessage(UserError, "Garden table: order at least 6"):
            self._set_quantities(self.order, {self.table: 3})
        self.assertEqual(self._quantities(self.order), {self.chair: 18, self.table: 12})

    def test_closed_to_customers_rules_are_checked_after_the_campaign(self):
        """The save's own refusals come first (a closed campaign says so)."""
        self._rule(min_qty=6)
        self._block()
        self.campaign.date_end = self.now
        with self.assertRaisesMessage(UserError, "deadline"):
            self._set_quantities(self.order, {self.chair: 1})

    def test_rules_are_in_the_products_unit(self):
        """A line kept in dozens counts in units: 2 dozens are 24, a maximum of 24 is
        reached, not exceeded; the grandfathering compares units too."""
        self._set_quantities(self.order, {self.table: 36})
        line = self._line(self.order, self.table)
        line.write(
            {"product_uom_id": self.env.ref("uom.product_uom_dozen").id, "product_uom_qty": 3}
        )
        self._rule(product_id=self.table.id, max_qty=24, multiple_qty=6)
        self._block()
        result = self._set_quantities(self.order, {self.table: 30})  # lower than 36 units
        self.assertEqual(line.product_uom_qty, 2.5, "30 units in dozens")
        self.assertEqual(
            self._warning(result, self.table), self._text(self.table, "order at most 24.")
        )
        with self.assertRaisesMessage(UserError, "at most 24"):
            self._set_quantities(self.order, {self.table: 31})
        result = self._set_quantities(self.order, {self.table: 24})
        self.assertEqual(self._warning(result, self.table), "")
        self.assertEqual(
            self.campaign._preorder_get_rows(self.customer, self.table, self.order)[0]["warning"],
            "",
        )

    # ------------------------------------------------------------------
    # Which rule applies
    # ------------------------------------------------------------------
    def test_variant_before_template_before_default(self):
        self._rule(min_qty=2)
        self._rule(product_tmpl_id=self.chair.product_tmpl_id.id, min_qty=10)
        self._rule(product_id=self.chair.id, min_qty=20)
        self._rule(product_tmpl_id=self.parasol.product_tmpl_id.id, min_qty=10)
        result = self._set_quantities(
            self.order, {self.chair: 15, self.parasol: 5, self.lounger: 1, self.table: 2}
        )
        self.assertEqual(
            self._warning(result, self.chair), self._text(self.chair, "order at least 20.")
        )
        self.assertEqual(
            self._warning(result, self.parasol), self._text(self.parasol, "order at least 10.")
        )
        self.assertEqual(
            self._warning(result, self.lounger), self._text(self.lounger, "order at least 2.")
        )
        self.assertEqual(self._warning(result, self.table), "")

    def test_rules_of_another_campaign_do_not_apply(self):
        other = self.campaign.copy({"name": "Other", "code": "OTHER27"})
        self._rule(campaign=other, min_qty=6)
        self._block()
        result = self._set_quantities(self.order, {self.chair: 1})
        self.assertEqual(self._warning(result, self.chair), "")

    def test_rule_changes_apply_at_once(self):
        """The rules are cached; any change of a rule clears the cache."""
        self._block()
        self._set_quantities(self.order, {self.chair: 1})
        rule = self._rule(min_qty=6)
        with self.assertRaisesMessage(UserError, "at least 6"):
            self._set_quantities(self.order, {self.chair: 3})
        rule.min_qty = 2
        self._set_quantities(self.order, {self.chair: 3})
        rule.unlink()
        self._set_quantities(self.order, {self.chair: 1})
        self.assertEqual(self._quantities(self.order), {self.chair: 1})

    def test_campaign_copy_keeps_its_rules(self):
        self._rule(product_id=self.chair.id, min_qty=6)
        copy = self.campaign.copy({"name": "Copy", "code": "COPY27"})
        self.assertEqual(copy.quantity_rule_ids.product_id, self.chair)

    # ------------------------------------------------------------------
    # Rows of the grids
    # ------------------------------------------------------------------
    def test_rows_carry_the_rule_and_the_warning(self):
        self._rule(multiple_qty=2)
        self._rule(product_id=self.chair.id, min_qty=6, max_qty=24, multiple_qty=6)
        self._set_quantities(self.order, {self.chair: 7, self.table: 2})
        products = self.chair | self.table | self.display
        self._rule(product_id=self.display.id)  # all zero: no rule
        rows = {
            row["product_id"]: row
            for row in self.campaign._preorder_get_rows(self.customer, products, self.order)
        }
        chair = rows[self.chair.id]
        self.assertEqual(
            (chair["rule_min"], chair["rule_max"], chair["rule_multiple"]), (6.0, 24.0, 6.0)
        )
        self.assertEqual(chair["rule_label"], "min 6, max 24, by 6")
        self.assertEqual(chair["warning"], self._text(self.chair, "order by 6 (6, 12, 18…)."))
        self.assertEqual(rows[self.table.id]["rule_label"], "by 2")
        self.assertEqual(rows[self.table.id]["warning"], "")
        display = rows[self.display.id]
        self.assertEqual((display["rule_label"], display["rule_multiple"]), ("", 0.0))

    def test_backoffice_grid_shows_the_rule_and_the_warning(self):
        self._rule(product_id=self.chair.id, min_qty=6)
        self._block()
        Grid = self.env["preorder.order.grid"].with_user(self.preorder_user)
        grid = Grid.create({"campaign_id": self.campaign.id, "partner_id": self.customer.id})
        grid.action_open_grid()
        line = grid.line_ids.filtered(lambda line: line.product_id == self.chair)
        self.assertEqual((line.rule_label, line.rule_warning), ("min 6", False))
        line.quantity = 2  # a salesperson's exception
        self.assertEqual(line.rule_warning, self._text(self.chair, "order at least 6."))
        self.assertEqual(self._quantities(grid.order_id), {self.chair: 2})
        line.quantity = 6
        self.assertFalse(line.rule_warning)

    # ------------------------------------------------------------------
    # The rule's own checks
    # ------------------------------------------------------------------
    def test_rule_consistency(self):
        with self.assertRaisesMessage(ValidationError, "not both"):
            self._rule(product_id=self.chair.id, product_tmpl_id=self.chair.product_tmpl_id.id)
        with self.assertRaisesMessage(ValidationError, "maximum cannot be below the minimum"):
            self._rule(min_qty=10, max_qty=5)
        with self.assertRaisesMessage(ValidationError, "no quantity between"):
            self._rule(min_qty=7, max_qty=10, multiple_qty=6)
        rule = self._rule(min_qty=6)
        with self.assertRaisesMessage(ValidationError, "cannot be negative"):
            rule.multiple_qty = -1
        self.assertEqual(rule.display_name, "All products")

    def test_one_rule_per_product_template_and_default(self):
        self._rule(min_qty=1)
        self._rule(product_id=self.chair.id, min_qty=1)
        self._rule(product_tmpl_id=self.chair.product_tmpl_id.id, min_qty=1)
        for values in (
            {},
            {"product_id": self.chair.id},
            {"product_tmpl_id": self.chair.product_tmpl_id.id},
        ):
            with (
                self.subTest(values=values),
                mute_logger("odoo.sql_db"),
                self.assertRaises(IntegrityError),
            ):
                self._rule(min_qty=2, **values)
                self.env.flush_all()

    def test_access_as_the_discount_tiers(self):
        rule = self._rule(product_id=self.chair.id, min_qty=6)
        # A user changes the rules of his own campaigns only.
        rule.with_user(self.preorder_user).min_qty = 12
        other_rep = new_test_user(
            self.env, login="rules_other_rep", groups="preorder_campaign.group_preorder_user"
        )
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            rule.with_user(other_rep).min_qty = 1
        self.assertEqual(rule.with_user(other_rep).min_qty, 12, "but reads them")
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.env["preorder.quantity.rule"].with_user(self.portal_user).search([])
        # Another company's users do not see them.
        company_b = self.env["res.company"].create({"name": "Company B"})
        manager_b = new_test_user(
            self.env,
            login="rules_manager_b",
            groups="preorder_campaign.group_preorder_manager",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        self.assertFalse(self.env["preorder.quantity.rule"].with_user(manager_b).search([]))
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            rule.with_user(manager_b).read(["min_qty"])

    def test_rules_in_the_campaign_form(self):
        self.campaign.write(
            {
                "quantity_rule_ids": [
                    Command.create({"product_id": self.chair.id, "multiple_qty": 6}),
                ]
            }
        )
        rule = self.campaign.quantity_rule_ids
        self.assertEqual((rule.company_id, rule.uom_id), (self.env.company, self.chair.uom_id))
        self.env["preorder.campaign"].get_views([(False, "form")])

    # ------------------------------------------------------------------
    # Minimum order value
    # ------------------------------------------------------------------
    def test_minimum_order_value_in_the_summary(self):
        self.campaign.min_order_amount = 500
        result = self._set_quantities(self.order, {self.chair: 3})  # 150
        self.assertEqual(result["order"]["min_order_amount"], 500)
        self.assertEqual(result["order"]["min_order_shortfall"], 350)
        result = self._set_quantities(self.order, {self.chair: 10})  # 500
        self.assertEqual(result["order"]["min_order_shortfall"], 0)
        self.campaign.min_order_amount = 0
        self.assertEqual(self.order._preorder_get_summary()["min_order_shortfall"], 0)

    def test_minimum_order_value_in_the_campaign_currency(self):
        currency = self._create_foreign_currency(2.0)  # 1 company unit = 2 PRE
        self.campaign.min_order_amount = 500
        order = self._new_preorder(partner=self.customer_gold)
        order.pricelist_id = self._create_pricelist(name="Prices in PRE", currency_id=currency.id)
        self.assertEqual(order.currency_id, currency)
        self._set_quantities(order, {self.chair: 8})  # 800 PRE = 400 in the company currency
        self.assertEqual(order.amount_untaxed, 800)
        self.assertEqual(order._preorder_get_summary()["min_order_shortfall"], 100)

    # ------------------------------------------------------------------
    # Cost
    # ------------------------------------------------------------------
    def _count_save_queries(self, order, quantities):
        """Queries of one autosave with warm registry caches and a cold record cache."""
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        self._set_quantities(order, quantities)
        self.env.flush_all()
        return self.cr.sql_log_count - start

    def test_rules_cost_the_same_for_one_or_many_products(self):
        """The rules of the batch are read once (cached across saves): checking them
        costs no query, and breaking them costs as much for 30 products as for one.
        (The save itself costs Odoo's pricelist lookup per line changed, rules or not.)
        """
        products = self.env["product.product"].create(
            [
                {
                    "name": f"Planter {index}",
                    "categ_id": self.categ_garden.id,
                    "list_price": 1.0,
                    "type": "consu",
                    "taxes_id": [Command.clear()],
                }
                for index in range(30)
            ]
        )
        few_order = self._new_preorder(partner=self.customer_gold)

        def measure(quantity):
            """(queries to set one product of a small order, all 30 of a big one)"""
            # Warm up as the website does, with a cold record cache: a rule change
            # clears the registry caches (the rules', and Odoo's own such as xmlids).
            self._count_save_queries(few_order, {products[0]: 2})
            self._count_save_queries(self.order, dict.fromkeys(products, 2))
            return (
                self._count_save_queries(few_order, {products[0]: quantity}),
                self._count_save_queries(self.order, dict.fromkeys(products, quantity)),
            )

        self._set_quantities(few_order, {products[0]: 1})
        self._set_quantities(self.order, dict.fromkeys(products, 1))
        plain_one, plain_many = measure(3)

        self._rule(multiple_qty=2)
        for product in products[:10]:
            self._rule(product_id=product.id, min_qty=4)
        self._rule(product_tmpl_id=products[10].product_tmpl_id.id, max_qty=10)
        self.assertEqual(measure(4), (plain_one, plain_many), "checking a rule costs no query")
        # Broken rules: the warnings read the products' names, for 1 as for 30.
        rules_one, rules_many = measure(3)
        result = self._set_quantities(self.order, dict.fromkeys(products, 3))
        self.assertEqual(self._warning(result, products[0]), "Planter 0: order at least 4.")
        self.assertEqual(self._warning(result, products[20]), "Planter 20: order by 2 (2, 4, 6…).")
        self.assertEqual(rules_many - rules_one, plain_many - plain_one, "30 products vs 1 product")
