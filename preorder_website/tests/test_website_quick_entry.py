from datetime import timedelta

from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteQuickEntry(PreorderWebsiteCommon):
    """``/preorder/<id>/suggest``: the quick entry's suggestions, checked for access
    like the other routes; the quantities are saved by ``/save``."""

    def _suggest(self, text, campaign=None, **params):
        campaign = campaign or self.campaign
        return self._rpc(f"/preorder/{campaign.id}/suggest", text=text, **params)

    def _ids(self, result):
        self.assertNotIn("error", result)
        return [product["id"] for product in result["products"]]

    def test_suggestions_carry_the_grid_price_and_the_ordered_quantity(self):
        self._login()
        self._save({self.table.id: 3})
        result = self._suggest("po-table")
        self.assertEqual(self._ids(result), [self.table.id])
        suggestion = result["products"][0]
        self.assertEqual(suggestion["reference"], "PO-TABLE")
        self.assertEqual(suggestion["name"], "Garden table")
        self.assertEqual(suggestion["quantity"], 3.0)
        self.assertTrue(suggestion["whole"])
        self.assertTrue(suggestion["exact"], "Enter picks an exact reference")
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        self.assertIn(suggestion["price"], self._row(html, self.table), "the grid's price")
        # Best first: an exact barcode, then the rest by reference
        result = self._suggest("5400000000035")
        self.assertEqual(self._ids(result), [self.parasol.id])
        self.assertTrue(result["products"][0]["exact"])
        result = self._suggest("garden")
        self.assertEqual(self._ids(result), [self.chair.id, self.old_chair.id, self.table.id])
        self.assertFalse(any(product["exact"] for product in result["products"]))

    def test_products_outside_the_campaign_are_never_suggested(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        archived, foreign = self.env["product.product"].create(
            [
                {
                    "name": "Archived lounger",
                    "default_code": "PO-ARCHIVED",
                    "categ_id": self.categ_chairs.id,
                    "active": False,
                },
                {
                    "name": "Foreign table",
                    "default_code": "PO-FOREIGN",
                    "categ_id": self.categ_garden.id,
                    "company_id": other_company.id,
                },
            ]
        )
        self.campaign.excluded_product_ids = self.lounger
        self._login()
        for text in ("PO-LAMP", "lamp", "5400000000066", "PO-ARCHIVED", "Foreign", "lounger"):
            self.assertEqual(self._ids(self._suggest(text)), [], text)
        found = self._ids(self._suggest("PO-"))
        self.assertNotIn(self.lamp.id, found)
        self.assertNotIn(archived.id, found)
        self.assertNotIn(foreign.id, found)

    def test_access_is_checked_like_the_other_routes(self):
        # Public user: no session
        with self.assertRaises(JsonRpcException) as error, mute_logger("odoo.http"):
            self._suggest("PO-TABLE")
        self.assertIn("SessionExpired", error.exception.args[0])
        # A customer not invited, a missing campaign: the same answer
        self._login("preorder_outsider")
        forbidden = self._suggest("PO-TABLE")
        missing = self._suggest("PO-TABLE", campaign=self.campaign.browse(999999))
        self.assertIn("not available to you", forbidden["error"])
        self.assertEqual(forbidden, missing)
        # A customer may not work for another one
        self._login()
        result = self._suggest("PO-TABLE", partner_id=self.customer_gold.id)
        self.assertIn("Only sales representatives", result["error"])
        # A campaign of another company
        foreign_campaign = self.campaign.copy(
            {
                "name": "Foreign campaign",
                "code": "FOREIGN",
                "company_id": self.env["res.company"].create({"name": "Other Co"}).id,
                "audience": "all",
                "pricelist_id": False,
                "is_published": True,
            }
        )
        foreign_campaign.state = "open"
        result = self._suggest("PO-TABLE", campaign=foreign_campaign)
        self.assertIn("not available to you", result["error"])

    def test_rep_gets_the_customer_quantities(self):
        self._login()
        self._save({self.chair.id: 4})
        self._login("preorder_rep")
        self.assertIn("Choose the customer", self._suggest("PO-CHAIR")["error"])
        result = self._suggest("PO-CHAIR", partner_id=self.customer.id)
        self.assertEqual(result["products"][0]["quantity"], 4.0)
        result = self._suggest("PO-CHAIR", partner_id=self.outsider.id)
        self.assertIn("not available", result["error"])

    def test_odd_text(self):
        self._login()
        self.assertEqual(self._ids(self._suggest("PO-\x00TABLE")), [self.table.id])
        self.assertEqual(self._ids(self._suggest("  PO-TABLE  ")), [self.table.id])
        self.assertEqual(self._ids(self._suggest("x" * 1000)), [])
        self.assertEqual(self._ids(self._suggest("%")), [])
        self.assertEqual(self._ids(self._suggest("")), [])
        for text in (None, 42, ["PO-TABLE"], {"text": "PO-TABLE"}):
            self.assertIn("Type a reference", self._suggest(text)["error"], text)
        with mute_logger("odoo.http"):
            response = self._raw_jsonrpc(
                f"/preorder/{self.campaign.id}/suggest", {"text": "x" * 10_000}
            )
        with mute_logger("odoo.http"):
            answer = self._raw_jsonrpc(f"/preorder/{self.campaign.id}/suggest", [1, 2]).json()
        self.assertTrue(answer["result"]["error"], "params not an object: a plain refusal")
        self.assertNotIn("Traceback", str(answer))
        # Refused by the route's max_content_length, or cut at 100 characters
        if response.status_code != 413:
            self.assertEqual(response.json()["result"], {"products": []})

    def test_field_only_on_an_editable_page(self):
        self._login()
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        self.assertIn('role="combobox"', html)
        self.assertIn("o_preorder_quick_entry", html)
        self.campaign.write(
            {
                "date_start": self.now + timedelta(days=2),
                "date_end": self.now + timedelta(days=20),
            }
        )
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        self.assertNotIn("o_preorder_quick_entry", html, "not open yet")

    def test_tour_keyboard_only(self):
        self.start_tour(
            f"/preorder/{self.campaign.id}",
            "preorder_website_quick_entry",
            login="preorder_portal",
        )
        self.assertEqual(self._quantities(self._orders()), {self.table: 5, self.parasol: 3})
