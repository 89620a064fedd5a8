from odoo.tests import tagged

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteRep(PreorderWebsiteCommon):
    def test_rep_picks_a_customer(self):
        self._login("preorder_rep")
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        self.assertIn("Enter a pre-order for a customer", html)
        # new_test_user renamed the customers after their users
        html = self.url_open(f"/preorder/{self.campaign.id}?partner_search=preorder_").text
        self.assertIn(f"?partner_id={self.customer.id}", html)
        self.assertNotIn(f"?partner_id={self.customer_gold.id}", html)
        html = self.url_open(f"/preorder/{self.campaign.id}?partner_search=Gold").text
        self.assertIn(f"?partner_id={self.customer_gold.id}", html)
        html = self.url_open(f"/preorder/{self.campaign.id}?partner_search=preorder_outsider").text
        self.assertNotIn(f"partner_id={self.outsider.id}", html, "not allowed in the campaign")
        html = self.url_open(f"/preorder?partner_id={self.customer.id}").text
        self.assertIn("Garden 2027", html)
        self.assertIn(f"/preorder/{self.campaign.id}?partner_id={self.customer.id}", html)

    def test_rep_enters_quantities_for_customer(self):
        self._login("preorder_rep")
        page = self.url_open(f"/preorder/{self.campaign.id}?partner_id={self.customer.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Entering the pre-order of", page.text)
        result = self._save({self.table.id: 3, self.chair.id: 2}, partner_id=self.customer.id)
        self.assertNotIn("error", result)
        order = self._orders()
        self.assertEqual(self._quantities(order), {self.table: 3, self.chair: 2})
        message = order.message_ids.filtered(lambda m: "Quantities entered by" in (m.body or ""))
        self.assertEqual(len(message), 1)
        self.assertEqual(message.author_id, self.preorder_user.partner_id)
        self.assertIn("Garden table: 0 → 3", message.body)

    def test_rep_cannot_order_for_a_customer_without_access(self):
        self._login("preorder_rep")
        result = self._save({self.table.id: 3}, partner_id=self.outsider.id)
        self.assertIn("not available", result["error"])
        page = self.url_open(f"/preorder/{self.campaign.id}?partner_id={self.outsider.id}")
        self.assertEqual(page.status_code, 403)
        result = self._save({self.table.id: 3}, partner_id="abc")
        self.assertIn("error", result)
        self.assertFalse(
            self.env["sale.order"].search([("preorder_campaign_id", "=", self.campaign.id)])
        )

    def test_rep_without_customer_gets_asked_for_one(self):
        self._login("preorder_rep")
        result = self._save({self.table.id: 3})
        self.assertIn("Choose the customer", result["error"])

    def test_customer_cannot_use_rep_mode(self):
        self._login()
        result = self._save({self.table.id: 3}, partner_id=self.customer_gold.id)
        self.assertIn("Only sales representatives", result["error"])
        self.assertFalse(self._orders(partner=self.customer_gold))
        page = self.url_open(f"/preorder/{self.campaign.id}?partner_id={self.customer_gold.id}")
        self.assertEqual(page.status_code, 403)

    def test_partner_form_and_campaign_buttons(self):
        action = self.customer.with_user(self.preorder_user).action_open_preorder_website()
        self.assertEqual(action["url"], f"/preorder?partner_id={self.customer.id}")
        action = self.campaign.action_open_website()
        self.assertEqual(action["url"], f"/preorder/{self.campaign.id}")
        self.assertEqual(self.outlet.website_url, f"/outlet/{self.outlet.id}")
