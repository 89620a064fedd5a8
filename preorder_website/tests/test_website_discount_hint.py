from odoo.tests import tagged

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteDiscountHint(PreorderWebsiteCommon):
    """The grid says what the tiers do with a product without discount: it counts
    toward the tier balance but is not discounted."""

    def test_excluded_product_row_says_it_counts_toward_the_balance(self):
        self._login()
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        row = self._row(html, self.display)  # promotional material: no tier discount
        self.assertIn("o_preorder_no_discount", row)
        self.assertIn(
            'title="This product counts toward the tier balance but gets no tier discount."', row
        )
        self.assertNotIn("does not count", row)
        self.assertNotIn("o_preorder_no_discount", self._row(html, self.table))
