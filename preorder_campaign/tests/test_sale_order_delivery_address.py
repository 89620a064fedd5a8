from datetime import datetime, time, timedelta

from lxml import etree

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .sale_order_common import PreorderOrderCommon


@tagged("post_install", "-at_install")
class TestSaleOrderDeliveryAddress(PreorderOrderCommon):
    """ "Days Between Deliveries" keeps the pre-orders delivered to one address apart,
    not all the shops of a company; the setting is shown whenever it is enforced."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.earliest = cls.campaign.earliest_delivery_date  # today + 30, 7 days apart
        # Each branch receives at its own shop (its delivery address).
        cls.shop_a, cls.shop_b = cls.env["res.partner"].create(
            [
                {"name": "Antwerp shop", "type": "delivery", "parent_id": cls.branch_a.id},
                {"name": "Ghent shop", "type": "delivery", "parent_id": cls.branch_b.id},
            ]
        )

    @staticmethod
    def _noon(day):
        return datetime.combine(day, time(12, 0))

    def test_two_shops_may_receive_on_the_same_day(self):
        order_a = self._new_preorder(self.branch_a)
        order_b = self._new_preorder(self.branch_b)
        self.assertEqual(order_a.partner_shipping_id, self.shop_a)
        self.assertEqual(order_b.partner_shipping_id, self.shop_b)
        order_a.commitment_date = self._noon(self.earliest)
        self.assertEqual(
            self._as_portal(order_b)._preorder_get_first_delivery_date(), self.earliest
        )
        self._as_portal(order_b)._preorder_set_delivery_date(self.earliest)
        self.assertEqual(order_b._preorder_delivery_day(), self.earliest)

    def test_orders_to_one_address_are_days_apart(self):
        first = self._new_preorder(self.branch_a)
        first.commitment_date = self._noon(self.earliest)
        # the company orders for the Antwerp shop too: same address, same rule
        second = self._new_preorder(self.customer)
        second.partner_shipping_id = self.shop_a
        portal_second = self._as_portal(second)
        self.assertEqual(
            portal_second._preorder_get_first_delivery_date(), self.earliest + timedelta(days=7)
        )
        with self.assertRaisesMessage(UserError, "Antwerp shop must be at least 7 days apart"):
            portal_second._preorder_set_delivery_date(self.earliest + timedelta(days=6))
        with self.assertRaisesMessage(ValidationError, "at least 7 days apart"):
            second.commitment_date = self._noon(self.earliest + timedelta(days=6))
        second.commitment_date = self._noon(self.earliest + timedelta(days=7))

    def test_moving_an_order_to_a_busy_address_is_checked(self):
        first = self._new_preorder(self.branch_a)
        first.commitment_date = self._noon(self.earliest)
        second = self._new_preorder(self.branch_b)
        second.commitment_date = self._noon(self.earliest)
        with self.assertRaisesMessage(ValidationError, "at least 7 days apart"):
            second.partner_shipping_id = self.shop_a

    def test_the_setting_is_shown_whenever_it_applies(self):
        """One order per contact still lets several contacts ship to one address:
        the rule is enforced without "Multiple Orders", so it is never hidden."""
        arch = self.env["preorder.campaign"].get_views([(False, "form")])["views"]["form"]["arch"]
        (node,) = etree.fromstring(arch).xpath("//field[@name='min_days_between_deliveries']")
        self.assertFalse(node.get("invisible"))


@tagged("post_install", "-at_install")
class TestSaleOrderDeliveryClear(PreorderOrderCommon):
    """The customer can take back the delivery date they asked for."""

    def test_clearing_the_desired_date(self):
        earliest = self.campaign.earliest_delivery_date
        order = self._new_preorder()
        portal_order = self._as_portal(order)
        for value in (False, "", None):
            with self.subTest(value=value):
                portal_order._preorder_set_delivery_date(earliest)
                self.assertEqual(
                    portal_order._preorder_set_delivery_date(value), {"commitment_date": False}
                )
                self.assertFalse(order.commitment_date)
        # a cleared date no longer holds the days around it for the other orders
        order.commitment_date = datetime.combine(earliest, time(12, 0))
        other = self._new_preorder(self.branch_a)  # delivered at the company too
        self.assertEqual(
            self._as_portal(other)._preorder_get_first_delivery_date(),
            earliest + timedelta(days=7),
        )
        portal_order._preorder_set_delivery_date(False)
        self.assertEqual(self._as_portal(other)._preorder_get_first_delivery_date(), earliest)

    def test_clearing_follows_the_deadline(self):
        order = self._new_preorder()
        self._as_portal(order)._preorder_set_delivery_date(self.campaign.earliest_delivery_date)
        self.campaign.state = "closed"
        with self.assertRaisesMessage(UserError, "deadline"):
            self._as_portal(order)._preorder_set_delivery_date(False)
        self.assertTrue(order.commitment_date, "nothing written")
