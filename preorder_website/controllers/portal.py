from odoo.fields import Domain
from odoo.http import request

from odoo.addons.sale.controllers.portal import CustomerPortal


class PreorderCustomerPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "preorder_campaign_count" in counters:
            partner = request.env.user.partner_id
            Campaign = request.env["preorder.campaign"].sudo()
            company = request.website.company_id
            values["preorder_campaign_count"] = sum(
                len(Campaign._get_website_campaigns(campaign_type, partner, company=company))
                for campaign_type in ("preorder", "outlet")
            )
        return values

    def _prepare_orders_domain(self, partner):
        """Also list the pre-orders being entered or finalized (still draft quotations)."""
        domain = super()._prepare_orders_domain(partner)
        preorders = Domain(
            [
                ("partner_id", "child_of", [partner.commercial_partner_id.id]),
                ("preorder_campaign_id", "!=", False),
                ("state", "=", "draft"),
            ]
        )
        return list(Domain(domain) | preorders)
