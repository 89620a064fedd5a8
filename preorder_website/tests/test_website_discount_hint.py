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

    def test_summary_shows_what_the_tiers_count(self):
        """Beside the untaxed total, the value the tiers count: before the tier
        discount and with the products that get none, so that "add X for Y %"
        adds up for the customer."""
        self._login()
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        self.assertIn("o_preorder_tier_balance d-none", html, "nothing ordered: nothing shown")
        result = self._save({self.table.id: 5, self.display.id: 10})  # 1000 + 100 without discount
        summary = result["summary"]
        self.assertEqual(summary["tier_name"], "Bronze")
        self.assertIn("1,080.00", summary["amount_untaxed"], "2 % off the tables only")
        self.assertIn("1,100.00", summary["tier_balance"])
        self.assertIn("3,900.00", summary["next_tier_amount"], "to Silver's 5,000 from 1,100")
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        self.assertNotIn("o_preorder_tier_balance d-none", html)
        self.assertRegex(html, r'data-field="tier_balance"[^>]*>[^<]*1,100\.00')
