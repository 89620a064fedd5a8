from odoo.tests import tagged

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteTours(PreorderWebsiteCommon):
    def test_tour_customer_fills_reloads_and_finalizes(self):
        self.start_tour(
            f"/preorder/{self.campaign.id}", "preorder_website_customer", login="preorder_portal"
        )
        order = self._orders()
        self.assertEqual(self._quantities(order), {self.table: 5})
        self.assertEqual(order.preorder_tier_name, "Bronze")
        self.assertEqual(str(order.commitment_date.date()), "2099-06-15")
        self.assertTrue(order.preorder_finalized)

    def test_tour_rep_enters_order_for_customer(self):
        self.start_tour(
            f"/preorder/{self.campaign.id}", "preorder_website_rep", login="preorder_rep"
        )
        order = self._orders()
        self.assertEqual(self._quantities(order), {self.parasol: 3})
        self.assertTrue(
            order.message_ids.filtered(
                lambda m: m.author_id == self.preorder_user.partner_id and "Parasol" in m.body
            )
        )

    def test_tour_scan_replaced_product(self):
        self.start_tour(
            f"/preorder/{self.campaign.id}", "preorder_website_scan", login="preorder_portal"
        )
        self.assertEqual(self._quantities(self._orders()), {self.chair: 1})

    def test_tour_outlet_capped_by_stock(self):
        self.start_tour(
            f"/outlet/{self.outlet.id}", "preorder_website_outlet", login="preorder_portal"
        )
        self.assertEqual(self._quantities(self._orders(campaign=self.outlet)), {self.table: 5})

    def test_tour_paste_from_a_spreadsheet(self):
        self.start_tour(
            f"/preorder/{self.campaign.id}", "preorder_website_paste", login="preorder_portal"
        )
        self.assertEqual(self._quantities(self._orders()), {self.table: 2, self.chair: 6})

    def test_tour_import_a_file(self):
        self.start_tour(
            f"/preorder/{self.campaign.id}", "preorder_website_import", login="preorder_portal"
        )
        self.assertEqual(self._quantities(self._orders()), {self.parasol: 3})
