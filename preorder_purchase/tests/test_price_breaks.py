from psycopg2 import IntegrityError

from odoo.tests import Form, tagged
from odoo.tools import format_amount, mute_logger

from .common import PreorderPurchaseCommon


@tagged("post_install", "-at_install")
class TestPriceBreaks(PreorderPurchaseCommon):
    """Garden tables: 44 confirmed + 2 sent = 46, 4 short of Oakwood's break from
    50 (80 instead of 90). Chairs: 8, below Oakwood's minimum of 12. Parasols: 10,
    bought as 2 packs of 6, which already reach Sunny's best price. Sun loungers:
    no vendor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._preorder(cls.customer, {cls.table: 44, cls.chair: 8, cls.parasol: 10}, confirm=True)
        cls._preorder(cls.customer_gold, {cls.table: 2, cls.lounger: 3})

    def _plan(self):
        rows = self.env["preorder.purchase.plan"].search([("campaign_id", "=", self.campaign.id)])
        return {row.product_id: row for row in rows}

    def test_advice_lines_show_the_next_break(self):
        advice = self._advice_by_product()
        table, chair, parasol = (advice[p.id] for p in (self.table, self.chair, self.parasol))
        # 44 tables at 90: 6 more reach 80; 50 tables then cost 500 less.
        self.assertEqual(
            (
                table["next_break_missing_qty"],
                table["next_break_qty"],
                table["next_break_price"],
                table["next_break_saving"],
                table["below_vendor_minimum"],
                table["is_near_break"],
            ),
            (6.0, 50.0, 80.0, 500.0, False, True),
        )
        # 8 chairs: 4 short of the vendor minimum (bought anyway), no saving;
        # 4 is more than 20% of 12: not near.
        self.assertEqual(
            (
                chair["next_break_missing_qty"],
                chair["next_break_qty"],
                chair["next_break_saving"],
                chair["below_vendor_minimum"],
                chair["is_near_break"],
            ),
            (4.0, 12.0, 0.0, True, False),
        )
        # The packs already reach the best price: no next break.
        self.assertEqual((parasol["next_break_qty"], parasol["is_near_break"]), (0.0, False))

    def test_wizard_columns_and_repricing(self):
        wizard_form = Form(
            self.env["preorder.purchase.advice"].with_context(default_campaign_id=self.campaign.id)
        )
        currency = self.env.company.currency_id
        labels = {}
        for index in range(len(wizard_form.line_ids)):
            with wizard_form.line_ids.edit(index) as line:
                labels[line.product_id] = line.next_break_label
                if line.product_id == self.table:
                    line.quantity = 50  # the buyer rounds up to the break himself
                    self.assertEqual(line.price_unit, 80.0)
                    self.assertFalse(line.next_break_qty)
                    self.assertFalse(line.next_break_label)
                elif line.product_id == self.chair:
                    line.vendor_id = self.vendor_sun  # no price at Sunny: no break either
                    self.assertFalse(line.next_break_qty)
        self.assertEqual(
            labels[self.table], f"+6 Units, saves {format_amount(self.env, 500, currency)}"
        )
        self.assertEqual(labels[self.chair], "+4 Units to the vendor minimum")
        self.assertFalse(labels[self.parasol])
        wizard = wizard_form.save()
        table = wizard.line_ids.filtered(lambda line: line.product_id == self.table)
        self.assertEqual((table.quantity, table.next_break_qty), (50.0, 0.0))

    def test_near_break_list_from_the_campaign(self):
        plan = self._plan()
        # The plan counts the sent quotation too: 46 tables, 4 short of 50.
        self.assertRecordValues(
            plan[self.table],
            [
                {
                    "total_qty": 46.0,
                    "price_unit": 90.0,
                    "next_break_missing_qty": 4.0,
                    "next_break_qty": 50.0,
                    "next_break_price": 80.0,
                    "next_break_saving": 500.0,
                    "is_near_break": True,
                }
            ],
        )
        self.assertFalse(plan[self.lounger].next_break_qty)
        action = self.campaign.action_view_price_breaks()
        near = self.env["preorder.purchase.plan"].search(action["domain"])
        self.assertEqual(near.product_id, self.table)
        # A wider threshold takes the chairs too (4 of 12 missing: 33%).
        self.campaign.price_break_threshold = 40
        near = self.env["preorder.purchase.plan"].search(action["domain"])
        self.assertEqual(near.product_id, self.table | self.chair)
        # The filter works from the plan's search view as well.
        Plan = self.env["preorder.purchase.plan"]
        domain = [("campaign_id", "=", self.campaign.id), ("is_near_break", "=", True)]
        self.assertEqual(Plan.search_count(domain), 2)

    def test_plan_measures_the_break_from_the_rounded_quantity_as_the_advice(self):
        """10 parasols are bought as 2 packs of 6, which reach Sunny's break (36
        instead of 40): the plan no longer says "+2 Units" to a break the advice
        already reaches, and it shows the advice's figure for every product."""
        plan = self._plan()
        advice = self._advice_by_product()
        self.assertEqual(advice[self.parasol.id]["quantity"], 12.0)
        self.assertRecordValues(
            plan[self.parasol],
            [{"total_qty": 10.0, "next_break_qty": 0.0, "is_near_break": False}],
        )
        self.assertFalse(plan[self.parasol].next_break_label)
        names = ["next_break_qty", "next_break_missing_qty", "next_break_saving"]
        for product in (self.chair, self.parasol):  # no unconfirmed quotation of them
            with self.subTest(product=product.name):
                self.assertEqual(
                    [plan[product][name] for name in names],
                    [advice[product.id][name] for name in names],
                )

    def test_sales_rep_sees_the_units_not_the_prices(self):
        plan = self.env["preorder.purchase.plan"].with_user(self.preorder_user)
        rows = plan.search([("campaign_id", "=", self.campaign.id), ("is_near_break", "=", True)])
        self.assertEqual(rows.product_id, self.table)
        table = rows.filtered(lambda plan_row: plan_row.product_id == self.table)
        self.assertEqual(table.next_break_missing_qty, 4.0)
        self.assertNotIn("next_break_saving", plan.fields_get())

    def test_threshold_is_a_percentage(self):
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.cr.savepoint(),
        ):
            self.campaign.price_break_threshold = 120
            self.campaign.flush_recordset()

    def test_negotiation_sheet_values(self):
        sheet = self.campaign._get_negotiation_sheet()
        self.assertEqual(
            [group["vendor"] for group in sheet],
            [self.vendor_oak, self.vendor_sun, self.env["res.partner"]],
        )
        oak, sun, no_vendor = sheet
        # Lines by brand, category, product: Garden before Garden / Chairs.
        self.assertEqual(oak["lines"].product_id.ids, [self.table.id, self.chair.id])
        table = oak["lines"][0]
        self.assertEqual(
            (table.confirmed_qty, table.total_qty, table.price_unit, table.next_break_saving),
            (44.0, 46.0, 90.0, 500.0),
        )
        # 46 tables at 90 + 8 chairs at the minimum's price (20).
        self.assertEqual(oak["amount"], 46 * 90 + 8 * 20)
        self.assertEqual(oak["saving"], 500.0)
        self.assertEqual(sun["lines"].product_id, self.parasol)
        self.assertEqual(no_vendor["lines"].product_id, self.lounger)

    def test_negotiation_sheet_renders(self):
        report = self.env.ref("preorder_purchase.action_report_campaign_negotiation")
        html, _format = self.env["ir.actions.report"]._render_qweb_html(
            report.report_name, self.campaign.ids
        )
        html = html.decode()
        for text in (
            "Negotiation Sheet",
            self.campaign.name,
            "Oakwood Supplies",
            "Sunny Trading",
            "No vendor",
            "Garden table",
            "Chairs",
            "vendor minimum",
            "500.00",  # the table's saving
            "4,300.00",  # Oakwood's amount: 46 tables at 90, 8 chairs at 20
        ):
            self.assertIn(text, html)
        # In the campaign's Print menu for purchase users, not for sales reps.
        Actions = self.env["ir.actions.actions"]
        bindings = Actions.with_user(self.preorder_user).get_bindings("preorder.campaign")
        self.assertNotIn(report.id, [action["id"] for action in bindings.get("report", [])])
        bindings = Actions.with_user(self.preorder_manager).get_bindings("preorder.campaign")
        self.assertIn(report.id, [action["id"] for action in bindings.get("report", [])])
