from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import ormcache


class PreorderCampaign(models.Model):
    """Delivery drops: with drops, a customer's pre-order of the campaign is one
    draft sale.order per drop (see ``preorder.delivery.drop``)."""

    _inherit = "preorder.campaign"

    drop_ids = fields.One2many(
        comodel_name="preorder.delivery.drop",
        inverse_name="campaign_id",
        string="Delivery Drops",
        copy=True,
    )
    # Stored: the save path reads it with the campaign's row, so a campaign without
    # drops costs no query more.
    has_drops = fields.Boolean(compute="_compute_has_drops", store=True)

    @api.depends("drop_ids")
    def _compute_has_drops(self):
        for campaign in self:
            campaign.has_drops = bool(campaign.drop_ids)

    @api.constrains("date_end")
    def _check_drop_deadlines(self):
        self.drop_ids._check_order_deadline()

    @ormcache("self.id")
    def _preorder_get_cached_drops(self):
        """``((drop id, order deadline or None), ...)`` of the campaign in their
        order: every save reads them, a cache spares the query (cleared by every
        create, write and unlink of a drop, a ``preorder.cached.setting``)."""
        drops = (
            self.env["preorder.delivery.drop"]
            .sudo()
            .search_fetch([("campaign_id", "=", self.id)], ["order_deadline"])
        )
        return tuple((drop.id, drop.order_deadline) for drop in drops)

    def _preorder_get_drop_ids(self):
        self.ensure_one()
        if not self.has_drops:
            return []
        return [drop_id for drop_id, _deadline in self._preorder_get_cached_drops()]

    def _preorder_get_drop(self, drop=None):
        """The drop a session call works on: `drop` (a record or id of one of this
        campaign's drops, else refused), or on a campaign with drops the first whose
        order deadline has not passed (else the last); empty on a campaign without
        drops. No query (``_preorder_get_cached_drops``)."""
        self.ensure_one()
        Drop = self.env["preorder.delivery.drop"]
        if drop:
            drop_id = drop.id if isinstance(drop, models.BaseModel) else drop
            if drop_id not in self._preorder_get_drop_ids():
                raise UserError(_("This delivery is not part of campaign %s.", self.name))
            return drop if isinstance(drop, models.BaseModel) else Drop.browse(drop_id)
        if not self.has_drops:
            return Drop
        drops = self._preorder_get_cached_drops()
        now = fields.Datetime.now()
        open_ids = [drop_id for drop_id, deadline in drops if not deadline or now < deadline]
        return Drop.browse(open_ids[0] if open_ids else drops[-1][0])

    def _preorder_is_drop_open(self, drop, now=None):
        """Whether customers may still change `drop`'s quantities (its order
        deadline, server time; no query)."""
        self.ensure_one()
        deadline = dict(self._preorder_get_cached_drops()).get(drop.id)
        return not deadline or (now or fields.Datetime.now()) < deadline

    def _preorder_get_drop_pricelist(self, partner, drop=None):
        """The pricelist of `partner`'s orders of `drop`: the drop's own when it has
        one (never for an own shop, which orders at its own), else the campaign's
        (``_preorder_get_campaign_pricelist``)."""
        self.ensure_one()
        if (
            drop
            and drop.pricelist_id
            and not partner.sudo().commercial_partner_id.preorder_own_shop
        ):
            return drop.pricelist_id
        return self._preorder_get_campaign_pricelist(partner)

    def _preorder_get_drop_orders(self, partner):
        """``{drop: (order in progress, other orders)}`` of `partner` for every drop of
        the campaign, in two queries (the drops, the orders): what
        ``_preorder_get_orders(partner, drop)`` gives per drop."""
        self.ensure_one()
        drops = self.env["preorder.delivery.drop"].sudo().search([("campaign_id", "=", self.id)])
        orders = (
            self.env["sale.order"]
            .sudo()
            .search_fetch(self._preorder_get_orders_domain(partner), order="id desc")
        )
        orders_by_drop_id = defaultdict(lambda: orders.browse())
        for order in orders:
            orders_by_drop_id[order.preorder_drop_id.id] |= order
        result = {}
        for drop in drops:
            drop_orders = orders_by_drop_id[drop.id].with_env(self.env)
            in_progress = drop_orders.filtered("preorder_in_progress")[:1]
            self._preorder_check_order_access(in_progress, "read")
            result[drop.with_env(self.env)] = (in_progress, drop_orders - in_progress)
        return result

    def _preorder_check_drop_open(self, drop, rules):
        """Under the customer's rules, refuse a drop whose order deadline passed."""
        if (
            drop
            and self.env["sale.order"]._preorder_get_rules(rules) == "customer"
            and not self._preorder_is_drop_open(drop)
        ):
            raise UserError(
                _(
                    "The order deadline of delivery %(drop)s has passed: its quantities "
                    "can no longer be changed.",
                    drop=drop.sudo().name,
                )
            )
