from collections import defaultdict
from datetime import timedelta

from odoo import fields, models
from odoo.fields import Domain

from ..core import quantity_rules

# The suggestion sources besides a previous campaign (given by its id).
SALES_SOURCE = "sales"


class PreorderCampaign(models.Model):
    """Start from last season: quantities a customer may take over, from a previous
    campaign or from what they bought lately. Only ever proposed: nothing is saved
    until the customer accepts a row, or all of them (``_preorder_accept_suggestions``,
    through the one save door)."""

    _inherit = "preorder.campaign"

    def _preorder_get_source_campaigns(self, partner):
        """The other campaigns of this company in which `partner` ordered (orders not
        cancelled), latest deadline first: one grouped query."""
        self.ensure_one()
        groups = (
            self.env["sale.order"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "=", partner.id),
                    ("state", "!=", "cancel"),
                    ("preorder_campaign_id", "!=", False),
                    ("preorder_campaign_id", "!=", self.id),
                    ("preorder_campaign_id.company_id", "=", self.company_id.id),
                ],
                ["preorder_campaign_id"],
            )
        )
        campaigns = self.browse([campaign.id for (campaign,) in groups])
        return campaigns.sorted(lambda campaign: (campaign.date_end, campaign.id), reverse=True)

    def _preorder_parse_suggestion_source(self, partner, source):
        """The source `source` names for `partner`: ``SALES_SOURCE``, a campaign of
        ``_preorder_get_source_campaigns``, or ``False`` for anything else (an id of a
        campaign the customer did not order in gives nothing away)."""
        self.ensure_one()
        if isinstance(source, str) and source == SALES_SOURCE:
            return SALES_SOURCE
        try:
            campaign_id = int(source)
        except (TypeError, ValueError):
            return False
        campaigns = self._preorder_get_source_campaigns(partner)
        return campaigns.filtered(lambda campaign: campaign.id == campaign_id)[:1] or False

    def _preorder_get_suggestions(self, partner, source, products=None):
        """``{product_id: quantity}`` proposed to `partner` in this campaign from
        `source` (see ``_preorder_parse_suggestion_source``), in the products' units:

        * a previous campaign: what this contact ordered there (orders not cancelled);
          a product replaced since is proposed as its final replacement;
        * ``SALES_SOURCE``: what the customer (commercial partner, all contacts) bought
          on confirmed orders in the last ``previous_sales_weeks`` weeks (12 when unset).

        Only products this campaign offers today, fitted to today's quantity rules
        (``core.quantity_rules.fit_to_rule``); in an outlet, at most the stock still
        available to the customer. `products` limits the answer (a page of the grid).
        A constant number of queries.
        """
        self.ensure_one()
        if not source:
            return {}
        Line = self.env["sale.order.line"].sudo()
        if isinstance(source, str) and source == SALES_SOURCE:
            since = fields.Datetime.now() - timedelta(weeks=self.previous_sales_weeks or 12)
            domain = Domain.AND(
                [
                    Domain(
                        "order_id.partner_id.commercial_partner_id",
                        "=",
                        partner.commercial_partner_id.id,
                    ),
                    Domain("state", "=", "sale"),
                    Domain("order_id.date_order", ">=", since),
                    Domain("order_id.preorder_campaign_id", "!=", self.id),
                ]
            )
        else:
            domain = Domain.AND(
                [
                    Domain("order_id.preorder_campaign_id", "=", source.id),
                    Domain("order_id.partner_id", "=", partner.id),
                    Domain("state", "!=", "cancel"),
                    Domain("is_preorder_line", "=", True),
                ]
            )
        domain &= Domain("product_id", "!=", False) & Domain("product_uom_qty", ">", 0)
        groups = Line.with_context(active_test=False)._read_group(
            domain, ["product_id", "product_uom_id"], ["product_uom_qty:sum"]
        )
        proposed = defaultdict(float)
        for product, uom, quantity in groups:
            target = product._preorder_get_final_replacement()
            in_target_unit = Line._preorder_to_product_qty(product, uom, quantity)
            if target != product:
                in_target_unit = product.uom_id._compute_quantity(
                    in_target_unit, target.uom_id, round=False
                )
            proposed[target.id] += in_target_unit
        offered = (
            self.env["product.product"]
            .sudo()
            ._search(
                self._get_product_domain()
                & Domain(
                    "id",
                    "in",
                    list(proposed) if products is None else list(set(proposed) & set(products.ids)),
                )
            )
        )
        offered_products = self.env["product.product"].sudo().browse(list(offered))
        whole_unit_ids = offered_products._preorder_get_whole_unit_ids()
        available = {}
        if self.campaign_type == "outlet":
            available = self._preorder_get_available_stock(offered_products)
        rule_by_product = self._preorder_get_rule_by_product(offered_products)
        suggestions = {}
        for product in offered_products:
            quantity = product.uom_id.round(proposed[product.id])
            if product.id in whole_unit_ids:
                quantity = float(round(quantity))
            min_qty, max_qty, multiple_qty = rule_by_product.get(product.id, (0.0, 0.0, 0.0))
            if product.id in available:
                # An outlet's stock left is one more maximum.
                quantity = min(quantity, available[product.id])
                max_qty = min(max_qty or available[product.id], available[product.id])
            # Today's rule: up to the pack, at least the minimum, at most the maximum.
            quantity = quantity_rules.fit_to_rule(quantity, min_qty, max_qty, multiple_qty) or 0
            if quantity > 0:
                suggestions[product.id] = quantity
        return suggestions

    def _preorder_accept_suggestions(self, partner, source, rules=None, drop=None):
        """Save every suggestion of `source` for a product `partner` did not order yet
        (a quantity already entered is kept: the row still shows its suggestion), in
        one save through ``_preorder_save`` (in `drop` on a campaign with delivery
        drops, default the first still open). Returns its ``(order, result)``, or
        ``(order, None)`` when there was nothing to take over."""
        self.ensure_one()
        drop = self._preorder_get_drop(drop)
        suggestions = self._preorder_get_suggestions(partner, source)
        order = self._preorder_get_order(partner, drop=drop)
        ordered = order._preorder_get_ordered_quantities(list(suggestions))
        to_save = {
            product_id: quantity
            for product_id, quantity in suggestions.items()
            if product_id not in ordered
        }
        if not to_save:
            return order, None
        return self._preorder_save(partner, to_save, rules=rules, drop=drop)
