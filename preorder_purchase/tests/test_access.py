from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import PreorderPurchaseCommon


@tagged("post_install", "-at_install")
class TestAccess(PreorderPurchaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._preorder(cls.customer, {cls.table: 8, cls.chair: 5}, confirm=True)
        cls._close()
        cls.buyer = new_test_user(
            cls.env, login="preorder_buyer", groups="purchase.group_purchase_user"
        )

    def _run_advice_as(self, user):
        wizard = (
            self.env["preorder.purchase.advice"]
            .with_user(user)
            .create(
                {
                    "campaign_id": self.campaign.id,
                }
            )
        )
        action = wizard.action_create_rfqs()
        return self.env["purchase.order"].with_user(user).search(action["domain"])

    def test_purchase_user_plans_and_buys(self):
        plan = (
            self.env["preorder.purchase.plan"]
            .with_user(self.buyer)
            .search([("campaign_id", "=", self.campaign.id)])
        )
        self.assertEqual(sum(plan.mapped("price_subtotal")), 8 * 100 + 5 * 20)
        orders = self._run_advice_as(self.buyer)
        self.assertEqual(orders.partner_id, self.vendor_oak)
        self.assertEqual(self.campaign.with_user(self.buyer).purchase_order_count, 1)

    def test_preorder_manager_buys(self):
        orders = self._run_advice_as(self.preorder_manager)
        self.assertEqual(len(orders), 1)

    def test_preorder_user_sees_quantities_not_prices(self):
        plan = (
            self.env["preorder.purchase.plan"]
            .with_user(self.preorder_user)
            .search([("campaign_id", "=", self.campaign.id)])
        )
        self.assertEqual(sum(plan.mapped("confirmed_qty")), 13.0)
        with self.assertRaises(AccessError):
            plan.mapped("price_unit")
        with self.assertRaises(AccessError):
            self.env["preorder.purchase.advice"].with_user(self.preorder_user).create(
                {
                    "campaign_id": self.campaign.id,
                }
            )
        # The sales side opens the plan from the campaign.
        action = self.campaign.with_user(self.preorder_user).action_view_purchase_plan()
        self.assertEqual(
            self.env["preorder.purchase.plan"]
            .with_user(self.preorder_user)
            .search(action["domain"]),
            plan,
        )
        # The campaign's purchase status is visible to the sales side.
        self.assertEqual(self.campaign.with_user(self.preorder_user).purchase_state, "none")
