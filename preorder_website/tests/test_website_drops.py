import logging
import re
from datetime import timedelta

from odoo import fields, http
from odoo.fields import Command
from odoo.tests import tagged

from .common import PreorderWebsiteCommon
from .test_website_performance import SAVE_BUDGET

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestPreorderWebsiteDrops(PreorderWebsiteCommon):
    """The grid of a campaign with delivery drops: one quantity column per drop, each
    drop its own order, one tier, a closed drop refused, finalize makes a quotation
    of every drop."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.drop_march, cls.drop_may = cls._create_march_and_may_drops(
            march={"name": "March drop", "order_deadline": cls.now + timedelta(days=2)},
            may={"name": "May drop"},
        )

    def _drop_order(self, drop):
        return self._orders().filtered(lambda order: order.preorder_drop_id == drop)

    def _close_march(self):
        self.drop_march.order_deadline = fields.Datetime.now() - timedelta(minutes=1)

    def _finalize(self):
        return self.url_open(
            f"/preorder/{self.campaign.id}/finalize",
            data={"csrf_token": http.Request.csrf_token(self)},
            allow_redirects=False,
        )

    def test_save_per_drop_and_tier_over_drops(self):
        self._login()
        result = self._save({self.table.id: 3}, drop_id=self.drop_march.id)
        self.assertNotIn("error", result)
        self.assertEqual(result["drop_id"], self.drop_march.id)
        result = self._save({self.table.id: 2}, drop_id=self.drop_may.id)
        self.assertEqual(result["drop_id"], self.drop_may.id)
        march, may = self._drop_order(self.drop_march), self._drop_order(self.drop_may)
        self.assertEqual(self._quantities(march), {self.table: 3})
        self.assertEqual(self._quantities(may), {self.table: 2})
        # 600 + 400: Bronze on both drops; the summary adds the drops up
        summary = result["summary"]
        self.assertEqual(summary["tier_name"], "Bronze")
        self.assertEqual(summary["line_count"], 2)
        self.assertIn("980.00", summary["amount_untaxed"])
        self.assertIn("588.00", summary[f"drop_{self.drop_march.id}_amount"])
        self.assertIn("392.00", summary[f"drop_{self.drop_may.id}_amount"])
        self.assertEqual((march | may).order_line.mapped("discount"), [2.0, 2.0])

    def test_unknown_or_foreign_drop_refused(self):
        other = self.campaign.copy({"code": "OTHER27", "is_published": True})
        other.state = "open"
        self._login()
        for drop_id in (other.drop_ids[0].id, 999999999, "x", -1, True, [1]):
            result = self._save({self.table.id: 1}, drop_id=drop_id)
            self.assertEqual(
                result["error"], "This delivery does not exist or is not part of this campaign."
            )
        self.assertFalse(self._orders())
        self.assertFalse(self._orders(campaign=other))

    def test_closed_drop_refused(self):
        self._login()
        self._save({self.table.id: 1}, drop_id=self.drop_march.id)
        self._close_march()
        result = self._save({self.table.id: 5}, drop_id=self.drop_march.id)
        self.assertIn("order deadline of delivery March drop has passed", result["error"])
        self.assertEqual(self._quantities(self._drop_order(self.drop_march)), {self.table: 1})
        # Without a drop, a save goes to the first drop still open
        result = self._save({self.chair.id: 2})
        self.assertEqual(result["drop_id"], self.drop_may.id)
        self.assertEqual(self._quantities(self._drop_order(self.drop_may)), {self.chair: 2})

    def test_grid_shows_a_column_per_drop(self):
        self._login()
        self._save({self.table.id: 3}, drop_id=self.drop_march.id)
        self._save({self.table.id: 4}, drop_id=self.drop_may.id)
        self._close_march()
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        self.assertIn("March drop", html)
        self.assertIn("May drop", html)
        row = self._row(html, self.table)
        march_input = row[row.index(f'data-drop-id="{self.drop_march.id}"') :]
        march_input = march_input[: march_input.index(">")]
        may_input = row[row.index(f'data-drop-id="{self.drop_may.id}"') :]
        may_input = may_input[: may_input.index(">")]
        self.assertIn('value="3"', march_input)
        self.assertIn("disabled", march_input, "a closed drop is read-only")
        self.assertIn('value="4"', may_input)
        self.assertNotIn("disabled", may_input)
        self.assertIn("o_preorder_drop_closed", html)
        self.assertIn("o_preorder_drop_totals", html)
        self.assertNotIn("o_preorder_delivery_date", html, "the drops' dates are the campaign's")

    def test_drop_at_its_own_pricelist_shows_its_price(self):
        self.drop_may.pricelist_id = self.env["product.pricelist"].create(
            {
                "name": "May prices",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "3_global",
                            "compute_price": "percentage",
                            "percent_price": 10,
                        }
                    )
                ],
            }
        )
        self._login()
        row = self._row(self.url_open(f"/preorder/{self.campaign.id}").text, self.table)
        self.assertEqual(row.count("o_preorder_drop_price"), 1, "only the drop priced otherwise")
        self.assertIn("180.00", row[row.index("o_preorder_drop_price") :])
        self._save({self.table.id: 1}, drop_id=self.drop_may.id)
        may = self._drop_order(self.drop_may)
        self.assertEqual(may.order_line.price_unit, 180.0)

    def test_state_per_drop(self):
        self._login()
        self._save({self.table.id: 3}, drop_id=self.drop_march.id)
        result = self._rpc(
            f"/preorder/{self.campaign.id}/state", product_ids=[self.table.id, self.chair.id]
        )
        self.assertEqual(
            result["drops"],
            {
                str(self.drop_march.id): {
                    "lines": {str(self.table.id): 3.0, str(self.chair.id): 0.0},
                    "warnings": {str(self.table.id): "", str(self.chair.id): ""},
                },
                str(self.drop_may.id): {
                    "lines": {str(self.table.id): 0.0, str(self.chair.id): 0.0},
                    "warnings": {str(self.table.id): "", str(self.chair.id): ""},
                },
            },
        )

    def test_finalize_makes_a_quotation_per_drop(self):
        self._login()
        self._save({self.table.id: 3}, drop_id=self.drop_march.id)
        self._save({self.chair.id: 2}, drop_id=self.drop_may.id)
        response = self._finalize()
        self.assertEqual(response.status_code, 303)
        march, may = self._drop_order(self.drop_march), self._drop_order(self.drop_may)
        for order, drop in ((march, self.drop_march), (may, self.drop_may)):
            self.assertTrue(order.preorder_finalized)
            self.assertEqual(order.state, "draft")
            self.assertEqual(order.commitment_date.date(), drop.date)
            self.assertTrue(order.activity_ids)
        html = self.url_open(f"/preorder/{self.campaign.id}?finalized=1").text
        self.assertIn(march.name, html)
        self.assertIn(may.name, html)

    def test_finalize_counts_the_minimum_over_drops(self):
        self.campaign.min_order_amount = 700
        self._login()
        self._save({self.table.id: 2}, drop_id=self.drop_march.id)  # 400
        response = self._finalize()
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._drop_order(self.drop_march).preorder_finalized)
        self._save({self.table.id: 2}, drop_id=self.drop_may.id)  # 800 together
        self.assertEqual(self._finalize().status_code, 303)
        self.assertTrue(all(self._orders().mapped("preorder_finalized")))

    def test_drop_save_query_count_is_flat(self):
        self._login()
        products = self.env["product.product"].create(
            [
                {"name": f"Drop pot {i}", "categ_id": self.categ_garden.id, "list_price": 3.0}
                for i in range(40)
            ]
        )
        self._save({product.id: 1 for product in products[:10]}, drop_id=self.drop_may.id)
        self._save({self.chair.id: 1}, drop_id=self.drop_march.id)
        quantity = iter(range(2, 100))

        def save():
            return self._save({self.table.id: next(quantity)}, drop_id=self.drop_may.id)

        count_n = self._queries(save)
        self._save({product.id: 1 for product in products[10:]}, drop_id=self.drop_may.id)
        count_2n = self._queries(save)
        self.assertEqual(count_2n, count_n, "the save grew with the order")
        self.assertLessEqual(count_n, SAVE_BUDGET)
        # The same save on a campaign without drops: the drops cost one query at most
        # (the summary's drop totals); the tiers reuse the orders the save fetched.
        plain = self.campaign.copy({"code": "NODROP", "drop_ids": []})
        plain.write({"state": "open", "is_published": True})
        self._save({product.id: 1 for product in products}, campaign=plain)
        count_plain = self._queries(
            lambda: self._save({self.table.id: next(quantity)}, campaign=plain)
        )
        _logger.info("Save: %s queries into a drop, %s without drops", count_n, count_plain)
        self.assertLessEqual(count_n, count_plain + 1)

    def test_matrix_per_drop(self):
        colour, size = self.env["product.attribute"].create(
            [
                {
                    "name": "Drop colour",
                    "value_ids": [Command.create({"name": name}) for name in ("Red", "Blue")],
                },
                {
                    "name": "Drop size",
                    "value_ids": [Command.create({"name": name}) for name in ("S", "M")],
                },
            ]
        )
        template = self.env["product.template"].create(
            {
                "name": "Drop cushion",
                "categ_id": self.categ_garden.id,
                "list_price": 10.0,
                "attribute_line_ids": [
                    Command.create(
                        {
                            "attribute_id": attribute.id,
                            "value_ids": [Command.set(attribute.value_ids.ids)],
                        }
                    )
                    for attribute in (colour, size)
                ],
            }
        )
        variant = template.product_variant_ids[0]
        self._login()
        self._save({variant.id: 4}, drop_id=self.drop_may.id)
        self._close_march()
        html = self.url_open(f"/preorder/{self.campaign.id}?search=Drop+cushion").text
        block = html[html.index('class="o_preorder_matrix_block"') :]
        for drop, quantity, closed in ((self.drop_march, "", True), (self.drop_may, "4", False)):
            cell = re.search(
                rf'<input[^>]*data-product-id="{variant.id}"[^>]*data-drop-id="{drop.id}"[^>]*>',
                block,
            ).group(0)
            self.assertEqual('value="4"' in cell, quantity == "4")
            self.assertEqual("disabled" in cell, closed, "a closed drop's matrix is read-only")
        self.assertEqual(block.count('class="table table-sm table-bordered'), 2)

    def test_tour_two_drops_finalized_into_two_quotations(self):
        self.start_tour(
            f"/preorder/{self.campaign.id}", "preorder_website_drops", login="preorder_portal"
        )
        march, may = self._drop_order(self.drop_march), self._drop_order(self.drop_may)
        self.assertEqual(self._quantities(march), {self.table: 3})
        self.assertEqual(self._quantities(may), {self.table: 2})
        self.assertTrue(march.preorder_finalized and may.preorder_finalized)
        self.assertEqual((march | may).mapped("preorder_tier_name"), ["Bronze", "Bronze"])
