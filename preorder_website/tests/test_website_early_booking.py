from datetime import timedelta

from odoo import http
from odoo.tests import tagged

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteEarlyBooking(PreorderWebsiteCommon):
    """The grid and the summary show the early-booking offer with the time left;
    finalizing before the date locks it in, after it nothing."""

    def _finalize(self):
        return self.url_open(
            f"/preorder/{self.campaign.id}/finalize",
            data={"csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )

    def _page(self):
        return self.url_open(f"/preorder/{self.campaign.id}").text

    def test_offer_then_locked_in(self):
        self.campaign.write(
            {
                "early_booking_date": self.now + timedelta(days=3, hours=2),
                "early_booking_discount_percent": 2.0,
            }
        )
        self._login()
        self.assertIn("3 days left", self.url_open("/preorder").text)  # the campaign's card
        html = self._page()
        self.assertIn("o_preorder_early_booking_offer", html)
        self.assertIn("Finalize before", html)
        self.assertIn("extra <strong>2%</strong> discount", html)
        self.assertIn("3 days left", html)
        self._save({self.table.id: 5})  # 1000: Bronze, 2%
        order = self._orders()
        self.assertEqual(order.order_line.discount, 2.0)
        self.assertEqual(self._finalize().status_code, 303)
        self.assertEqual(order.preorder_early_booking_percent, 2.0)
        self.assertEqual(order.order_line.discount, 3.96)
        self.assertAlmostEqual(order.amount_untaxed, 960.4)

        html = self._page()
        self.assertIn("Early-booking discount locked in: extra 2%", html)
        # the quotation on the portal explains it on its own line
        portal = self.url_open(order.get_portal_url()).text
        self.assertIn("Early-booking reward", portal)

    def test_gone_after_the_date(self):
        self.campaign.write(
            {
                "early_booking_date": self.now - timedelta(hours=1),
                "early_booking_discount_percent": 2.0,
            }
        )
        self._login()
        html = self._page()
        self.assertNotIn("o_preorder_early_booking_offer", html)
        self._save({self.table.id: 5})
        order = self._orders()
        self._finalize()
        self.assertTrue(order.preorder_finalized)
        self.assertEqual(order.preorder_early_booking_percent, 0.0)
        self.assertEqual(order.order_line.discount, 2.0)
        self.assertNotIn("locked in", self._page())
