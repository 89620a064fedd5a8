from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from ..core import comparison

# The headline figures of a campaign, and their value when it has no order.
ANALYSIS_FIGURES = {
    "amount": 0.0,
    "quantity": 0.0,
    "customer_count": 0,
    "invited_count": 0,
    "participation": 0.0,
    "laggard_count": 0,
}


class PreorderCampaign(models.Model):
    """Campaign analysis: the headline figures of the campaign and of the previous
    campaign it is compared with (``compare_campaign_id``), and the way to the
    analysis (``preorder.campaign.report``) and to the laggards.

    A customer is a commercial partner: the contacts and branches of a company
    count as that company. *Invited*: allowed by the audience
    (``_is_partner_allowed``); *ordered*: has a pre-order line in an order that is
    not cancelled; *laggard*: invited, nothing finalized
    (``sale.order._preorder_get_finalized_domain``)."""

    _inherit = "preorder.campaign"

    compare_campaign_manual_id = fields.Many2one(
        comodel_name="preorder.campaign",
        string="Chosen Campaign to Compare",
        copy=False,
        check_company=True,
        ondelete="set null",
        help="Set when somebody picked another campaign than the default one.",
    )
    compare_campaign_id = fields.Many2one(
        comodel_name="preorder.campaign",
        string="Compare With",
        compute="_compute_compare_campaign_id",
        inverse="_inverse_compare_campaign_id",
        help="The campaign whose figures are shown beside this one's. By default the "
        "last closed or done campaign of the company in the same series: its code "
        "starts with the same letters before the first digit (SPRING-2026 for "
        "SPRING-2027). Empty it to go back to that default.",
    )
    analysis_amount = fields.Monetary(
        string="Amount",
        compute="_compute_analysis",
        groups="preorder_campaign.group_preorder_user",
        help="Untaxed amount of the pre-order lines of the orders not cancelled.",
    )
    analysis_quantity = fields.Float(
        string="Quantity",
        digits="Product Unit",
        compute="_compute_analysis",
        groups="preorder_campaign.group_preorder_user",
    )
    analysis_customer_count = fields.Integer(
        string="Customers Who Ordered",
        compute="_compute_analysis",
        groups="preorder_campaign.group_preorder_user",
    )
    analysis_invited_count = fields.Integer(
        string="Customers Invited",
        compute="_compute_analysis",
        groups="preorder_campaign.group_preorder_user",
        help="Customers the audience allows. With 'every signed-in customer', the "
        "customers of the company a salesperson may enter pre-orders for.",
    )
    analysis_participation = fields.Float(
        string="Participation",
        compute="_compute_analysis",
        groups="preorder_campaign.group_preorder_user",
        help="Share of the invited customers who ordered.",
    )
    analysis_laggard_count = fields.Integer(
        string="Laggards",
        compute="_compute_analysis",
        groups="preorder_campaign.group_preorder_user",
        help="Invited customers who finalized nothing yet.",
    )
    compare_amount = fields.Monetary(
        string="Amount (Compared)",
        compute="_compute_analysis",
        groups="preorder_campaign.group_preorder_user",
    )
    compare_quantity = fields.Float(
        string="Quantity (Compared)",
        digits="Product Unit",
        compute="_compute_analysis",
        groups="preorder_campaign.group_preorder_user",
    )
    compare_customer_count = fields.Integer(
        string="Customers Who Ordered (Compared)",
        compute="_compute_analysis",
        groups="preorder_campaign.group_preorder_user",
    )
    compare_invited_count = fields.Integer(
        string="Customers Invited (Compared)",
        compute="_compute_analysis",
        groups="preorder_campaign.group_preorder_user",
    )
    compare_participation = fields.Float(
        string="Participation (Compared)",
        compute="_compute_analysis",
        groups="preorder_campaign.group_preorder_user",
    )
    compare_laggard_count = fields.Integer(
        string="Laggards (Compared)",
        compute="_compute_analysis",
        groups="preorder_campaign.group_preorder_user",
    )

    @api.constrains("compare_campaign_manual_id")
    def _check_compare_campaign(self):
        if any(campaign.compare_campaign_manual_id == campaign for campaign in self):
            raise ValidationError(_("A campaign cannot be compared with itself."))

    @api.depends("code", "company_id", "date_end", "compare_campaign_manual_id")
    def _compute_compare_campaign_id(self):
        defaults = self._get_default_compare_campaign_ids()
        for campaign in self:
            campaign.compare_campaign_id = campaign.compare_campaign_manual_id or defaults.get(
                campaign
            )

    def _inverse_compare_campaign_id(self):
        # The default is not kept as a choice: it follows the series as campaigns close.
        defaults = self._get_default_compare_campaign_ids()
        for campaign in self:
            chosen = campaign.compare_campaign_id
            campaign.compare_campaign_manual_id = (
                False if chosen.id == defaults.get(campaign) else chosen
            )

    @api.depends("compare_campaign_id")
    def _compute_analysis(self):
        figures = (self._origin | self.compare_campaign_id._origin)._get_analysis_figures()
        for campaign in self:
            own = figures.get(campaign._origin.id, ANALYSIS_FIGURES)
            other = figures.get(campaign.compare_campaign_id._origin.id, ANALYSIS_FIGURES)
            for name in ANALYSIS_FIGURES:
                campaign[f"analysis_{name}"] = own[name]
                campaign[f"compare_{name}"] = other[name]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_analysis(self):
        """The analysis of the campaign beside the one it is compared with: the
        campaigns as columns of the pivot and as series of the graph."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "preorder_campaign.preorder_campaign_report_action"
        )
        campaigns = self | self.compare_campaign_id
        action["display_name"] = _("Analysis of %(campaign)s", campaign=self.name)
        action["domain"] = [("campaign_id", "in", campaigns.ids)]
        action["context"] = {
            "pivot_column_groupby": ["campaign_id"],
            "pivot_row_groupby": ["categ_id"],
            "graph_groupbys": ["categ_id", "campaign_id"],
        }
        return action

    def action_view_laggards(self):
        """The invited customers who finalized nothing: to chase them."""
        self.ensure_one()
        # Who may read the analysis may see its laggards (the list is computed in sudo).
        self.env["preorder.campaign.report"].check_access("read")
        laggard_ids = self._get_analysis_figures()[self.id]["laggard_ids"]
        return {
            "type": "ir.actions.act_window",
            "name": _("Laggards of %(campaign)s", campaign=self.name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": [("id", "in", sorted(laggard_ids))],
            "context": {"create": False},
        }

    def action_view_compare_laggards(self):
        self.ensure_one()
        return self.compare_campaign_id.action_view_laggards()

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _get_default_compare_campaign_ids(self):
        """``{campaign: id of the campaign to compare with by default}`` (see
        ``core.comparison.previous_campaign``): the last closed or done campaign of
        the same company and series ending before it. One search."""
        companies = self.company_id
        if not companies:
            return {}
        candidates = defaultdict(list)
        for other in self.search_fetch(
            [("state", "in", ("closed", "done")), ("company_id", "in", companies.ids)],
            ["code", "date_end", "company_id"],
        ):
            candidates[other.company_id.id].append((other.id, other.code, other.date_end))
        return {
            campaign: comparison.previous_campaign(
                campaign.code,
                campaign.date_end,
                candidates[campaign.company_id.id],
                exclude=campaign._origin.id,
            )
            for campaign in self
        }

    def _get_analysis_figures(self):
        """``{campaign id: {figure: value, 'laggard_ids': set}}`` for the campaigns
        (see ``ANALYSIS_FIGURES``). One grouped query on the analysis for all of them,
        one per campaign for its invited customers, whatever the number of lines.

        In sudo, like the campaign's order counters: these are campaign figures."""
        groups = (
            self.env["preorder.campaign.report"]
            .sudo()
            ._read_group(
                [("campaign_id", "in", self.ids)],
                ["campaign_id", "commercial_partner_id", "is_finalized"],
                ["quantity:sum", "amount_untaxed:sum"],
            )
        )
        totals = defaultdict(lambda: [0.0, 0.0])
        ordered = defaultdict(set)
        finalized = defaultdict(set)
        for campaign, customer, is_finalized, quantity, amount in groups:
            totals[campaign.id][0] += quantity
            totals[campaign.id][1] += amount
            ordered[campaign.id].add(customer.id)
            if is_finalized:
                finalized[campaign.id].add(customer.id)
        invited_by_campaign = self._get_invited_customer_ids()
        figures = {}
        for campaign in self:
            invited = invited_by_campaign[campaign.id]
            quantity, amount = totals[campaign.id]
            laggards = invited - finalized[campaign.id]
            figures[campaign.id] = {
                "amount": campaign.currency_id.round(amount),
                "quantity": quantity,
                "customer_count": len(ordered[campaign.id]),
                "invited_count": len(invited),
                "participation": (
                    len(invited & ordered[campaign.id]) / len(invited) if invited else 0.0
                ),
                "laggard_count": len(laggards),
                "laggard_ids": laggards,
            }
        return figures

    def _get_invited_customer_ids(self):
        """``{campaign id: set of customer ids}``: the commercial partners of which
        ``_is_partner_allowed`` allows at least one contact. Active partners only.

        For 'every signed-in customer' everybody is allowed: the customers are then
        those a salesperson may enter pre-orders for
        (``res.partner._preorder_rep_customer_domain``). One grouped query per
        campaign, plus one read of the excluded customers."""
        Partner = self.env["res.partner"].sudo()
        selections = {campaign.id: campaign._get_selection() for campaign in self}
        excluded = Partner.browse(
            sorted({pid for sel in selections.values() for pid in sel["excluded_partner_ids"]})
        )
        commercial_of = {partner.id: partner.commercial_partner_id.id for partner in excluded}
        public_partner_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "base.public_partner", raise_if_not_found=False
        )
        result = {}
        for campaign in self:
            domain = campaign._get_invited_domain(selections[campaign.id], commercial_of)
            if domain.is_false():
                result[campaign.id] = set()
                continue
            domain &= Domain("id", "!=", public_partner_id)
            result[campaign.id] = {
                customer.id
                for (customer,) in Partner._read_group(domain, ["commercial_partner_id"])
            }
        return result

    def _get_invited_domain(self, selection, commercial_of):
        """The contacts ``_is_partner_allowed`` allows, as a ``res.partner`` domain:
        granted (added, with a selected label or a child label, or anybody for
        'all'), and no excluded partner between the contact and its commercial
        partner (``commercial_of``: ``{excluded id: its commercial partner id}``)."""
        self.ensure_one()
        if selection["audience"] == "all":
            company = self.env["res.company"].browse(selection["company_id"])
            granted = self.env["res.partner"]._preorder_rep_customer_domain(company)
        else:
            parts = []
            if selection["partner_ids"]:
                parts.append(Domain("id", "in", list(selection["partner_ids"])))
            if selection["partner_category_ids"]:
                parts.append(
                    Domain("category_id", "child_of", list(selection["partner_category_ids"]))
                )
            if not parts:
                return Domain.FALSE
            granted = Domain.OR(parts)
        # An exclusion covers the contacts below it, up to their commercial partner.
        excluded_by_commercial = defaultdict(list)
        for partner_id in selection["excluded_partner_ids"]:
            excluded_by_commercial[commercial_of[partner_id]].append(partner_id)
        blocked = [
            Domain("commercial_partner_id", "=", commercial_id) & Domain("id", "child_of", ids)
            for commercial_id, ids in excluded_by_commercial.items()
        ]
        if blocked:
            granted &= ~Domain.OR(blocked)
        return granted
