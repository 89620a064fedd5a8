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
