from odoo.tests import new_test_user, tagged

from odoo.addons.preorder_campaign.tests.own_shop_common import PreorderOwnShopCommon

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestWebsiteOwnShop(PreorderWebsiteCommon, PreorderOwnShopCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shop_user = new_test_user(
            cls.env,
            login="preorder_shop",
            password="preorder_shop",
            groups="base.group_portal",
            partner_id=cls.shop_manager.id,
        )
        cls.shop_order, _result = cls.campaign._preorder_save(cls.shop_manager, {cls.table: 6})
        cls.reservation = cls._reserve({cls.table: 3})

    def test_grid_shows_reserved_pieces(self):
        self._login("preorder_shop")
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        self.assertIn("of which reserved for customers:", self._row(html, self.table))
        self.assertNotIn("of which reserved", self._row(html, self.chair))

    def test_shop_page_has_no_tier_hint(self):
        """The shop orders at 0: its summary names no next tier and its rows no
        product without tier discount, on the page and after a save; a customer's
        page still does."""
        self._login("preorder_shop")
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        self.assertIn('data-show="next_tier_amount" class="d-none"', html)
        self.assertNotIn("o_preorder_no_discount", self._row(html, self.display))
        summary = self._save({str(self.chair.id): 2})["summary"]
        self.assertEqual((summary["next_tier_amount"], summary["next_tier_percent"]), ("", ""))

        self.campaign._preorder_save(self.customer, {self.table: 1})
        self._login()
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        self.assertIn('data-show="next_tier_amount" class="text-success"', html)
        self.assertIn("o_preorder_no_discount", self._row(html, self.display))
        summary = self._save({str(self.chair.id): 2})["summary"]
        self.assertEqual(summary["next_tier_percent"], "2")

    def test_shop_manager_sees_only_the_shop_orders(self):
        self._login("preorder_shop")
        html = self.url_open("/my/orders").text + self.url_open("/my/quotes").text
        self.assertNotIn(self.reservation.name, html, "the shop's customers' orders are theirs")
        response = self.url_open(f"/my/orders/{self.reservation.id}", allow_redirects=False)
        self.assertNotEqual(response.status_code, 200)

    def test_tour_shop_manager_enters_quantities(self):
        self.start_tour(
            f"/preorder/{self.campaign.id}", "preorder_website_shop_manager", login="preorder_shop"
        )
        self.assertEqual(self._quantities(self.shop_order), {self.table: 8, self.parasol: 2})
        self.assertEqual(self.shop_order.amount_total, 0.0)
