from datetime import timedelta

from odoo import http
from odoo.tests import new_test_user, tagged

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
        # A second rep limited to his own documents, and one who sees all of them
        cls.rep_own = new_test_user(
            cls.env,
            login="rules_rep_own",
            password="rules_rep_own",
            groups="preorder_campaign.group_preorder_user",
        )
        cls.rep_all = new_test_user(
            cls.env,
            login="rules_rep_all",
            password="rules_rep_all",
            groups="preorder_campaign.group_preorder_user,sales_team.group_sale_salesman_all_leads",
        )

    def _rep_draft(self, user=None):
        """A draft of the customer, followed by `user` (default: the campaign's rep)."""
        order = self._new_preorder()
        order.user_id = user or self.preorder_user
        order._preorder_set_quantity(self.table, 2, rules="salesperson")
        return order

    def _finalize(self, **data):
        return self.url_open(
            f"/preorder/{self.campaign.id}/finalize",
            data={"csrf_token": http.Request.csrf_token(self), **data},
            allow_redirects=False,
        )

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
    # The rep's own rights on the orders (issue 15, item 6)
    # ------------------------------------------------------------------
    def test_rep_cannot_open_or_change_a_draft_he_may_not_read(self):
        order = self._rep_draft()
        self._login("rules_rep_own")
        params = {"partner_id": self.customer.id}
        page = self.url_open(f"/preorder/{self.campaign.id}?partner_id={self.customer.id}")
        self.assertEqual(page.status_code, 403)
        self.assertIn("is not accessible to you", page.text)
        self.assertNotIn(order.name, page.text)
        rows = self.url_open(f"/preorder/{self.campaign.id}/rows?partner_id={self.customer.id}")
        self.assertEqual(rows.status_code, 404)
        base = f"/preorder/{self.campaign.id}"
        results = [
            self._save({self.table.id: 7}, **params),
            self._rpc(f"{base}/scan", barcode=self.table.barcode, **params),
            self._rpc(f"{base}/state", product_ids=[self.table.id], **params),
            self._rpc(
                f"{base}/delivery_date",
                delivery_date=str(self.today + timedelta(days=40)),
                **params,
            ),
        ]
        for result in results:
            self.assertIn("is not accessible to you", result["error"])
            self.assertNotIn("lines", result)
        response = self._finalize(**params)
        self.assertEqual(response.status_code, 400)
        self.assertIn("is not accessible to you", response.text)
        self.assertEqual(self._orders(), order, "no second draft beside the hidden one")
        self.assertEqual(self._quantities(order), {self.table: 2})
        self.assertFalse(order.commitment_date)
        self.assertFalse(order.preorder_finalized)
        # A rep who sees all documents in the backoffice may work on it
        self._login("rules_rep_all")
        result = self._save({self.table.id: 7}, **params)
        self.assertNotIn("error", result)
        self.assertEqual(self._orders(), order)
        self.assertEqual(self._quantities(order), {self.table: 7})

    def test_rep_starts_only_orders_he_could_create_in_the_backoffice(self):
        self.customer.user_id = self.preorder_user  # the customer's own salesperson
        self._login("rules_rep_own")
        result = self._save({self.table.id: 1}, partner_id=self.customer.id)
        self.assertIn("You may not start a pre-order", result.get("error", ""))
        result = self._rpc(
            f"/preorder/{self.campaign.id}/scan",
            barcode=self.table.barcode,
            partner_id=self.customer.id,
        )
        self.assertIn("You may not start a pre-order", result.get("error", ""))
        self.assertFalse(self._orders(), "the refused draft is not kept")
        # Without a salesperson of its own the customer's order is the rep's, as in
        # the backoffice (not the campaign responsible's, which he may not create)
        self.customer.user_id = False
        result = self._save({self.table.id: 1}, partner_id=self.customer.id)
        self.assertNotIn("error", result)
        self.assertEqual(self._orders().user_id, self.rep_own)

    def test_finalized_orders_link_the_backoffice_for_reps(self):
        done = self._rep_draft()
        done.write({"preorder_finalized": True, "preorder_finalized_date": self.now})
        token = done._portal_ensure_token()
        url = f"/preorder/{self.campaign.id}?partner_id={self.customer.id}"
        # Limited to his own documents: not listed, neither on the landing page
        self._login("rules_rep_own")
        html = self.url_open(url).text
        self.assertNotIn(done.name, html)
        self.assertNotIn(token, html)
        landing = self.url_open(f"/preorder?partner_id={self.customer.id}").text
        self.assertIn("Not started", landing)
        self.assertNotIn(token, landing)
        # All documents: the backoffice form, never the customer's token
        self._login("rules_rep_all")
        html = self.url_open(url).text
        self.assertIn(f'href="/odoo/sales/{done.id}"', html)
        self.assertNotIn(token, html)
        self.assertIn("Finalized", self.url_open(f"/preorder?partner_id={self.customer.id}").text)
        # The customer keeps the portal link
        self._login()
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        self.assertIn(f"access_token={token}", html)

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
