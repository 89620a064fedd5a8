from odoo.tests import tagged

from .common import PreorderCommon


@tagged("post_install", "-at_install")
class TestCampaignSelection(PreorderCommon):
    def test_products_union_of_selections(self):
        products = self.campaign._get_products()
        # Garden and its subcategory Chairs, plus the added display; never the lamp
        self.assertEqual(
            set(products.ids),
            {self.table.id, self.chair.id, self.parasol.id, self.lounger.id, self.display.id},
        )

    def test_partner_allowed_by_child_label_and_company(self):
        self.assertTrue(self.campaign._is_partner_allowed(self.customer_gold))
        self.assertTrue(self.campaign._is_partner_allowed(self.branch_a))
        self.assertFalse(self.campaign._is_partner_allowed(self.outsider))
