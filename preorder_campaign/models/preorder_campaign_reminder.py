from odoo import api, fields, models


class PreorderCampaignReminder(models.Model):
    """One reminder mailed to one customer for one reminder day of a campaign.

    Kept so the daily cron never sends the same reminder twice."""

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
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
    )
    days = fields.Integer(
        string="Days Before Deadline",
        required=True,
        help="The reminder day of the campaign this reminder was sent for.",
    )
    campaign_url = fields.Char(
        string="Pre-Order Link",
        compute="_compute_campaign_url",
        help="Page of the campaign on the website, linked from the reminder mail.",
    )

    _campaign_partner_days_uniq = models.Constraint(
        "UNIQUE(campaign_id, partner_id, days)",
        "This customer was already reminded for this day of the campaign.",
    )

    @api.depends("campaign_id")
    def _compute_campaign_url(self):
        for reminder in self:
            campaign = reminder.campaign_id
            reminder.campaign_url = (
                f"{campaign.get_base_url()}/preorder/{campaign.id}" if campaign.id else False
            )
