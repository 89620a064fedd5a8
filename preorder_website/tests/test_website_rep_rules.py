from odoo.tests import tagged

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteRepRules(PreorderWebsiteCommon):
    """A rep acts on the website only for the customers and orders the backoffice
    lets him handle, and a scan reveals nothing the customer cannot see."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Every signed-in customer: only the rep rule stands between a rep and a partner.
        cls.campaign.audience = "all"
        cls._create_rep_partners()

    # ------------------------------------------------------------------
    # Whom a rep may act for (issue 15, item 5)
    # ------------------------------------------------------------------
    def test_rep_acts_only_for_customers_of_the_company(self):
        self._login("preorder_rep")
        unknown = self._save({self.table.id: 1}, partner_id=999999999)
        self.assertIn("does not exist or is not available", unknown["error"])
        for case, partner in self.refused_partners.items():
            result = self._save({self.table.id: 1}, partner_id=partner.id)
            self.assertEqual(result.get("error"), unknown["error"], f"{case}: same answer")
            page = self.url_open(f"/preorder/{self.campaign.id}?partner_id={partner.id}")
            self.assertEqual(page.status_code, 403, case)
            landing = self.url_open(f"/preorder?partner_id={partner.id}").text
            self.assertNotIn("Garden 2027", landing, case)
        refused = list(self.refused_partners.values())
        self.assertFalse(
            self.env["sale.order"].search([("partner_id", "in", [p.id for p in refused])])
        )
        # Customers, new ones (no sale yet) and vendors who also buy are fine
        for partner in (self.customer, self.new_customer, self.vendor_customer):
            result = self._save({self.table.id: 1}, partner_id=partner.id)
            self.assertNotIn("error", result, partner.name)
            self.assertTrue(self._orders(partner=partner), partner.name)

    def test_rep_customer_search_lists_only_his_customers(self):
        self._login("preorder_rep")
        searches = ("Rules", "rules_employee", "preorder_rep", self.env.company.name)
        for url in (f"/preorder/{self.campaign.id}", "/preorder"):
            html = "".join(
                self.url_open(f"{url}?partner_search={search}").text for search in searches
            )
            for partner in (self.new_customer, self.vendor_customer):
                self.assertIn(f'?partner_id={partner.id}"', html, partner.name)
            for case, partner in self.refused_partners.items():
                self.assertNotIn(f'?partner_id={partner.id}"', html, case)

