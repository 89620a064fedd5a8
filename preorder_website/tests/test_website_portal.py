from odoo import http
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import PreorderWebsiteCommon

# A 1x1 PNG: what the portal's signature pad sends.
SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
    "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestPreorderWebsitePortal(PreorderWebsiteCommon):
    """The quotation portal (/my/orders) and pre-orders: nothing is signed or paid
    before the pre-order is finalized and reviewed, and a branch keeps its order in
    progress to itself."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The common "online signature" setting: drafts are created signable.
        cls.env.company.portal_confirmation_sign = True
        cls.branch_a_user, cls.branch_b_user = (
            new_test_user(
                cls.env,
                login=login,
                groups="base.group_portal",
                partner_id=partner.id,
                password=login,
            )
            for login, partner in (
                ("preorder_branch_a", cls.branch_a),
                ("preorder_branch_b", cls.branch_b),
            )
        )

    def _finalize(self):
        return self.url_open(
            f"/preorder/{self.campaign.id}/finalize",
            data={"csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )

    def _accept(self, order):
        return self._rpc(
            f"/my/orders/{order.id}/accept",
            access_token=order.access_token,
            name="Someone",
            signature=SIGNATURE,
        )

    def _order_of(self, login):
        """The pre-order `login` starts on the website."""
        self._login(login)
        self._save({self.table.id: 2})
        partner = self.env["res.users"].search([("login", "=", login)]).partner_id
        return self._orders(partner=partner)

    def test_a_draft_being_entered_cannot_be_signed(self):
        order = self._order_of("preorder_portal")
        self.assertTrue(order.require_signature, "the company's default")
        self.assertTrue(order.preorder_in_progress)
        self.assertFalse(order._has_to_be_signed())
        self.assertFalse(order._has_to_be_paid())
        order._portal_ensure_token()  # even with the order's token
        result = self._accept(order)
        self.assertIn("error", result)
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.signature)

    def test_own_order_in_progress_opens_in_the_grid(self):
        order = self._order_of("preorder_portal")
        response = self.url_open(f"/my/orders/{order.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith(f"/preorder/{self.campaign.id}"))
        self.assertIn(order.name, self.url_open("/my/orders").text)

    def test_branch_does_not_see_its_sibling_order_in_progress(self):
        order_a = self._order_of("preorder_branch_a")
        self._login("preorder_branch_b")
        self.assertNotIn(order_a.name, self.url_open("/my/orders").text)
        response = self.url_open(f"/my/orders/{order_a.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertNotIn(f"/preorder/{self.campaign.id}", response.headers["Location"])
        result = self._accept(order_a)
        self.assertIn("error", result)
        self.assertEqual(order_a.state, "draft")
        # Finalized, it is a quotation of the company: Odoo's portal rules apply.
        self._login("preorder_branch_a")
        self._finalize()
        self.assertFalse(order_a.preorder_in_progress)
        self._login("preorder_branch_b")
        self.assertIn(order_a.name, self.url_open("/my/orders").text)

    def test_finalized_quotation_is_signed_once_the_salesperson_sent_it(self):
        order = self._order_of("preorder_portal")
        self._finalize()
        self.assertTrue(order.preorder_finalized)
        self.assertFalse(order._has_to_be_signed(), "waiting for the salesperson's review")
        page = self.url_open(order.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("Approve and pay", self.url_open(f"/preorder/{self.campaign.id}").text)
        self.assertIn("error", self._accept(order))
        self.assertEqual(order.state, "draft")
        with mute_logger("odoo.http"):
            answer = self._raw_jsonrpc(
                f"/my/orders/{order.id}/transaction",
                {
                    "access_token": order.access_token,
                    # Refused before any provider is looked at.
                    "provider_id": 0,
                    "payment_method_id": 0,
                    "token_id": None,
                    "amount": order.amount_total,
                    "flow": "redirect",
                    "tokenization_requested": False,
                    "landing_route": order.get_portal_url(),
                },
            ).json()
        self.assertIn("cannot be paid yet", answer["error"]["data"]["message"])
        self.assertFalse(order.transaction_ids, "no payment of an unreviewed pre-order")

        order.with_user(self.preorder_user).action_quotation_sent()
        self.assertEqual(order.state, "sent")
        self.assertTrue(order._has_to_be_signed())
        self.assertNotIn("error", self._accept(order))
        self.assertEqual(order.state, "sale")

    def test_payment_mode_is_paid_right_after_finalizing(self):
        self.campaign.write({"finalize_mode": "payment", "prepayment_percent": 1.0})
        order = self._order_of("preorder_portal")
        self.assertFalse(order._has_to_be_paid())
        self._finalize()
        self.assertTrue(order._has_to_be_paid())
        self.assertFalse(order._has_to_be_signed())
