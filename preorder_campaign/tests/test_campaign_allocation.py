from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .sale_order_common import PreorderOrderCommon


class AllocationCommon(PreorderOrderCommon):
    """Green ordered 30 tables, Gold 10 (and 4 chairs): the vendor delivers 20 tables."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.green = cls._new_preorder()
        cls.gold = cls._new_preorder(partner=cls.customer_gold)
        cls._set_quantities(cls.green, {cls.table: 30})
        cls._set_quantities(cls.gold, {cls.table: 10, cls.chair: 4})
        cls.green_table = cls._line(cls.green, cls.table)
        cls.gold_table = cls._line(cls.gold, cls.table)


@tagged("post_install", "-at_install")
class TestCampaignAllocation(AllocationCommon):
    def test_allocate_proposes_without_writing(self):
        proposed = self.campaign._preorder_allocate({self.table.id: 20})
        self.assertEqual(proposed, {self.green_table.id: 15.0, self.gold_table.id: 5.0})
        self.assertEqual(self.green_table.product_uom_qty, 30, "nothing written")
        # Enough for everybody: everybody keeps his order.
        proposed = self.campaign._preorder_allocate({self.table.id: 100})
        self.assertEqual(proposed, {self.green_table.id: 30.0, self.gold_table.id: 10.0})

    def test_a_line_kept_in_dozens_counts_in_units(self):
        dozen = self.env.ref("uom.product_uom_dozen")
        self.green_table.write({"product_uom_id": dozen.id, "product_uom_qty": 2.5})
        proposed = self.campaign._preorder_allocate({self.table.id: 20})
        self.assertEqual(proposed, {self.green_table.id: 15.0, self.gold_table.id: 5.0})

    def test_allocate_rounds_to_the_sale_multiple(self):
        self.env["preorder.quantity.rule"].create(
            {"campaign_id": self.campaign.id, "product_id": self.table.id, "multiple_qty": 4}
        )
        proposed = self.campaign._preorder_allocate({self.table.id: 21})
        # Exact shares 15.75 and 5.25: 12 and 4 in packs of 4, the rest to the largest.
        self.assertEqual(proposed, {self.green_table.id: 16.0, self.gold_table.id: 4.0})

    def test_priority_and_first_come(self):
        self.customer_gold.category_id = self.label_other
        by_label = self.campaign._preorder_allocate(
            {self.table.id: 20}, method="priority_label", category_ids=self.label_other.ids
        )
        self.assertEqual(by_label, {self.green_table.id: 10.0, self.gold_table.id: 10.0})
        self.gold.date_order = self.green.date_order.replace(year=2020)
        first = self.campaign._preorder_allocate({self.table.id: 20}, method="first_come")
        self.assertEqual(first, {self.green_table.id: 10.0, self.gold_table.id: 10.0})
        # By the date the line was entered: Green's line came first.
        by_line = self.campaign._preorder_allocate(
            {self.table.id: 20}, method="first_come", first_come="line_date"
        )
        self.assertEqual(by_line, {self.green_table.id: 20.0, self.gold_table.id: 0.0})
        with self.assertRaisesMessage(UserError, "Unknown allocation method"):
            self.campaign._preorder_allocate({self.table.id: 20}, method="lottery")

    def test_apply_lowers_logs_and_tells_each_customer(self):
        self.gold.action_confirm()
        proposed = self.campaign._preorder_allocate({self.table.id: 20})
        mails_before = self.env["mail.mail"].search_count([])
        orders = self.campaign.with_user(self.preorder_user)._preorder_apply_allocation(proposed)
        self.assertEqual(orders, self.green | self.gold)
        self.assertEqual(self._quantities(self.green), {self.table: 15})
        self.assertEqual(self._quantities(self.gold), {self.table: 5, self.chair: 4})
        note = self.green.message_ids.filtered(lambda message: "allocated by" in message.body)
        self.assertIn("30 → 15", note.body)
        mails = self.env["mail.mail"].search([], order="id desc", limit=2)
        self.assertEqual(self.env["mail.mail"].search_count([]), mails_before + 2, "one per order")
        self.assertIn("Garden table", mails[0].body_html)
        self.assertEqual(
            mails.mapped("recipient_ids"), self.customer | self.customer_gold, "each customer"
        )

    def test_apply_refuses_more_than_ordered_and_changes_nothing(self):
        with self.assertRaisesMessage(UserError, "no more can be allocated"):
            self.campaign._preorder_apply_allocation(
                {self.green_table.id: 10, self.gold_table.id: 11}
            )
        self.assertEqual(self.green_table.product_uom_qty, 30)

    def test_apply_needs_the_right_to_change_the_campaign(self):
        self.campaign.user_id = self.preorder_manager
        with self.assertRaises(AccessError):
            self.campaign.with_user(self.preorder_user)._preorder_apply_allocation(
                {self.green_table.id: 10}
            )
        # Nor may he see every customer's quantities in the wizard.
        with self.assertRaises(AccessError):
            self.env["preorder.allocation.wizard"].with_user(self.preorder_user).with_context(
                default_campaign_id=self.campaign.id
            ).create({})
        self.assertEqual(self.green_table.product_uom_qty, 30)

    def test_wizard_defaults_preview_and_apply(self):
        wizard = (
            self.env["preorder.allocation.wizard"]
            .with_user(self.preorder_user)
            .with_context(default_campaign_id=self.campaign.id)
            .create({})
        )
        rows = {row.product_id: (row.ordered_qty, row.available_qty) for row in wizard.product_ids}
        self.assertEqual(rows, {self.table: (40, 40), self.chair: (4, 4)})
        wizard.product_ids.filtered(lambda row: row.product_id == self.table).available_qty = 20
        with self.assertRaisesMessage(UserError, "Preview the allocation first"):
            wizard.action_apply()
        wizard.action_preview()
        preview = {line.sale_line_id: line.proposed_qty for line in wizard.line_ids}
        self.assertEqual(preview[self.green_table], 15)
        self.assertEqual(preview[self.gold_table], 5)
        wizard.action_apply()
        self.assertEqual(self.green_table.product_uom_qty, 15)
        self.assertEqual(self._quantities(self.gold), {self.table: 5, self.chair: 4})


@tagged("post_install", "-at_install")
class TestCampaignAllocationTour(HttpCase, AllocationCommon):
    def test_tour_allocation_wizard(self):
        self.start_tour(
            f"/odoo/action-preorder_campaign.preorder_campaign_action/{self.campaign.id}",
            "preorder_allocation_wizard",
            login="preorder_rep",
        )
        self.assertEqual(self.green_table.product_uom_qty, 15)
        self.assertEqual(self.gold_table.product_uom_qty, 5)
