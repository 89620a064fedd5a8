from odoo import fields, models


class PreorderCampaignInvitation(models.Model):
    """A customer invited to a campaign: by mail (the invitation template), or by a
    mailing list handed to Odoo's mass mailing app.

    One per campaign and contact, so an invitation is never sent twice unless the
    team asks again (then ``sent_count`` grows and ``date_sent`` moves)."""

    _name = "preorder.campaign.invitation"
    _description = "Pre-Order Campaign Invitation"
    _order = "date_sent desc, id desc"
    _rec_name = "partner_id"

    campaign_id = fields.Many2one(
        comodel_name="preorder.campaign",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
    )
    email = fields.Char(readonly=True, help="The address the invitation went to.")
    channel = fields.Selection(
        selection=[("mail", "Mail")],
        required=True,
        default="mail",
        help="How the customer was invited: a mail of the invitation template, or a "
        "mailing list of the mass mailing app.",
    )
    date_sent = fields.Datetime(
        string="Invited On", required=True, default=fields.Datetime.now, readonly=True
    )
    sent_count = fields.Integer(
        string="Times Invited",
        default=1,
        readonly=True,
        help="Invited again on request: the campaign never invites a customer twice by itself.",
    )
    campaign_url = fields.Char(
        string="Pre-Order Link",
        readonly=True,
        help="The link of the invitation: the campaign page when the campaign is on "
        "the website, else the customer's pre-order on the portal.",
    )
    # The campaign's picture with a token valid until after its deadline, so the
    # mail's reader sees it without signing in.
    image_url = fields.Char(string="Picture Link", readonly=True)

    _campaign_partner_uniq = models.Constraint(
        "UNIQUE(campaign_id, partner_id)",
        "This customer was already invited to this campaign.",
    )
