import time
from collections import defaultdict
from datetime import timedelta

from babel.dates import format_timedelta
from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, frozendict, ormcache
from odoo.tools.misc import babel_locale_parse

from ..core import audience, early_booking

# Records per committed batch of a cron (``_preorder_batch_size``)
PREORDER_BATCH_SIZE = 100

# (from state, to state) -> whether only Pre-Order administrators may make it
STATE_TRANSITIONS = {
    ("draft", "open"): False,
    ("draft", "cancel"): False,
    ("open", "closed"): True,
    ("open", "cancel"): True,
    ("closed", "open"): True,
    ("closed", "done"): False,
    ("closed", "cancel"): True,
    ("cancel", "draft"): False,
}
# The selections every website page and save reads (audience check, product domain):
# cached per campaign (``_get_cached_selection``), the cache is cleared when they change.
CACHED_SELECTION_FIELDS = (
    "audience",
    "company_id",
    "partner_category_ids",
    "partner_ids",
    "excluded_partner_ids",
    "product_categ_ids",
    "product_brand_ids",
    "product_tag_ids",
)
# Changes of these fields move the tiers or the discounts of the campaign's quotations
# (the tiers themselves live on preorder.discount.rule, which updates them too).
TIER_CAMPAIGN_FIELDS = {
    "group_target",
    "discount_excluded_product_ids",
    "discount_excluded_categ_ids",
    "discount_excluded_brand_ids",
}


class PreorderCampaign(models.Model):
    _name = "preorder.campaign"
    _description = "Pre-Order Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin", "image.mixin"]
    _order = "date_end desc, id desc"
    _check_company_auto = True

    # ------------------------------------------------------------------
    # General settings
    # ------------------------------------------------------------------
    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True)
    campaign_type = fields.Selection(
        selection=[("preorder", "Pre-Order"), ("outlet", "Outlet")],
        string="Type",
        required=True,
        default="preorder",
        tracking=True,
    )
    code = fields.Char(
        required=True,
        copy=False,
        help="Reference carried by the campaign's orders and quotations.",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("open", "Open"),
            ("closed", "Closed"),
            ("done", "Done"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        copy=False,
        tracking=True,
        group_expand=True,
    )
    date_start = fields.Datetime(
        string="Start Date",
        required=True,
        tracking=True,
        help="From this moment customers can enter their pre-order on the website.",
    )
    date_end = fields.Datetime(
        string="Deadline",
        required=True,
        tracking=True,
        help="Until this moment customers can change their pre-order on the website.",
    )
    earliest_delivery_date = fields.Date(
        help="Customers may ask for a delivery date, but not before this date.",
    )
    allow_multiple_orders = fields.Boolean(
        string="Multiple Orders",
        help="A customer may start more than one pre-order in this campaign.",
    )
    min_days_between_deliveries = fields.Integer(
        string="Days Between Deliveries",
        help="Minimum number of days between the desired delivery dates of the pre-orders "
        "delivered to one address: with Multiple Orders, or when several contacts of a "
        "customer ship to the same address. Other addresses of the customer (other "
        "shops) are not concerned.",
    )
    supplier_expire_date = fields.Date(
        help="Informative: the date the vendor or production needs the final quantities.",
    )
    picking_type_id = fields.Many2one(
        comodel_name="stock.picking.type",
        string="Operation Type",
        domain="[('code', '=', 'incoming'), ('company_id', 'in', (company_id, False))]",
        check_company=True,
        help="Where the purchased goods are received.",
    )
    route_id = fields.Many2one(
        comodel_name="stock.route",
        domain="[('sale_selectable', '=', True)]",
        check_company=True,
        help="Route set on the order lines for the logistic flow.",
    )
    pricelist_id = fields.Many2one(
        comodel_name="product.pricelist",
        check_company=True,
        help="When set, the campaign's orders use this pricelist instead of the customer's.",
    )
    show_previous_sales = fields.Boolean(
        help="Show customers how much of each product they bought in the last weeks.",
    )
    previous_sales_weeks = fields.Integer(string="Weeks Back", default=12)
    show_peer_average = fields.Boolean(
        string="Show Average of Other Customers",
        help="Show customers the average quantity other customers pre-order in this campaign.",
    )
    peer_average_min_customers = fields.Integer(
        string="Minimum Other Customers",
        required=True,
        default=3,
        help="The average of other customers is shown for a product only once at least "
        "this many other customers ordered it (the branches of one company count as one "
        "customer). With fewer, the average would reveal a competitor's own quantity.",
    )
    is_published = fields.Boolean(
        string="Published on Website",
        copy=False,
        tracking=True,
    )
    description = fields.Html(
        string="Introduction",
        translate=True,
        sanitize=True,
        help="Short text shown on the website above the order grid.",
    )
    reminder_days = fields.Char(
        default="7,1",
        help="Comma-separated numbers of days before the deadline at which customers "
        "who did not finalize their pre-order are reminded, e.g. 7,1. With an "
        "early-booking reward, they are also reminded these days before its date.",
    )
    reminder_ids = fields.One2many(
        comodel_name="preorder.campaign.reminder",
        inverse_name="campaign_id",
        string="Reminders Sent",
        readonly=True,
    )
    time_left = fields.Char(
        compute="_compute_time_left",
        help="Time left until the deadline, or whether the campaign is closed.",
    )

    # ------------------------------------------------------------------
    # Product selection
    # ------------------------------------------------------------------
    product_categ_ids = fields.Many2many(
        comodel_name="product.category",
        relation="preorder_campaign_product_categ_rel",
        string="Product Categories",
        help="Products of these categories and their subcategories are offered.",
    )
    product_brand_ids = fields.Many2many(
        comodel_name="product.brand",
        relation="preorder_campaign_product_brand_rel",
        string="Brands",
    )
    product_tag_ids = fields.Many2many(
        comodel_name="product.tag",
        relation="preorder_campaign_product_tag_rel",
        string="Product Tags",
    )
    product_ids = fields.Many2many(
        comodel_name="product.product",
        relation="preorder_campaign_product_rel",
        column1="preorder_campaign_id",
        column2="product_product_id",
        string="Added Products",
        check_company=True,
        help="Products or variants offered in addition to the selection above.",
    )
    excluded_product_ids = fields.Many2many(
        comodel_name="product.product",
        relation="preorder_campaign_excluded_product_rel",
        column1="preorder_campaign_id",
        column2="product_product_id",
        string="Excluded Products",
        check_company=True,
    )
    product_count = fields.Integer(compute="_compute_product_count")

    # ------------------------------------------------------------------
    # Customers
    # ------------------------------------------------------------------
    audience = fields.Selection(
        selection=[
            ("all", "Every signed-in customer"),
            ("selected", "Selected customers"),
        ],
        required=True,
        default="selected",
    )
    partner_category_ids = fields.Many2many(
        comodel_name="res.partner.category",
        relation="preorder_campaign_partner_category_rel",
        string="Customer Labels",
        help="Customers with these labels (or their child labels) have access.",
    )
    partner_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="preorder_campaign_partner_rel",
        string="Added Customers",
    )
    excluded_partner_ids = fields.Many2many(
        comodel_name="res.partner",
        relation="preorder_campaign_excluded_partner_rel",
        string="Excluded Customers",
    )

    # ------------------------------------------------------------------
    # Discounts
    # ------------------------------------------------------------------
    discount_rule_ids = fields.One2many(
        comodel_name="preorder.discount.rule",
        inverse_name="campaign_id",
        string="Discount Tiers",
        copy=True,
    )
    discount_excluded_product_ids = fields.Many2many(
        comodel_name="product.product",
        relation="preorder_campaign_discount_excluded_product_rel",
        string="Products Without Discount",
        check_company=True,
    )
    discount_excluded_categ_ids = fields.Many2many(
        comodel_name="product.category",
        relation="preorder_campaign_discount_excluded_categ_rel",
        string="Categories Without Discount",
        help="Products of these categories and their subcategories get no tier discount.",
    )
    discount_excluded_brand_ids = fields.Many2many(
        comodel_name="product.brand",
        relation="preorder_campaign_discount_excluded_brand_rel",
        string="Brands Without Discount",
    )
    group_target = fields.Boolean(
        help="The balance for the tiers adds up the open pre-orders of all contacts "
        "and branches of the same company, so branches reach a tier together.",
    )
    early_booking_date = fields.Datetime(
        string="Early-Booking Date",
        tracking=True,
        help="Pre-orders finalized at or before this moment get the early-booking "
        "discount on top of the tier discount. Must come before the deadline.",
    )
    early_booking_discount_percent = fields.Float(
        string="Early-Booking Discount (%)",
        digits="Discount",
        tracking=True,
        help="Extra discount locked in on a pre-order finalized by the early-booking "
        "date, combined with the tier discount as successive discounts (10% and 2% "
        "make 11.8%). Products without discount get none.",
    )
    early_booking_time_left = fields.Char(
        string="Early-Booking Time Left",
        compute="_compute_early_booking_time_left",
        help="Time left to finalize with the early-booking discount; empty once it is over.",
    )

    # ------------------------------------------------------------------
    # Orders
    # ------------------------------------------------------------------
    order_ids = fields.One2many(
        comodel_name="sale.order",
        inverse_name="preorder_campaign_id",
        string="Orders",
    )
    order_count = fields.Integer(
        string="Pre-Orders",
        compute="_compute_order_stats",
        help="Pre-orders made in this campaign, in any state except cancelled.",
    )
    confirmed_order_count = fields.Integer(
        string="Confirmed Sales",
        compute="_compute_order_stats",
    )
    finalized_order_count = fields.Integer(
        string="Finalized Pre-Orders",
        compute="_compute_order_stats",
        help="Pre-orders finalized (quotations sent) and not confirmed yet.",
    )
    confirm_requested_uid = fields.Many2one(
        comodel_name="res.users",
        string="Confirmation Requested By",
        readonly=True,
        copy=False,
        help="A manager asked to confirm the finalized pre-orders: more than one "
        "batch, so a scheduled action confirms them in the background, in batches.",
    )
    amount_confirmed = fields.Monetary(
        string="Net Confirmed",
        compute="_compute_order_stats",
        currency_field="currency_id",
        help="Untaxed total of the confirmed orders, in the company currency.",
    )

    _code_company_uniq = models.Constraint(
        "UNIQUE(code, company_id)",
        "The campaign code must be unique per company.",
    )
    _weeks_positive = models.Constraint(
        "CHECK (previous_sales_weeks >= 0)",
        "The number of weeks back cannot be negative.",
    )
    _peer_average_min_customers_check = models.Constraint(
        "CHECK (peer_average_min_customers >= 2)",
        "The average of other customers needs at least 2 other customers: "
        "with one, it is that customer's own quantity.",
    )
    _early_booking_percent_range = models.Constraint(
        "CHECK (early_booking_discount_percent >= 0 AND early_booking_discount_percent <= 100)",
        "The early-booking discount must be between 0% and 100%.",
    )
    _early_booking_before_deadline = models.Constraint(
        "CHECK (early_booking_date IS NULL OR early_booking_date < date_end)",
        "The early-booking date must come before the deadline.",
    )
    _days_between_positive = models.Constraint(
        "CHECK (min_days_between_deliveries >= 0)",
        "The number of days between deliveries cannot be negative.",
    )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        if any(c.date_start and c.date_end and c.date_start >= c.date_end for c in self):
            raise ValidationError(_("The deadline must come after the start date."))

    @api.constrains("reminder_days")
    def _check_reminder_days(self):
        for campaign in self:
            try:
                campaign._get_reminder_days()
            except ValueError:
                raise ValidationError(
                    _(
                        "Reminder days must be positive whole numbers separated by commas, "
                        "e.g. 7,1 (got %(value)s).",
                        value=campaign.reminder_days,
                    )
                ) from None

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends(
        "product_categ_ids",
        "product_brand_ids",
        "product_tag_ids",
        "product_ids",
        "excluded_product_ids",
        "company_id",
    )
    def _compute_product_count(self):
        """Every campaign its own product domain, all counted in one query (a count
        subquery per campaign): a kanban of many campaigns costs no query per card.
        The categories' parent paths (``child_of``) are read at once beforehand."""
        Product = self.env["product.product"]
        categ_ids = {
            categ_id
            for campaign in self
            for categ_id in campaign._get_selection()["product_categ_ids"]
        }
        self.env["product.category"].sudo().browse(categ_ids).exists().mapped("parent_path")
        queries = [(campaign, Product._search(campaign._get_product_domain())) for campaign in self]
        counted = [(campaign, query) for campaign, query in queries if not query.is_empty()]
        counts = []
        if counted:
            counts = self.env.execute_query(
                SQL(
                    "SELECT %s",
                    SQL(", ").join(query.subselect("COUNT(*)") for _c, query in counted),
                )
            )[0]
        self.product_count = 0
        for (campaign, _query), count in zip(counted, counts, strict=True):
            campaign.product_count = count

    @api.depends("state", "date_start", "date_end")
    def _compute_time_left(self):
        now = fields.Datetime.now()
        locale = babel_locale_parse(self.env.lang or "en_US")
        for campaign in self:
            campaign.time_left = campaign._get_time_left_label(now, locale)

    @api.depends("early_booking_date", "early_booking_discount_percent", "state")
    def _compute_early_booking_time_left(self):
        now = fields.Datetime.now()
        locale = babel_locale_parse(self.env.lang or "en_US")
        for campaign in self:
            campaign.early_booking_time_left = (
                _(
                    "%(delay)s left",
                    # threshold 2: "10 days", "36 hours", not a rounded "2 weeks"
                    delay=format_timedelta(
                        campaign.early_booking_date - now, threshold=2, locale=locale
                    ),
                )
                if campaign._preorder_early_booking_running(now)
                else False
            )

    @api.depends("order_ids.state", "order_ids.amount_untaxed", "order_ids.currency_id")
    def _compute_order_stats(self):
        # sudo: these are campaign figures shown to every reader of the campaign,
        # also to salespeople who may open only their own orders; the order lists
        # behind the buttons stay filtered by the usual access rules.
        groups = (
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [("preorder_campaign_id", "in", self._origin.ids)],
                ["preorder_campaign_id", "state", "currency_id"],
                ["__count", "amount_untaxed:sum"],
            )
        )
        rows_by_campaign = {}
        for campaign_sudo, state, currency, count, amount in groups:
            rows_by_campaign.setdefault(campaign_sudo.id, []).append(
                (state, currency, count, amount)
            )
        today = fields.Date.context_today(self)
        for campaign in self:
            made, confirmed, finalized, total = 0, 0, 0, 0.0
            for state, currency, count, amount in rows_by_campaign.get(campaign._origin.id, []):
                if state != "cancel":
                    made += count
                if state == "sent":
                    finalized += count
                if state == "sale":
                    confirmed += count
                    total += currency._convert(
                        amount, campaign.currency_id, campaign.company_id, today
                    )
            campaign.order_count = made
            campaign.confirmed_order_count = confirmed
            campaign.finalized_order_count = finalized
            campaign.amount_confirmed = total

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def write(self, vals):
        if "state" in vals and not self.env.su:
            self._check_state_transition(vals["state"])
        result = super().write(vals)
        if not vals.keys().isdisjoint(CACHED_SELECTION_FIELDS):
            self.env.registry.clear_cache()
        if TIER_CAMPAIGN_FIELDS & vals.keys():
            # Call point: the balances (group target) or the lines' discounts moved.
            self._preorder_update_open_order_tiers()
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_products(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Products of %(campaign)s", campaign=self.name),
            "res_model": "product.product",
            "view_mode": "list,form",
            "domain": self._get_product_domain(),
            "context": {"create": False},
        }

    def action_view_orders(self):
        """The pre-orders of the campaign, in any state but cancelled (as counted)."""
        self.ensure_one()
        return self._get_orders_action(
            _("Pre-Orders of %(campaign)s", campaign=self.name),
            Domain("preorder_campaign_id", "=", self.id) & Domain("state", "!=", "cancel"),
        )

    def action_view_confirmed_orders(self):
        self.ensure_one()
        return self._get_orders_action(
            _("Confirmed Sales of %(campaign)s", campaign=self.name),
            Domain("preorder_campaign_id", "=", self.id) & Domain("state", "=", "sale"),
        )

    def action_open(self):
        """Launch: customers can order from the start date until the deadline."""
        now = fields.Datetime.now()
        for campaign in self:
            if campaign.state != "draft":
                raise UserError(
                    _("Only a draft campaign can be launched (%(name)s).", name=campaign.name)
                )
            campaign._check_deadline_ahead(now)
        self.write({"state": "open"})
        return True

    def action_close(self):
        """Close before the deadline: customers can no longer change quantities."""
        self._check_manager_rights()
        if any(campaign.state != "open" for campaign in self):
            raise UserError(_("Only an open campaign can be closed."))
        self.write({"state": "closed"})
        for campaign in self:
            campaign.message_post(body=_("Campaign closed by %(user)s.", user=self.env.user.name))
        return True

    def action_confirm_finalized_orders(self):
        """Managers, once the campaign is closed: confirm every finalized pre-order
        (the quotations sent, ``sale.order._preorder_get_finalized_domain``) into a
        sales order, in batches (``_preorder_confirm_finalized_orders``)."""
        if not self.env.su and not self.env.user.has_group(
            "preorder_campaign.group_preorder_manager"
        ):
            raise AccessError(
                _("Only Pre-Order administrators can confirm the finalized pre-orders.")
            )
        if any(campaign.state not in ("closed", "done") for campaign in self):
            raise UserError(
                _("Finalized pre-orders can only be confirmed once the campaign is closed.")
            )
        SaleOrder = self.env["sale.order"].sudo()
        for campaign in self:
            count = SaleOrder.search_count(campaign._preorder_finalized_orders_domain())
            if count > campaign._preorder_batch_size():
                # More than a batch would outlast a request's time limit (a few
                # hundred orders, minutes): a scheduled action confirms them in
                # committed batches, resumed if cut off, as its requester.
                campaign.confirm_requested_uid = self.env.user
                campaign.message_post(
                    body=_(
                        "%(count)s finalized pre-orders will be confirmed in the background, "
                        "requested by %(user)s.",
                        count=count,
                        user=self.env.user.name,
                    )
                )
                self.env.ref(
                    "preorder_campaign.ir_cron_preorder_confirm_finalized_orders"
                ).sudo()._trigger()
                continue
            # sudo (rights checked above): every finalized order of the campaign, also
            # those of other salespeople; sudo() keeps the user as the orders' confirmer
            count = campaign.sudo()._preorder_confirm_finalized_orders()
            campaign.message_post(
                body=_(
                    "%(count)s finalized pre-orders confirmed by %(user)s.",
                    count=count,
                    user=self.env.user.name,
                )
            )
        return True

    @api.model
    def _cron_confirm_finalized_orders(self):
        """Confirm the finalized pre-orders of the campaigns where a manager asked
        for it (``confirm_requested_uid``), as that manager, in committed batches
        with the cron's progress; a run cut off by its time limit is resumed."""
        campaigns = self.with_context(active_test=False).search(
            [("confirm_requested_uid", "!=", False)]
        )
        for index, campaign in enumerate(campaigns):
            requester = campaign.confirm_requested_uid
            # as the requester (the orders' confirmer), with the rights checked
            # when asked
            done = campaign.with_user(requester).sudo()._preorder_confirm_finalized_orders()
            if self.env["sale.order"].sudo().search_count(
                campaign._preorder_finalized_orders_domain(), limit=1
            ):
                return  # out of time: the progress reported makes the cron run again
            campaign.confirm_requested_uid = False
            campaign.message_post(
                body=_(
                    "The finalized pre-orders requested by %(user)s are confirmed "
                    "(%(count)s in the last run).",
                    user=requester.name,
                    count=done,
                )
            )
            # the campaigns still asked for count as remaining work (see reminders)
            self._preorder_commit_batch(0, len(campaigns) - index - 1)

    def _preorder_finalized_orders_domain(self):
        self.ensure_one()
        return Domain("preorder_campaign_id", "=", self.id) & Domain("state", "=", "sent")

    def _preorder_confirm_finalized_orders(self):
        """Confirm the campaign's quotations sent, a batch at a time
        (``_preorder_batch_size``), each batch committed with its progress when run by
        a cron (``_preorder_commit_batch``). The same queries per batch whatever the
        number of orders: one search for the batch (by id, after the last one done, so
        a batch that cannot be confirmed is not tried again), one count of the rest.
        Returns the number of orders confirmed."""
        self.ensure_one()
        SaleOrder = self.env["sale.order"]
        domain = self._preorder_finalized_orders_domain()
        size = self._preorder_batch_size()
        done, last_id = 0, 0
        while True:
            batch = SaleOrder.search(domain & Domain("id", ">", last_id), order="id", limit=size)
            if not batch:
                return done
            last_id = batch[-1].id
            batch.action_confirm()
            done += len(batch)
            # written, then forgotten: a batch done is not read again, the memory
            # stays flat over the batches
            self.env.invalidate_all()
            remaining = SaleOrder.search_count(domain & Domain("id", ">", last_id))
            if not self._preorder_commit_batch(len(batch), remaining) or not remaining:
                return done

    def action_reopen(self):
        """Reopen a closed campaign; its deadline must still lie ahead."""
        self._check_manager_rights()
        now = fields.Datetime.now()
        for campaign in self:
            if campaign.state != "closed":
                raise UserError(
                    _("Only a closed campaign can be reopened (%(name)s).", name=campaign.name)
                )
            campaign._check_deadline_ahead(now)
        self.write({"state": "open"})
        for campaign in self:
            campaign.message_post(
                body=_(
                    "Campaign reopened by %(user)s until %(deadline)s.",
                    user=self.env.user.name,
                    deadline=fields.Datetime.to_string(campaign.date_end),
                )
            )
        return True

    def action_done(self):
        if any(campaign.state != "closed" for campaign in self):
            raise UserError(_("Only a closed campaign can be marked as done."))
        self.write({"state": "done"})
        return True

    def action_cancel(self):
        if any(campaign.state in ("done", "cancel") for campaign in self):
            raise UserError(_("A done or cancelled campaign cannot be cancelled."))
        self.write({"state": "cancel"})
        return True

    def action_draft(self):
        if any(campaign.state != "cancel" for campaign in self):
            raise UserError(_("Only a cancelled campaign can be reset to draft."))
        self.write({"state": "draft"})
        return True

    # ------------------------------------------------------------------
    # Scheduled actions
    # ------------------------------------------------------------------
    @api.model
    def _cron_update_states(self):
        """Open draft campaigns whose start date has come, close open
        campaigns whose deadline has passed (archived ones too)."""
        now = fields.Datetime.now()
        to_open = self.search(
            [
                ("state", "=", "draft"),
                ("date_start", "<=", now),
                ("date_end", ">", now),
            ]
        )
        to_close = self.with_context(active_test=False).search(
            [
                ("state", "=", "open"),
                ("date_end", "<=", now),
            ]
        )
        to_open.write({"state": "open"})
        to_close.write({"state": "closed"})

    @api.model
    def _cron_send_reminders(self):
        """Mail the ordering contacts who did not finalize their pre-order, on each
        reminder day of every running campaign. Only published campaigns: customers
        cannot reach an unpublished one, a reminder would invite them to a closed door."""
        now = fields.Datetime.now()
        campaigns = self.search(
            [
                ("state", "=", "open"),
                ("is_published", "=", True),
                ("date_start", "<=", now),
                ("date_end", ">", now),
                ("reminder_days", "!=", False),
            ]
        )
        runs = [(campaign, "deadline") for campaign in campaigns]
        runs += [
            (campaign, "early_booking")
            for campaign in campaigns
            if campaign._preorder_early_booking_running(now)
        ]
        for index, (campaign, kind) in enumerate(runs):
            # the runs still to come count as remaining work, so that a run cut off
            # by the cron's time limit is resumed at once (not tomorrow)
            campaign.with_context(preorder_runs_after=len(runs) - index - 1)._send_reminders(
                now, kind=kind
            )
            if not self._preorder_cron_time_left():
                return

    def _preorder_batch_size(self):
        """Records per committed batch (reminders mailed, orders confirmed)."""
        return self.env.context.get("preorder_batch_size") or PREORDER_BATCH_SIZE

    def _preorder_cron_time_left(self):
        """Seconds left to the cron run (as ``ir.cron._commit_progress`` counts
        them); infinite outside a cron."""
        return max(self.env.context.get("cron_end_time", float("inf")) - time.monotonic(), 0)

    def _preorder_commit_batch(self, processed, remaining):
        """Commit a batch done and report the progress with Odoo's cron progress API
        (``ir.cron._commit_progress``), when run by a cron: a crash or a timeout
        loses only the batch under way and the next run resumes after it. Outside a
        cron (a button, a test) the caller's transaction keeps everything: no commit.
        Returns the time left (seconds) for the cron run."""
        if not self.env.context.get("ir_cron_progress_id"):
            return float("inf")
        return self.env["ir.cron"]._commit_progress(processed, remaining=remaining)

    # ------------------------------------------------------------------
    # Helpers (contract: _get_products, _is_partner_allowed)
    # ------------------------------------------------------------------
    def _preorder_update_open_order_tiers(self):
        """Tiers, discount exclusions or the group target changed: the quotations of
        the campaigns follow (``sale.order._preorder_update_tiers``), confirmed orders
        keep the discount they were sold with."""
        orders = (
            self.env["sale.order"]
            .sudo()
            .search([("preorder_campaign_id", "in", self.ids), ("state", "in", ("draft", "sent"))])
        )
        orders._preorder_update_tiers()

    def _get_product_domain(self):
        """Domain of the products offered: the union of the selections,
        minus the exclusions, limited to saleable goods of the company."""
        self.ensure_one()
        selection = self._get_selection()
        selections = []
        if selection["product_categ_ids"]:
            selections.append(Domain("categ_id", "child_of", selection["product_categ_ids"]))
        if selection["product_brand_ids"]:
            selections.append(Domain("product_brand_id", "in", selection["product_brand_ids"]))
        if selection["product_tag_ids"]:
            selections.append(Domain("all_product_tag_ids", "in", selection["product_tag_ids"]))
        if not self.id:
            # A form being edited: its added/excluded products are not saved yet.
            added = Domain("id", "in", self.product_ids.ids)
            excluded = Domain("id", "in", self.excluded_product_ids.ids)
        else:
            # A subquery on the relation table: a campaign of thousands of added
            # products never loads them nor puts their ids into every query.
            added = Domain("preorder_campaign_ids", "in", self.id)
            excluded = Domain("preorder_excluded_campaign_ids", "in", self.id)
        selections.append(added)
        domain = Domain.OR(selections) & Domain("sale_ok", "=", True)
        # Goods only: a service would never be a pre-order line (see sale.order.line).
        domain &= Domain("type", "=", "consu")
        domain &= Domain("company_id", "in", [False, selection["company_id"]])
        return domain & ~excluded

    def _get_selection(self):
        """The campaign's audience and product selections as ids (``{field: tuple of
        ids}``, ``audience`` and ``company_id`` as values): from the cache for a saved
        campaign, from the record for one being edited in a form."""
        self.ensure_one()
        if isinstance(self.id, int):
            return self._get_cached_selection()
        return self._read_selection()

    @ormcache("self.id")
    def _get_cached_selection(self):
        # Cached across requests: write() clears the cache when a selection changes.
        return self.sudo().with_context(active_test=True)._read_selection()

    def _read_selection(self):
        values = {}
        for name in CACHED_SELECTION_FIELDS:
            value = self[name]
            if name == "audience":
                values[name] = value
            elif name == "company_id":
                values[name] = value.id
            else:
                values[name] = tuple(value.ids)
        return frozendict(values)

    def _get_products(self):
        """Products offered by the campaign, in one search."""
        self.ensure_one()
        return self.env["product.product"].search(self._get_product_domain())

    def _preorder_get_held_quantities(self, products, states, exclude_order=None):
        """``{product id: quantity}`` the campaign's orders in `states` (but
        `exclude_order`) hold of `products`, in the products' units: one grouped
        query. What an outlet's stock and a campaign's caps have left is counted
        from it."""
        self.ensure_one()
        if not products:
            return {}
        domain = Domain.AND(
            [
                Domain("order_id.preorder_campaign_id", "=", self.id),
                Domain("state", "in", states),
                Domain("is_preorder_line", "=", True),
                Domain("product_id", "in", products.ids),
            ]
        )
        if exclude_order:
            domain &= Domain("order_id", "!=", exclude_order.id)
        Line = self.env["sale.order.line"].sudo()
        # The products' units with the lines: a grid's save asks without reading them.
        groups = Line._read_group(
            domain,
            ["product_id", "product_uom_id", "product_id.product_tmpl_id.uom_id"],
            ["product_uom_qty:sum"],
        )
        held = defaultdict(float)
        for product, uom, product_uom, quantity in groups:
            held[product.id] += Line._preorder_to_product_qty(product, uom, quantity, product_uom)
        return held

    def _preorder_get_available_stock(self, products, exclude_order=None):
        """``{product_id: quantity still to sell}`` in an outlet campaign: the free
        stock minus what the campaign's other open orders (draft or sent quotations)
        already hold; confirmed orders hold theirs through their stock reservations.
        Two queries for the batch (stock, one grouped sum of the lines)."""
        self.ensure_one()
        held = self._preorder_get_held_quantities(products, ("draft", "sent"), exclude_order)
        return {
            product.id: max(product.uom_id.round(product.free_qty - held[product.id]), 0.0)
            for product in products
        }

    def _preorder_lock_outlet_stock(self):
        """Serialize the customers' saves of this outlet campaign, so that two of them
        cannot together take more than the stock. An update, not a mere row lock: a
        save that waited then fails with a serialization error and Odoo retries it on
        a fresh snapshot, which sees what the other save took."""
        self.ensure_one()
        self.env.cr.execute(
            SQL("UPDATE preorder_campaign SET write_date = write_date WHERE id = %s", self.id)
        )

    def _get_discount_excluded_product_ids(self, products):
        """Ids of `products` that earn no tier discount (by product, category
        with its subcategories, or brand). One query at most."""
        self.ensure_one()
        excluded = set(self.discount_excluded_product_ids.ids) & set(products.ids)
        rest = [pid for pid in products.ids if pid not in excluded]
        if rest and (self.discount_excluded_categ_ids or self.discount_excluded_brand_ids):
            parts = []
            if self.discount_excluded_categ_ids:
                parts.append(Domain("categ_id", "child_of", self.discount_excluded_categ_ids.ids))
            if self.discount_excluded_brand_ids:
                parts.append(Domain("product_brand_id", "in", self.discount_excluded_brand_ids.ids))
            domain = Domain("id", "in", rest) & Domain.OR(parts)
            excluded |= set(
                self.env["product.product"].with_context(active_test=False)._search(domain)
            )
        return excluded

    def _get_peer_average_hidden_reason(self):
        """Why a product's average of other customers is not shown (yet)."""
        self.ensure_one()
        return _(
            "Shown once at least %(count)s other customers have ordered this product",
            count=self.peer_average_min_customers,
        )

    def _is_partner_allowed(self, partner):
        """Whether `partner` (a contact counts as its company) may order in this campaign.
        Reads only what the audience needs: every page and save of the website asks."""
        self.ensure_one()
        partner = partner.sudo()
        public_partner_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "base.public_partner", raise_if_not_found=False
        )
        if not partner or partner.id == public_partner_id:
            return False
        chain = partner
        current = partner
        while current.parent_id and current != current.commercial_partner_id:
            current = current.parent_id
            chain |= current
        selection = self._get_selection()
        selected = selection["audience"] == "selected"
        selected_category_ids = list(selection["partner_category_ids"]) if selected else []
        categories = (
            chain.category_id if selected_category_ids else self.env["res.partner.category"]
        )
        parent_of = {}
        for category in categories:
            ids = [int(i) for i in (category.parent_path or "").split("/") if i]
            for child, parent in zip(ids[1:], ids[:-1], strict=False):
                parent_of[child] = parent
        return audience.is_partner_allowed(
            audience=selection["audience"],
            partner_ids_chain=chain.ids,
            partner_category_ids=categories.ids,
            parent_of=parent_of,
            selected_category_ids=selected_category_ids,
            selected_partner_ids=list(selection["partner_ids"]) if selected else [],
            excluded_partner_ids=list(selection["excluded_partner_ids"]),
        )

    def _get_reminder_days(self):
        """Days before the deadline to remind customers, largest first.
        Raises ValueError on malformed input."""
        self.ensure_one()
        days = set()
        for chunk in (self.reminder_days or "").split(","):
            chunk = chunk.strip()
            if not chunk:
                continue
            value = int(chunk)
            if value <= 0:
                raise ValueError(chunk)
            days.add(value)
        return sorted(days, reverse=True)

    def _get_time_left_label(self, now, locale):
        """Short text for the kanban: "in 3 days", "Closed", ..."""
        self.ensure_one()
        if self.state == "cancel":
            return _("Cancelled")
        if self.state in ("closed", "done"):
            return _("Closed")
        if not self.date_start or not self.date_end:
            return False
        if now >= self.date_end:
            return _("Deadline passed")
        if now < self.date_start:
            return _(
                "Starts %(delay)s",
                delay=format_timedelta(self.date_start - now, add_direction=True, locale=locale),
            )
        return format_timedelta(self.date_end - now, add_direction=True, locale=locale)

    def _preorder_early_booking_running(self, now=None, partner=None):
        """Whether finalizing now still earns the early-booking discount (for
        `partner`: never for an own shop, whose 0 prices a discount cannot lower)."""
        self.ensure_one()
        now = now or fields.Datetime.now()
        if partner and partner.sudo().commercial_partner_id.preorder_own_shop:
            return False
        return bool(
            self.state not in ("closed", "done", "cancel")
            and self.early_booking_discount_percent
            and early_booking.is_early(now, self.early_booking_date or None)
        )

    def _get_orders_action(self, name, domain):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "sale.order",
            "view_mode": "list,form",
            "domain": domain,
            "context": {"default_preorder_campaign_id": self.id},
        }

    def _check_manager_rights(self):
        if not self.env.su and not self.env.user.has_group(
            "preorder_campaign.group_preorder_manager"
        ):
            raise AccessError(
                _("Only Pre-Order administrators can close, reopen or cancel a running campaign.")
            )

    def _check_state_transition(self, new_state):
        """Refuse state changes the workflow does not allow, and those
        reserved to administrators when the user is not one."""
        for campaign in self:
            if campaign.state == new_state:
                continue
            needs_manager = STATE_TRANSITIONS.get((campaign.state, new_state))
            if needs_manager is None:
                states = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    _(
                        "Campaign %(name)s cannot go from %(old)s to %(new)s.",
                        name=campaign.name,
                        old=states[campaign.state],
                        new=states.get(new_state, new_state),
                    )
                )
            if needs_manager:
                campaign._check_manager_rights()

    def _check_deadline_ahead(self, now):
        self.ensure_one()
        if self.date_end <= now:
            raise UserError(
                _(
                    "The deadline of campaign %(name)s has passed: move the deadline "
                    "to a later date first.",
                    name=self.name,
                )
            )

    def _send_reminders(self, now, kind="deadline"):
        """Send the reminders due for this campaign and give the responsible one
        activity listing the contacts reminded. Returns the reminders mailed.

        ``kind`` is the date they come before (``preorder.campaign.reminder.kind``):
        the deadline, or the early-booking date; same days, same contacts, each kind
        its own mail template and its own record of what was sent."""
        self.ensure_one()
        Reminder = self.env["preorder.campaign.reminder"]
        target = self.early_booking_date if kind == "early_booking" else self.date_end
        if not target or target <= now:
            return Reminder
        left = target - now
        due_days = [days for days in self._get_reminder_days() if left <= timedelta(days=days)]
        partners = self._get_reminder_partners() if due_days else self.env["res.partner"]
        if not partners:
            return Reminder
        already_sent = {
            (reminder.partner_id.id, reminder.days)
            for reminder in Reminder.search_fetch(
                [
                    ("campaign_id", "=", self.id),
                    ("partner_id", "in", partners.ids),
                    ("kind", "=", kind),
                    ("days", "in", due_days),
                ],
                ["partner_id", "days"],
            )
        }
        missing_by_partner = {}
        for partner in partners:
            missing = [days for days in due_days if (partner.id, days) not in already_sent]
            if missing:
                missing_by_partner[partner] = sorted(missing)
        if not missing_by_partner:
            return Reminder
        template = self.env.ref(
            "preorder_campaign.mail_template_preorder_early_booking_reminder"
            if kind == "early_booking"
            else "preorder_campaign.mail_template_preorder_reminder"
        )
        # Batches committed one by one when run by the cron: the reminders
        # recorded ("already sent" above) are committed with their mails, so a
        # run that crashes or times out resumes after the last batch, nobody
        # is mailed twice.
        todo = list(missing_by_partner.items())
        size = self._preorder_batch_size()
        runs_after = self.env.context.get("preorder_runs_after", 0)
        to_mail = Reminder
        for start in range(0, len(todo), size):
            batch = todo[start : start + size]
            batch_mailed = self._send_reminder_batch(batch, kind, template)
            to_mail |= batch_mailed
            remaining = len(todo) - start - len(batch)
            if not self._preorder_commit_batch(len(batch), remaining + runs_after):
                break
        # one activity for the contacts this run reminded
        self._schedule_reminder_activity(to_mail.partner_id, kind=kind)
        return to_mail

    def _send_reminder_batch(self, batch, kind, template):
        """Record and mail the reminders of `batch` (``[(partner, missing days)]``):
        one mail per contact, for the most urgent day; the earlier days are
        recorded as well so they are not sent late afterwards."""
        Reminder = self.env["preorder.campaign.reminder"]
        urls = self._get_reminder_urls(
            self.env["res.partner"].browse([partner.id for partner, _missing in batch])
        )
        vals_list = [
            {
                "campaign_id": self.id,
                "partner_id": partner.id,
                "kind": kind,
                "days": days,
                "campaign_url": urls[partner.id],
            }
            for partner, missing in batch
            for days in missing
        ]
        reminders = Reminder.create(vals_list)
        to_mail = Reminder
        mailed_partners = set()
        for reminder in reminders:
            if reminder.partner_id.id not in mailed_partners:
                mailed_partners.add(reminder.partner_id.id)
                to_mail |= reminder
        template.send_mail_batch(to_mail.ids)
        return to_mail

    def _get_reminder_url(self, partner):
        """The link of the reminder mailed to `partner`; see ``_get_reminder_urls``."""
        return self._get_reminder_urls(partner)[partner.id]

    def _get_reminder_urls(self, partners):
        """``{partner id: absolute url}``: where the reminder mailed to each ordering
        contact leads. Here, the contact's pre-order on the quotation portal (the one
        still being entered first, else the latest), or the portal home ``/my`` when
        it has none. This addon owns no campaign page: the website addon links there.
        One query for the orders, one write for the missing access tokens."""
        self.ensure_one()
        base_url = self.get_base_url()
        orders = (
            self.env["sale.order"]
            .sudo()
            .search_fetch(
                self._preorder_get_orders_domain(partners),
                ["partner_id", "preorder_in_progress", "access_token"],
                order="id desc",
            )
        )
        order_by_partner = {}
        for order in orders.sorted(lambda o: not o.preorder_in_progress):  # stable sort
            order_by_partner.setdefault(order.partner_id.id, order)
        urls = {partner.id: f"{base_url}/my" for partner in partners}
        for partner_id, order in order_by_partner.items():
            urls[partner_id] = base_url + order.get_portal_url()
        return urls

    def _schedule_reminder_activity(self, partners, kind="deadline"):
        self.ensure_one()
        if not self.user_id or not partners:
            return
        items = Markup().join(Markup("<li>%s</li>") % partner.display_name for partner in partners)
        if kind == "early_booking":
            intro = _("These customers were reminded of the early-booking date:")
        else:
            intro = _("These customers were reminded of the deadline:")
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=self.user_id.id,
            summary=_("Follow up pre-order reminders"),
            note=Markup("<p>%s</p><ul>%s</ul>") % (intro, items),
        )

    def _get_reminder_partners(self):
        """Ordering contacts to remind: those allowed to order (``_is_partner_allowed``),
        with an e-mail, that did not finalize (``_preorder_get_finalized_domain``):
        no pre-order yet, or one still being entered. Per contact, not per company:
        a branch that finalized does not silence its siblings.

        The ordering contacts are those with a pre-order in the campaign (its
        ``partner_id``) and, for selected customers, the invited customers themselves
        (a company without a login of its own is reminded at its address) plus their
        contacts with a portal login (a branch or buyer ordering on its own). For
        audience 'all' only contacts who started a pre-order are reminded: the
        campaign does not mail the whole customer database.

        A fixed number of queries, whatever the number of customers."""
        self.ensure_one()
        Partner = self.env["res.partner"].sudo()
        SaleOrder = self.env["sale.order"]
        orders = Domain("preorder_campaign_id", "=", self.id) & Domain("state", "!=", "cancel")
        finalized = SaleOrder._preorder_get_finalized_domain()

        def contacts_with(domain):
            return {partner.id for (partner,) in SaleOrder._read_group(domain, ["partner_id"])}

        has_unfinalized = contacts_with(orders & ~finalized)
        has_finalized = contacts_with(orders & finalized)
        # a contact whose orders are all finalized is done: only the others count
        candidates = Partner.browse(sorted(has_unfinalized))
        if self.audience == "selected":
            candidates |= self._get_reminder_invited_partners()
        candidates = candidates.filtered(
            lambda partner: (
                partner.email and (partner.id in has_unfinalized or partner.id not in has_finalized)
            )
        )
        self._prefetch_partner_audience(candidates)
        allowed = candidates.filtered(self._is_partner_allowed)
        return allowed.with_env(self.env)

    def _get_reminder_invited_partners(self):
        """For selected customers: the added customers and those with a selected label,
        their commercial partners, and the contacts of these with a portal login.
        Two searches."""
        self.ensure_one()
        Partner = self.env["res.partner"].sudo()
        selections = []
        if self.partner_ids:
            selections.append(Domain("id", "in", self.partner_ids.ids))
        if self.partner_category_ids:
            selections.append(Domain("category_id", "child_of", self.partner_category_ids.ids))
        if not selections:
            return Partner
        invited = Partner.search(Domain.OR(selections))
        companies = invited.commercial_partner_id
        with_login = Partner.search(
            Domain("id", "child_of", companies.ids)
            & Domain("user_ids", "any", Domain("share", "=", True))
        )
        return invited | companies | with_login

    def _prefetch_partner_audience(self, partners):
        """Read at once what ``_is_partner_allowed`` reads for each of `partners` (the
        parent chain, its labels and their parents), so checking them one by one
        costs no query per partner."""
        chains = partners.sudo()
        ancestors = chains.parent_id
        while ancestors - chains:
            chains |= ancestors
            ancestors = ancestors.parent_id
        if self._get_selection()["partner_category_ids"]:
            chains.category_id.mapped("parent_path")

    def _is_open_for_customers(self, now=None):
        """Customers may change quantities: open state and within the dates (server time)."""
        self.ensure_one()
        now = now or fields.Datetime.now()
        return self.state == "open" and self.date_start <= now < self.date_end

    def _check_open_for_customers(self):
        self.ensure_one()
        now = fields.Datetime.now()
        if self.state == "cancel":
            raise UserError(_("The campaign %(name)s has been cancelled.", name=self.name))
        if self.state == "draft" or now < self.date_start:
            raise UserError(_("The campaign %(name)s has not started yet.", name=self.name))
        if self.state in ("closed", "done") or now >= self.date_end:
            raise UserError(
                _(
                    "The deadline of campaign %(name)s has passed: "
                    "quantities can no longer be changed.",
                    name=self.name,
                )
            )
