from odoo import _
from odoo.exceptions import AccessError, MissingError, ValidationError
from odoo.fields import Domain
from odoo.http import request, route

from odoo.addons.sale.controllers.portal import CustomerPortal, PaymentPortal


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
        """Also list the pre-orders still in draft: the one this contact is entering
        (a branch does not see its siblings' orders in progress) and the finalized
        ones of the whole company, as Odoo lists quotations."""
        domain = super()._prepare_orders_domain(partner)
        preorders = Domain("preorder_campaign_id", "!=", False) & Domain("state", "=", "draft")
        own_in_progress = Domain("partner_id", "=", partner.id) & Domain(
            "preorder_in_progress", "=", True
        )
        finalized = Domain("partner_id", "child_of", [partner.commercial_partner_id.id]) & Domain(
            "preorder_in_progress", "=", False
        )
        return list(Domain(domain) | (preorders & (own_in_progress | finalized)))

    def _document_check_access(self, model_name, document_id, access_token=None):
        """A pre-order being entered lives in the order grid, not on the quotation
        portal: nobody signs, pays or reads it there (not a sibling branch either)."""
        document_sudo = super()._document_check_access(
            model_name, document_id, access_token=access_token
        )
        if (
            model_name == "sale.order"
            and document_sudo.preorder_in_progress
            and not request.env.user._is_internal()
        ):
            raise AccessError(
                _("This pre-order is still being entered: continue it on the campaign page.")
            )
        return document_sudo

    @route()
    def portal_order_page(self, order_id, report_type=None, access_token=None, **kwargs):
        # The customer's own pre-order in progress opens where it is entered.
        order_sudo = request.env["sale.order"].sudo().browse(order_id).exists()
        user = request.env.user
        if (
            order_sudo.preorder_in_progress
            and not user._is_public()
            and order_sudo.partner_id == user.partner_id
        ):
            return request.redirect(order_sudo.preorder_campaign_id.website_url)
        return super().portal_order_page(
            order_id, report_type=report_type, access_token=access_token, **kwargs
        )


class PreorderPaymentPortal(PaymentPortal):
    @route()
    def portal_order_transaction(self, order_id, access_token, **kwargs):
        """Paying confirms the order: a pre-order pays only once it may be approved
        (sent by the salesperson, or finalized for online payment)."""
        try:
            order_sudo = self._document_check_access("sale.order", order_id, access_token)
        except (AccessError, MissingError):
            order_sudo = None  # Odoo's own route answers those
        if order_sudo and not order_sudo._preorder_may_be_approved():
            raise ValidationError(
                _("This pre-order cannot be paid yet: it is waiting for the salesperson.")
            )
        return super().portal_order_transaction(order_id, access_token, **kwargs)
