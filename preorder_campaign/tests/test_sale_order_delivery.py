from datetime import datetime, time, timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .sale_order_common import PreorderOrderCommon


@tagged("post_install", "-at_install")
class TestSaleOrderDelivery(PreorderOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.earliest = cls.campaign.earliest_delivery_date  # today + 30, 7 days apart

    @staticmethod
    def _noon(day):
        return datetime.combine(day, time(12, 0))

    def test_not_before_the_earliest_date(self):
        order = self._new_preorder()
        with self.assertRaisesMessage(ValidationError, "delivers from"):
            order.commitment_date = self._noon(self.earliest - timedelta(days=1))
        order.commitment_date = self._noon(self.earliest)
        self.assertEqual(order._preorder_delivery_day(), self.earliest)

    def test_orders_of_one_company_are_days_apart(self):
        order = self._new_preorder()
        order.commitment_date = self._noon(self.earliest)
        branch_order = self._new_preorder(self.branch_a)
        with self.assertRaisesMessage(ValidationError, "at least 7 days apart"):
            branch_order.commitment_date = self._noon(self.earliest + timedelta(days=6))
        branch_order.commitment_date = self._noon(self.earliest + timedelta(days=7))
        # another company is not concerned
        self._new_preorder(self.customer_gold).commitment_date = self._noon(self.earliest)
        # a cancelled order frees its date
        branch_order.action_cancel()
        order.action_cancel()
        self._new_preorder(self.branch_b).commitment_date = self._noon(
            self.earliest + timedelta(days=1)
        )

    def test_website_helper(self):
        order = self._new_preorder()
        result = self._as_portal(order)._preorder_set_delivery_date(
            (self.earliest + timedelta(days=2)).isoformat()
        )
        self.assertEqual(
            result, {"commitment_date": (self.earliest + timedelta(days=2)).isoformat()}
        )
        self.assertEqual(order._preorder_delivery_day(), self.earliest + timedelta(days=2))

        branch_order = self._new_preorder(self.branch_a)
        portal_branch = self._as_portal(branch_order)
        self.assertEqual(
            portal_branch._preorder_get_first_delivery_date(), self.earliest + timedelta(days=9)
        )
        for value, message in [
            ("not a date", "not a valid date"),
            (self.earliest - timedelta(days=1), "delivers from"),
            (self.earliest + timedelta(days=5), "days apart"),
        ]:
            with self.subTest(value=value), self.assertRaisesMessage(UserError, message):
                portal_branch._preorder_set_delivery_date(value)
        self.assertFalse(branch_order.commitment_date, "nothing written")

        self.campaign.earliest_delivery_date = False
        with self.assertRaisesMessage(UserError, "past"):
            portal_branch._preorder_set_delivery_date(self.today - timedelta(days=1))

    def test_campaign_without_earliest_date(self):
        self.campaign.earliest_delivery_date = False
        order = self._as_portal(self._new_preorder())
        self.assertEqual(order._preorder_get_first_delivery_date(), self.today)
        tomorrow = self.today + timedelta(days=1)
        self.assertEqual(
            order._preorder_set_delivery_date(tomorrow), {"commitment_date": tomorrow.isoformat()}
        )

    def test_website_helper_refused_after_deadline(self):
        order = self._new_preorder()
        self.campaign.state = "closed"
        with self.assertRaisesMessage(UserError, "deadline"):
            self._as_portal(order)._preorder_set_delivery_date(self.earliest)
        order.with_user(self.preorder_user).sudo()._preorder_set_delivery_date(self.earliest)
        self.assertEqual(order._preorder_delivery_day(), self.earliest)

    def test_one_order_per_customer_unless_multiple_allowed(self):
        self.campaign.allow_multiple_orders = False
        first = self._new_preorder()
        first.action_quotation_sent()  # no longer being entered, still the customer's order
        with self.assertRaisesMessage(ValidationError, "already has a pre-order"):
            self._new_preorder()
        # branches with their own login each keep their own order
        self._new_preorder(self.branch_a)
        first.action_cancel()
        second = self._new_preorder()

        self.campaign.allow_multiple_orders = True
        second.action_quotation_sent()
        self._new_preorder()

    def test_get_or_create_order(self):
        # As the website does: the portal customer, sudo'ed after the route's checks.
        campaign = self.campaign.with_user(self.portal_user).sudo()
        self.assertFalse(campaign._preorder_get_order(self.customer))
        order = campaign._preorder_get_order(self.customer, create=True)
        self.assertEqual(
            (order.partner_id, order.preorder_campaign_id, order.state, order.user_id),
            (self.customer, self.campaign, "draft", self.campaign.user_id),
        )
        self.assertEqual(
            campaign._preorder_get_order(self.customer, create=True),
            order,
        )
        with self.assertRaisesMessage(UserError, "not invited"):
            campaign._preorder_get_order(self.outsider, create=True)
        self.campaign.state = "closed"
        with self.assertRaisesMessage(UserError, "deadline"):
            campaign._preorder_get_order(self.customer_gold, create=True)
