from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain


class SaleOrder(models.Model):
    _inherit = "sale.order"

    preorder_finalized = fields.Boolean(
        string="Finalized by the Customer",
        copy=False,
        readonly=True,
        tracking=True,
        help="The customer finalized the pre-order on the website: "
        "they can no longer change it there.",
    )
    preorder_finalized_date = fields.Datetime(
        string="Finalized On",
        copy=False,
        readonly=True,
    )

    @api.model
    def _preorder_get_finalized_domain(self):
        """Also done: the pre-orders the customer finalized on the website."""
        return super()._preorder_get_finalized_domain() | Domain("preorder_finalized", "=", True)

    def _preorder_website_finalize(self, finalized_by):
        """Finalize the pre-order as its campaign says and notify the salesperson.

        Quotation mode: the order stays a draft quotation, marked finalized, with the
        campaign's signature / prepayment settings for the portal approval.
        Payment mode: the customer pays the whole prepayment online at once.
        `finalized_by` is the user who clicked (the customer or a rep)."""
        self.ensure_one()
        campaign = self.preorder_campaign_id
        if not campaign or self.state != "draft" or self.preorder_finalized:
            raise UserError(_("This pre-order can no longer be finalized."))
        if not self.order_line:
            raise UserError(_("Enter at least one quantity before finalizing."))
        campaign._check_open_for_customers()
        values = {
            "preorder_finalized": True,
            "preorder_finalized_date": fields.Datetime.now(),
        }
        if campaign.finalize_mode == "payment":
            values.update(
                require_signature=False,
                require_payment=True,
                prepayment_percent=campaign.prepayment_percent,
            )
        else:
            values.update(
                require_signature=campaign.require_signature,
                require_payment=campaign.require_payment,
                prepayment_percent=(
                    campaign.prepayment_percent if campaign.require_payment else 1.0
                ),
            )
        self.write(values)
        self._portal_ensure_token()
        self._preorder_notify_finalized(finalized_by)
        return True

    def _preorder_notify_finalized(self, finalized_by):
        self.ensure_one()
        campaign = self.preorder_campaign_id
        salesperson = self.user_id or campaign.user_id
        if campaign.finalize_mode == "payment":
            summary = _("Pre-order finalized: awaiting online payment")
        else:
            summary = _("Review and send the pre-order quotation")
        self.message_post(
            body=Markup("<p>%s</p>")
            % _(
                "%(user)s finalized the pre-order of campaign %(campaign)s.",
                user=finalized_by.name,
                campaign=campaign.name,
            ),
            author_id=finalized_by.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        if salesperson:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                user_id=salesperson.id,
            )

    def _preorder_website_state(self):
        """'in_progress', 'finalized', 'confirmed' or 'cancelled', as the customer sees it."""
        self.ensure_one()
        if self.state == "sale":
            return "confirmed"
        if self.state == "cancel":
            return "cancelled"
        return "finalized" if self.preorder_finalized else "in_progress"
