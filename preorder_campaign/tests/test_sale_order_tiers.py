from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .sale_order_common import PreorderOrderCommon


@tagged("post_install", "-at_install")
class TestSaleOrderTiers(PreorderOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._new_preorder()
        cls.order.user_id = cls.preorder_user

    def _tier_state(self, order):
        return (
            order.preorder_tier_id.name or False,
            order.preorder_discount_percent,
            order.preorder_next_tier_amount,
            order.preorder_next_tier_percent,
        )

    def test_best_tier_and_next_tier(self):
        self._set_quantities(self.order, {self.table: 4})
        self.assertEqual(self._tier_state(self.order), (False, 0.0, 200.0, 2.0))
        self.assertEqual(self.order.preorder_balance, 800.0)

        result = self._set_quantities(self.order, {self.table: 5})
        self.assertEqual(self._tier_state(self.order), ("Bronze", 2.0, 4000.0, 5.0))
        line = self._line(self.order, self.table)
        self.assertEqual((line.price_unit, line.discount, line.price_subtotal), (200.0, 2.0, 980.0))
        self.assertEqual(result["order"]["tier_name"], "Bronze")
        self.assertEqual(result["order"]["next_tier_amount"], 4000.0)
        self.assertEqual(result["lines"][self.table.id]["discount"], 2.0)

        self._set_quantities(self.order, {self.table: 50})
        self.assertEqual(self._tier_state(self.order), ("Gold", 8.0, 0.0, 0.0))
        self.assertEqual(self.order.amount_untaxed, 9200.0)

    def test_excluded_category_counts_but_keeps_its_price(self):
        # 800 of tables + 200 of shop displays (promotional material) = 1000: Bronze
        self._set_quantities(self.order, {self.table: 4, self.display: 20})
        self.assertEqual(self.order.preorder_tier_id.name, "Bronze")
        display_line = self._line(self.order, self.display)
        self.assertTrue(display_line.preorder_discount_excluded)
        self.assertEqual((display_line.discount, display_line.price_subtotal), (0.0, 200.0))
        self.assertEqual(self._line(self.order, self.table).discount, 2.0)

    def test_excluded_product_brand_and_subcategory(self):
        self.campaign.write(
            {
                "discount_excluded_product_ids": [Command.set(self.table.ids)],
                "discount_excluded_brand_ids": [Command.set(self.brand_sun.ids)],
            }
        )
        self._set_quantities(
            self.order, {self.table: 10, self.chair: 2, self.parasol: 1, self.lounger: 1}
        )
        self.assertEqual(self.order.preorder_tier_id.name, "Bronze")
        discounts = {line.product_id: line.discount for line in self.order.order_line}
        self.assertEqual(
            discounts, {self.table: 0.0, self.chair: 2.0, self.parasol: 0.0, self.lounger: 0.0}
        )
        # a parent category excludes its subcategories (Chairs is under Garden)
        self.campaign.discount_excluded_categ_ids = [Command.set(self.categ_garden.ids)]
        order = self._new_preorder(self.customer_gold)
        self._set_quantities(order, {self.table: 5, self.chair: 1}, user=self.preorder_manager)
        self.assertEqual(order.preorder_tier_id.name, "Bronze")
        self.assertEqual(order.order_line.mapped("discount"), [0.0, 0.0])

    def test_exclusion_change_reaches_open_orders_only(self):
        confirmed = self._new_preorder(self.customer_gold)
        self._set_quantities(confirmed, {self.table: 5, self.chair: 2}, user=self.preorder_manager)
        confirmed.action_confirm()
        self._set_quantities(self.order, {self.table: 5, self.chair: 2})
        self.campaign.discount_excluded_product_ids = [Command.set(self.chair.ids)]
        self.assertEqual(self._line(self.order, self.chair).discount, 0.0)
        self.assertEqual(self._line(self.order, self.table).discount, 2.0)
        self.assertEqual(self._line(confirmed, self.chair).discount, 2.0, "confirmed: unchanged")

    def test_removing_a_line_lowers_the_tier(self):
        self._set_quantities(self.order, {self.table: 25, self.chair: 2})
        self.assertEqual(self.order.preorder_tier_id.name, "Silver")
        self.assertEqual(self._line(self.order, self.chair).discount, 5.0)
        self._set_quantities(self.order, {self.table: 0})
        self.assertEqual(self._tier_state(self.order), (False, 0.0, 900.0, 2.0))
        self.assertEqual(self._line(self.order, self.chair).discount, 0.0)

    def test_tier_survives_form_edits_and_update_prices(self):
        self._set_quantities(self.order, {self.table: 5, self.chair: 1})
        chair_line = self._line(self.order, self.chair)
        self.assertEqual(chair_line.discount, 2.0, "a new line gets the tier at once")

        # the salesperson edits the quantity in the order form
        self.order.write({"order_line": [Command.update(chair_line.id, {"product_uom_qty": 81})]})
        self.assertEqual(self.order.preorder_tier_id.name, "Silver")
        self.assertEqual(chair_line.discount, 5.0)
        self.assertEqual(self._line(self.order, self.table).discount, 5.0)

        # a direct line change (e.g. an import) recomputes too
        chair_line.product_uom_qty = 1
        self.assertEqual(self.order.preorder_tier_id.name, "Bronze")
        self.assertEqual(chair_line.discount, 2.0)

        self.order.action_update_prices()
        self.assertEqual(self.order.order_line.mapped("discount"), [2.0, 2.0])
        self.assertEqual(self.order.preorder_tier_id.name, "Bronze")

    def test_pricelist_discount_stays_in_the_price(self):
        self.env.user.group_ids += self.env.ref("sale.group_discount_per_so_line")
        self.pricelist.item_ids = [
            Command.create(
                {
                    "compute_price": "percentage",
                    "percent_price": 10,
                    "applied_on": "3_global",
                }
            )
        ]
        self._set_quantities(self.order, {self.table: 6})
        line = self._line(self.order, self.table)
        # 6 x 180 = 1080: Bronze on top of the pricelist price
        self.assertEqual((line.price_unit, line.discount), (180.0, 2.0))
        self.order.action_update_prices()
        self.assertEqual((line.price_unit, line.discount), (180.0, 2.0))

    def test_group_target_over_branches(self):
        self.campaign.group_target = True
        order_a = self._new_preorder(self.branch_a)
        order_b = self._new_preorder(self.branch_b)
        self._set_quantities(order_a, {self.table: 3})
        self.assertFalse(order_a.preorder_tier_id)
        self._set_quantities(order_b, {self.table: 2})
        for order in (order_a, order_b):
            self.assertEqual(order.preorder_balance, 1000.0)
            self.assertEqual(order.preorder_tier_id.name, "Bronze")
        self.assertEqual(self._line(order_a, self.table).discount, 2.0, "the sibling follows")

        order_b.action_cancel()
        self.assertFalse(order_a.preorder_tier_id)
        self.assertEqual(self._line(order_a, self.table).discount, 0.0)

    def test_without_group_target_branches_count_alone(self):
        order_a = self._new_preorder(self.branch_a)
        order_b = self._new_preorder(self.branch_b)
        self._set_quantities(order_a, {self.table: 3})
        self._set_quantities(order_b, {self.table: 2})
        self.assertFalse((order_a | order_b).preorder_tier_id)

    def test_salesperson_override(self):
        self._set_quantities(self.order, {self.table: 5, self.display: 1})
        # as in a new transaction: records created in the same one are not tracked
        self.env.flush_all()
        self.env.cr.precommit.clear()
        order = self.order.with_user(self.preorder_user).with_context(
            tracking_disable=False, mail_notrack=False
        )
        order.write({"preorder_discount_override": True, "preorder_discount_override_percent": 10})
        self.assertEqual(self._line(self.order, self.table).discount, 10.0)
        self.assertEqual(self._line(self.order, self.display).discount, 0.0, "still excluded")
        self.assertEqual(self.order.preorder_tier_id.name, "Bronze", "the tier is still shown")
        self.env.flush_all()
        self.env.cr.precommit.run()
        tracked = self.order.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("preorder_discount_override_percent", tracked)

        # a quantity change keeps the override
        self._set_quantities(self.order, {self.table: 60})
        self.assertEqual(self._line(self.order, self.table).discount, 10.0)

        order.preorder_discount_override = False
        self.assertEqual(self._line(self.order, self.table).discount, 8.0)

    def test_override_reserved_to_preorder_salespeople(self):
        salesman = new_test_user(
            self.env, login="plain_salesman", groups="sales_team.group_sale_salesman"
        )
        self.order.user_id = salesman
        with self.assertRaises(AccessError):
            self.order.with_user(salesman).write({"preorder_discount_override": True})
        with self.assertRaises(AccessError):
            self.order.with_user(self.portal_user).write({"preorder_discount_override": True})

    def test_merge_branch_quotations(self):
        order_a = self._new_preorder(self.branch_a)
        order_b = self._new_preorder(self.branch_b)
        (order_a | order_b).user_id = self.preorder_user
        self._set_quantities(order_a, {self.table: 3, self.chair: 2})
        self._set_quantities(order_b, {self.table: 2, self.display: 5})

        (order_a | order_b).with_user(self.preorder_user).action_preorder_merge()

        self.assertEqual(order_b.state, "cancel")
        self.assertIn("Merged into", order_b.message_ids[0].body)
        self.assertEqual(self._quantities(order_a), {self.table: 5, self.chair: 2, self.display: 5})
        self.assertEqual(order_a.preorder_tier_id.name, "Bronze")
        self.assertEqual(self._line(order_a, self.table).discount, 2.0)

    def test_merge_refusals(self):
        other = self._new_preorder(self.customer_gold)
        (self.order | other).user_id = self.preorder_user
        with self.assertRaisesMessage(UserError, "same customer"):
            (self.order | other).with_user(self.preorder_user).action_preorder_merge()
        with self.assertRaises(AccessError):
            (self.order | other).with_user(self.portal_user).action_preorder_merge()
        second = self._new_preorder(partner=self.branch_a)
        second.user_id = self.preorder_user
        self._set_quantities(second, {self.table: 1})
        second.action_confirm()
        with self.assertRaisesMessage(UserError, "draft or sent"):
            (self.order | second).with_user(self.preorder_user).action_preorder_merge()

    def test_printed_quotation_shows_code_tier_and_next_tier(self):
        self._set_quantities(self.order, {self.table: 5})
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            "sale.action_report_saleorder", self.order.ids
        )
        text = " ".join(html.decode().split())
        self.assertIn("GARDEN27", text)
        self.assertIn("Bronze", text)
        next_tier = text.split('name="preorder_next_tier"')[1].split("</p>")[0]
        self.assertIn("4,000.00", next_tier)
        self.assertIn("5.00</span>% discount", next_tier)

    def test_editing_the_tiers_updates_open_quotations_only(self):
        self._set_quantities(self.order, {self.table: 5})  # 1000: Bronze 2 %
        confirmed = self._new_preorder(partner=self.customer_gold)
        self._set_quantities(confirmed, {self.table: 5}, user=self.env.user)
        confirmed.action_confirm()
        bronze = self.campaign.discount_rule_ids.filtered(lambda rule: rule.name == "Bronze")

        bronze.discount_percent = 3
        self.assertEqual(self._line(self.order, self.table).discount, 3.0)
        self.assertEqual(self._line(confirmed, self.table).discount, 2.0)

        bronze.unlink()
        self.assertFalse(self.order.preorder_tier_id)
        self.assertEqual(self._line(self.order, self.table).discount, 0.0)

        self.campaign.write(
            {
                "discount_rule_ids": [
                    Command.create({"name": "Starter", "min_amount": 500, "discount_percent": 1})
                ]
            }
        )
        self.assertEqual(self.order.preorder_tier_id.name, "Starter")
        self.assertEqual(self._line(self.order, self.table).discount, 1.0)
