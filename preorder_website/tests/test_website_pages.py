import base64
import re
from datetime import timedelta

from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools.misc import file_open

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsitePages(PreorderWebsiteCommon):
    def test_landing_visitor_sees_teaser_and_sign_in(self):
        response = self.url_open("/preorder")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Sign in", response.text)
        self.assertIn("Register", response.text)
        # only campaigns open to every customer are teased (Garden 2027 is for VIPs)
        self.assertNotIn("Garden 2027", response.text)
        self.campaign.audience = "all"
        response = self.url_open("/preorder")
        self.assertIn("Garden 2027", response.text)
        self.assertNotIn("Outlet Summer", response.text, "an outlet campaign is not a pre-order")

    def test_landing_customer_lists_campaigns_and_status(self):
        self._login()
        response = self.url_open("/preorder")
        self.assertIn("Garden 2027", response.text)
        self.assertIn("Not started", response.text)
        self.assertIn(f'href="/preorder/{self.campaign.id}"', response.text)
        self._save({self.table.id: 2})
        response = self.url_open("/preorder")
        self.assertIn("In progress", response.text)
        outlet = self.url_open("/outlet")
        self.assertIn("Outlet Summer", outlet.text)
        self.assertNotIn("Garden 2027", outlet.text)

    def test_landing_shows_the_campaign_image(self):
        with file_open("preorder_campaign/static/img/campaign_spring.jpg", "rb") as image:
            self.campaign.image_1920 = base64.b64encode(image.read())
        self._login()
        html = self.url_open("/preorder").text
        match = re.search(
            rf'src="(/web/image/preorder.campaign/{self.campaign.id}/image_512\?access_token=[^"]+)"',
            html,
        )
        self.assertTrue(match, "the card shows the campaign image")
        response = self.url_open(match.group(1).replace("&amp;", "&"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("image/"))

    def test_landing_shows_upcoming_campaign_with_start_date(self):
        self.campaign.write(
            {
                "date_start": self.now + timedelta(days=2),
                "date_end": self.now + timedelta(days=20),
            }
        )
        self._login()
        response = self.url_open("/preorder")
        self.assertIn("Opens on", response.text)
        page = self.url_open(f"/preorder/{self.campaign.id}")
        self.assertIn("This campaign opens on", page.text)
        self.assertRegex(page.text, r'<input[^>]*class="[^"]*o_preorder_qty"[^>]*disabled')

    def test_landing_outsider_gets_a_message(self):
        self._login("preorder_outsider")
        response = self.url_open("/preorder")
        self.assertEqual(response.status_code, 200)
        self.assertIn("There is no campaign open to you", response.text)
        self.assertNotIn("Garden 2027", response.text)
        page = self.url_open(f"/preorder/{self.campaign.id}")
        self.assertEqual(page.status_code, 403)
        self.assertIn("not available to you", page.text)

    def test_campaign_page_requires_sign_in(self):
        response = self.url_open(f"/preorder/{self.campaign.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_grid_shows_campaign_products(self):
        self._login()
        response = self.url_open(f"/preorder/{self.campaign.id}")
        self.assertEqual(response.status_code, 200)
        html = response.text
        for product in (self.table, self.chair, self.parasol, self.lounger, self.display):
            self.assertIn(product.name, html)
            self.assertIn(product.default_code, html)
            self.assertIn(f"/web/image/product.product/{product.id}/image_128?access_token=", html)
        self.assertNotIn(self.lamp.name, html, "the lamp is not in the campaign")
        display_row = self._row(html, self.display)
        self.assertIn("No tier discount", display_row)
        table_row = self._row(html, self.table)
        self.assertNotIn("No tier discount", table_row)
        self.assertIn("200.00", table_row)
        self.assertNotIn("disabled", table_row, "the campaign is open: quantities can be typed")
        self.assertIn("o_preorder_scan_input", html)

    def test_quantity_input_has_a_translated_label(self):
        """Screen readers name each quantity input, in the visitor's language."""
        lang_fr = self.env["res.lang"]._activate_lang("fr_FR")
        lang_fr.url_code = "fr"
        self.env.ref("base.module_preorder_website")._update_translations(["fr_FR"])
        website = self.env["website"].get_current_website()
        website.language_ids = self.env.ref("base.lang_en") | lang_fr
        self._login()
        html = self.url_open(f"/fr/preorder/{self.campaign.id}").text
        self.assertRegex(
            self._row(html, self.table),
            rf'<label class="visually-hidden" for="o_preorder_qty_{self.table.id}">'
            rf"Quantité de\s*{self.table.name}</label>",
        )
        self.assertIn(f'id="o_preorder_qty_{self.table.id}"', self._row(html, self.table))

    def test_grid_uses_the_campaign_pricelist(self):
        self.pricelist.item_ids = [
            Command.create(
                {
                    "applied_on": "0_product_variant",
                    "product_id": self.table.id,
                    "compute_price": "fixed",
                    "fixed_price": 150.0,
                }
            )
        ]
        self._login()
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        table_row = self._row(html, self.table)
        self.assertIn("150.00", table_row)
        result = self._save({self.table.id: 1})
        self.assertNotIn("error", result)
        self.assertEqual(self._orders().order_line.price_unit, 150.0)

    def test_grid_filters(self):
        self._login()
        url = f"/preorder/{self.campaign.id}"
        html = self.url_open(f"{url}?search=Parasol").text
        self.assertIn(self.parasol.name, html)
        self.assertNotIn(self.table.name, html)
        html = self.url_open(f"{url}?search=PO-LOUNGER").text
        self.assertIn(self.lounger.name, html)
        self.assertNotIn(self.parasol.name, html)
        html = self.url_open(f"{url}?categ_id={self.categ_chairs.id}").text
        self.assertIn(self.chair.name, html)
        self.assertNotIn(self.parasol.name, html)
        html = self.url_open(f"{url}?brand_id={self.brand_sun.id}").text
        self.assertIn(self.parasol.name, html)
        self.assertNotIn(self.chair.name, html)
        tag = self.env["product.tag"].create(
            {
                "name": "Bestseller",
                "product_template_ids": [Command.set(self.lounger.product_tmpl_id.ids)],
            }
        )
        html = self.url_open(f"{url}?tag_id={tag.id}").text
        self.assertIn(self.lounger.name, html)
        self.assertNotIn(self.table.name, html)
        self._save({self.chair.id: 3})
        html = self.url_open(f"{url}?ordered=1").text
        self.assertIn(self.chair.name, html)
        self.assertNotIn(self.lounger.name, html)
        html = self.url_open(f"{url}?categ_id=abc&offset=-3&brand_id=99999999999").text
        self.assertIn(self.chair.name, html, "bad filter values are ignored, not a crash")

    def test_load_more_pages(self):
        self.env["product.product"].create(
            [
                {
                    "name": f"Garden pot {i:03d}",
                    "categ_id": self.categ_garden.id,
                    "default_code": f"POT-{i:03d}",
                    "list_price": 5.0,
                }
                for i in range(70)
            ]
        )
        self._login()
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        self.assertEqual(html.count('class="o_preorder_row"'), 60)
        self.assertIn("o_preorder_load_more", html)
        self.assertIn(f"/preorder/{self.campaign.id}/rows?offset=60", html)
        fragment = self.url_open(f"/preorder/{self.campaign.id}/rows?offset=60")
        self.assertEqual(fragment.status_code, 200)
        self.assertEqual(fragment.text.count('class="o_preorder_row"'), 76 - 60)
        self.assertNotIn("<html", fragment.text)
        self.assertNotIn("o_preorder_next", fragment.text)

    def test_load_more_and_scan_rows_with_previous_sales(self):
        """The rows a "load more" or a scan renders label the last weeks' figure like
        the page's own rows (its cell's title, which a phone shows)."""
        self.campaign.write({"show_previous_sales": True, "previous_sales_weeks": 8})
        self.env["product.product"].create(
            [
                {"name": f"Garden pot {i:03d}", "categ_id": self.categ_garden.id, "list_price": 5}
                for i in range(70)
            ]
        )
        self._login()
        fragment = self.url_open(f"/preorder/{self.campaign.id}/rows?offset=60")
        self.assertEqual(fragment.status_code, 200)
        self.assertIn('title="Your last 8 weeks"', fragment.text)
        scanned = self._rpc(f"/preorder/{self.campaign.id}/scan", barcode=self.chair.barcode)
        self.assertIn('title="Your last 8 weeks"', scanned["row_html"])

    def test_previous_sales_and_peer_average(self):
        self.campaign.write({"show_previous_sales": True, "show_peer_average": True})
        peer_order = self._new_preorder(partner=self.customer_gold)
        peer_order._preorder_set_quantity(self.table, 4, rules="salesperson")
        self._login()
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        self.assertIn("Others' average", html)
        table_row = self._row(html, self.table)
        # a single other customer: the "average" would be its own quantity
        self.assertNotRegex(table_row, r'o_preorder_peer_average">\s*4\s*</td>')
        self.assertIn("o_preorder_peer_hidden", table_row)

    def test_outlet_shows_free_stock_and_caps(self):
        self._login()
        # Another customer's open order holds 3 of the 5 in stock: 2 are available.
        other = self._new_preorder(partner=self.customer_gold, campaign=self.outlet)
        other._preorder_set_quantity(self.table, 3, rules="customer")
        html = self.url_open(f"/outlet/{self.outlet.id}").text
        self.assertIn("Available", html)
        table_row = self._row(html, self.table)
        self.assertRegex(table_row, r'o_preorder_free_qty">\s*2\s*</td>')
        self.assertIn('max="2.0"', table_row)
        result = self._save({self.table.id: 3}, campaign=self.outlet)
        self.assertIn("only 2 left", result["error"])
        other._preorder_set_quantity(self.table, 0, rules="customer")
        html = self.url_open(f"/outlet/{self.outlet.id}").text
        self.assertIn('max="5.0"', self._row(html, self.table))
        result = self._save({self.table.id: 6}, campaign=self.outlet)
        self.assertIn("only 5 left", result["error"])
        self.assertFalse(self._orders(campaign=self.outlet))
        result = self._save({self.table.id: 5}, campaign=self.outlet)
        self.assertNotIn("error", result)
        self.assertEqual(self._orders(campaign=self.outlet).order_line.product_uom_qty, 5)
        # a scan past the free stock is refused by the same rule
        result = self._rpc(f"/preorder/{self.outlet.id}/scan", barcode=self.table.barcode)
        self.assertIn("only 5 left", result.get("error", ""))
        self.assertEqual(self._orders(campaign=self.outlet).order_line.product_uom_qty, 5)

    def test_portal_home_and_my_orders(self):
        self._login()
        counters = self._rpc("/my/counters", counters=["preorder_campaign_count"])
        self.assertEqual(counters["preorder_campaign_count"], 2, "the pre-order and the outlet")
        self.assertIn('href="/preorder"', self.url_open("/my").text)
        self._save({self.table.id: 2})
        html = self.url_open("/my/orders").text
        self.assertIn(self._orders().name, html)
        self.assertIn("In progress", html)

    def test_website_menu_only_while_published(self):
        menu = self.env.ref("preorder_website.menu_preorder")
        menus = self.env["website.menu"].search([("url", "=", "/preorder")])
        self.assertTrue(menus)
        self.assertTrue(all(menus.with_user(self.portal_user).mapped("is_visible")))
        self.campaign.is_published = False
        self.env.invalidate_all()
        self.assertFalse(any(menus.with_user(self.portal_user).mapped("is_visible")))
        self.assertEqual(menu.url, "/preorder")
