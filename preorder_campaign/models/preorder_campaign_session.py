from odoo import _, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.sql import escape_psql

MAX_SEARCH_TEXT = 100  # characters of a product search: references and names are shorter


class PreorderCampaign(models.Model):
    """The pre-order session (contract): the website and the backoffice grid find,
    create, show and save a customer's pre-order through these methods only.

    They work on a sudo'ed campaign (the website, after its own checks of the
    customer and the campaign) as on a plain one (the backoffice). ``env.user`` is the
    real user in both cases: an internal user (a rep) reaches a customer's order only
    as far as his own record rules let him (``_preorder_check_order_access``)."""

    _inherit = "preorder.campaign"

    # ------------------------------------------------------------------
    # The order in progress
    # ------------------------------------------------------------------
    def _preorder_get_orders(self, partner, drop=None):
        """``(order in progress, other orders)`` of `partner` in this campaign, in one
        query: the draft being entered (see ``sale.order.preorder_in_progress``), and
        the other orders that are not cancelled (they decide whether another may
        start). The order in progress is checked against the user's own rights.

        :param drop: on a campaign with delivery drops, the orders of this drop
            (default: ``_preorder_get_drop()``, the first drop still open)
        """
        in_progress, others, _drop_orders = self._preorder_get_orders_of_drops(partner, drop)
        return in_progress, others

    def _preorder_get_orders_of_drops(self, partner, drop=None):
        """``_preorder_get_orders`` and, on a campaign with drops, the orders of every
        drop of `partner` (not cancelled), all in the same one query: the tiers of a
        drop's order count them (see ``sale.order._preorder_get_tier_group_orders``)."""
        self.ensure_one()
        drop = self._preorder_get_drop(drop)
        orders = (
            self.env["sale.order"]
            .sudo()
            .search_fetch(self._preorder_get_orders_domain(partner), order="id desc")
            .with_env(self.env)
        )
        drop_orders = orders.filtered("preorder_drop_id")
        if drop:
            orders = orders.filtered(lambda order: order.preorder_drop_id == drop)
        in_progress = orders.filtered("preorder_in_progress")[:1]
        self._preorder_check_order_access(in_progress, "read")
        return in_progress, orders - in_progress, drop_orders

    def _preorder_get_orders_domain(self, partners, drop=None):
        """The orders of `partners` (ordering contacts) in this campaign that are not
        cancelled; of `drop` only when given."""
        self.ensure_one()
        domain = Domain.AND(
            [
                Domain("preorder_campaign_id", "=", self.id),
                Domain("partner_id", "in", partners.ids),
                Domain("state", "!=", "cancel"),
            ]
        )
        if drop:
            domain &= Domain("preorder_drop_id", "=", drop.id)
        return domain

    def _preorder_get_order(self, partner, create=False, rules=None, drop=None):
        """The pre-order `partner` is entering in this campaign, empty when none; with
        `create`, a new one when none. Checks that the partner may order and, under
        the customer's rules (see ``sale.order.SAVE_RULES``), that the campaign (and
        the drop) is open; a second pre-order only when the campaign allows several.

        :param drop: on a campaign with delivery drops, the order of this drop
            (default: ``_preorder_get_drop()``)
        """
        self.ensure_one()
        partner.ensure_one()
        self._preorder_check_partner(partner)
        drop = self._preorder_get_drop(drop)
        order, others = self._preorder_get_orders(partner, drop)
        if order or not create:
            return order
        return self._preorder_start_order(partner, others, rules, drop=drop)

    def _preorder_start_order(self, partner, other_orders, rules=None, drop=None):
        """A new pre-order of `partner`, who has none in progress (see
        ``_preorder_get_order``); of `drop` on a campaign with drops."""
        SaleOrder = self.env["sale.order"]
        if self.state == "cancel":
            raise UserError(_("The campaign %(name)s was cancelled.", name=self.name))
        if SaleOrder._preorder_get_rules(rules) == "customer":
            self._check_open_for_customers()
        self._preorder_check_drop_open(drop, rules)
        if not self._preorder_may_start_order(other_orders):
            raise UserError(
                _("Your pre-order for this campaign is finalized: it can no longer be changed.")
            )
        order = SaleOrder.with_company(self.company_id)._preorder_create_in_progress(
            self._preorder_prepare_order_values(partner, drop)
        )
        # Only an order the user could create in the backoffice; the caller's rollback
        # drops this one on a refusal.
        self._preorder_check_order_access(order, "create")
        return order

    def _preorder_may_start_order(self, other_orders):
        """Whether a new pre-order may start next to `other_orders` (those of the
        same contact that are no longer in progress)."""
        self.ensure_one()
        return self.allow_multiple_orders or not other_orders

    def _preorder_is_editable(self, order, other_orders, drop=None):
        """Whether a customer may change quantities now: the campaign (and `drop`,
        when given) is open, and there is an order in progress or one may start."""
        self.ensure_one()
        return (
            self._is_open_for_customers()
            and (not drop or self._preorder_is_drop_open(drop))
            and (bool(order) or self._preorder_may_start_order(other_orders))
        )

    def _preorder_check_partner(self, partner):
        if not self._is_partner_allowed(partner):
            raise UserError(
                _(
                    "%(partner)s is not invited to campaign %(campaign)s.",
                    partner=partner.display_name,
                    campaign=self.name,
                )
            )

    def _preorder_check_order_access(self, order, operation):
        """An internal user reads, changes and creates a customer's pre-order only as
        his own record rules allow (a salesperson's "own documents only"), also when
        the caller works sudo'ed. Customers' own access is the website's to check."""
        user = self.env.user
        if not order or not user._is_internal():
            return
        if order.with_env(order.env(su=False)).has_access(operation):
            return
        customer = order.partner_id.display_name
        if operation == "create":
            raise AccessError(
                _(
                    "You may not start a pre-order for %(customer)s (for instance, the "
                    "customer has another salesperson).",
                    customer=customer,
                )
            )
        raise AccessError(
            _(
                "The pre-order %(customer)s is entering in campaign %(campaign)s is not "
                "accessible to you (for instance, it belongs to another salesperson).",
                customer=customer,
                campaign=self.name,
            )
        )

    def _preorder_prepare_order_values(self, partner, drop=None):
        """Values of a new pre-order of `partner` in this campaign; a drop's order is
        delivered on the drop's date."""
        self.ensure_one()
        values = {
            "partner_id": partner.id,
            "preorder_campaign_id": self.id,
            "company_id": self.company_id.id,
            "user_id": self._preorder_get_salesperson(partner).id,
        }
        if drop:
            values["preorder_drop_id"] = drop.id
            values["commitment_date"] = drop._preorder_get_commitment()
        pricelist = self._preorder_get_drop_pricelist(partner, drop)
        if pricelist:
            values["pricelist_id"] = pricelist.id
        return values

    def _preorder_get_campaign_pricelist(self, partner):
        """The pricelist of `partner`'s pre-orders in this campaign, empty when the
        customer's own applies. The campaign's is for customers; an own shop orders at
        the pricelist chosen on the shop (its 0 EUR one), read directly: Odoo's
        partner pricelist is empty while the Pricelists setting is off."""
        self.ensure_one()
        shop = partner.sudo().with_company(self.company_id).commercial_partner_id
        if shop.preorder_own_shop:
            return shop.specific_property_product_pricelist.filtered("active").with_env(self.env)
        return self.pricelist_id

    def _preorder_get_salesperson(self, partner):
        """The salesperson of a new pre-order, as the backoffice gives one: the
        customer's, else the salesperson entering it, else the campaign's responsible
        (a customer ordering on the website is nobody's salesperson)."""
        user = self.env.user
        entering = user if user.has_group("sales_team.group_sale_salesman") else user.browse()
        return partner.user_id or partner.commercial_partner_id.user_id or entering or self.user_id

    # ------------------------------------------------------------------
    # Saving
    # ------------------------------------------------------------------
    def _preorder_save(self, partner, quantities, rules=None, drop=None, base=None, batch_id=None):
        """The one entry point of a grid's save, website and backoffice alike: the
        partner's pre-order in progress (created by the first quantity that is not
        zero), its quantities set by ``sale.order._preorder_set_quantities``, and the
        changes logged in its chatter when somebody else than the ordering contact
        saves them (a rep).

        A device that saves what it queued offline sends `base` and `batch_id`: the
        batch is saved at most once per customer and campaign, and a change made
        stale by another save meanwhile is not applied (it is in ``conflicts``).

        :param quantities: ``{product (record, id or id string): quantity}``
        :param rules: who is saving (``sale.order.SAVE_RULES``), default the user's
        :param drop: on a campaign with delivery drops, the drop whose order is
            saved (default: ``_preorder_get_drop()``); under the customer's rules
            refused once its order deadline passed
        :param base: ``{product: quantity}``, the stored quantity each change started
            from (see ``sale.order._preorder_set_quantities``); default none
        :param batch_id: the device's id of this batch (8 to 64 letters, digits,
            ``-`` or ``_``), claimed in ``preorder.save.batch`` before anything is
            written: when it was saved before, nothing is written and the result
            holds the stored quantities (``replayed``), whatever the campaign's
            state since. A refused save's rollback forgets it.
        :return: ``(order, result)``, the result of ``_preorder_set_quantities``
            (``conflicts`` included) plus ``replayed``
        :raise UserError: (or AccessError) nothing changed; the caller rolls back a
            draft this save created
        """
        self.ensure_one()
        SaleOrder = self.env["sale.order"]
        rules = SaleOrder._preorder_get_rules(rules)
        # The malformed refused before anything is claimed or read (no query).
        base_by_product_id = SaleOrder._preorder_normalize_base(base)
        Batch = self.env["preorder.save.batch"]
        if batch_id is not None:
            Batch._preorder_check_name(batch_id)
        self._preorder_check_partner(partner)
        drop = self._preorder_get_drop(drop)
        order, others, drop_orders = self._preorder_get_orders_of_drops(partner, drop)
        locked = order.browse()
        if batch_id is not None:
            if not Batch._preorder_claim(self, partner, batch_id, drop, lock_order=order):
                # Saved before (its response was lost): answered, not written again.
                return order, self._preorder_get_replayed_result(order, quantities)
            locked = order  # its lock came with the claim (none without an order yet)
        self._preorder_check_drop_open(drop, rules)
        if not order:
            keys = SaleOrder._preorder_normalize_product_keys(quantities)
            conflicts = {}
            if base_by_product_id and any(map(self._preorder_is_not_zero, keys.values())):
                # Nothing is stored yet: a change that started from a quantity is stale.
                conflicts = SaleOrder._preorder_get_stale_changes(
                    SaleOrder._preorder_parse_quantities(keys), base_by_product_id, {}
                )
            if not any(
                self._preorder_is_not_zero(raw)
                for product_id, raw in keys.items()
                if product_id not in conflicts
            ):
                # Nothing to order yet: no empty draft (the products are still checked).
                self._preorder_check_products(set(keys))
                return order, self._preorder_get_empty_result(keys, conflicts)
            order = self._preorder_start_order(partner, others, rules, drop=drop)
        self._preorder_check_order_access(order, "write")
        saving = order
        if locked:
            saving = saving.with_context(preorder_locked_order_id=locked.id)
        if drop:
            # The tiers count the customer's orders of every drop, fetched above (in the
            # transaction's snapshot): no second search. Only this save knows them.
            saving = saving.with_context(preorder_drop_orders=tuple((drop_orders | order).ids))
        result = saving._preorder_set_quantities(quantities, rules=rules, base=base)
        result["replayed"] = False
        if order.partner_id != self.env.user.partner_id:
            products = self.env["product.product"].browse(list(result["lines"]))
            order._preorder_log_changes(
                {
                    product: (
                        result["lines"][product.id]["previous_quantity"],
                        result["lines"][product.id]["quantity"],
                    )
                    for product in products
                }
            )
        return order, result

    def _preorder_add(self, partner, product, quantity, rules=None, drop=None, batch_id=None):
        """Add `quantity` of `product` to what the partner ordered (a scan): read and
        written under the order's lock, so that two scans at once add up. A scan
        sent again with its `batch_id` (its answer was lost, or it waited offline)
        adds nothing a second time: see ``_preorder_save``."""
        self.ensure_one()
        drop = self._preorder_get_drop(drop)
        order = self._preorder_get_order(partner, create=True, rules=rules, drop=drop)
        order._preorder_lock()
        ordered = order._preorder_get_ordered_quantities([product.id]).get(product.id, 0.0)
        return self._preorder_save(
            partner, {product: ordered + quantity}, rules=rules, drop=drop, batch_id=batch_id
        )

    @staticmethod
    def _preorder_is_not_zero(raw):
        try:
            return float(raw) != 0
        except (TypeError, ValueError):
            return True  # refused by the save, with its message

    def _preorder_get_replayed_result(self, order, quantities):
        """What a save answers for a batch saved before: the stored quantities of
        its products in `order` (the order in progress, empty for none) and their
        rule warnings, nothing written, no conflict."""
        keys = list(self.env["sale.order"]._preorder_normalize_product_keys(quantities))
        if not order:
            result = self._preorder_get_empty_result(keys)
        else:
            result = order._preorder_get_quantity_result(keys)
            result["order"]["discount_changed"] = False
            lines = result["lines"]
            for line in lines.values():
                line.update(previous_quantity=line["quantity"], warning="")
            # Only a product ordered may break a rule (0 never does), and it exists.
            ordered = self.env["product.product"].browse(
                [product_id for product_id, line in lines.items() if line["line_id"]]
            )
            rule_by_product_id = self._preorder_get_rule_by_product(ordered)
            for product in ordered:
                lines[product.id]["warning"] = self._preorder_get_rule_warning(
                    product, lines[product.id]["quantity"], rule_by_product_id.get(product.id)
                )
            result["conflicts"] = {}
        result["replayed"] = True
        return result

    def _preorder_get_empty_result(self, product_ids, conflicts=None):
        """What ``sale.order._preorder_set_quantities`` answers, for no order;
        `conflicts` the stale changes (``{product_id: 0.0}``)."""
        empty_line = {
            "line_id": False,
            "quantity": 0.0,
            "previous_quantity": 0.0,
            "price_unit": 0.0,
            "discount": 0.0,
            "price_subtotal": 0.0,
            "warning": "",
        }
        return {
            "order_id": False,
            "lines": {product_id: dict(empty_line) for product_id in product_ids},
            "order": dict(self.env["sale.order"]._preorder_get_summary(), discount_changed=False),
            "conflicts": dict(conflicts or {}),
            "replayed": False,
        }

    def _preorder_check_products(self, product_ids):
        """Refuse products outside the campaign, with one query. The message names
        only refused products the user may read (never one of another company)."""
        self.ensure_one()
        if not product_ids:
            return
        Product = self.env["product.product"].sudo()
        allowed = set(
            Product._search(Domain("id", "in", list(product_ids)) & self._get_product_domain())
        )
        if len(allowed) == len(set(product_ids)):
            return
        refused = Product.with_context(active_test=False).search(
            [("id", "in", sorted(set(product_ids) - allowed))]
        )
        known = refused.with_env(self.env(su=False))._filtered_access("read")
        raise UserError(
            _(
                "These products are not offered in campaign %(campaign)s: %(products)s.",
                campaign=self.name,
                products=", ".join(known.sudo().mapped("display_name")) or _("unknown product"),
            )
        )

    def _preorder_find_barcode(self, barcode):
        """``(scanned product, product to order, quantity to add)`` for a scanned
        `barcode`: a product barcode adds one, a packaging barcode the packaging's
        quantity; a product replaced by another leads to its final replacement. A
        product out of the user's reach (another company's, not sold and not replaced)
        answers like an unknown barcode: a refusal reveals nothing.

        :raise UserError: unknown barcode, or a product outside the campaign
        """
        self.ensure_one()
        unknown = UserError(_("Unknown barcode %(barcode)s.", barcode=barcode))
        company, known, reachable = self._preorder_get_reach_domains()
        Product = self.env["product.product"].sudo().with_context(active_test=False)
        scanned = Product.search(
            Domain("barcode", "=", barcode) & reachable, order="active desc, id", limit=1
        )
        quantity = 1.0
        if not scanned:
            packaging = (
                self.env["product.uom"]
                .sudo()
                .search(
                    Domain("barcode", "=", barcode)
                    & company
                    & Domain("product_id", "any", reachable),
                    limit=1,
                )
            )
            scanned = packaging.product_id
            quantity = packaging.uom_id._compute_quantity(1.0, scanned.uom_id) if packaging else 0
        if not scanned:
            raise unknown
        product = scanned._preorder_get_final_replacement()
        if not Product.search_count(self._get_product_domain() & Domain("id", "=", product.id)):
            # Named only when the customer may know it (a replacement may be out of reach)
            if not product.filtered_domain(known):
                raise unknown
            raise UserError(
                _("%(product)s is not part of this campaign.", product=product.display_name)
            )
        return scanned.with_env(self.env), product.with_env(self.env), quantity

    def _preorder_get_reach_domains(self):
        """``(company, known, reachable)`` product domains of a lookup by barcode or
        reference (a scan, an import): the campaign's company, the products a
        customer may know (sold, active), and those a lookup finds (known, or no
        longer sold but replaced: an old label leads on)."""
        self.ensure_one()
        company = Domain("company_id", "in", [False, self.company_id.id])
        known = company & Domain("sale_ok", "=", True) & Domain("active", "=", True)
        reachable = known | (company & Domain("replaced_by_product_id", "!=", False))
        return company, known, reachable

    # ------------------------------------------------------------------
    # Finding products: quick entry
    # ------------------------------------------------------------------
    def _preorder_search_products(self, text, limit=8):
        """The campaign's products a buyer typing `text` most likely means, best
        first: an exact reference (case-insensitive) or barcode, then references
        starting with the text, then names or references containing it; the same
        rank by reference. One query whatever the catalogue size. Archived products,
        those of another company and those outside the campaign are never found.

        :param text: a reference, barcode or name fragment; trimmed, without NUL
            bytes (PostgreSQL refuses them), cut at ``MAX_SEARCH_TEXT`` characters
        :return: ``product.product`` in the caller's environment, at most `limit`
        """
        self.ensure_one()
        text = (text or "").replace("\x00", "").strip()[:MAX_SEARCH_TEXT].strip()
        Product = self.env["product.product"].sudo().with_context(active_test=True)
        if not text:
            return Product.browse().with_env(self.env)
        # Typed text is literal: a % or _ in a reference is no wildcard.
        pattern = escape_psql(text)
        domain = self._get_product_domain() & Domain.OR(
            [
                Domain("default_code", "ilike", pattern),
                Domain("barcode", "=", text),
                Domain("name", "ilike", pattern),
            ]
        )
        query = Product._search(domain, limit=limit)
        code = Product._field_to_sql(Product._table, "default_code", query)
        barcode = Product._field_to_sql(Product._table, "barcode", query)
        query.order = SQL(
            "CASE WHEN LOWER(%(code)s) = LOWER(%(text)s) OR %(barcode)s = %(text)s THEN 0"
            " WHEN %(code)s ILIKE %(prefix)s THEN 1 ELSE 2 END, %(code)s, %(id)s",
            code=code,
            barcode=barcode,
            text=text,
            prefix=f"{pattern}%",
            id=SQL.identifier(Product._table, "id"),
        )
        return Product.browse(query.get_result_ids()).with_env(self.env)

    # ------------------------------------------------------------------
    # Reading: rows of the grid
    # ------------------------------------------------------------------
    def _preorder_get_pricelist(self, partner, order=None, drop=None):
        """The pricelist of the prices a grid shows: the order's (a salesperson may
        have changed it, and it prices the lines), else the drop's or the campaign's
        (never for an own shop), else the customer's in the campaign's company."""
        self.ensure_one()
        if order and order.pricelist_id:
            return order.pricelist_id
        return (
            self._preorder_get_drop_pricelist(partner, drop)
            or partner.with_company(self.company_id).sudo().property_product_pricelist
        )

    def _preorder_get_rows(self, partner, products, order=None, drop=None):
        """One dict per product of `products`, as both grids show them, in a constant
        number of queries: ``product_id``, ``price_unit`` (before the tier discount,
        in ``currency_id``), ``quantity`` (ordered, in the product's unit),
        ``reserved_qty`` (an own shop: how much of it its customers reserved),
        ``previous_qty``, ``peer_average`` and ``peer_hidden`` (see
        ``sale.order._preorder_get_previous_sales_and_peer_average``), ``available``
        (an outlet's stock still to sell to this customer, else ``None``),
        ``cap_remaining`` (what the campaign's cap leaves to all customers, this one's
        order included, else ``None``), ``discount_excluded``, ``whole_units`` (only
        whole numbers), the product's
        quantity rule (``rule_min``, ``rule_max``, ``rule_multiple``, 0 when not set,
        and ``rule_label``, empty without rule) and ``warning``: the rule the quantity
        ordered breaks (empty when none).

        :param order: the partner's order in progress when the caller has it (else
            looked up)
        :param drop: on a campaign with delivery drops, the drop whose order and
            prices the rows show (default: ``_preorder_get_drop()``)
        """
        self.ensure_one()
        drop = self._preorder_get_drop(drop)
        if order is None:
            order = self._preorder_get_order(partner, drop=drop)
        pricelist = self._preorder_get_pricelist(partner, order, drop)
        if pricelist:
            prices = pricelist._get_products_price(products, quantity=1.0)
        else:
            prices = {product.id: product.lst_price for product in products}
        # Without pricelist the order (if any) is in the company's currency.
        currency = pricelist.currency_id or order.currency_id or self.currency_id
        available = {}
        if self.campaign_type == "outlet":
            # What this customer may still take: not what others' open orders hold.
            available = self._preorder_get_available_stock(products, exclude_order=order)
        history = {}
        if (self.show_previous_sales or self.show_peer_average) and products:
            history = self.env["sale.order"]._preorder_get_previous_sales_and_peer_average(
                self, partner, products
            )
        ordered = order._preorder_get_ordered_quantities(products.ids)
        reserved = {}
        if order.preorder_own_shop:
            reserved = order._preorder_get_reserved_quantities(products.ids)
        # What is still available to everybody: the cap minus every order's quantity.
        cap_remaining = self._preorder_get_cap_remaining(products, exclude_order=order)
        # An own shop's prices are 0: its grid says nothing of tiers.
        if partner.commercial_partner_id.preorder_own_shop:
            excluded = set()
        else:
            excluded = self._get_discount_excluded_product_ids(products)
        whole_unit_ids = products._preorder_get_whole_unit_ids()
        rule_by_product_id = self._preorder_get_rule_by_product(products)
        labels = {
            rule: self._preorder_get_rule_label(rule) for rule in set(rule_by_product_id.values())
        }
        rows = []
        for product in products:
            hint = history.get(product.id, {})
            rule = rule_by_product_id.get(product.id)
            quantity = ordered.get(product.id, 0.0)
            rows.append(
                {
                    "product_id": product.id,
                    "price_unit": prices.get(product.id, 0.0),
                    "currency_id": currency.id,
                    "quantity": quantity,
                    "reserved_qty": reserved.get(product.id, 0.0),
                    "previous_qty": hint.get("previous_qty", 0.0),
                    "peer_average": hint.get("peer_average", 0.0),
                    "peer_hidden": hint.get("peer_hidden", False),
                    "available": available.get(product.id) if available else None,
                    "cap_remaining": (
                        max(cap_remaining[product.id] - quantity, 0.0)
                        if product.id in cap_remaining
                        else None
                    ),
                    "discount_excluded": product.id in excluded,
                    "whole_units": product.id in whole_unit_ids,
                    "rule_min": rule[0] if rule else 0.0,
                    "rule_max": rule[1] if rule else 0.0,
                    "rule_multiple": rule[2] if rule else 0.0,
                    "rule_label": labels.get(rule, ""),
                    "warning": self._preorder_get_rule_warning(product, quantity, rule),
                }
            )
        return rows
