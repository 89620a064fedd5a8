from odoo import models


class WebsiteMenu(models.Model):
    _inherit = "website.menu"

    def _compute_visible(self):
        """The /preorder and /outlet menus show only while such a campaign is published."""
        super()._compute_visible()
        types_by_url = {"/preorder": "preorder", "/outlet": "outlet"}
        menus = self.filtered(lambda menu: menu.url in types_by_url and menu.is_visible)
        if not menus:
            return
        Campaign = self.env["preorder.campaign"].sudo()
        published_types = {
            campaign_type
            for [campaign_type] in Campaign._read_group(
                Campaign._get_website_domain("preorder") | Campaign._get_website_domain("outlet"),
                ["campaign_type"],
            )
        }
        for menu in menus:
            menu.is_visible = types_by_url[menu.url] in published_types
