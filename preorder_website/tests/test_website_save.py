from datetime import timedelta

from odoo.tests import tagged

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteSave(PreorderWebsiteCommon):
    def test_first_quantity_creates_the_draft_then_updates_it(self):
        self._login()
        self.assertFalse(self._orders())
        result = self._save({str(self.table.id): 2, str(self.chair.id): "3"})
        self.assertNotIn("error", result)
        order = self._orders()
        self.assertEqual(len(order), 1)
        self.assertEqual(order.state, "draft")
        self.assertEqual(
            order.user_id, self.preorder_user, "the campaign's salesperson, not the customer"
        )
        self.assertEqual(self._quantities(order), {self.table: 2, self.chair: 3})
        self.assertEqual(result["lines"], {str(self.table.id): 2.0, str(self.chair.id): 3.0})
        self.assertEqual(result["summary"]["line_count"], 2)
        self.assertEqual(result["summary"]["order_name"], order.name)

        result = self._save({self.table.id: 4, self.chair.id: 0})
        self.assertEqual(self._orders(), order, "the same draft is reused")
        self.assertEqual(self._quantities(order), {self.table: 4})
        self.assertEqual(result["lines"][str(self.chair.id)], 0.0)

    def test_reload_shows_saved_quantities(self):
        self._login()
        self._save({self.parasol.id: 7})
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        row = self._row(html, self.parasol)
        self.assertIn('value="7"', row)

    def test_tier_and_next_tier_in_response(self):
        self._login()
        result = self._save({self.table.id: 4})  # 800
        summary = result["summary"]
        self.assertFalse(summary["tier_name"])
        self.assertEqual(summary["next_tier_percent"], "2")
        self.assertIn("200.00", summary["next_tier_amount"])
        result = self._save({self.table.id: 5})  # 1000: Bronze
        summary = result["summary"]
        self.assertEqual(summary["tier_name"], "Bronze")
        self.assertEqual(summary["discount_percent"], "2")
        self.assertEqual(summary["next_tier_percent"], "5")
        self.assertIn("980.00", summary["amount_untaxed"])
        self.assertEqual(self._orders().order_line.discount, 2.0)

    def test_last_write_wins_per_line(self):
        """Two tabs sending the same product: one line, the last quantity."""
        self._login()
        self._save({self.table.id: 2})
        self._save({self.table.id: 5})
        self._save({self.table.id: 3, self.chair.id: 1})
        order = self._orders()
        self.assertEqual(len(order.order_line.filtered(lambda l: l.product_id == self.table)), 1)
        self.assertEqual(self._quantities(order), {self.table: 3, self.chair: 1})
        state = self._rpc(
            f"/preorder/{self.campaign.id}/state",
            product_ids=[self.table.id, self.chair.id, self.parasol.id],
        )
        self.assertEqual(
            state["lines"],
            {
                str(self.table.id): 3.0,
                str(self.chair.id): 1.0,
                str(self.parasol.id): 0.0,
            },
        )
        self.assertTrue(state["editable"])

    def test_delivery_date(self):
        self._login()
        result = self._rpc(
            f"/preorder/{self.campaign.id}/delivery_date",
            delivery_date=str(self.today + timedelta(days=40)),
        )
        self.assertIn("error", result, "no order yet")
        self._save({self.table.id: 1})
        too_early = str(self.today + timedelta(days=3))
        result = self._rpc(f"/preorder/{self.campaign.id}/delivery_date", delivery_date=too_early)
        self.assertIn("delivers from", result["error"])
        self.assertFalse(self._orders().commitment_date)
        result = self._rpc(
            f"/preorder/{self.campaign.id}/delivery_date", delivery_date="not a date"
        )
        self.assertIn("error", result)
        good = str(self.today + timedelta(days=40))
        result = self._rpc(f"/preorder/{self.campaign.id}/delivery_date", delivery_date=good)
        self.assertNotIn("error", result)
        self.assertEqual(result["summary"]["delivery_date"], good)
        self.assertEqual(str(self._orders().commitment_date.date()), good)

    def test_scan_adds_one_and_follows_replacement(self):
        self._login()
        url = f"/preorder/{self.campaign.id}/scan"
        result = self._rpc(url, barcode=self.chair.barcode)
        self.assertEqual(result["quantity"], 1.0)
        self.assertNotIn("replaced_name", result)
        self.assertIn(self.chair.name, result["row_html"])
        result = self._rpc(url, barcode=self.old_chair.barcode)
        self.assertEqual(result["product_id"], self.chair.id)
        self.assertEqual(result["replaced_name"], self.old_chair.display_name)
        self.assertEqual(result["quantity"], 2.0)
        order = self._orders()
        self.assertEqual(self._quantities(order), {self.chair: 2})

    def test_scan_packaging_adds_its_quantity(self):
        pack = self.env["uom.uom"].create(
            {
                "name": "Pack of 6",
                "relative_factor": 6,
                "relative_uom_id": self.chair.uom_id.id,
            }
        )
        self.env["product.uom"].create(
            {
                "product_id": self.chair.id,
                "uom_id": pack.id,
                "barcode": "9990000000001",
            }
        )
        self._login()
        result = self._rpc(f"/preorder/{self.campaign.id}/scan", barcode="9990000000001")
        self.assertEqual(result["added"], 6.0)
        self.assertEqual(self._quantities(self._orders()), {self.chair: 6})

    def test_scan_unknown_or_outside_campaign(self):
        self._login()
        url = f"/preorder/{self.campaign.id}/scan"
        result = self._rpc(url, barcode="0000000000000")
        self.assertIn("Unknown barcode", result["error"])
        result = self._rpc(url, barcode=self.lamp.barcode)
        self.assertIn("not part of this campaign", result["error"])
        result = self._rpc(url, barcode="")
        self.assertIn("error", result)
        self.assertFalse(self._orders(), "a refused scan creates no order")

    def test_closed_campaign_is_read_only(self):
        self._login()
        self._save({self.table.id: 2})
        self.campaign.write(
            {"date_start": self.now - timedelta(days=10), "date_end": self.now - timedelta(hours=1)}
        )
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        self.assertIn("The deadline has passed", html)
        self.assertNotIn("o_preorder_finalize", html)
        result = self._save({self.table.id: 9})
        self.assertIn("deadline", result["error"])
        result = self._rpc(f"/preorder/{self.campaign.id}/scan", barcode=self.table.barcode)
        self.assertIn("deadline", result["error"])
        self.assertEqual(self._quantities(self._orders()), {self.table: 2})
