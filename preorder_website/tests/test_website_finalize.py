from odoo import http
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteFinalize(PreorderWebsiteCommon):
    def _finalize(self, campaign=None, **data):
        campaign = campaign or self.campaign
        return self.url_open(
            f"/preorder/{campaign.id}/finalize",
            data={"csrf_token": http.Request.csrf_token(self), **data},
            allow_redirects=False,
        )

    def test_finalize_as_quotation(self):
        self.campaign.write(
            {"require_signature": True, "require_payment": True, "prepayment_percent": 0.3}
        )
        self._login()
        self._save({self.table.id: 5})
        order = self._orders()
        response = self._finalize()
        self.assertEqual(response.status_code, 303)
        self.assertIn(f"/preorder/{self.campaign.id}?finalized=1", response.headers["Location"])
        self.assertTrue(order.preorder_finalized)
        self.assertTrue(order.preorder_finalized_date)
        self.assertEqual(order.state, "draft", "a quotation for the salesperson to review")
        self.assertTrue(order.require_signature)
        self.assertTrue(order.require_payment)
        self.assertAlmostEqual(order.prepayment_percent, 0.3)
        activity = order.activity_ids
        self.assertEqual(activity.user_id, self.preorder_user, "the salesperson is notified")
        self.assertTrue(
            order.message_ids.filtered(lambda m: "finalized the pre-order" in (m.body or ""))
        )

        # The customer can no longer change it...
        html = self.url_open(f"/preorder/{self.campaign.id}?finalized=1").text
        self.assertIn("Your pre-order is finalized", html)
        self.assertIn(order.name, html)
        # ... a new quantity starts a new pre-order (the campaign allows several)
        self._save({self.chair.id: 1})
        self.assertEqual(self._quantities(order), {self.table: 5})
        self.assertEqual(len(self._orders()), 2)
        # The finalized pre-order shows in /my/orders
        self.assertIn("Finalized", self.url_open("/my/orders").text)

    def test_finalized_orders_count_as_done_for_reminders(self):
        self._login()
        self._save({self.table.id: 5})
        order = self._orders()
        SaleOrder = self.env["sale.order"]
        finalized = SaleOrder.search(SaleOrder._preorder_get_finalized_domain())
        self.assertNotIn(order, finalized)
        self._finalize()
        finalized = SaleOrder.search(SaleOrder._preorder_get_finalized_domain())
        self.assertIn(order, finalized)

    def test_finalized_single_order_campaign_refuses_changes(self):
        self.campaign.allow_multiple_orders = False
        self._login()
        self._save({self.table.id: 5})
        self._finalize()
        result = self._save({self.table.id: 6})
        self.assertIn("finalized", result["error"])
        self.assertEqual(len(self._orders()), 1)
        self.assertEqual(self._quantities(self._orders()), {self.table: 5})
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        self.assertIn("disabled", self._row(html, self.table))

    def test_finalize_with_online_payment(self):
        self.campaign.write({"finalize_mode": "payment", "prepayment_percent": 1.0})
        self._login()
        self._save({self.table.id: 5})
        order = self._orders()
        response = self._finalize()
        self.assertEqual(response.status_code, 303)
        self.assertIn(f"/my/orders/{order.id}", response.headers["Location"])
        self.assertIn(f"access_token={order.access_token}", response.headers["Location"])
        self.assertTrue(order.preorder_finalized)
        self.assertTrue(order.require_payment)
        self.assertFalse(order.require_signature)
        self.assertTrue(order._has_to_be_paid())
        page = self.url_open(response.headers["Location"])
        self.assertEqual(page.status_code, 200)
        self.assertIn(order.name, page.text)

    def test_finalize_refused_without_order_or_csrf(self):
        self._login()
        response = self._finalize()
        self.assertEqual(response.status_code, 400)
        self.assertIn("no pre-order to finalize", response.text)
        self._save({self.table.id: 1})
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/preorder/{self.campaign.id}/finalize",
                data={"partner_id": ""},
                allow_redirects=False,
            )
        self.assertEqual(response.status_code, 400, "CSRF protection")
        self.assertFalse(self._orders().preorder_finalized)

    def test_finalize_after_deadline_refused(self):
        self._login()
        self._save({self.table.id: 1})
        self.campaign.state = "closed"
        response = self._finalize()
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._orders().preorder_finalized)
