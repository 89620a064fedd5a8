from odoo import _, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round, frozendict, ormcache

# Orders whose lines count against a cap: every order that is not cancelled.
CAPPED_STATES = ("draft", "sent", "sale")


class PreorderCampaign(models.Model):
    """Campaign caps: the most all customers together may pre-order of a product
    (``preorder.campaign.cap``), enforced in the customers' saves."""

    _inherit = "preorder.campaign"

    cap_ids = fields.One2many(
        comodel_name="preorder.campaign.cap",
        inverse_name="campaign_id",
        string="Caps",
        copy=True,
    )

    def _preorder_get_caps(self):
        """``{product id: cap}`` of the campaign's capped products, from a cache: a
        save reads it on every request, and a campaign without caps costs it no query."""
        self.ensure_one()
        if not isinstance(self.id, int):
            return frozendict({cap.product_id.id: cap.cap_qty for cap in self.cap_ids})
        return self._preorder_get_cached_caps()

    @ormcache("self.id")
    def _preorder_get_cached_caps(self):
        # Cleared by every create, write and unlink of a cap.
        caps = (
            self.env["preorder.campaign.cap"]
            .sudo()
            .search_fetch([("campaign_id", "=", self.id)], ["product_id", "cap_qty"])
        )
        return frozendict({cap.product_id.id: cap.cap_qty for cap in caps})

    def _preorder_get_capped_ordered(self, products, exclude_order=None):
        """``{product id: quantity}`` the campaign's orders that are not cancelled hold
        of `products`, in the products' units: one grouped query."""
        return dict(self._preorder_get_held_quantities(products, CAPPED_STATES, exclude_order))

    def _preorder_get_cap_remaining(self, products, exclude_order=None):
        """``{product id: quantity still available}`` of the capped products among
        `products`: the cap minus what the campaign's orders hold (without
        `exclude_order`'s), never below 0. No query when none is capped."""
        self.ensure_one()
        caps = self._preorder_get_caps()
        capped = products.filtered(lambda product: product.id in caps)
        if not capped:
            return {}
        held = self._preorder_get_capped_ordered(capped, exclude_order=exclude_order)
        # Rounded as Odoo 19 rounds a unit's quantity (uom.uom.round): the "Product
        # Unit" precision, without reading the products' units.
        digits = self.env["decimal.precision"].precision_get("Product Unit")
        return {
            product.id: max(
                float_round(caps[product.id] - held.get(product.id, 0.0), precision_digits=digits),
                0.0,
            )
            for product in capped
        }

    def _preorder_check_caps(self, order, qty_by_product_id, previous):
        """Refuse a customer's quantities above what the caps leave him (see
        ``_preorder_get_cap_refusals``). Takes the campaign's lock first (the
        outlet's), so that two saves cannot together go above a cap. No query when no
        product of the batch is capped.

        :raise UserError: every refusal in one message; nothing is written
        """
        self.ensure_one()
        if not self._preorder_get_raised_capped_ids(qty_by_product_id, previous):
            return
        self._preorder_lock_outlet_stock()
        refusals = self._preorder_get_cap_refusals(order, qty_by_product_id, previous)
        if refusals:
            raise UserError("\n".join(refusals.values()))

    def _preorder_get_raised_capped_ids(self, qty_by_product_id, previous):
        """Ids of the capped products whose quantity goes up (no query: cached caps)."""
        caps = self._preorder_get_caps()
        return [
            product_id
            for product_id, qty in qty_by_product_id.items()
            if product_id in caps
            and float_compare(qty, previous.get(product_id, 0.0), precision_digits=6) > 0
        ]

    def _preorder_get_cap_refusals(self, order, qty_by_product_id, previous):
        """``{product id: message}`` of the quantities (``{product id: quantity}``,
        `previous`: `order`'s before) above what the caps leave `order`: the cap
        minus what the other orders hold; keeping or lowering a quantity is always
        allowed. One grouped query, none when nothing capped goes up. The save's check
        (under the campaign's lock) and the import preview (without) share it."""
        self.ensure_one()
        raised = self._preorder_get_raised_capped_ids(qty_by_product_id, previous)
        if not raised:
            return {}
        products = self.env["product.product"].browse(raised)
        remaining = self._preorder_get_cap_remaining(products, exclude_order=order)
        format_qty = self.env["sale.order"]._preorder_format_quantity
        # Still available as the grid shows it: what the customer may add to his own.
        refusals = {}
        for product in products:
            if (
                float_compare(
                    qty_by_product_id[product.id], remaining[product.id], precision_digits=6
                )
                <= 0
            ):
                continue
            free = max(remaining[product.id] - previous.get(product.id, 0.0), 0.0)
            refusals[product.id] = _(
                "%(product)s: only %(free)s still available in this campaign.",
                product=product.display_name,
                free=format_qty(free),
            )
        return refusals
