from odoo import http
from odoo.tests import tagged

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteQuantityRules(PreorderWebsiteCommon):
    """Quantity rules and the minimum order value, through the website routes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env["preorder.quantity.rule"]
        cls.chair_rule = Rule.create(
            {"campaign_id": cls.campaign.id, "product_id": cls.chair.id, "min_qty": 6}
        )
        cls.parasol_rule = Rule.create(
            {"campaign_id": cls.campaign.id, "product_id": cls.parasol.id, "max_qty": 24}
        )
        cls.default_rule = Rule.create({"campaign_id": cls.campaign.id, "multiple_qty": 2})

    @staticmethod
    def _text(product, rule_text):
        return f"{product.display_name}: {rule_text}"

    def _finalize(self):
        return self.url_open(
            f"/preorder/{self.campaign.id}/finalize",
            data={"csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )

    def test_warn_mode_saves_and_returns_the_warnings(self):
        self._login()
        result = self._save({self.chair.id: 3, self.parasol.id: 25, self.table.id: 3})
        self.assertNotIn("error", result)
        self.assertEqual(
            self._quantities(self._orders()), {self.chair: 3, self.parasol: 25, self.table: 3}
        )
        self.assertEqual(
            result["warnings"],
            {
                str(self.chair.id): self._text(self.chair, "order at least 6."),
                str(self.parasol.id): self._text(self.parasol, "order at most 24."),
                str(self.table.id): self._text(self.table, "order by 2 (2, 4, 6…)."),
            },
        )
        result = self._save({self.chair.id: 6})
        self.assertEqual(result["warnings"], {str(self.chair.id): ""}, "cleared")

    def test_block_mode_refuses_each_rule(self):
        self.campaign.quantity_rule_mode = "block"
        self._login()
        for quantities, message in (
            ({self.chair.id: 4}, self._text(self.chair, "order at least 6.")),
            ({self.parasol.id: 26}, self._text(self.parasol, "order at most 24.")),
            ({self.table.id: 3}, self._text(self.table, "order by 2 (2, 4, 6…).")),
        ):
            with self.subTest(message=message):
                result = self._save(quantities)
                self.assertEqual(result, {"error": message})
                self.assertFalse(self._orders(), "nothing kept, not even the draft")
        result = self._save({self.chair.id: 6, self.parasol.id: 24, self.table.id: 4})
        self.assertNotIn("error", result)
        self.assertEqual(set(result["warnings"].values()), {""})

    def test_a_rep_on_the_website_follows_the_customer_rules(self):
        self.campaign.quantity_rule_mode = "block"
        self._login("preorder_rep")
        result = self._save({self.chair.id: 4}, partner_id=self.customer.id)
        self.assertEqual(result, {"error": self._text(self.chair, "order at least 6.")})

    def test_rows_show_the_rule_and_step_by_the_multiple(self):
        self._login()
        self._save({self.chair.id: 3})
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        chair = self._row(html, self.chair)
        self.assertIn("min 6", chair)
        self.assertNotIn("by 2", chair, "the product's own rule, not the default")
        self.assertIn(self._text(self.chair, "order at least 6."), chair)
        self.assertIn('data-rule-min="6"', chair)
        table = self._row(html, self.table)
        self.assertIn("by 2", table)
        self.assertIn('step="2"', table)
        self.assertIn('min="0"', table, "0 still removes the line")
        self.assertIn("o_preorder_rule_warning d-none", table)

    def test_state_refresh_returns_the_warnings(self):
        self._login()
        self._save({self.chair.id: 3, self.table.id: 2})
        result = self._rpc(
            f"/preorder/{self.campaign.id}/state", product_ids=[self.chair.id, self.table.id]
        )
        self.assertEqual(
            result["warnings"],
            {
                str(self.chair.id): self._text(self.chair, "order at least 6."),
                str(self.table.id): "",
            },
        )

    def test_scan_returns_the_warning(self):
        self._login()
        result = self._rpc(f"/preorder/{self.campaign.id}/scan", barcode=self.chair.barcode)
        self.assertEqual(
            result["warnings"],
            {str(self.chair.id): self._text(self.chair, "order at least 6.")},
        )

    def test_minimum_order_value_in_the_summary_and_at_finalize(self):
        self.campaign.min_order_amount = 1000
        self._login()
        result = self._save({self.table.id: 2})  # 400
        summary = result["summary"]
        self.assertIn("600.00", summary["min_order_shortfall"])
        self.assertIn("1,000.00", summary["min_order_amount"])
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        self.assertIn("to reach the minimum order of", html)
        self.assertRegex(
            html, r'o_preorder_finalize_ask"\s+data-disable="min_order_shortfall"\s+disabled'
        )

        response = self._finalize()
        self.assertEqual(response.status_code, 400)
        self.assertIn("add", response.text)
        self.assertIn("600.00", response.text)
        self.assertFalse(self._orders().preorder_finalized)

        result = self._save({self.table.id: 6})  # 1200
        self.assertEqual(result["summary"]["min_order_shortfall"], "")
        response = self._finalize()
        self.assertEqual(response.status_code, 303)
        self.assertTrue(self._orders().preorder_finalized)

    def test_no_minimum_no_shortfall(self):
        self._login()
        result = self._save({self.table.id: 2})
        self.assertEqual(
            (result["summary"]["min_order_amount"], result["summary"]["min_order_shortfall"]),
            ("", ""),
        )
