from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools.translate import html_translate


class PreorderCampaign(models.Model):
    _inherit = "preorder.campaign"

    # The campaign page's own building blocks (banners, text, pictures), edited from
    # the website editor like a product's description.
    website_content_top = fields.Html(
        string="Website Content Above the Grid",
        translate=html_translate,
        sanitize_overridable=True,
        sanitize_attributes=False,
        sanitize_form=False,
        help="Banners, text and pictures above the order grid, edited on the campaign "
        "page with the website editor.",
    )
    website_content_bottom = fields.Html(
        string="Website Content Below the Grid",
        translate=html_translate,
        sanitize_overridable=True,
        sanitize_attributes=False,
        sanitize_form=False,
        help="Building blocks below the order grid, edited on the campaign page with "
        "the website editor.",
    )
    finalize_mode = fields.Selection(
        selection=[
            ("quotation", "Quotation reviewed by the salesperson"),
            ("payment", "Online payment at once"),
        ],
        string="When the Customer Finalizes",
        required=True,
        default="quotation",
        help="Quotation: the pre-order becomes a quotation the salesperson reviews and sends; "
        "the customer then signs or pays it on the portal.\n"
        "Online payment: the quotation step is skipped and the customer pays online at once.",
    )
    require_signature = fields.Boolean(
        string="Online Signature",
        default=True,
        help="The customer signs the quotation on the portal to confirm it.",
    )
    require_payment = fields.Boolean(
        string="Online Payment",
        help="The customer pays (part of) the quotation online to confirm it.",
    )
    prepayment_percent = fields.Float(
        string="Prepayment Percentage",
        default=1.0,
        help="The part of the total the customer pays online to confirm the order.",
    )
    website_url = fields.Char(compute="_compute_website_url")

    @api.constrains("prepayment_percent", "require_payment", "finalize_mode")
    def _check_prepayment_percent(self):
        for campaign in self:
            needs_payment = campaign.require_payment or campaign.finalize_mode == "payment"
            if needs_payment and not 0 < campaign.prepayment_percent <= 1.0:
                raise ValidationError(
                    _("The prepayment percentage must be more than 0 and at most 100%.")
                )

    @api.depends("campaign_type")
    def _compute_website_url(self):
        for campaign in self:
            campaign.website_url = f"/{campaign.campaign_type or 'preorder'}/{campaign.id or 0}"

    def _get_reminder_urls(self, partners):
        """The reminder links to the campaign page, where the pre-order is entered
        (a pre-order being entered is not shown on the quotation portal)."""
        return dict.fromkeys(partners.ids, self._get_invitation_link())

    def _get_invitation_link(self):
        """The campaign page: the same for every customer."""
        self.ensure_one()
        return self.get_base_url() + self.website_url

    def action_open_website(self):
        """Open the campaign page on the website (a rep then picks the customer there)."""
        self.ensure_one()
        return {"type": "ir.actions.act_url", "url": self.website_url, "target": "self"}

    # ------------------------------------------------------------------
    # Website helpers
    # ------------------------------------------------------------------
    @api.model
    def _get_website_domain(self, campaign_type):
        """Published campaigns of `campaign_type` that are open or about to open."""
        now = fields.Datetime.now()
        return Domain.AND(
            [
                Domain("campaign_type", "=", campaign_type),
                Domain("is_published", "=", True),
                Domain("date_end", ">", now),
                Domain.OR(
                    [
                        Domain("state", "=", "open"),
                        Domain("state", "=", "draft") & Domain("date_start", ">", now),
                    ]
                ),
            ]
        )

    @api.model
    def _get_website_campaigns(self, campaign_type, partner, company=None):
        """The campaigns of the landing page that `partner` may access (of `company`,
        the website's company, when given)."""
        domain = self._get_website_domain(campaign_type)
        if company:
            domain &= Domain("company_id", "=", company.id)
        campaigns = self.search(domain, order="date_end, id")
        return campaigns.filtered(lambda campaign: campaign._is_partner_allowed(partner))

    @api.model
    def _get_website_teaser_campaigns(self, campaign_type, company, limit=6):
        """The campaigns visitors who are not signed in see on the landing page: only
        those open to every signed-in customer of `company` (the website's). Who is
        invited to a restricted campaign, and what it is, stays among them."""
        domain = (
            self._get_website_domain(campaign_type)
            & Domain("audience", "=", "all")
            & Domain("company_id", "=", company.id)
        )
        return self.search(domain, order="date_end, id", limit=limit)

    def _get_website_status(self, now=None):
        """'upcoming', 'open' or 'closed', as the website shows it (server time)."""
        self.ensure_one()
        now = now or fields.Datetime.now()
        if self._is_open_for_customers(now):
            return "open"
        if self.state in ("draft", "open") and now < self.date_start:
            return "upcoming"
        return "closed"
