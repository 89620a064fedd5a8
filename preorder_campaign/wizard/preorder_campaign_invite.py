from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import clean_context


class PreorderCampaignInvite(models.TransientModel):
    """Invite a campaign's customers by mail: its audience not yet invited, to
    review before sending, or everyone again on request."""

    _name = "preorder.campaign.invite"
    _description = "Invite Customers to a Pre-Order Campaign"

    campaign_id = fields.Many2one(
        comodel_name="preorder.campaign", required=True, readonly=True, ondelete="cascade"
    )
    again = fields.Boolean(
        string="Invite Again",
        help="Also invite the customers who were already invited to this campaign.",
    )
    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="preorder_campaign_invite_partner_rel",
        string="Customers",
        compute="_compute_partner_ids",
        store=True,
        readonly=False,
        help="The campaign's customers with an e-mail address, those already invited "
        "left out unless Invite Again is set.",
    )
    already_invited_count = fields.Integer(
        string="Already Invited", compute="_compute_already_invited_count"
    )
    template_id = fields.Many2one(
        comodel_name="mail.template",
        string="Mail Template",
        required=True,
        domain=[("model", "=", "preorder.campaign.invitation")],
        default=lambda self: self.env.ref(
            "preorder_campaign.mail_template_preorder_invitation", raise_if_not_found=False
        ),
    )

    @api.depends("campaign_id", "again")
    def _compute_partner_ids(self):
        for wizard in self:
            audience, invited = wizard._get_audience_and_invited()
            wizard.partner_ids = audience if wizard.again else audience - invited

    @api.depends("campaign_id")
    def _compute_already_invited_count(self):
        for wizard in self:
            wizard.already_invited_count = len(wizard._get_audience_and_invited()[1])

    def _get_audience_and_invited(self):
        """The campaign's audience, and those of it already invited."""
        campaign = self.campaign_id
        if not campaign:
            return self.env["res.partner"], self.env["res.partner"]
        audience = campaign._get_invitation_audience()
        invited = (
            self.env["preorder.campaign.invitation"]
            .sudo()
            .search([("campaign_id", "=", campaign.id), ("partner_id", "in", audience.ids)])
            .partner_id
        )
        return audience, invited.with_env(self.env)

    def action_invite(self):
        """Mail the invitation to the recipients once checked."""
        self.ensure_one()
        self._check_recipients()
        invitations = self._get_campaign()._invite_partners(
            self.partner_ids, self.template_id, again=self.again
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _("%(count)s customers invited.", count=len(invitations)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _get_campaign(self):
        """The campaign without the wizard's defaults (``default_campaign_id`` would
        name another model's campaign in the records the invitation makes)."""
        return self.campaign_id.with_context(clean_context(self.env.context))

    def _check_recipients(self):
        """Each recipient has an address and may order in the campaign (an invitation
        to a closed door helps nobody); else nothing is sent."""
        campaign = self.campaign_id
        partners = self.partner_ids
        if not partners:
            raise UserError(_("Nobody to invite: every customer of the campaign was invited."))
        no_email = partners.filtered(lambda partner: not partner.email)
        if no_email:
            raise UserError(
                _(
                    "These customers have no e-mail address: %(names)s",
                    names=", ".join(no_email.mapped("display_name")),
                )
            )
        campaign._prefetch_partner_audience(partners)
        outside = partners.filtered(lambda partner: not campaign._is_partner_allowed(partner))
        if outside:
            raise UserError(
                _(
                    "These contacts cannot order in campaign %(campaign)s: %(names)s. "
                    "Add them to its customers first.",
                    campaign=campaign.name,
                    names=", ".join(outside.mapped("display_name")),
                )
            )
