import base64
import io
import logging

import openpyxl

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged

from .sale_order_common import PreorderOrderCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestOrderImport(PreorderOrderCommon):
    """Entries by reference: resolve, import (all or nothing, one save), export."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.old_table = Product.create(
            {
                "name": "Old garden table",
                "categ_id": cls.categ_other.id,
                "default_code": "PO-OLDTABLE",
                "barcode": "5400000000097",
                "sale_ok": False,
                "replaced_by_product_id": cls.lounger.id,
            }
        )
        pack = cls.env["uom.uom"].create(
            {"name": "Pack of 6", "relative_factor": 6, "relative_uom_id": cls.chair.uom_id.id}
        )
        cls.env["product.uom"].create(
            {"product_id": cls.chair.id, "uom_id": pack.id, "barcode": "9990000000001"}
        )
        cls.other_company = cls.env["res.company"].create({"name": "Import Other Co"})
        cls.foreign_product, cls.unsold = Product.create(
            [
                {
                    "name": "Foreign chair",
                    "categ_id": cls.categ_chairs.id,
                    "default_code": "PO-FOREIGN",
                    "company_id": cls.other_company.id,
                },
                {
                    "name": "Unsold chair",
                    "categ_id": cls.categ_chairs.id,
                    "default_code": "PO-UNSOLD",
                    "sale_ok": False,
                },
            ]
        )
        cls.many = Product.create(
            [
                {
                    "name": f"Bulk chair {index}",
                    "categ_id": cls.categ_chairs.id,
                    "list_price": 10.0,
                    "default_code": f"PO-BULK-{index:03d}",
                    "barcode": f"77000000{index:05d}",
                    "taxes_id": [Command.clear()],
                }
                for index in range(300)
            ]
        )

    def _campaign(self):
        # As the website calls it: sudo'ed, for the portal customer
        return self.campaign.with_user(self.portal_user).sudo()

    def _order(self, partner=None):
        return self.campaign._preorder_get_order(partner or self.customer)

    # ------------------------------------------------------------------
    # Resolving
    # ------------------------------------------------------------------
    def test_references_barcodes_case_and_spaces(self):
        quantities, refused = self._campaign()._preorder_resolve_entries(
            [(" po-table ", "2"), (self.chair.barcode, 3), ("Po-Parasol", "1.0")]
        )
        self.assertFalse(refused)
        self.assertEqual(quantities, {self.table.id: 2.0, self.chair.id: 3.0, self.parasol.id: 1.0})

    def test_packaging_and_replaced_product(self):
        quantities, refused = self._campaign()._preorder_resolve_entries(
            [("9990000000001", "2"), ("PO-OLDTABLE", 4)]
        )
        self.assertFalse(refused)
        self.assertEqual(quantities, {self.chair.id: 12.0, self.lounger.id: 4.0})

    def test_refused_rows_and_their_reasons(self):
        quantities, refused = self._campaign()._preorder_resolve_entries(
            [
                ("PO-TABLE", "2"),
                ("PO-NOPE", "1"),
                ("PO-LAMP", "1"),
                ("PO-CHAIR", "abc"),
                ("PO-PARASOL", "2.5"),
                ("PO-LOUNGER", "-1"),
                ("po-table", "3"),
                ("", "4"),
                ("PO-FOREIGN", "1"),
                ("PO-UNSOLD", "1"),
                ("9990000000001", "1"),
            ]
        )
        self.assertEqual(quantities, {self.table.id: 2.0, self.chair.id: 6.0})
        reasons = {entry["row"]: entry["reason"] for entry in refused}
        self.assertEqual(sorted(reasons), [2, 3, 4, 5, 6, 7, 8, 9, 10])
        self.assertIn("Unknown reference PO-NOPE", reasons[2])
        self.assertIn("not part of this campaign", reasons[3])
        self.assertIn("is not a valid quantity", reasons[4])
        self.assertIn("whole number", reasons[5])
        self.assertIn("cannot be negative", reasons[6])
        self.assertIn("already on row 1", reasons[7])
        self.assertEqual(reasons[8], "No reference.")
        # Another company's product and a product not sold: unknown, as for the scan
        self.assertIn("Unknown reference PO-FOREIGN", reasons[9])
        self.assertIn("Unknown reference PO-UNSOLD", reasons[10])
        self.assertEqual(refused[0]["reference"], "PO-NOPE")
        self.assertEqual(refused[0]["quantity"], "1")

    def test_resolving_costs_the_same_queries_for_10_and_300_entries(self):
        campaign = self._campaign()
        entries = [
            (product.default_code if index % 2 else product.barcode, "1")
            for index, product in enumerate(self.many)
        ]

        def count(entries):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            quantities, refused = campaign._preorder_resolve_entries(entries)
            self.assertFalse(refused)
            self.assertEqual(len(quantities), len(entries))
            return self.cr.sql_log_count - before

        count(entries[:10])  # warm the caches
        small, large = count(entries[:10]), count(entries)
        _logger.info("resolving 10 entries: %s queries, 300 entries: %s queries", small, large)
        self.assertEqual(small, large)
        self.assertLessEqual(large, 12)

    def test_preview_costs_the_same_queries_for_10_and_300_entries(self):
        campaign = self._campaign()
        entries = [(product.default_code, "1") for product in self.many]

        def count(entries):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            preview = campaign._preorder_import(self.customer, entries)
            self.assertEqual(preview["line_count"], len(entries))
            self.assertTrue(all(row["product_name"] for row in preview["rows"]))
            return self.cr.sql_log_count - before

        count(entries[:10])  # warm the caches
        small, large = count(entries[:10]), count(entries)
        _logger.info("previewing 10 entries: %s queries, 300 entries: %s queries", small, large)
        self.assertEqual(small, large)

    # ------------------------------------------------------------------
    # Import
    # ------------------------------------------------------------------
    def test_import_with_one_bad_row_changes_nothing(self):
        campaign = self._campaign()
        campaign._preorder_save(self.customer, {self.table.id: 2})
        order = self._order()
        entries = [("PO-TABLE", "5"), ("PO-CHAIR", "3"), ("PO-NOPE", "1")]
        preview = campaign._preorder_import(self.customer, entries)
        self.assertEqual((preview["line_count"], preview["refused_count"]), (2, 1))
        self.assertEqual(preview["rows"][0]["current_quantity"], 2.0)
        self.assertEqual(preview["rows"][0]["price_unit"], 200.0)
        self.assertEqual(preview["amount"], 5 * 200.0 + 3 * 50.0)
        with self.assertRaisesMessage(UserError, "1 rows are refused"):
            campaign._preorder_import(self.customer, entries, apply=True)
        self.assertEqual(self._quantities(order), {self.table: 2})

    def test_block_mode_rules_refuse_their_rows_in_the_preview(self):
        self.campaign.write(
            {
                "quantity_rule_mode": "block",
                "quantity_rule_ids": [
                    Command.create({"product_id": self.chair.id, "min_qty": 6}),
                    Command.create({"product_id": self.table.id, "multiple_qty": 2}),
                ],
            }
        )
        campaign = self._campaign()
        entries = [("PO-TABLE", "3"), ("PO-CHAIR", "4"), ("PO-PARASOL", "1")]
        preview = campaign._preorder_import(self.customer, entries)
        reasons = {row["reference"]: row["reason"] for row in preview["rows"] if not row["ok"]}
        self.assertEqual(
            reasons,
            {
                "PO-TABLE": f"{self.table.display_name}: order by 2 (2, 4, 6…).",
                "PO-CHAIR": f"{self.chair.display_name}: order at least 6.",
            },
            "each row refused with the save's message",
        )
        self.assertEqual(preview["line_count"], 1)
        with self.assertRaisesMessage(UserError, "2 rows are refused"):
            campaign._preorder_import(self.customer, entries, apply=True)
        self.assertFalse(self._order())
        # A paste saves the rows the rules allow and lists the others
        order, _result, refused = campaign._preorder_add_recognised(self.customer, entries)
        self.assertEqual(self._quantities(order), {self.parasol: 1})
        self.assertEqual([row["reference"] for row in refused], ["PO-TABLE", "PO-CHAIR"])
        # A salesperson may make an exception: nothing refused for him
        preview = self.campaign.with_user(self.preorder_user)._preorder_import(
            self.customer, entries, rules="salesperson"
        )
        self.assertEqual(preview["refused_count"], 0)

    def test_import_of_a_customer_without_order_creates_nothing_on_refusal(self):
        with self.assertRaises(UserError):
            self._campaign()._preorder_import(self.customer, [("PO-LAMP", "1")], apply=True)
        self.assertFalse(self._order())

    def test_clean_import_equals_typing_the_same_quantities(self):
        campaign = self._campaign()
        typed = {self.table.id: 30, self.chair.id: 12, self.display.id: 5}
        campaign._preorder_save(self.customer_gold, typed)
        preview = campaign._preorder_import(
            self.customer,
            [("po-table", "30"), (self.chair.barcode, "12"), ("PO-DISPLAY", 5)],
            apply=True,
        )
        self.assertTrue(preview["applied"])
        imported, reference = self._order(), self._order(self.customer_gold)
        self.assertEqual(preview["order_id"], imported.id)
        self.assertEqual(
            {line.product_id: line.product_uom_qty for line in imported.order_line},
            {line.product_id: line.product_uom_qty for line in reference.order_line},
        )
        for field in ("amount_untaxed", "amount_total", "preorder_discount_percent"):
            self.assertEqual(imported[field], reference[field], field)
        self.assertEqual(imported.preorder_discount_percent, 5)

    def test_import_sets_what_the_file_lists_only(self):
        campaign = self._campaign()
        campaign._preorder_save(self.customer, {self.table.id: 2, self.chair.id: 4})
        campaign._preorder_import(
            self.customer, [("PO-TABLE", "0"), ("PO-PARASOL", "1")], apply=True
        )
        self.assertEqual(self._quantities(self._order()), {self.chair: 4, self.parasol: 1})

    def test_import_of_300_lines_is_one_save(self):
        campaign = self._campaign()
        entries = [(product.default_code, "2") for product in self.many]
        preview = campaign._preorder_import(self.customer, entries, apply=True)
        self.assertEqual(preview["line_count"], 300)
        order = self._order()
        self.assertEqual(len(order.order_line), 300)
        self.assertEqual(sum(order.order_line.mapped("product_uom_qty")), 600)

    def test_file_problems_are_translated_errors(self):
        campaign = self._campaign()
        with self.assertRaisesMessage(UserError, "import a CSV or XLSX"):
            campaign._preorder_read_spreadsheet(b"%PDF", "order.pdf")
        with self.assertRaisesMessage(UserError, "too large"):
            campaign._preorder_read_spreadsheet(b"A;1\n" * 600000, "order.csv")
        entries = campaign._preorder_read_spreadsheet(
            "\ufeffReference;Quantity\nPO-TABLE;2\n".encode(), "order.csv"
        )
        self.assertEqual(entries, [("PO-TABLE", "2", 2)])
        entries = campaign._preorder_read_spreadsheet(text="PO-TABLE\t2\r\nPO-CHAIR\t1")
        self.assertEqual(entries, [("PO-TABLE", "2", 1), ("PO-CHAIR", "1", 2)])

    # ------------------------------------------------------------------
    # Export
    # ------------------------------------------------------------------
    def test_export_then_import_gives_the_same_order(self):
        campaign = self._campaign()
        campaign._preorder_save(
            self.customer, {self.table.id: 3, self.chair.id: 7, self.many[0].id: 2}
        )
        order = self._order()
        data = campaign._preorder_export_xlsx(self.customer)
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        cells = [
            [cell for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)
        ]
        self.assertEqual(cells[0], ["Garden 2027"])
        self.assertIn(["Customer", self.customer.display_name], cells)
        tiers = next(row for row in cells if row and row[0] == "Discount tiers")
        self.assertEqual(len(tiers), 4)
        self.assertIn(": 2 %", tiers[1])
        header = ["Reference", "Barcode", "Product", "Unit", "Price", "Quantity"]
        table = cells[cells.index(header) + 1 :]
        self.assertEqual(len(table), 3)
        self.assertEqual(table[-1][:2], ["PO-TABLE", self.table.barcode])
        self.assertEqual(table[-1][-2:], [200.0, 3])

        entries = campaign._preorder_read_spreadsheet(data, "export.xlsx")
        # Into another customer's new order, and back into the same one
        campaign._preorder_import(self.customer_gold, entries, apply=True)
        self.assertEqual(self._quantities(self._order(self.customer_gold)), self._quantities(order))
        campaign._preorder_import(self.customer, entries, apply=True)
        self.assertEqual(self._quantities(order), {self.table: 3, self.chair: 7, self.many[0]: 2})

    def test_empty_order_form_lists_every_product(self):
        campaign = self._campaign()
        campaign._preorder_save(self.customer, {self.table.id: 3})
        data = campaign._preorder_export_xlsx(self.customer, empty=True)
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        codes = [row[0] for row in sheet.iter_rows(values_only=True) if row[0]]
        self.assertIn("PO-BULK-299", codes)
        self.assertIn("PO-TABLE", codes)
        # No quantity at all: an empty form imports nothing
        with self.assertRaisesMessage(UserError, "No row with a quantity"):
            campaign._preorder_read_spreadsheet(data, "form.xlsx")

    def test_export_refuses_a_partner_not_invited(self):
        with self.assertRaises(UserError):
            self._campaign()._preorder_export_xlsx(self.outsider, empty=True)

    # ------------------------------------------------------------------
    # Backoffice wizard
    # ------------------------------------------------------------------
    def _wizard(self, content, filename="order.csv"):
        return (
            self.env["preorder.order.import"]
            .with_user(self.preorder_user)
            .create(
                {
                    "campaign_id": self.campaign.id,
                    "partner_id": self.customer.id,
                    "file": base64.b64encode(content),
                    "filename": filename,
                }
            )
        )

    def test_wizard_previews_refuses_then_applies(self):
        wizard = self._wizard(b"Reference;Quantity\nPO-TABLE;4\nPO-NOPE;1\n")
        wizard.action_preview()
        self.assertEqual((wizard.line_count, wizard.refused_count), (1, 1))
        refused = wizard.line_ids.filtered(lambda line: line.status == "refused")
        self.assertEqual((refused.row, refused.reference), (3, "PO-NOPE"))
        self.assertEqual(wizard.amount, 800.0)
        with self.assertRaisesMessage(UserError, "nothing was imported"):
            wizard.action_apply()
        self.assertFalse(self._order())

        wizard = self._wizard(b"PO-TABLE;4\nPO-CHAIR;2\n")
        wizard.action_preview()
        action = wizard.action_apply()
        order = self._order()
        self.assertEqual((action["res_model"], action["res_id"]), ("sale.order", order.id))
        self.assertEqual(self._quantities(order), {self.table: 4, self.chair: 2})
        # A rep's import is logged in the customer's order like his typing
        self.assertTrue(order.message_ids.filtered(lambda m: "Garden table" in (m.body or "")))

    def test_wizard_from_the_grid_and_export(self):
        grid = (
            self.env["preorder.order.grid"]
            .with_user(self.preorder_user)
            .create({"campaign_id": self.campaign.id, "partner_id": self.customer.id})
        )
        grid.action_open_grid()
        action = grid.action_open_import()
        wizard = (
            self.env["preorder.order.import"].with_user(self.preorder_user).browse(action["res_id"])
        )
        self.assertEqual(wizard.grid_id, grid)
        wizard.file = base64.b64encode(b"PO-PARASOL;3")
        wizard.filename = "paste.csv"
        wizard.action_preview()
        action = wizard.action_apply()
        self.assertEqual(action["res_model"], "preorder.order.grid.line")
        parasol_line = grid.line_ids.filtered(lambda line: line.product_id == self.parasol)
        self.assertEqual(parasol_line.quantity, 3)
        action = wizard.action_export()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn("field=export_file", action["url"])
        sheet = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.export_file))).active
        self.assertIn("PO-PARASOL", [row[0] for row in sheet.iter_rows(values_only=True)])
        self.assertTrue(wizard.export_filename.endswith(".xlsx"))
