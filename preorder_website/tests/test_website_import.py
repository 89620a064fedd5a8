import io
import json
import re
from html import unescape

import openpyxl

from odoo import http
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteImport(PreorderWebsiteCommon):
    """Export, upload preview and apply, and paste on the website."""

    def _paste(self, text, campaign=None, **params):
        campaign = campaign or self.campaign
        return self._rpc(f"/preorder/{campaign.id}/paste", text=text, **params)

    def _upload(self, content, filename="order.csv", campaign=None, **data):
        campaign = campaign or self.campaign
        return self.url_open(
            f"/preorder/{campaign.id}/import",
            data={"csrf_token": http.Request.csrf_token(self), **data},
            files={"file": (filename, content)},
            allow_redirects=False,
        )

    def _apply(self, entries_json, campaign=None, **data):
        campaign = campaign or self.campaign
        return self.url_open(
            f"/preorder/{campaign.id}/import/apply",
            data={"csrf_token": http.Request.csrf_token(self), "entries": entries_json, **data},
            allow_redirects=False,
        )

    @staticmethod
    def _entries_json(html):
        match = re.search(r'name="entries" value="([^"]*)"', html)
        return unescape(match.group(1)) if match else None

    # ------------------------------------------------------------------
    # Paste
    # ------------------------------------------------------------------
    def test_paste_saves_recognised_rows_and_answers_refused_ones(self):
        self._login()
        text = (
            f"PO-TABLE\t3\r\n{self.chair.barcode}\t2\r\n"
            "PO-NOPE\t1\r\nPO-LAMP\t1\r\npo-oldchair\tx\r\n"
        )
        result = self._paste(text)
        self.assertNotIn("error", result)
        self.assertEqual(result["saved_count"], 2)
        self.assertEqual(result["lines"], {str(self.table.id): 3.0, str(self.chair.id): 2.0})
        refused = {row["row"]: row["reason"] for row in result["refused"]}
        self.assertEqual(sorted(refused), [3, 4, 5])
        self.assertIn("Unknown reference PO-NOPE", refused[3])
        self.assertIn("not part of this campaign", refused[4])
        self.assertIn("not a valid quantity", refused[5])
        self.assertEqual(result["summary"]["line_count"], 2)
        self.assertEqual(self._quantities(self._orders()), {self.table: 3, self.chair: 2})

    def test_paste_of_refused_rows_only_creates_no_order(self):
        self._login()
        result = self._paste("PO-NOPE\t1")
        self.assertEqual(result["saved_count"], 0)
        self.assertEqual(len(result["refused"]), 1)
        self.assertFalse(self._orders())
        result = self._paste("")
        self.assertIn("No row with a quantity", result["error"])

    def test_paste_access(self):
        # A campaign the customer is not invited to: the same answer as a missing one
        self._login("preorder_outsider")
        forbidden = self._paste("PO-TABLE\t1")
        missing = self._paste("PO-TABLE\t1", campaign=self.campaign.browse(999999))
        self.assertEqual(forbidden["error"], missing["error"])
        self.assertFalse(self._orders(partner=self.outsider))
        # A customer may not pass partner_id
        self._login()
        result = self._paste("PO-TABLE\t1", partner_id=self.customer_gold.id)
        self.assertIn("Only sales representatives", result["error"])
        self.assertFalse(self._orders(partner=self.customer_gold))
        # A rep may, for a customer he serves
        self._login("preorder_rep")
        result = self._paste("PO-TABLE\t4", partner_id=self.customer.id)
        self.assertEqual(result["saved_count"], 1)
        self.assertEqual(self._quantities(self._orders()), {self.table: 4})

    def test_paste_in_an_outlet_refuses_rows_above_the_stock(self):
        self._login()
        result = self._paste("PO-TABLE\t3\nPO-PARASOL\t5", campaign=self.outlet)
        self.assertEqual(result["lines"], {str(self.table.id): 3.0})
        self.assertEqual(len(result["refused"]), 1)
        self.assertIn("only 2 left in stock", result["refused"][0]["reason"])
        self.assertEqual(self._quantities(self._orders(campaign=self.outlet)), {self.table: 3})

    def test_paste_in_a_closed_campaign_is_refused(self):
        self._login()
        self.campaign.state = "closed"
        result = self._paste("PO-TABLE\t1")
        self.assertIn("error", result)
        self.assertFalse(self._orders())

    # ------------------------------------------------------------------
    # Upload, preview, apply
    # ------------------------------------------------------------------
    def test_upload_preview_then_apply(self):
        self._login()
        self._save({self.chair.id: 5})
        content = b"Reference;Quantity\nPO-TABLE;2\n5400000000042;1\n"
        response = self._upload(content)
        self.assertEqual(response.status_code, 200)
        self.assertIn("2</strong> products recognised", response.text)
        self.assertIn("Garden table", response.text)
        self.assertIn("o_preorder_import_apply", response.text)
        self.assertEqual(
            self._quantities(self._orders()), {self.chair: 5}, "a preview saves nothing"
        )
        entries = self._entries_json(response.text)
        response = self._apply(entries)
        self.assertEqual(response.status_code, 303)
        self.assertIn(f"/preorder/{self.campaign.id}?imported=2", response.headers["Location"])
        self.assertEqual(
            self._quantities(self._orders()), {self.chair: 5, self.table: 2, self.lounger: 1}
        )

    def test_upload_with_refused_rows_cannot_be_applied(self):
        self._login()
        response = self._upload(b"PO-TABLE;2\nPO-NOPE;1\n")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Unknown reference PO-NOPE", response.text)
        self.assertNotIn("o_preorder_import_apply", response.text)
        # Sending the rows anyway: all or nothing
        response = self._apply(json.dumps([["PO-TABLE", "2", 1], ["PO-NOPE", "1", 2]]))
        self.assertEqual(response.status_code, 400)
        self.assertIn("nothing was imported", response.text)
        self.assertFalse(self._orders())
        with mute_logger("odoo.http"):
            response = self._apply("not json")
        self.assertEqual(response.status_code, 400)

    def test_apply_refused_after_the_preview_shows_it_again_with_why(self):
        self._login()
        entries = json.dumps([["PO-TABLE", "2", 1]])
        self.assertEqual(self._upload(b"PO-TABLE;2\n").status_code, 200)
        self.campaign.state = "closed"  # the deadline passed between preview and apply
        response = self._apply(entries)
        self.assertEqual(response.status_code, 400)
        self.assertIn("o_preorder_import_preview", response.text)
        self.assertIn("o_preorder_import_error", response.text)
        self.assertIn("Garden table", response.text, "the rows as they are now")
        self.assertNotIn("o_preorder_import_apply", response.text, "no Apply that would fail")
        self.assertFalse(self._orders())

    def test_upload_problems(self):
        self._login()
        response = self._upload(b"%PDF-1.4", filename="order.pdf")
        self.assertEqual(response.status_code, 400)
        self.assertIn("import a CSV or XLSX", response.text)
        response = self._upload(b"A;1\n" * 600000)  # 2.4 MB
        self.assertEqual(response.status_code, 400)
        self.assertIn("The file is too large: at most 2 MB.", response.text)
        with mute_logger("odoo.http", "werkzeug"):
            response = self._upload(b"A;1\n" * 1100000)  # 4.4 MB: refused before reading
        self.assertEqual(response.status_code, 413)
        self.assertFalse(self._orders())

    def test_upload_without_csrf_is_refused(self):
        self._login()
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/preorder/{self.campaign.id}/import",
                files={"file": ("order.csv", b"PO-TABLE;2")},
                allow_redirects=False,
            )
        self.assertEqual(response.status_code, 400)

    def test_upload_access(self):
        self._login("preorder_outsider")
        response = self._upload(b"PO-TABLE;2")
        self.assertEqual(response.status_code, 400)
        self.assertIn("does not exist or is not available", response.text)
        self._login()
        response = self._apply(json.dumps([["PO-TABLE", "2", 1]]), partner_id=self.customer_gold.id)
        self.assertIn("Only sales representatives", response.text)
        self.assertFalse(self._orders(partner=self.customer_gold))

    # ------------------------------------------------------------------
    # Export
    # ------------------------------------------------------------------
    def test_export_download_and_reimport(self):
        self._login()
        self._save({self.table.id: 3, self.chair.id: 7})
        response = self.url_open(f"/preorder/{self.campaign.id}/export")
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])
        self.assertIn(".xlsx", response.headers["Content-Disposition"])
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        codes = [row[0] for row in sheet.iter_rows(values_only=True)]
        self.assertIn("PO-TABLE", codes)
        self.assertNotIn("PO-PARASOL", codes, "only the ordered products")
        # The file uploads back to the same quantities
        self._save({self.table.id: 0})
        preview = self._upload(response.content, filename="export.xlsx")
        self._apply(self._entries_json(preview.text))
        self.assertEqual(self._quantities(self._orders()), {self.table: 3, self.chair: 7})

        form = self.url_open(f"/preorder/{self.campaign.id}/export?empty=1")
        sheet = openpyxl.load_workbook(io.BytesIO(form.content)).active
        codes = [row[0] for row in sheet.iter_rows(values_only=True)]
        self.assertIn("PO-PARASOL", codes)
        self.assertNotIn("PO-LAMP", codes)

    def test_export_access(self):
        self._login("preorder_outsider")
        response = self.url_open(f"/preorder/{self.campaign.id}/export?empty=1")
        self.assertEqual(response.status_code, 403)
        self._login()
        response = self.url_open(
            f"/preorder/{self.campaign.id}/export?partner_id={self.customer_gold.id}"
        )
        self.assertEqual(response.status_code, 403)
        self._login("preorder_rep")
        response = self.url_open(
            f"/preorder/{self.campaign.id}/export?empty=1&partner_id={self.customer.id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response.headers["Content-Type"])

    def test_grid_page_shows_import_export_and_paste(self):
        self._login()
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        self.assertIn(f"/preorder/{self.campaign.id}/export", html)
        self.assertIn("o_preorder_import_form", html)
        self.assertIn("o_preorder_paste", html)
