import calendar
from datetime import timedelta

from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools.misc import limited_field_access_token

# How long after the deadline the picture of an invitation mail stays visible.
INVITATION_IMAGE_DAYS_AFTER_DEADLINE = 60
# The chatter names the customers invited, up to this many.
MAX_NAMES_IN_MESSAGE = 20


class PreorderCampaign(models.Model):
    """Inviting the campaign's customers: one mail each (the invitation template),
    logged per customer (``preorder.campaign.invitation``) so nobody is invited twice
    unless the team asks again."""

    _inherit = "preorder.campaign"

    invitation_ids = fields.One2many(
        comodel_name="preorder.campaign.invitation",
        inverse_name="campaign_id",
        string="Invitations",
    )
    invitation_count = fields.Integer(
        string="Invited", compute="_compute_invitation_count", compute_sudo=True
    )

    def _compute_invitation_count(self):
        counts = dict(
            self.env["preorder.campaign.invitation"]._read_group(
                [("campaign_id", "in", self.ids)], ["campaign_id"], ["__count"]
            )
        )
        for campaign in self:
            campaign.invitation_count = counts.get(campaign, 0)

    def action_invite_customers(self):
        """Open the invitation wizard on the campaign's audience."""
        self.ensure_one()
        self._check_can_invite()
        return {
            "type": "ir.actions.act_window",
            "name": _("Invite Customers"),
            "res_model": "preorder.campaign.invite",
            "view_mode": "form",
            "target": "new",
            "context": {"default_campaign_id": self.id},
        }

    def action_view_invitations(self):
        self.ensure_one()
        # the domain apart: Odoo's term extractor takes it for a term after _()
        domain = [("campaign_id", "=", self.id)]
        return {
            "type": "ir.actions.act_window",
            "name": _("Invitations"),
            "res_model": "preorder.campaign.invitation",
            "view_mode": "list",
            "domain": domain,
            "context": {"create": False},
        }

    def _check_can_invite(self):
        """Who may change the campaign invites its customers, to a campaign they can
        still order in: not cancelled, not done, deadline not passed."""
        self.ensure_one()
        self.check_access("write")
        if self.state in ("cancel", "closed", "done") or self.date_end <= fields.Datetime.now():
            raise UserError(
                _(
                    "Campaign %(name)s no longer takes pre-orders: nobody can be invited.",
                    name=self.name,
                )
            )

    def _get_invitation_audience(self):
        """The contacts an invitation is meant for, with an e-mail, allowed to order
        (``_is_partner_allowed``). For selected customers: the added customers and those
        with a selected label, their companies and their contacts with a portal login
        (as the reminders). For every signed-in customer: the contacts with a portal
        login of the campaign's company. A fixed number of queries."""
        self.ensure_one()
        Partner = self.env["res.partner"].sudo()
        if self.audience == "selected":
            candidates = self._get_reminder_invited_partners()
        else:
            candidates = Partner.search(
                Domain("user_ids", "any", Domain("share", "=", True))
                & Domain("company_id", "in", [False, self.company_id.id])
            )
        candidates = candidates.filtered("email")
        self._prefetch_partner_audience(candidates)
        return candidates.filtered(self._is_partner_allowed).with_env(self.env)

    def _invite_partners(self, partners, template=None, again=False):
        """Mail the invitation to `partners` and log it per customer. Those already
        invited are left out unless `again`. Returns the invitations mailed."""
        self.ensure_one()
        template = template or self.env.ref("preorder_campaign.mail_template_preorder_invitation")
        invitations = self._log_invitations(partners, again=again, channel="mail")
        if invitations:
            template.sudo().send_mail_batch(invitations.ids)
        return invitations

    def _log_invitations(self, partners, again=False, **values):
        """Log an invitation of each of `partners` (with `values`, e.g. the channel) and
        say so in the chatter. Those already invited are left out unless `again`; their
        log then counts one more invitation. Returns the invitations to send."""
        self.ensure_one()
        self._check_can_invite()
        Invitation = self.env["preorder.campaign.invitation"].sudo()
        logged = Invitation.search(
            [("campaign_id", "=", self.id), ("partner_id", "in", partners.ids)]
        )
        logged_by_partner = {invitation.partner_id.id: invitation for invitation in logged}
        if not again:
            partners = partners.filtered(lambda partner: partner.id not in logged_by_partner)
        if not partners:
            return Invitation
        urls = self._get_reminder_urls(partners)
        values = {
            **values,
            "image_url": self._get_invitation_image_url(),
            "date_sent": fields.Datetime.now(),
        }
        invitations = Invitation
        to_create = []
        for partner in partners:
            partner_values = {**values, "email": partner.email, "campaign_url": urls[partner.id]}
            invitation = logged_by_partner.get(partner.id)
            if invitation:
                invitation.write({**partner_values, "sent_count": invitation.sent_count + 1})
                invitations |= invitation
            else:
                to_create.append(
                    {**partner_values, "campaign_id": self.id, "partner_id": partner.id}
                )
        invitations |= Invitation.create(to_create)
        self._post_invited_message(partners)
        return invitations

    def _post_invited_message(self, partners):
        names = ", ".join(partners[:MAX_NAMES_IN_MESSAGE].mapped("display_name"))
        if len(partners) > MAX_NAMES_IN_MESSAGE:
            names = _(
                "%(names)s and %(count)s more",
                names=names,
                count=len(partners) - MAX_NAMES_IN_MESSAGE,
            )
        self.message_post(
            body=_("%(count)s customers invited: %(names)s", count=len(partners), names=names)
        )

    def _get_invitation_link(self):
        """The link of an invitation read by many (a newsletter): the portal here; the
        website addon links to the campaign's page."""
        self.ensure_one()
        return f"{self.get_base_url()}/my"

    def _get_invitation_image_url(self):
        """The campaign's picture for the invitation mail, readable without signing in
        until some time after the deadline; empty without a picture."""
        self.ensure_one()
        if not self.image_512:
            return False
        expiry = self.date_end + timedelta(days=INVITATION_IMAGE_DAYS_AFTER_DEADLINE)
        token = limited_field_access_token(
            self, "image_512", timestamp=hex(calendar.timegm(expiry.timetuple())), scope="binary"
        )
        return (
            f"{self.get_base_url()}/web/image/preorder.campaign/{self.id}/image_512"
            f"?access_token={token}"
        )
