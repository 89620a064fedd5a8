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


    # ------------------------------------------------------------------
    # A scan names only what the customer may know (issue 15, item 9)
    # ------------------------------------------------------------------
    def test_scan_refusal_reveals_nothing_outside_reach(self):
        Product = self.env["product.product"]
        foreign = Product.create(
            {
                "name": "Foreign secret table",
                "categ_id": self.categ_garden.id,
                "company_id": self.other_company.id,
                "barcode": "5400000000301",
            }
        )
        Product.create(
            [
                {"name": "Internal spare part", "sale_ok": False, "barcode": "5400000000302"},
                {"name": "Archived old lamp", "barcode": "5400000000303", "active": False},
            ]
        )
        Product.create(
            {
                "name": "Lamp replaced abroad",
                "barcode": "5400000000304",
                "replaced_by_product_id": foreign.id,
            }
        )
        pack = self.env["uom.uom"].create(
            {"name": "Pack of 4", "relative_factor": 4, "relative_uom_id": foreign.uom_id.id}
        )
        self.env["product.uom"].create(
            {
                "product_id": foreign.id,
                "uom_id": pack.id,
                "barcode": "5400000000305",
                "company_id": self.other_company.id,
            }
        )
        self._login()
        url = f"/preorder/{self.campaign.id}/scan"
        for barcode in ("5400000000301", "5400000000302", "5400000000303", "5400000000304"):
            result = self._rpc(url, barcode=barcode)
            self.assertEqual(result["error"], f"Unknown barcode {barcode}.")
        result = self._rpc(url, barcode="5400000000305")
        self.assertEqual(result["error"], "Unknown barcode 5400000000305.", "packaging")
        result = self._rpc(url, barcode=self.lamp.barcode)
        self.assertEqual(result["error"], f"{self.lamp.display_name} is not part of this campaign.")
        self.assertFalse(self._orders())

    def test_scan_finds_an_archived_product_by_its_replacement(self):
        self.old_chair.active = False
        self._login()
        result = self._rpc(f"/preorder/{self.campaign.id}/scan", barcode=self.old_chair.barcode)
        self.assertNotIn("error", result)
        self.assertEqual(result["product_id"], self.chair.id)
        self.assertEqual(result["replaced_name"], self.old_chair.display_name)
        self.assertEqual(self._quantities(self._orders()), {self.chair: 1})
