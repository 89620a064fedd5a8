from odoo.tests import tagged

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteVisitors(PreorderWebsiteCommon):
    """What a page tells people about campaigns and customers that are not theirs:
    visitors see only the campaigns open to every customer."""

    # ------------------------------------------------------------------
    # The visitor's teaser
    # ------------------------------------------------------------------
    def test_visitor_teaser_lists_only_campaigns_open_to_everyone(self):
        everyone = self.campaign.copy(
            {"name": "Open House 2027", "code": "OPEN27", "audience": "all", "is_published": True}
        )
        other_company = self.env["res.company"].create({"name": "Other Wholesaler"})
        foreign = self.campaign.copy(
            {
                "name": "Foreign Garden",
                "code": "FOREIGN27",
                "company_id": other_company.id,
                "audience": "all",
                "pricelist_id": False,
                "is_published": True,
            }
        )
        (everyone | foreign).state = "open"
        self.assertEqual(self.campaign.audience, "selected")
        html = self.url_open("/preorder").text
        self.assertIn("Open House 2027", html)
        self.assertNotIn("Garden 2027", html, "invited customers only")
        self.assertNotIn("Foreign Garden", html, "a campaign of another company")
        self.assertEqual(html.count("o_preorder_teaser_campaign"), 1)
        # an invited customer still sees its restricted campaign
        self._login()
        self.assertIn("Garden 2027", self.url_open("/preorder").text)
