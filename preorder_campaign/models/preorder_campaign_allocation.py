from collections import defaultdict
from itertools import repeat

from odoo import _, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, float_compare

from ..core import allocation
from .preorder_campaign_caps import CAPPED_STATES

# How the allocation ranks customers (``_preorder_allocate``'s `method`): the core's
# methods, "priority" split by what makes a customer come first.
ALLOCATION_METHODS = ("pro_rata", "priority_tier", "priority_label", "first_come")


class PreorderCampaign(models.Model):
    """Fair allocation: when the vendor confirms or delivers less than was
    pre-ordered, each pre-order line gets its share (``core.allocation``)."""

    _inherit = "preorder.campaign"

    def _preorder_allocation_domain(self, product_ids=None):
        """The lines that share a short supply: pre-order lines (of `product_ids`, else
        of any product) in the campaign's orders that are not cancelled (quotations and
        confirmed orders)."""
        self.ensure_one()
        domain = Domain.AND(
            [
                Domain("order_id.preorder_campaign_id", "=", self.id),
                Domain("state", "in", CAPPED_STATES),
                Domain("is_preorder_line", "=", True),
                Domain("product_uom_qty", ">", 0),
            ]
        )
        if product_ids is not None:
            domain &= Domain("product_id", "in", list(product_ids))
        return domain

    def _preorder_get_allocation_supply(self, products):
        """``{product id: quantity}`` the vendor confirmed or delivered, the wizard's
        default "available" (``preorder_purchase`` reads the campaign's purchase
        orders); here nothing is known: the user types it."""
        self.ensure_one()
        return {}

    def _preorder_get_allocation_multiples(self, products):
        """``{product id: (multiple, rounding)}``: the sale multiple of the campaign's
        quantity rule (none: 1 for whole units, else the unit's rounding) and the
        smallest step of a quantity, in the products' units."""
        self.ensure_one()
        rule_by_product_id = self._preorder_get_rule_by_product(products)
        whole_unit_ids = products._preorder_get_whole_unit_ids()
        result = {}
        for product in products:
            rounding = 1.0 if product.id in whole_unit_ids else product.uom_id.rounding
            rule = rule_by_product_id.get(product.id)
            result[product.id] = ((rule[2] if rule else 0.0) or rounding, rounding)
        return result

    def _preorder_allocate(
        self, available, method="pro_rata", category_ids=(), first_come="order_date"
    ):
        """The quantity each pre-order line would get of a short supply (contract).
        Writes nothing.

        :param available: ``{product.product id: quantity available}`` in the
            products' units; only these products are allocated
        :param method: ``"pro_rata"`` (to what each ordered), ``"priority_tier"``
            (higher tier discount first), ``"priority_label"`` (customers with one of
            `category_ids` first) or ``"first_come"`` (by `first_come`:
            ``"order_date"`` or ``"line_date"``); ties and the rest share pro rata
        :return: ``{sale.order.line id: proposed quantity}`` in the products' units,
            a multiple of the sale multiple or the full quantity ordered, never above
            it; per product the sum never exceeds what is available
        """
        self.ensure_one()
        if method not in ALLOCATION_METHODS:
            raise UserError(_("Unknown allocation method: %(method)s.", method=str(method)[:30]))
        if not available:
            return {}
        Line = self.env["sale.order.line"].sudo()
        # One query, one row per product with its lines in arrays (no order inside the
        # arrays: the core breaks ties by line id), quantities as floats, the lines'
        # units as a range: 100,000 lines are too many to load as records.
        query = Line._search(self._preorder_allocation_domain(available))
        table = query.table
        by_line_date = method == "first_come" and first_come == "line_date"
        by_order = method != "pro_rata" and not by_line_date
        query.groupby = SQL.identifier(table, "product_id")
        rows = self.env.execute_query(
            query.select(
                SQL.identifier(table, "product_id"),
                SQL("ARRAY_AGG(%s)", SQL.identifier(table, "id")),
                SQL("ARRAY_AGG(%s::float8)", SQL.identifier(table, "product_uom_qty")),
                SQL("MIN(%s)", SQL.identifier(table, "product_uom_id")),
                SQL("MAX(%s)", SQL.identifier(table, "product_uom_id")),
                SQL("ARRAY_AGG(%s)", SQL.identifier(table, "order_id"))
                if by_order
                else SQL("NULL"),
                SQL("ARRAY_AGG(%s)", SQL.identifier(table, "create_date"))
                if by_line_date
                else SQL("NULL"),
            )
        )
        products = self.env["product.product"].sudo().browse(list(available))
        # Only what the steps need: the products' and templates' other columns (their
        # translated texts) would cost as much as the core's arithmetic.
        products.fetch(["product_tmpl_id"])
        products.product_tmpl_id.fetch(["uom_id"])
        rank_by_order = self._preorder_get_allocation_ranks(
            {order_id for row in rows for order_id in row[5] or ()},
            method,
            category_ids,
            first_come,
        )
        core_method = {"pro_rata": allocation.PRO_RATA, "first_come": allocation.FIRST_COME}.get(
            method, allocation.PRIORITY
        )
        steps = self._preorder_get_allocation_multiples(products)
        uom_by_product = {product.id: product.uom_id for product in products}
        result = {}
        for product_id, line_ids, quantities, min_uom_id, max_uom_id, order_ids, dates in rows:
            uom = uom_by_product[product_id]
            if min_uom_id != uom.id or max_uom_id != uom.id:
                quantities = self._preorder_allocation_product_qty(line_ids, quantities, uom)
            if by_line_date:
                ranks = zip(dates, line_ids, strict=True)
            elif by_order:
                ranks = map(rank_by_order.__getitem__, order_ids)
            else:
                ranks = repeat(0)
            multiple, rounding = steps[product_id]
            result.update(
                allocation.allocate(
                    zip(line_ids, quantities, ranks),
                    available[product_id],
                    multiple=multiple,
                    rounding=rounding,
                    method=core_method,
                )
            )
        return result

    def _preorder_allocation_product_qty(self, line_ids, quantities, uom):
        """`quantities` of the lines `line_ids` counted in `uom` (the product's) where
        some are kept in another unit (dozens): one more query for those lines."""
        other_uom_ids = dict(
            self.env.execute_query(
                SQL(
                    "SELECT id, product_uom_id FROM sale_order_line"
                    " WHERE id = ANY(%s) AND product_uom_id != %s",
                    list(line_ids),
                    uom.id,
                )
            )
        )
        Uom = self.env["uom.uom"]
        return [
            Uom.browse(other_uom_ids[line_id])._compute_quantity(qty, uom, round=False)
            if line_id in other_uom_ids
            else qty
            for line_id, qty in zip(line_ids, quantities, strict=True)
        ]

    def _preorder_get_allocation_ranks(self, order_ids, method, category_ids, first_come):
        """``{order id: rank}`` (lower first) for the priority methods, in one read
        of the orders; empty for pro rata."""
        if method == "pro_rata" or (method == "first_come" and first_come == "line_date"):
            return {}
        orders = (
            self.env["sale.order"]
            .sudo()
            .search_fetch(
                [("id", "in", list(order_ids))],
                ["date_order", "preorder_discount_percent", "partner_id"],
            )
        )
        if method == "first_come":
            return {order.id: (order.date_order, order.id) for order in orders}
        if method == "priority_tier":
            return {order.id: -order.preorder_discount_percent for order in orders}
        # priority_label: customers (or their company) with one of the labels first
        labelled = set(
            self.env["res.partner"]
            .sudo()
            ._search(
                Domain("id", "in", orders.partner_id.commercial_partner_id.ids)
                & Domain("category_id", "in", list(category_ids))
            )
        )
        return {
            order.id: 0 if order.partner_id.commercial_partner_id.id in labelled else 1
            for order in orders
        }

    def _preorder_apply_allocation(self, quantity_by_line_id):
        """Give each pre-order line its allocated quantity (``{sale.order.line id:
        quantity}`` in the products' units, as ``_preorder_allocate`` proposes): only
        lowered, through the pre-order's save with the salesperson's rules (a confirmed
        order's line is written directly), each change logged on its order and each
        customer told in one mail per order.

        :return: the orders changed
        :raise UserError: a quantity above what the line ordered; nothing is written
        """
        self.ensure_one()
        self.check_access("write")
        lines = self.env["sale.order.line"].sudo().browse(list(quantity_by_line_id)).exists()
        changes_by_order = defaultdict(dict)
        for line in lines:
            if line.order_id.preorder_campaign_id != self:
                raise UserError(_("This line is not part of campaign %(name)s.", name=self.name))
            before = line._preorder_get_product_qty()
            after = quantity_by_line_id[line.id]
            if float_compare(after, before, precision_digits=6) > 0 or after < 0:
                raise UserError(
                    _(
                        "%(product)s: %(customer)s ordered %(ordered)s, no more can be allocated.",
                        product=line.product_id.display_name,
                        customer=line.order_id.partner_id.display_name,
                        ordered=self.env["sale.order"]._preorder_format_quantity(before),
                    )
                )
            if float_compare(after, before, precision_digits=6) < 0:
                changes_by_order[line.order_id][line] = (before, after)
        template = self.env.ref(
            "preorder_campaign.mail_template_preorder_allocation", raise_if_not_found=False
        )
        orders = self.env["sale.order"].sudo()
        for order, changes in changes_by_order.items():
            editable = order.state in ("draft", "sent")
            if editable:
                order._preorder_set_quantities(
                    {line.product_id.id: after for line, (_before, after) in changes.items()},
                    rules="salesperson",
                )
            else:
                for line, (_before, after) in changes.items():
                    line.write(
                        {
                            "product_uom_qty": line.product_id.uom_id._compute_quantity(
                                after, line.product_uom_id, round=False
                            )
                        }
                    )
            order._preorder_log_changes(
                {line.product_id: change for line, change in changes.items()},
                title=_("Quantities allocated by %(user)s:", user=self.env.user.name),
            )
            if template:
                format_qty = order._preorder_format_quantity
                rows = [
                    {
                        "product": line.product_id.display_name,
                        "ordered": format_qty(before),
                        "allocated": format_qty(after),
                    }
                    for line, (before, after) in changes.items()
                ]
                # Sent as the system: the campaign's responsible may not read every order.
                template.sudo().with_context(preorder_allocation_rows=rows).send_mail(
                    order.id, email_layout_xmlid="mail.mail_notification_light"
                )
            orders |= order
        return orders.with_env(self.env)
