from odoo import fields, models


class PreorderCampaignReminder(models.Model):
    """One reminder mailed to one ordering contact (a customer, or a branch or buyer
    with a login of its own) for one reminder day of a campaign.

    Kept so the daily cron never sends the same reminder twice to a contact."""

    _name = "preorder.campaign.reminder"
    _description = "Pre-Order Campaign Reminder"
    _order = "create_date desc, id desc"
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
        string="Contact",
        required=True,
        index=True,
        ondelete="cascade",
    )
    kind = fields.Selection(
        selection=[
            ("deadline", "Deadline"),
            ("early_booking", "Early-Booking Date"),
        ],
        required=True,
        default="deadline",
        help="The date the reminder was sent before: the campaign's deadline, or its "
        "early-booking date (the last day to get the early-booking discount).",
    )
    days = fields.Integer(
        string="Days Before",
        required=True,
        help="The reminder day of the campaign this reminder was sent for.",
    )
    # Stored when the reminder is created: the link that was mailed, whichever addon
    # provided it (preorder.campaign._get_reminder_urls).
    campaign_url = fields.Char(
        string="Pre-Order Link",
        readonly=True,
        help="Link of the reminder mail: the contact's pre-order on the portal, or the "
        "campaign page when the campaign is on the website.",
    )

    _campaign_partner_days_uniq = models.Constraint(
        "UNIQUE(campaign_id, partner_id, kind, days)",
        "This contact was already reminded for this day of the campaign.",
    )
