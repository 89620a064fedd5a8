from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain


class ResPartner(models.Model):
    _inherit = "res.partner"

    preorder_order_count = fields.Integer(
        string="Pre-Order Count",
        compute="_compute_preorder_order_count",
        groups="sales_team.group_sale_salesman",
    )

    # Own shops (contract): a shop of the company orders its shelf stock in the
    # campaigns like a customer, at its own pricelist (0 EUR), and gets it by an
    # internal transfer to its warehouse instead of a delivery.
    preorder_own_shop = fields.Boolean(
        string="Own Shop",
        help="This contact is a shop of the company: its pre-orders use its own pricelist "
        "(not the campaign's) and are transferred to its warehouse from the warehouse "
        "of the order, through the shop warehouse's resupply route.",
    )
    preorder_shop_warehouse_id = fields.Many2one(
        comodel_name="stock.warehouse",
        string="Shop Warehouse",
        index="btree_not_null",
        help="The warehouse of the shop. Its classic sales orders for campaign products "
        "count into the shop's pre-order as reservations for customers.",
    )

    @api.constrains("preorder_own_shop", "preorder_shop_warehouse_id")
    def _check_preorder_shop_warehouse(self):
        for partner in self:
            if partner.preorder_own_shop and not partner.preorder_shop_warehouse_id:
                raise ValidationError(
                    _("Own shop %(shop)s needs its warehouse.", shop=partner.display_name)
                )

    # Before the record is written: with the setting off, Odoo would store no pricelist
    # given with the shop (it equals the only active one, "the default").
    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("preorder_own_shop") for vals in vals_list):
            self._preorder_enable_pricelists()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("preorder_own_shop"):
            self._preorder_enable_pricelists()
        return super().write(vals)

    def _preorder_enable_pricelists(self):
        """Own shops order at their own pricelist: turn the Pricelists setting on, as
        Odoo does when a second currency is activated (``res.currency``), so that the
        shop's pricelist can be chosen and is shown on its orders."""
        if not self.env["res.groups"]._is_feature_enabled("product.group_product_pricelist"):
            group_user = self.env.ref("base.group_user").sudo()
            group_user._apply_group(self.env.ref("product.group_product_pricelist"))
            self.env["res.company"].sudo()._activate_or_create_pricelists()

    @api.model
    def _commercial_fields(self):
        # The shop's contacts (its managers' logins) order for the shop.
        return [*super()._commercial_fields(), "preorder_own_shop", "preorder_shop_warehouse_id"]

    @api.depends_context("uid")
    def _compute_preorder_order_count(self):
        """Pre-orders of the partner and all its contacts, in one grouped query."""
        self.preorder_order_count = 0
        all_partners = self.with_context(active_test=False).search_fetch(
            [("id", "child_of", self.ids)], ["parent_id"]
        )
        groups = self.env["sale.order"]._read_group(
            [("preorder_campaign_id", "!=", False), ("partner_id", "in", all_partners.ids)],
            ["partner_id"],
            ["__count"],
        )
        self_ids = set(self._ids)
        for partner, count in groups:
            while partner:
                if partner.id in self_ids:
                    partner.preorder_order_count += count
                partner = partner.parent_id

    def action_view_preorders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "preorder_campaign.sale_order_action_preorders"
        )
        action["domain"] = [("partner_id", "child_of", self.ids)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_preorder_open_grid(self):
        """Let a salesperson pick a campaign, then enter this customer's pre-order."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Enter a Pre-Order"),
            "res_model": "preorder.order.grid",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    # ------------------------------------------------------------------
    # Whom a salesperson may enter pre-orders for (website rep mode, backoffice grid)
    # ------------------------------------------------------------------
    @api.model
    def _preorder_rep_customer_domain(self, company):
        """The one rule for the customers a salesperson may enter a pre-order for in
        `company`: customers of that company (or shared), not its employees, not the
        companies of this database nor their contacts, not vendors only. A brand-new
        partner (no sale, no purchase yet) is a customer.

        Searched as the salesperson, his record rules restrict it further. Plain
        ``any`` (not ``any!``): the backoffice form sends this domain back as a list."""
        same_company = Domain("company_id", "in", [False, company.id])
        commercial = (
            same_company
            & Domain("ref_company_ids", "=", False)
            & (Domain("supplier_rank", "=", 0) | Domain("customer_rank", ">", 0))
        )
        return (
            same_company
            # partner_share is False for partners of internal users (employees)
            & Domain("partner_share", "=", True)
            & Domain("commercial_partner_id", "any", commercial)
        )

    def _preorder_is_rep_customer(self, company, user):
        """Whether `user` may enter pre-orders of `company` for this partner: the rule
        above, checked with the user's own rights (not sudo), in one query."""
        self.ensure_one()
        domain = Domain("id", "=", self.id) & self._preorder_rep_customer_domain(company)
        return bool(self.with_user(user).search_count(domain, limit=1))

    def _preorder_check_rep_customer(self, company, user):
        """Refuse a partner `user` may not enter pre-orders for (names nobody: the
        partner may be one the user cannot read)."""
        if not self._preorder_is_rep_customer(company, user):
            raise UserError(
                self.env._(
                    "You can enter pre-orders only for customers of %(company)s you have "
                    "access to, not for vendors, employees or your own companies.",
                    company=company.name,
                )
            )
