from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import PreorderPurchaseCommon


@tagged("post_install", "-at_install")
class TestPurchaseAdvice(PreorderPurchaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._preorder(cls.customer, {cls.table: 8, cls.chair: 5, cls.parasol: 10}, confirm=True)
        cls._preorder(cls.customer_gold, {cls.table: 4, cls.lounger: 3})
        cls._close()

    def test_rounding_and_price_breaks_confirmed_only(self):
        advice = self._advice_by_product()
        self.assertEqual(set(advice), {self.table.id, self.chair.id, self.parasol.id})
        table, chair, parasol = (advice[p.id] for p in (self.table, self.chair, self.parasol))
        self.assertEqual(
            (table["vendor_id"], table["demand_qty"], table["quantity"], table["price_unit"]),
            (self.vendor_oak.id, 8.0, 8.0, 100.0),
        )
        self.assertFalse(table["rounding_reason"])
        # Rounded up to the vendor's minimum of 12.
        self.assertEqual(
            (chair["quantity"], chair["rounding_reason"], chair["price_unit"]),
            (12.0, "min_qty", 20.0),
        )
        # 10 parasols → 2 packs of 6, which reach the break of 2 packs: 216 / 6 = 36.
        self.assertEqual(
            (parasol["vendor_id"], parasol["quantity"], parasol["rounding_reason"]),
            (self.vendor_sun.id, 12.0, "multiple"),
        )
        self.assertEqual(parasol["supplierinfo_id"], self.parasol_sun_2.id)
        self.assertAlmostEqual(parasol["price_unit"], 36.0)
        self.assertEqual(parasol["purchase_uom_id"], self.uom_pack6.id)

    def test_include_unconfirmed(self):
        advice = self._advice_by_product(include_unconfirmed=True)
        # 12 tables reach the break from 10; the lounger has no vendor but is kept.
        self.assertEqual(
            (advice[self.table.id]["quantity"], advice[self.table.id]["price_unit"]),
            (12.0, 90.0),
        )
        self.assertEqual(advice[self.table.id]["supplierinfo_id"], self.table_oak_10.id)
        lounger = advice[self.lounger.id]
        self.assertEqual((lounger["vendor_id"], lounger["quantity"]), (False, 3.0))

    def test_wizard_lines_are_editable_before_creating(self):
        wizard_form = Form(
            self.env["preorder.purchase.advice"].with_context(default_campaign_id=self.campaign.id)
        )
        self.assertEqual(len(wizard_form.line_ids), 3)
        wizard_form.include_unconfirmed = True
        self.assertEqual(len(wizard_form.line_ids), 4)
        self.assertEqual(wizard_form.missing_vendor_count, 1)
        for index in range(len(wizard_form.line_ids)):
            with wizard_form.line_ids.edit(index) as line:
                if line.product_id == self.lounger:
                    line.vendor_id = self.vendor_sun  # no price: cost price, to be typed
                    self.assertEqual(line.price_unit, self.lounger.standard_price)
                    line.price_unit = 55.0
                elif line.product_id == self.table:
                    line.quantity = 50  # reaches the break from 50
                    self.assertEqual(line.price_unit, 80.0)
                elif line.product_id == self.chair:
                    line.vendor_id = self.vendor_sun  # buy chairs elsewhere
        wizard = wizard_form.save()
        self.assertEqual(wizard.missing_vendor_count, 0)
        action = wizard.action_create_rfqs()
        orders = self.env["purchase.order"].search(action["domain"])
        self.assertEqual(orders.partner_id, self.vendor_oak | self.vendor_sun)
        oak = orders.filtered(lambda o: o.partner_id == self.vendor_oak)
        sun = orders - oak
        self.assertEqual(
            [(line.product_id, line.product_qty, line.price_unit) for line in oak.order_line],
            [(self.table, 50.0, 80.0)],
        )
        self.assertEqual(
            sorted(
                (line.product_id.id, line.product_qty, line.product_uom_id.id, line.price_unit)
                for line in sun.order_line
            ),
            sorted(
                [
                    (self.chair.id, 12.0, self.uom_unit.id, self.chair.standard_price),
                    (self.parasol.id, 2.0, self.uom_pack6.id, 216.0),
                    (self.lounger.id, 3.0, self.uom_unit.id, 55.0),
                ]
            ),
        )

    def test_products_without_vendor_block_and_warn(self):
        wizard = self.env["preorder.purchase.advice"].create(
            {
                "campaign_id": self.campaign.id,
                "include_unconfirmed": True,
            }
        )
        missing = wizard.line_ids.filtered(lambda line: not line.vendor_id)
        self.assertEqual(missing.product_id, self.lounger)
        with self.assertRaisesRegex(UserError, "Sun lounger"):
            wizard.action_create_rfqs()
        self.assertFalse(self.campaign.purchase_order_ids)
        action = missing.action_open_product_vendors()
        self.assertEqual(
            (action["res_model"], action["res_id"]),
            ("product.template", self.lounger.product_tmpl_id.id),
        )
        # A vendor price added on the product is picked up by a refresh.
        self.env["product.supplierinfo"].create(
            self._seller_values(self.lounger, self.vendor_sun, 0, 70)
        )
        wizard.action_refresh()
        self.assertEqual(wizard.missing_vendor_count, 0)
        wizard.action_create_rfqs()
        self.assertIn(self.lounger, self.campaign.purchase_order_ids.order_line.product_id)

    def test_preview_on_open_campaign(self):
        self.campaign.state = "open"
        wizard = self.env["preorder.purchase.advice"].create({"campaign_id": self.campaign.id})
        self.assertEqual(wizard.campaign_state, "open")
        self.assertEqual(len(wizard.line_ids), 3)
