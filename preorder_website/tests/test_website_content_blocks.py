from odoo.tests import tagged

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteContentBlocks(PreorderWebsiteCommon):
    """The team adds banners, text and pictures to the landing pages and to each
    campaign page from the website editor: areas above and below the grid."""

    def test_landing_pages_have_their_own_areas(self):
        self._login()
        preorder = self.url_open("/preorder").text
        self.assertIn('id="oe_structure_preorder_landing_top"', preorder)
        self.assertIn('id="oe_structure_preorder_landing_bottom"', preorder)
        self.assertNotIn("oe_structure_preorder_outlet_top", preorder)
        outlet = self.url_open("/outlet").text
        self.assertIn('id="oe_structure_preorder_outlet_top"', outlet)
        self.assertIn('id="oe_structure_preorder_outlet_bottom"', outlet)

    def test_campaign_page_shows_its_own_blocks_only(self):
        self.campaign.write(
            {
                "website_content_top": '<section class="s_banner"><p>Spring banner</p></section>',
                "website_content_bottom": "<p>Delivered from March</p>",
            }
        )
        self._login()
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        top = html.index("Spring banner")
        self.assertLess(top, html.index("o_preorder_rows"), "above the grid")
        self.assertGreater(html.index("Delivered from March"), html.index("o_preorder_rows"))
        outlet = self.url_open(f"/outlet/{self.outlet.id}").text
        self.assertNotIn("Spring banner", outlet, "another campaign has its own blocks")
        self.assertNotIn("o_preorder_content_top", outlet, "empty: nothing shown out of the editor")

    def test_blocks_are_sanitized_for_who_may_not_override(self):
        self.campaign.with_user(self.preorder_manager).write(
            {"website_content_top": "<p>Hello</p><script>alert(1)</script>"}
        )
        self.assertIn("Hello", self.campaign.website_content_top)
        self.assertNotIn("<script", self.campaign.website_content_top)

    # The website editor saves a page's areas through ``ir.ui.view.save``: a field's
    # area (data-oe-model/id/field) onto its record, an ``oe_structure`` of the page
    # into a view of its own. The same calls as the editor's Save, as an admin.

    def test_editor_saves_campaign_blocks_onto_the_campaign(self):
        self.authenticate("admin", "admin")
        page = self.url_open(
            f"/preorder/{self.campaign.id}?partner_id={self.customer.id}&enable_editor=1"
        ).text
        self.assertIn('data-oe-field="website_content_top"', page, "editable in the editor")
        self.assertIn('data-oe-field="website_content_bottom"', page)
        area = (
            f'<div data-oe-model="preorder.campaign" data-oe-id="{self.campaign.id}" '
            'data-oe-field="website_content_top" data-oe-type="html" '
            'class="oe_structure o_preorder_content_top">'
            '<section class="s_text_block"><p>Order before March</p></section></div>'
        )
        view = self.env.ref("preorder_website.preorder_campaign_page")
        self._rpc(
            "/web/dataset/call_kw/ir.ui.view/save",
            model="ir.ui.view",
            method="save",
            args=[view.id, area],
            kwargs={},
        )
        self.assertIn("Order before March", self.campaign.website_content_top)
        self._login()
        self.assertIn("Order before March", self.url_open(f"/preorder/{self.campaign.id}").text)

    def test_editor_saves_landing_area_for_every_visitor(self):
        self.authenticate("admin", "admin")
        view = self.env.ref("preorder_website.preorder_landing")
        area = (
            '<div id="oe_structure_preorder_landing_top" '
            'class="oe_structure o_preorder_content_top">'
            '<section class="s_text_block"><p>Spring is coming</p></section></div>'
        )
        self._rpc(
            "/web/dataset/call_kw/ir.ui.view/save",
            model="ir.ui.view",
            method="save",
            args=[view.id, area, "//div[@id='oe_structure_preorder_landing_top']"],
            kwargs={},
        )
        self._login()
        self.assertIn("Spring is coming", self.url_open("/preorder").text)
        outlet = self.url_open("/outlet").text
        self.assertNotIn("Spring is coming", outlet, "the outlet has its own")

    def test_tour_editor_drops_a_block_above_the_grid(self):
        self.start_tour(
            "/odoo/action-website.website_preview?path="
            f"/preorder/{self.campaign.id}%3Fpartner_id%3D{self.customer.id}&enable_editor=1",
            "preorder_content_blocks",
            login="admin",
        )
