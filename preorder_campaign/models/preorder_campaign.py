from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from ..core import audience


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
        help="Minimum number of days between the desired delivery dates "
        "of one customer's pre-orders.",
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
        string="Route",
        domain="[('sale_selectable', '=', True)]",
        check_company=True,
        help="Route set on the order lines for the logistic flow.",
    )
    pricelist_id = fields.Many2one(
        comodel_name="product.pricelist",
        string="Pricelist",
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
        "who did not finalize their pre-order are reminded, e.g. 7,1.",
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
        string="Added Products",
        check_company=True,
        help="Products or variants offered in addition to the selection above.",
    )
    excluded_product_ids = fields.Many2many(
        comodel_name="product.product",
        relation="preorder_campaign_excluded_product_rel",
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
        string="Group Target",
        help="The balance for the tiers adds up the open pre-orders of all contacts "
        "and branches of the same company, so branches reach a tier together.",
    )

    # ------------------------------------------------------------------
    # Orders
    # ------------------------------------------------------------------
    order_ids = fields.One2many(
        comodel_name="sale.order",
        inverse_name="preorder_campaign_id",
        string="Orders",
    )

    _code_company_uniq = models.Constraint(
        "UNIQUE(code, company_id)",
        "The campaign code must be unique per company.",
    )
    _weeks_positive = models.Constraint(
        "CHECK (previous_sales_weeks >= 0)",
        "The number of weeks back cannot be negative.",
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
        for campaign in self:
            campaign.product_count = self.env["product.product"].search_count(
                campaign._get_product_domain()
            )

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

    # ------------------------------------------------------------------
    # Helpers (contract: _get_products, _is_partner_allowed)
    # ------------------------------------------------------------------
    def _get_product_domain(self):
        """Domain of the products offered: the union of the selections,
        minus the exclusions, limited to saleable products of the company."""
        self.ensure_one()
        selections = []
        if self.product_categ_ids:
            selections.append(Domain("categ_id", "child_of", self.product_categ_ids.ids))
        if self.product_brand_ids:
            selections.append(Domain("product_brand_id", "in", self.product_brand_ids.ids))
        if self.product_tag_ids:
            selections.append(Domain("all_product_tag_ids", "in", self.product_tag_ids.ids))
        if self.product_ids:
            selections.append(Domain("id", "in", self.product_ids.ids))
        if not selections:
            return Domain.FALSE
        domain = Domain.OR(selections) & Domain("sale_ok", "=", True)
        domain &= Domain("company_id", "in", [False, self.company_id.id])
        if self.excluded_product_ids:
            domain &= Domain("id", "not in", self.excluded_product_ids.ids)
        return domain

    def _get_products(self):
        """Products offered by the campaign, in one search."""
        self.ensure_one()
        return self.env["product.product"].search(self._get_product_domain())

    def _get_discount_excluded_product_ids(self, products):
        """Ids of `products` that earn no tier discount (by product, category
        with its subcategories, or brand). One query at most."""
        self.ensure_one()
        excluded = set(self.discount_excluded_product_ids.ids) & set(products.ids)
        rest = [pid for pid in products.ids if pid not in excluded]
        if rest and (self.discount_excluded_categ_ids or self.discount_excluded_brand_ids):
            parts = []
            if self.discount_excluded_categ_ids:
                parts.append(
                    Domain("categ_id", "child_of", self.discount_excluded_categ_ids.ids)
                )
            if self.discount_excluded_brand_ids:
                parts.append(
                    Domain("product_brand_id", "in", self.discount_excluded_brand_ids.ids)
                )
            domain = Domain("id", "in", rest) & Domain.OR(parts)
            excluded |= set(
                self.env["product.product"].with_context(active_test=False)._search(domain)
            )
        return excluded

    def _is_partner_allowed(self, partner):
        """Whether `partner` (a contact counts as its company) may order in this campaign."""
        self.ensure_one()
        partner = partner.sudo()
        if not partner or partner == self.env.ref("base.public_partner", raise_if_not_found=False):
            return False
        chain = partner
        current = partner
        while current.parent_id and current != current.commercial_partner_id:
            current = current.parent_id
            chain |= current
        categories = chain.category_id
        parent_of = {}
        for category in categories:
            ids = [int(i) for i in (category.parent_path or "").split("/") if i]
            for child, parent in zip(ids[1:], ids[:-1], strict=False):
                parent_of[child] = parent
        return audience.is_partner_allowed(
            audience=self.audience,
            partner_ids_chain=chain.ids,
            partner_category_ids=categories.ids,
            parent_of=parent_of,
            selected_category_ids=self.partner_category_ids.ids,
            selected_partner_ids=self.partner_ids.ids,
            excluded_partner_ids=self.excluded_partner_ids.ids,
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

    def _is_open_for_customers(self, now=None):
        """Customers may change quantities: open state and within the dates (server time)."""
        self.ensure_one()
        now = now or fields.Datetime.now()
        return self.state == "open" and self.date_start <= now < self.date_end

    def _check_open_for_customers(self):
        self.ensure_one()
        now = fields.Datetime.now()
        if self.state in ("draft", "cancel") or now < self.date_start:
            raise UserError(_("The campaign %(name)s has not started yet.", name=self.name))
        if self.state in ("closed", "done") or now >= self.date_end:
            raise UserError(
                _(
                    "The deadline of campaign %(name)s has passed: "
                    "quantities can no longer be changed.",
                    name=self.name,
                )
            )
