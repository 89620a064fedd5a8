from odoo import http
from odoo.tests import tagged

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteCaps(PreorderWebsiteCommon):
    """A campaign cap on the website: the grid shows what is still available, the
    save refuses more."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["preorder.campaign.cap"].create(
            {"campaign_id": cls.campaign.id, "product_id": cls.table.id, "cap_qty": 10}
        )
        gold_order = cls._new_preorder(partner=cls.customer_gold)
        gold_order._preorder_set_quantities({cls.table: 6}, rules="customer")

    def test_save_above_the_cap_is_refused_and_changes_nothing(self):
        self._login()
        result = self._save({self.table.id: 5, self.chair.id: 2})
        self.assertIn("only 4 still available in this campaign", result["error"])
        self.assertFalse(self._orders(), "a refused first save leaves no draft")
        result = self._save({self.table.id: 4})
        self.assertNotIn("error", result)
        self.assertEqual(self._quantities(self._orders()), {self.table: 4})

    def test_grid_shows_what_is_still_available(self):
        self._login()
        self._save({self.table.id: 1})
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        row = self._row(html, self.table)
        self.assertIn("o_preorder_cap_remaining", row)
        self.assertIn("3 still available", row)
        self.assertIn('max="4"', row, "the input stops at what the customer may hold")
        self.assertNotIn("still available", self._row(html, self.chair))

    def test_every_save_tells_what_is_still_available_of_the_capped_rows_shown(self):
        """The save answers what is still available of the capped products the page
        shows, also when only another customer's order moved it."""
        self._login()
        shown = [self.table.id, self.chair.id]
        result = self._save({self.chair.id: 2}, capped_ids=shown)
        self.assertEqual(result["caps"], {str(self.table.id): [4.0, "4 still available"]})
        # Gold takes 2 more: the customer's next save, of another product, says so.
        gold_order = self._orders(partner=self.customer_gold)
        gold_order._preorder_set_quantities({self.table: 8}, rules="customer")
        result = self._save({self.chair.id: 3}, capped_ids=shown)
        self.assertEqual(result["caps"], {str(self.table.id): [2.0, "2 still available"]})
        # Without capped rows shown, nothing more.
        self.assertEqual(self._save({self.chair.id: 4})["caps"], {})

    def test_a_bad_capped_list_is_refused_and_saves_nothing(self):
        self._login()
        result = self._save({self.chair.id: 2}, capped_ids="all")
        self.assertEqual(result["error"], "Invalid product list.")
        self.assertFalse(self._orders())

    def test_save_with_capped_rows_costs_one_query_for_few_and_many(self):
        """One grouped query for the capped products shown, whatever their number."""
        products = self.env["product.product"].create(
            [{"name": f"Capped pot {i}", "categ_id": self.categ_garden.id} for i in range(20)]
        )
        self.env["preorder.campaign.cap"].create(
            [{"campaign_id": self.campaign.id, "product_id": p.id, "cap_qty": 50} for p in products]
        )
        self._login()
        quantity = iter(range(2, 100))

        def save(capped):
            result = self._save({self.chair.id: next(quantity)}, capped_ids=capped.ids)
            self.assertEqual(len(result["caps"]), len(capped))

        without = self._queries(lambda: save(self.env["product.product"]))
        few = self._queries(lambda: save(self.table | products[:2]))
        many = self._queries(lambda: save(self.table | products))
        self.assertEqual(few, many)
        self.assertEqual(few, without + 1, "one grouped query, the products' units with it")

    def test_import_preview_shows_the_cap_and_refuses_a_row_above_it(self):
        """The file's preview shows what is still available and refuses the row
        above it with the save's message; a paste saves the other rows."""
        self._login()
        response = self.url_open(
            f"/preorder/{self.campaign.id}/import",
            data={"csrf_token": http.Request.csrf_token(self)},
            files={"file": ("order.csv", b"PO-TABLE;5\nPO-CHAIR;2\n")},
            allow_redirects=False,
        )
        html = response.text
        refused = html[html.index("o_preorder_import_refused_row") :]
        self.assertIn("only 4 still available in this campaign", refused)
        self.assertNotIn("o_preorder_import_apply", html, "nothing to apply while a row is refused")
        response = self.url_open(
            f"/preorder/{self.campaign.id}/import",
            data={"csrf_token": http.Request.csrf_token(self)},
            files={"file": ("order.csv", b"PO-TABLE;4\n")},
            allow_redirects=False,
        )
        html = response.text
        self.assertIn("Still available</th>", html)
        cap_cell = html.split("o_preorder_import_cap", 1)[1].split("</td>", 1)[0]
        self.assertEqual(cap_cell.split(">", 1)[1].strip(), "4")
        self.assertIn("o_preorder_import_apply", html)
        result = self._rpc(f"/preorder/{self.campaign.id}/paste", text="PO-TABLE\t5\nPO-CHAIR\t2")
        self.assertEqual(result["lines"], {str(self.chair.id): 2.0})
        self.assertIn("only 4 still available", result["refused"][0]["reason"])
