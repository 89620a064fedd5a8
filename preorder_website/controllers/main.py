from urllib.parse import urlencode

from werkzeug.exceptions import NotFound

from odoo import _, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.http import Controller, request, route
from odoo.tools.misc import format_amount, limited_field_access_token

from .read_your_writes import mark_write, readonly_unless_recent_write

PAGE_SIZE = 60  # products per page of the grid
ROW_PRODUCT_FIELDS = ["default_code", "product_tmpl_id"]
MAX_ITEMS_PER_SAVE = 200  # product -> quantity changes per save request
MAX_SAVE_BODY = 64 * 1024  # bytes: 200 items fit many times over
CAMPAIGN_TYPES = ("preorder", "outlet")
REP_GROUP = "preorder_campaign.group_preorder_user"


class PreorderError(Exception):
    """An expected refusal: shown to the user as is, nothing was changed."""


# What a JSON route answers as ``{"error": message}``: its own refusals and the
# order's (translated UserError and friends).
REFUSALS = (PreorderError, UserError, ValidationError, AccessError)


class PreorderWebsite(Controller):
    """Pages and JSON routes of the pre-order and outlet campaigns.

    Every route first resolves who the page works for (the signed-in customer,
    or the customer a rep picked), then the campaign (published, allowed for that
    customer), then the order (found server-side from customer and campaign).
    Only after those checks does it work through sudo'ed records."""

    # ------------------------------------------------------------------
    # Pages
    # ------------------------------------------------------------------
    @route(
        ["/preorder", "/outlet"],
        type="http",
        auth="public",
        website=True,
        sitemap=True,
        readonly=readonly_unless_recent_write,
    )
    def preorder_landing(self, partner_id=None, partner_search=None, **_website_params):
        # `_website_params`: the website editor's own (enable_editor, ...), unused here
        partner_search = self._clean_text(partner_search)
        campaign_type = request.httprequest.path.strip("/")
        values = {"campaign_type": campaign_type, "is_public": request.env.user._is_public()}
        if values["is_public"]:
            values["teaser_campaigns"] = (
                request.env["preorder.campaign"]
                .sudo()
                ._get_website_teaser_campaigns(campaign_type, request.website.company_id)
            )
            return request.render("preorder_website.preorder_landing", values)
        try:
            partner, is_rep = self._get_customer(partner_id)
        except PreorderError as error:
            values["error"] = str(error)
            return request.render("preorder_website.preorder_landing", values)
        values.update(partner=partner, is_rep=is_rep)
        if is_rep and not partner:
            values["partner_choices"] = self._search_partner_choices(partner_search)
            values["partner_search"] = partner_search
            return request.render("preorder_website.preorder_landing", values)
        Campaign = request.env["preorder.campaign"].sudo()
        campaigns_sudo = Campaign._get_website_campaigns(
            campaign_type, partner, company=request.website.company_id
        )
        values.update(
            campaigns=campaigns_sudo,
            statuses=self._get_partner_statuses(campaigns_sudo, partner),
            now=fields.Datetime.now(),
            image_tokens={
                campaign.id: limited_field_access_token(campaign, "image_512", scope="binary")
                for campaign in campaigns_sudo
            },
        )
        return request.render("preorder_website.preorder_landing", values)

    @route(
        ["/preorder/<int:campaign_id>", "/outlet/<int:campaign_id>"],
        type="http",
        auth="public",
        website=True,
        sitemap=False,
        readonly=readonly_unless_recent_write,
    )
    def preorder_campaign_page(
        self,
        campaign_id,
        partner_id=None,
        partner_search=None,
        search=None,
        categ_id=None,
        brand_id=None,
        tag_id=None,
        ordered=None,
        offset=0,
        finalized=None,
        start_from=None,
        imported=None,
        **_website_params,  # the website editor's own (enable_editor, ...), unused here
    ):
        # `finalized` and `imported` are read by the template (request.params): the
        # messages after finalizing and after an import.
        if request.env.user._is_public():
            return request.redirect(f"/web/login?redirect={request.httprequest.path}", local=True)
        partner_search = self._clean_text(partner_search)
        try:
            partner, is_rep = self._get_customer(partner_id)
            if is_rep and not partner:
                campaign_sudo = self._get_campaign(
                    campaign_id, request.env.user.partner_id, check_partner=False
                )
                return request.render(
                    "preorder_website.preorder_pick_customer",
                    {
                        "campaign": campaign_sudo,
                        "partner_search": partner_search,
                        "partner_choices": self._search_partner_choices(
                            partner_search, campaign_sudo
                        ),
                    },
                )
            campaign_sudo = self._get_campaign(campaign_id, partner)
            order_sudo, finalized_sudo = campaign_sudo._preorder_get_orders(partner)
        except REFUSALS as error:
            return request.render(
                "preorder_website.preorder_no_access", {"message": str(error)}, status=403
            )
        filters = self._parse_filters(search, categ_id, brand_id, tag_id, ordered, start_from)
        offset = self._parse_offset(offset)
        values = {
            "campaign": campaign_sudo,
            "partner": partner,
            "is_rep": is_rep,
            "order": order_sudo,
            "finalized_orders": self._get_visible_orders(finalized_sudo, partner),
            "status": campaign_sudo._get_website_status(),
            "filters": filters,
            "filter_options": self._get_filter_options(campaign_sudo),
            "source_campaigns": campaign_sudo._preorder_get_source_campaigns(partner),
            "summary": self._get_summary(campaign_sudo, order_sudo, partner=partner),
            "can_edit": campaign_sudo._preorder_is_editable(order_sudo, finalized_sudo),
            "first_delivery_date": (
                order_sudo._preorder_get_first_delivery_date()
                if order_sudo and campaign_sudo.earliest_delivery_date
                else campaign_sudo.earliest_delivery_date
            ),
        }
        values.update(self._get_rows_values(campaign_sudo, partner, order_sudo, filters, offset))
        if campaign_sudo.has_drops:
            values.update(self._get_drops_page_values(campaign_sudo, partner))
        return request.render("preorder_website.preorder_campaign_page", values)

    @route(
        ["/preorder/<int:campaign_id>/rows"],
        type="http",
        auth="user",
        website=True,
        sitemap=False,
        readonly=readonly_unless_recent_write,
    )
    def preorder_rows(
        self,
        campaign_id,
        partner_id=None,
        search=None,
        categ_id=None,
        brand_id=None,
        tag_id=None,
        ordered=None,
        offset=0,
        start_from=None,
    ):
        """One more page of grid rows, as an HTML fragment ("load more")."""
        try:
            partner, _is_rep = self._get_customer(partner_id, required=True)
            campaign_sudo = self._get_campaign(campaign_id, partner)
            order_sudo, finalized_sudo = campaign_sudo._preorder_get_orders(partner)
        except REFUSALS:
            raise NotFound() from None
        filters = self._parse_filters(search, categ_id, brand_id, tag_id, ordered, start_from)
        values = {
            "campaign": campaign_sudo,
            "can_edit": campaign_sudo._preorder_is_editable(order_sudo, finalized_sudo),
            **self._get_rows_values(
                campaign_sudo, partner, order_sudo, filters, self._parse_offset(offset)
            ),
        }
        return request.render("preorder_website.preorder_grid_rows", values)

    # ------------------------------------------------------------------
    # JSON routes
    # ------------------------------------------------------------------
    @route(
        "/preorder/<int:campaign_id>/save",
        type="jsonrpc",
        auth="user",
        methods=["POST"],
        website=True,
        sitemap=False,
        max_content_length=MAX_SAVE_BODY,
    )
    def preorder_save(
        self,
        campaign_id,
        quantities=None,
        partner_id=None,
        capped_ids=None,
        drop_id=None,
        base=None,
        batch_id=None,
    ):
        """Save a batch of {product_id: quantity} through the campaign's one entry
        point (``preorder.campaign._preorder_save``, which validates every product and
        quantity), in the delivery drop `drop_id` on a campaign with drops (default:
        the first still open). Returns the stored quantities (`lines`), the rule
        `warnings`, the `summary` and what is still available of the capped products
        the page shows (`caps`, for `capped_ids`: other customers' saves move it
        too), or {'error': message} with nothing changed (not even `batch_id`
        remembered: sent again, it is refused again the same way).

        A device replaying changes it queued offline also sends (both optional):

        - `batch_id`: its id of the batch, 8 to 64 letters, digits, "-" or "_" (a
          UUID). A batch already saved for this customer and campaign writes
          nothing: the answer has ``replayed: true`` and the stored `lines` and
          `warnings` of its products, with the `summary`, `caps` and `drop_id` of a
          normal save;
        - `base`: {product_id: quantity}, the stored quantity each change started
          from (what the device last knew as saved). A product whose stored
          quantity, read under the order's lock, differs from its base and from the
          quantity asked is not changed: it is in `conflicts` ({product_id: stored
          quantity}) and its `lines` entry is the stored quantity; the rest of the
          batch is saved. No base for a product: saved as before.

        Every answer but a refusal has `conflicts` ({} when none) and `replayed`."""
        try:
            self._check_body_size()
            partner, _is_rep = self._get_customer(partner_id, required=True)
            campaign_sudo = self._get_campaign(campaign_id, partner)
            drop_sudo = self._get_drop(campaign_sudo, drop_id)
            self._check_quantities_shape(quantities)
            capped_ids = self._parse_product_ids(capped_ids or [])
            # A rep on the website follows the customer's rules.
            order_sudo, result = campaign_sudo._preorder_save(
                partner,
                quantities,
                rules="customer",
                drop=drop_sudo,
                base=base,
                batch_id=batch_id,
            )
        except REFUSALS as error:
            return self._refuse(error.args[0])
        response = {
            "lines": {
                str(product_id): line["quantity"] for product_id, line in result["lines"].items()
            },
            # Every product saved: an empty text clears the row's warning.
            "warnings": self._get_warnings(result),
            "summary": self._get_summary(campaign_sudo, order_sudo, result["order"], partner),
            "caps": self._get_caps_available(campaign_sudo, capped_ids),
            "conflicts": {
                str(product_id): quantity for product_id, quantity in result["conflicts"].items()
            },
            "replayed": result["replayed"],
        }
        if campaign_sudo.has_drops:
            # The drop saved in (the first still open when the request named none)
            response["drop_id"] = (
                order_sudo.preorder_drop_id.id
                or (drop_sudo or campaign_sudo._preorder_get_drop()).id
            )
        mark_write()
        return response

    def _get_caps_available(self, campaign_sudo, product_ids):
        """``{product id: [quantity, label]}`` still available to all customers of
        the capped products among `product_ids`: one grouped query, none when the
        campaign caps none of them (its caps are cached)."""
        caps = campaign_sudo._preorder_get_caps()
        capped_ids = [product_id for product_id in set(product_ids) if product_id in caps]
        if not capped_ids:
            return {}
        products_sudo = request.env["product.product"].sudo().browse(capped_ids)
        remaining = campaign_sudo._preorder_get_cap_remaining(products_sudo)
        labels = self._get_cap_labels(remaining)
        return {str(product_id): [qty, labels[product_id]] for product_id, qty in remaining.items()}

    @staticmethod
    def _get_cap_labels(cap_remaining):
        """``{product id: "3 still available"}`` of ``{product id: quantity}``."""
        format_qty = request.env["sale.order"]._preorder_format_quantity
        return {
            product_id: _("%s still available", format_qty(qty))
            for product_id, qty in cap_remaining.items()
        }

    @staticmethod
    def _get_warnings(result):
        """``{product id: quantity rule the saved quantity breaks, or ""}`` of a save."""
        return {
            str(product_id): line.get("warning", "") for product_id, line in result["lines"].items()
        }

    def _refuse(self, message):
        """The answer of a refused JSON request, with nothing of it kept (not even a
        draft it created), the same way for every route: a rollback, which costs
        nothing on the requests that succeed (a savepoint costs two queries each)."""
        request.env.cr.rollback()
        return {"error": message}

    @route(
        "/preorder/<int:campaign_id>/state",
        type="jsonrpc",
        auth="user",
        methods=["POST"],
        website=True,
        sitemap=False,
        readonly=readonly_unless_recent_write,
        max_content_length=MAX_SAVE_BODY,
    )
    def preorder_state(self, campaign_id, product_ids=None, partner_id=None):
        """The stored quantities of the products shown, to refresh a page from the server."""
        try:
            partner, _is_rep = self._get_customer(partner_id, required=True)
            campaign_sudo = self._get_campaign(campaign_id, partner)
            product_ids = self._parse_product_ids(product_ids)
            products_sudo = self._get_campaign_products(campaign_sudo, product_ids)
            order_sudo, finalized_sudo = campaign_sudo._preorder_get_orders(partner)
        except REFUSALS as error:
            return {"error": error.args[0]}
        if campaign_sudo.has_drops:
            return self._get_drops_state(campaign_sudo, partner, order_sudo, products_sudo)
        quantities = order_sudo._preorder_get_ordered_quantities(products_sudo.ids)
        # No query without rules (cached); names read only for the rules broken.
        rule_by_product_id = campaign_sudo._preorder_get_rule_by_product(products_sudo)
        return {
            "lines": {
                str(product.id): quantities.get(product.id, 0.0) for product in products_sudo
            },
            "warnings": {
                str(product.id): campaign_sudo._preorder_get_rule_warning(
                    product,
                    quantities.get(product.id, 0.0),
                    rule_by_product_id.get(product.id),
                )
                for product in products_sudo
            },
            "summary": self._get_summary(campaign_sudo, order_sudo),
            "editable": campaign_sudo._preorder_is_editable(order_sudo, finalized_sudo),
        }

    @route(
        "/preorder/<int:campaign_id>/scan",
        type="jsonrpc",
        auth="user",
        methods=["POST"],
        website=True,
        sitemap=False,
        max_content_length=4096,
    )
    def preorder_scan(self, campaign_id, barcode=None, partner_id=None, batch_id=None):
        """Add one unit (or one packaging) of the scanned product, or of its replacement.
        `batch_id`: the device's id of this scan (as ``/save``): sent again, it adds
        nothing a second time."""
        try:
            partner, _is_rep = self._get_customer(partner_id, required=True)
            campaign_sudo = self._get_campaign(campaign_id, partner)
            if (
                not isinstance(barcode, str)
                or not barcode.strip()
                or len(barcode) > 100
                or "\x00" in barcode
            ):
                raise PreorderError(_("Scan or type a barcode."))
            scanned_sudo, product_sudo, added = campaign_sudo._preorder_find_barcode(
                barcode.strip()
            )
            order_sudo, saved = campaign_sudo._preorder_add(
                partner, product_sudo, added, rules="customer", batch_id=batch_id
            )
        except REFUSALS as error:
            return self._refuse(error.args[0])
        quantity = saved["lines"][product_sudo.id]["quantity"]
        result = {
            "product_id": product_sudo.id,
            "product_name": product_sudo.display_name,
            "added": added,
            "quantity": quantity,
            "lines": {str(product_sudo.id): quantity},
            "warnings": self._get_warnings(saved),
            "summary": self._get_summary(
                campaign_sudo, order_sudo, saved["order"], partner=partner
            ),
            "row_html": self._render_rows(campaign_sudo, partner, order_sudo, product_sudo),
        }
        if scanned_sudo != product_sudo:
            result["replaced_name"] = scanned_sudo.display_name
        if order_sudo.preorder_drop_id:
            result["drop_id"] = order_sudo.preorder_drop_id.id  # the drop scans go to
        mark_write()
        return result

    @route(
        "/preorder/<int:campaign_id>/suggest",
        type="jsonrpc",
        auth="user",
        methods=["POST"],
        website=True,
        sitemap=False,
        readonly=readonly_unless_recent_write,
        max_content_length=4096,
    )
    def preorder_suggest(self, campaign_id, text=None, partner_id=None):
        """Quick entry: the campaign's products matching a typed reference, barcode or
        name (``preorder.campaign._preorder_search_products``), best first, with the
        grid's price and the quantity ordered. Saving goes through ``/save``."""
        try:
            partner, _is_rep = self._get_customer(partner_id, required=True)
            campaign_sudo = self._get_campaign(campaign_id, partner)
            if not isinstance(text, str):
                raise PreorderError(_("Type a reference, a barcode or a product name."))
            products_sudo = campaign_sudo._preorder_search_products(text)
            order_sudo, _others = campaign_sudo._preorder_get_orders(partner)
        except REFUSALS as error:
            return {"error": error.args[0]}
        products = self._get_suggestions(
            campaign_sudo, partner, order_sudo, products_sudo, self._clean_text(text)
        )
        return {"products": products}

    @route(
        "/preorder/<int:campaign_id>/delivery_date",
        type="jsonrpc",
        auth="user",
        methods=["POST"],
        website=True,
        sitemap=False,
        max_content_length=4096,
    )
    def preorder_delivery_date(self, campaign_id, delivery_date=None, partner_id=None):
        """Set the desired delivery date ('YYYY-MM-DD'), or clear it (``false`` or an
        empty string: the summary sends ``false`` when the date field is emptied)."""
        try:
            partner, _is_rep = self._get_customer(partner_id, required=True)
            campaign_sudo = self._get_campaign(campaign_id, partner)
            clear = delivery_date is False or delivery_date == ""
            if not clear and (not isinstance(delivery_date, str) or len(delivery_date) > 20):
                raise PreorderError(_("Enter a valid date."))
            order_sudo = self._get_order_to_change(campaign_sudo, partner)
            if not order_sudo:
                raise PreorderError(_("Enter a quantity before choosing a delivery date."))
            order_sudo._preorder_set_delivery_date(
                False if clear else delivery_date, rules="customer"
            )
        except REFUSALS as error:
            return self._refuse(error.args[0])
        mark_write()
        return {"summary": self._get_summary(campaign_sudo, order_sudo)}

    @route(
        "/preorder/<int:campaign_id>/accept_suggestions",
        type="jsonrpc",
        auth="user",
        methods=["POST"],
        website=True,
        sitemap=False,
        max_content_length=4096,
    )
    def preorder_accept_suggestions(self, campaign_id, source=None, partner_id=None):
        """Take over every suggested quantity of `source` ("sales" or a previous
        campaign's id) for the products not ordered yet, in one save."""
        try:
            partner, _is_rep = self._get_customer(partner_id, required=True)
            campaign_sudo = self._get_campaign(campaign_id, partner)
            source = campaign_sudo._preorder_parse_suggestion_source(
                partner, self._clean_text(source, limit=20)
            )
            if not source:
                raise PreorderError(_("Choose where the suggested quantities come from."))
            order_sudo, result = campaign_sudo._preorder_accept_suggestions(
                partner, source, rules="customer"
            )
        except REFUSALS as error:
            return self._refuse(error.args[0])
        mark_write()
        return {
            "saved": len(result["lines"]) if result else 0,
            "summary": self._get_summary(campaign_sudo, order_sudo, result and result["order"]),
        }

    @route(
        "/preorder/<int:campaign_id>/finalize",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
        sitemap=False,
    )
    def preorder_finalize(self, campaign_id, partner_id=None, **post):
        # **post only receives csrf_token: nothing in it is read.
        try:
            partner, _is_rep = self._get_customer(partner_id, required=True)
            campaign_sudo = self._get_campaign(campaign_id, partner)
            if campaign_sudo.has_drops:
                # Every drop's order at once: each drop is its own quotation.
                order_sudo = self._get_drop_orders_to_change(campaign_sudo, partner)
            else:
                order_sudo = self._get_order_to_change(campaign_sudo, partner)
            if not order_sudo:
                raise PreorderError(_("There is no pre-order to finalize."))
            order_sudo._preorder_website_finalize(request.env.user)
        except REFUSALS as error:
            message = error.args[0]
            return request.render(
                "preorder_website.preorder_no_access", {"message": message}, status=400
            )
        mark_write()
        if (
            campaign_sudo.finalize_mode == "payment"
            and partner == request.env.user.partner_id
            and len(order_sudo) == 1
        ):
            return request.redirect(order_sudo.get_portal_url())
        url = campaign_sudo.website_url + "?finalized=1"
        if partner != request.env.user.partner_id:
            url += f"&partner_id={partner.id}"
        return request.redirect(url)

    # ------------------------------------------------------------------
    # Access: customer, campaign, order
    # ------------------------------------------------------------------
    def _get_customer(self, partner_id=None, required=False):
        """(partner, is_rep): whom the page works for. A rep (Pre-Order user) may pass
        `partner_id`; anybody else always works for their own partner."""
        user = request.env.user
        if user._is_public():
            raise PreorderError(_("Sign in to enter a pre-order."))
        is_rep = user.has_group(REP_GROUP)
        if partner_id in (None, "", False):
            if is_rep:
                if required:
                    raise PreorderError(_("Choose the customer you enter the pre-order for."))
                return request.env["res.partner"], True
            return user.partner_id, False
        if not is_rep:
            raise PreorderError(_("Only sales representatives may enter orders for a customer."))
        # Unknown, unreadable and refused customers get the same answer: no existence oracle.
        not_found = PreorderError(_("This customer does not exist or is not available to you."))
        try:
            partner_id = int(partner_id)
        except (TypeError, ValueError):
            raise not_found from None
        if not 0 < partner_id < 2**31:
            raise not_found
        partner = request.env["res.partner"].browse(partner_id)
        website_company = request.env["res.company"].browse(
            request.website._get_cached("company_id")  # no query
        )
        if not partner._preorder_is_rep_customer(website_company, user):
            raise not_found
        return partner, True

    def _get_campaign(self, campaign_id, partner, check_partner=True):
        """The sudo'ed campaign, once published (or shown to a rep) and allowed for `partner`.
        Missing and forbidden give the same message: no existence oracle."""
        not_found = PreorderError(_("This campaign does not exist or is not available to you."))
        if not isinstance(campaign_id, int):
            raise not_found
        # Found and read in one query; archived campaigns are not found.
        campaign_sudo = (
            request.env["preorder.campaign"].sudo().search_fetch([("id", "=", campaign_id)])
        )
        if not campaign_sudo or campaign_sudo.state == "cancel":
            raise not_found
        if not campaign_sudo.is_published and not request.env.user.has_group(REP_GROUP):
            raise not_found
        # Customers see the campaigns of the website's company; reps those of their companies.
        user = request.env.user
        if user._is_internal():
            company_ids = user.company_ids.ids
        else:
            company_ids = [request.website._get_cached("company_id")]  # no query
        if campaign_sudo.company_id.id not in company_ids:
            raise not_found
        if check_partner and not campaign_sudo._is_partner_allowed(partner):
            raise not_found
        # A rep's customer was checked for the website's company (_get_customer): a
        # campaign of another of his companies needs a customer of that one.
        if (
            check_partner
            and partner != user.partner_id
            and campaign_sudo.company_id.id != request.website._get_cached("company_id")
            and not partner._preorder_is_rep_customer(campaign_sudo.company_id, user)
        ):
            raise not_found
        return campaign_sudo

    @staticmethod
    def _get_history_labels(campaign_sudo):
        """The texts naming the customer's recent purchases, each one sentence to
        translate (the number of weeks inside)."""
        weeks = campaign_sudo.previous_sales_weeks or 12
        return {
            "column": _("Your last %(weeks)s weeks", weeks=weeks),
            "source_sales": _("My purchases of the last %(weeks)s weeks", weeks=weeks),
            "suggested_sales": _(
                "Suggested quantities: your purchases of the last %(weeks)s weeks.", weeks=weeks
            ),
        }

    def _get_visible_orders(self, orders_sudo, partner):
        """The orders a page lists: for a rep, only those his own rights let him read."""
        if partner == request.env.user.partner_id:
            return orders_sudo
        return orders_sudo.with_user(request.env.user)._filtered_access("read").sudo()

    def _get_order_to_change(self, campaign_sudo, partner):
        """The order in progress, once the campaign is open and the user may change
        it (a rep: his own rights); empty when there is none."""
        campaign_sudo._check_open_for_customers()
        order_sudo = campaign_sudo._preorder_get_order(partner)
        campaign_sudo._preorder_check_order_access(order_sudo, "write")
        return order_sudo

    # ------------------------------------------------------------------
    # Input checks
    # ------------------------------------------------------------------
    def _check_body_size(self):
        # Also checked here: the route's max_content_length is not applied when the
        # body was read before dispatching.
        if (request.httprequest.content_length or 0) > MAX_SAVE_BODY:
            raise PreorderError(_("Too much data in one save."))

    def _check_quantities_shape(self, quantities):
        """The body of a save: a non-empty object of at most MAX_ITEMS_PER_SAVE
        entries. Its product ids and quantities are the save's to check."""
        if not isinstance(quantities, dict) or not quantities:
            raise PreorderError(_("Nothing to save."))
        if len(quantities) > MAX_ITEMS_PER_SAVE:
            raise PreorderError(
                _("At most %(count)s products can be saved at once.", count=MAX_ITEMS_PER_SAVE)
            )

    def _parse_product_ids(self, product_ids):
        if not isinstance(product_ids, list) or len(product_ids) > 10 * PAGE_SIZE:
            raise PreorderError(_("Invalid product list."))
        return [self._parse_id(product_id) for product_id in product_ids]

    def _parse_id(self, value):
        if isinstance(value, bool):
            raise PreorderError(_("Unknown product."))
        try:
            value = int(value)
        except (TypeError, ValueError):
            raise PreorderError(_("Unknown product.")) from None
        if not 0 < value < 2**31:
            raise PreorderError(_("Unknown product."))
        return value

    @staticmethod
    def _clean_text(value, limit=100):
        """A search text from the URL: a string without NUL bytes (PostgreSQL refuses
        them), trimmed to `limit` characters; anything else is no search."""
        if not isinstance(value, str):
            return ""
        return value.replace("\x00", "").strip()[:limit]

    def _parse_offset(self, offset):
        """The number of templates the page skips ("load more"), bounded."""
        try:
            return max(0, min(int(offset), 10**6))
        except (TypeError, ValueError):
            return 0

    def _get_campaign_products(self, campaign_sudo, product_ids):
        """The campaign's products among `product_ids` (the others are left out), in
        one query."""
        return (
            request.env["product.product"]
            .sudo()
            .search(campaign_sudo._get_product_domain() & Domain("id", "in", product_ids))
        )

    # ------------------------------------------------------------------
    # Reading the grid
    # ------------------------------------------------------------------
    def _parse_filters(self, search, categ_id, brand_id, tag_id, ordered, start_from=None):
        def to_id(value):
            try:
                value = int(value)
            except (TypeError, ValueError):
                return False
            return value if 0 < value < 2**31 else False

        return {
            "search": self._clean_text(search),
            "categ_id": to_id(categ_id),
            "brand_id": to_id(brand_id),
            "tag_id": to_id(tag_id),
            "ordered": bool(ordered),
            # Where suggested quantities come from: "sales" or a previous campaign's id
            "start_from": self._clean_text(start_from, limit=20),
        }

    def _get_filter_options(self, campaign_sudo):
        """Categories and brands present among the campaign's products (one aggregate
        query), and the product tags in use (one small query)."""
        Product = request.env["product.product"].sudo()
        groups = Product._read_group(
            campaign_sudo._get_product_domain(), ["categ_id", "product_brand_id"]
        )
        categories = request.env["product.category"].union(*(categ for categ, _brand in groups))
        brands = request.env["product.brand"].union(*(brand for _categ, brand in groups))
        tags = (
            request.env["product.tag"]
            .sudo()
            .search([("product_template_ids", "!=", False)], order="name", limit=200)
        )
        return {
            "categories": categories.sorted(lambda c: c.complete_name or ""),
            "brands": brands.sorted(lambda b: b.name or ""),
            "tags": tags,
        }

    def _get_rows_domain(self, campaign_sudo, order_sudo, filters):
        domain = campaign_sudo._get_product_domain()
        if filters["search"]:
            search = filters["search"]
            domain &= Domain.OR(
                [
                    Domain("name", "ilike", search),
                    Domain("default_code", "ilike", search),
                    Domain("barcode", "=", search),
                ]
            )
        if filters["categ_id"]:
            domain &= Domain("categ_id", "child_of", filters["categ_id"])
        if filters["brand_id"]:
            domain &= Domain("product_brand_id", "=", filters["brand_id"])
        if filters["tag_id"]:
            domain &= Domain("all_product_tag_ids", "in", [filters["tag_id"]])
        if filters["ordered"]:
            domain &= Domain("id", "in", list(order_sudo._preorder_get_ordered_quantities()))
        return domain

    def _get_rows_values(self, campaign_sudo, partner, order_sudo, filters, offset):
        """Values for one page of grid rows; a constant number of queries."""
        domain = self._get_rows_domain(campaign_sudo, order_sudo, filters)
        template_ids, has_more = self._get_page_templates(domain, offset)
        if campaign_sudo.show_variant_matrix:
            # A template found by the filters shows its whole matrix.
            domain = campaign_sudo._get_product_domain()
        products_sudo = self._get_template_rows_products(domain, template_ids)
        # In the pages' order of templates; a template's variants by reference.
        position = {template_id: index for index, template_id in enumerate(template_ids)}
        products_sudo = products_sudo.sorted(lambda p: position[p.product_tmpl_id.id])
        values = self._get_rows_data(campaign_sudo, partner, order_sudo, products_sudo)
        source = campaign_sudo._preorder_parse_suggestion_source(partner, filters["start_from"])
        values.update(
            suggestions=campaign_sudo._preorder_get_suggestions(partner, source, products_sudo),
            suggestion_source=source,
            has_more=has_more,
            filters=filters,
            next_url=self._get_rows_url(
                campaign_sudo, partner, filters, offset + len(template_ids)
            ),
        )
        return values

    @staticmethod
    def _get_template_rows_products(domain, template_ids):
        """The products of `domain` of the templates `template_ids`, with the fields
        the rows show, by reference: one query."""
        return (
            request.env["product.product"]
            .sudo()
            .search_fetch(
                domain & Domain("product_tmpl_id", "in", template_ids),
                ROW_PRODUCT_FIELDS,
                order="default_code, id",
            )
        )

    def _get_page_templates(self, domain, offset):
        """(template ids, more to come) of one page: the templates of the products in
        `domain` from the `offset`-th one, by reference, as many as fit PAGE_SIZE
        variants (at least one: a template is never split over two pages)."""
        groups = (
            request.env["product.product"]
            .sudo()
            ._read_group(
                domain,
                ["product_tmpl_id"],
                ["__count"],
                order="default_code:min, product_tmpl_id",
                offset=offset,
                limit=PAGE_SIZE + 1,
            )
        )
        template_ids = []
        variant_count = 0
        for template, count in groups:
            if template_ids and variant_count + count > PAGE_SIZE:
                break
            template_ids.append(template.id)
            variant_count += count
        return template_ids, len(groups) > len(template_ids)

    def _get_rows_url(self, campaign_sudo, partner, filters, offset):
        params = {key: value for key, value in filters.items() if value}
        params["offset"] = offset
        if partner != request.env.user.partner_id:
            params["partner_id"] = partner.id
        query = urlencode(params)
        return f"/preorder/{campaign_sudo.id}/rows?{query}"

    def _get_rows_data(self, campaign_sudo, partner, order_sudo, products_sudo):
        """The template values of the rows of `products_sudo`: the session's rows
        (``preorder.campaign._preorder_get_rows``, as the backoffice grid shows
        them), formatted."""
        products_sudo.fetch(ROW_PRODUCT_FIELDS)
        # Only what the rows show: reading a template field would read all of them
        # (descriptions and website texts of every language included).
        products_sudo.product_tmpl_id.fetch(["name", "uom_id", "list_price"])
        rows = campaign_sudo._preorder_get_rows(partner, products_sudo, order=order_sudo)
        currency = request.env["res.currency"].browse(rows[0]["currency_id"] if rows else [])
        # A campaign cap: what all customers together may still order.
        cap_remaining = {
            row["product_id"]: row["cap_remaining"]
            for row in rows
            if row["cap_remaining"] is not None
        }
        blocks = self._get_blocks(campaign_sudo, products_sudo, rows, currency)
        # A campaign with delivery drops: one quantity column (one matrix) per drop.
        drop_columns = self._get_drop_columns(campaign_sudo, partner, products_sudo, order_sudo)
        for block in blocks if drop_columns else ():
            if "matrix" in block:
                block["drop_totals"] = {
                    column["id"]: self._get_matrix_totals(
                        block["matrix"],
                        {
                            product.id: {"quantity": column["quantities"].get(product.id, 0.0)}
                            for product in products_sudo
                        },
                    )
                    for column in drop_columns
                }
        return {
            "blocks": blocks,
            "drop_columns": drop_columns,
            "whole_ids": {row["product_id"] for row in rows if row["whole_units"]},
            # Formatted here: a monetary widget per row costs more than the rest of the row.
            "prices": self._format_amounts(
                {row["product_id"]: row["price_unit"] for row in rows}, currency
            ),
            "quantities": {row["product_id"]: row["quantity"] for row in rows if row["quantity"]},
            "no_discount_ids": {row["product_id"] for row in rows if row["discount_excluded"]},
            "free_qty": {
                row["product_id"]: row["available"] for row in rows if row["available"] is not None
            },
            "cap_remaining": cap_remaining,
            "cap_labels": self._get_cap_labels(cap_remaining),
            "history": {row["product_id"]: row for row in rows},
            # The column's name: also each row's label on a phone (page, "load more", scan)
            "history_labels": self._get_history_labels(campaign_sudo),
            # One translated sentence for every row whose average is withheld
            "peer_hidden_reason": (
                campaign_sudo._get_peer_average_hidden_reason()
                if campaign_sudo.show_peer_average
                else ""
            ),
            "format_qty": request.env["sale.order"]._preorder_format_quantity,
            "suggestions": {},
            "input_qty": self._input_quantity,
            "image_tokens": {
                product.id: limited_field_access_token(product, "image_128", scope="binary")
                for product in products_sudo
            },
        }

    def _get_blocks(self, campaign_sudo, products_sudo, rows, currency):
        """What the grid shows, in order: ``{"product": product}`` for a row,
        ``{"template": template, "matrix": ..., "price": ..., "price_from": bool,
        "rule_label": the rule of every variant or "", "first": product, "hints":
        {product id: text}, "row_totals": [...],
        "column_totals": [...], "total": quantity}`` for the matrix of a template with
        variants."""
        matrices = campaign_sudo._preorder_get_matrices(products_sudo)
        if not matrices:
            return [{"product": product} for product in products_sudo]
        row_by_id = {row["product_id"]: row for row in rows}
        blocks = []
        block_by_template = {}
        for product in products_sudo:
            template = product.product_tmpl_id
            if template not in matrices:
                blocks.append({"product": product})
                continue
            block = block_by_template.get(template)
            if block is None:
                block = block_by_template[template] = {
                    "template": template,
                    "matrix": matrices[template],
                    "first": product,
                    "prices": set(),
                    "rule_labels": set(),
                    "hints": {},
                }
                blocks.append(block)
            block["prices"].add(row_by_id[product.id]["price_unit"])
            block["rule_labels"].add(row_by_id[product.id]["rule_label"])
            block["hints"][product.id] = self._get_cell_hint(campaign_sudo, product, row_by_id)
        for block in block_by_template.values():
            prices = block.pop("prices")
            block["price"] = format_amount(request.env, min(prices), currency)
            block["price_from"] = len(prices) > 1
            # One rule for every variant (a template's or the campaign's) shows once.
            rule_labels = block.pop("rule_labels")
            block["rule_label"] = rule_labels.pop() if len(rule_labels) == 1 else ""
            block.update(self._get_matrix_totals(block["matrix"], row_by_id))
        return blocks

    @staticmethod
    def _get_matrix_totals(matrix, row_by_id):
        """A matrix's quantities summed per row, per column and in all (the grid
        updates them as the customer types)."""
        quantities = [
            [row_by_id[cell.id]["quantity"] if cell else 0.0 for cell in matrix_row["cells"]]
            for matrix_row in matrix["rows"]
        ]
        return {
            "row_totals": [sum(row) for row in quantities],
            "column_totals": [sum(column) for column in zip(*quantities, strict=True)],
            "total": sum(map(sum, quantities)),
        }

    def _get_cell_hint(self, campaign_sudo, product, row_by_id):
        """What a matrix cell tells on hover: what a row shows beside its quantity."""
        row = row_by_id[product.id]
        format_qty = request.env["sale.order"]._preorder_format_quantity
        hints = [product.default_code, row["rule_label"]]
        if row["discount_excluded"]:
            hints.append(_("No tier discount"))
        if campaign_sudo.show_previous_sales and row["previous_qty"]:
            hints.append(
                _(
                    "Your last %(weeks)s weeks: %(quantity)s",
                    weeks=campaign_sudo.previous_sales_weeks,
                    quantity=format_qty(row["previous_qty"]),
                )
            )
        if campaign_sudo.show_peer_average and row["peer_average"]:
            hints.append(_("Others' average: %s", format_qty(row["peer_average"])))
        # What is still available is apart (data-cap-label): saves update it.
        return " · ".join(hint for hint in hints if hint)

    def _get_suggestions(self, campaign_sudo, partner, order_sudo, products_sudo, text):
        """The quick entry's suggestions: the session's rows of the products found
        (the grid's price and quantity), formatted. ``exact``: the text is the
        product's reference or barcode, which Enter picks without choosing."""
        if not products_sudo:
            return []
        products_sudo.fetch(["default_code", "barcode", "product_tmpl_id"])
        rows = campaign_sudo._preorder_get_rows(partner, products_sudo, order=order_sudo)
        currency = request.env["res.currency"].browse(rows[0]["currency_id"])
        prices = self._format_amounts(
            {row["product_id"]: row["price_unit"] for row in rows}, currency
        )
        names = products_sudo.with_context(display_default_code=False)
        return [
            {
                "id": product.id,
                "reference": product.default_code or "",
                "name": product.display_name,
                "price": prices[row["product_id"]],
                "quantity": row["quantity"],
                "whole": row["whole_units"],
                "exact": (product.default_code or "").lower() == text.lower()
                or product.barcode == text,
            }
            for product, row in zip(names, rows, strict=True)
        ]

    @staticmethod
    def _input_quantity(quantity):
        """A quantity as the input shows it and the server parses it: "20", "2.5"."""
        if not quantity:
            return ""
        return f"{quantity:.3f}".rstrip("0").rstrip(".")

    def _format_amounts(self, amounts, currency):
        """{key: formatted amount}, each distinct amount formatted once."""
        formatted = {}
        for amount in set(amounts.values()):
            formatted[amount] = format_amount(request.env, amount, currency)
        return {key: formatted[amount] for key, amount in amounts.items()}

    def _render_rows(self, campaign_sudo, partner, order_sudo, products_sudo):
        """The grid rows of `products_sudo` (a scan's product: with the matrix on, the
        whole block of its template)."""
        if campaign_sudo._preorder_get_matrix_templates(products_sudo):
            products_sudo = self._get_template_rows_products(
                campaign_sudo._get_product_domain(), products_sudo.product_tmpl_id.ids
            )
        values = self._get_rows_data(campaign_sudo, partner, order_sudo, products_sudo)
        values.update(campaign=campaign_sudo, can_edit=True)
        return request.env["ir.ui.view"]._render_template(
            "preorder_website.preorder_grid_rows", values
        )

    def _get_summary(self, campaign_sudo, order_sudo, order_values=None, partner=None):
        """Totals, tier and delivery date, as plain JSON values (all from the server).
        `order_values`: the order's ``_preorder_get_summary()`` when the caller has it
        (a save returns it). On a campaign with delivery drops, the totals of all
        drops of `partner` (default: the order's) and each drop's own."""
        currency = order_sudo.currency_id or campaign_sudo.currency_id
        values = order_values or order_sudo._preorder_get_summary()

        def money(amount):
            return format_amount(request.env, amount, currency)

        campaign_currency = campaign_sudo.currency_id
        summary = {
            "has_order": bool(order_sudo),
            "order_name": order_sudo.name or "",
            "amount_untaxed": money(values["amount_untaxed"]),
            "amount_tax": money(values["amount_tax"]),
            "amount_total": money(values["amount_total"]),
            "line_count": values["line_count"],
            "tier_name": values["tier_name"],
            "discount_percent": self._format_percent(values["discount_percent"]),
            "next_tier_percent": self._format_percent(values["next_tier_percent"]),
            "next_tier_amount": (
                money(values["next_tier_amount"]) if values["next_tier_percent"] else ""
            ),
            # What the tiers count (before their discount, products without it
            # included, a group's branches too), so that "add X for Y %" adds up; a
            # campaign with tiers has a tier reached or a next one (no query).
            "tier_balance": (
                money(values["balance"])
                if values["tier_name"] or values["next_tier_percent"]
                else ""
            ),
            # In the campaign's currency, as the minimum is set.
            "min_order_amount": (
                format_amount(request.env, values["min_order_amount"], campaign_currency)
                if values.get("min_order_amount")
                else ""
            ),
            "min_order_shortfall": (
                format_amount(request.env, values["min_order_shortfall"], campaign_currency)
                if values.get("min_order_shortfall")
                else ""
            ),
            "delivery_date": fields.Date.to_string(
                order_sudo.commitment_date and order_sudo.commitment_date.date()
            )
            or "",
        }
        partner = partner or order_sudo.partner_id
        if campaign_sudo.has_drops and partner:
            summary.update(self._get_drops_summary(campaign_sudo, partner, values))
        return summary

    def _format_percent(self, percent):
        return f"{percent:g}" if percent else ""

    # ------------------------------------------------------------------
    # Landing page and rep helpers
    # ------------------------------------------------------------------
    def _get_partner_statuses(self, campaigns_sudo, partner):
        """{campaign id: {'state', 'amount'}} for `partner`, in one aggregate query;
        for a rep, of the orders his own rights let him read."""
        SaleOrder = request.env["sale.order"]
        if partner == request.env.user.partner_id:
            SaleOrder = SaleOrder.sudo()
        groups = SaleOrder._read_group(
            [
                ("preorder_campaign_id", "in", campaigns_sudo.ids),
                ("partner_id", "=", partner.id),
                ("state", "!=", "cancel"),
            ],
            ["preorder_campaign_id", "preorder_finalized"],
            ["amount_untaxed:sum"],
        )
        statuses = {}
        for campaign, finalized, amount in groups:
            status = statuses.setdefault(campaign.id, {"state": "finalized", "amount": 0.0})
            status["amount"] += amount
            if not finalized:
                status["state"] = "in_progress"
        return statuses

    def _search_partner_choices(self, partner_search, campaign_sudo=None):
        """Customers a rep may pick: matching the search, customers he may enter
        pre-orders for (searched with his rights), allowed in the campaign (if any)."""
        if not partner_search:
            return request.env["res.partner"]
        Partner = request.env["res.partner"]
        company = (
            campaign_sudo.company_id
            if campaign_sudo
            else request.env["res.company"].browse(request.website._get_cached("company_id"))
        )
        domain = Domain(
            "name", "ilike", partner_search[:100]
        ) & Partner._preorder_rep_customer_domain(company)
        partners = Partner.search(
            domain & Domain("is_company", "=", True), limit=50
        ) | Partner.search(domain & Domain("is_company", "=", False), limit=50)
        if campaign_sudo:
            partners = partners.filtered(campaign_sudo._is_partner_allowed)
        return partners[:30]

    # ------------------------------------------------------------------
    # Delivery drops
    # ------------------------------------------------------------------
    def _get_drop(self, campaign_sudo, drop_id):
        """The sudo'ed drop of `campaign_sudo` (already checked for the customer) the
        request names; ``None`` (the campaign's default) when it names none. An
        unknown drop and one of another campaign give the same message."""
        if drop_id in (None, False, ""):
            return None
        not_found = PreorderError(
            _("This delivery does not exist or is not part of this campaign.")
        )
        if isinstance(drop_id, bool) or not isinstance(drop_id, (int, str)):
            raise not_found
        try:
            drop_id = int(drop_id)
        except ValueError:
            raise not_found from None
        if not 0 < drop_id < 2**31:
            raise not_found
        # The campaign's drops come from a cache: no query.
        if drop_id not in campaign_sudo._preorder_get_drop_ids():
            raise not_found
        return request.env["preorder.delivery.drop"].sudo().browse(drop_id)

    def _get_drop_orders_to_change(self, campaign_sudo, partner):
        """The orders in progress of every drop, once the campaign is open and the user
        may change them (a rep: his own rights)."""
        campaign_sudo._check_open_for_customers()
        orders_sudo = request.env["sale.order"].sudo()
        for order_sudo, _others in campaign_sudo._preorder_get_drop_orders(partner).values():
            campaign_sudo._preorder_check_order_access(order_sudo, "write")
            orders_sudo |= order_sudo
        return orders_sudo

    def _get_drop_columns(self, campaign_sudo, partner, products_sudo, order_sudo=None):
        """One quantity column per drop of the grid: ``{"id", "name", "date",
        "editable", "quantities": {product id: quantity}, "warnings": {product id:
        rule broken}, "prices": {product id: formatted price}}``, the prices only for
        a drop priced otherwise than the rows (its own pricelist); empty on a campaign
        without drops.

        :param order_sudo: the order whose prices the rows show (the default drop's)
        """
        if not campaign_sudo.has_drops:
            return []
        rule_by_product_id = campaign_sudo._preorder_get_rule_by_product(products_sudo)
        rows_pricelist = campaign_sudo._preorder_get_pricelist(
            partner, order_sudo, campaign_sudo._preorder_get_drop()
        )
        prices_by_pricelist = {rows_pricelist: {}}
        columns = []
        for drop, (order, others) in campaign_sudo._preorder_get_drop_orders(partner).items():
            quantities = order._preorder_get_ordered_quantities(products_sudo.ids)
            pricelist = campaign_sudo._preorder_get_pricelist(partner, order, drop)
            if pricelist and pricelist not in prices_by_pricelist:
                prices_by_pricelist[pricelist] = self._format_amounts(
                    pricelist._get_products_price(products_sudo, quantity=1.0),
                    pricelist.currency_id,
                )
            columns.append(
                {
                    "id": drop.id,
                    "name": drop.name,
                    "date": drop.date,
                    "editable": campaign_sudo._preorder_is_editable(order, others, drop),
                    "prices": prices_by_pricelist.get(pricelist, {}),
                    "quantities": quantities,
                    "warnings": {
                        product.id: campaign_sudo._preorder_get_rule_warning(
                            product,
                            quantities[product.id],
                            rule_by_product_id.get(product.id),
                        )
                        for product in products_sudo
                        if quantities.get(product.id)
                    },
                }
            )
        return columns

    def _get_drops_page_values(self, campaign_sudo, partner):
        """The page's values that cover every drop: the orders finalized, an order
        being entered (the finalize button; finalizing takes them all) and whether
        any drop is open."""
        orders = campaign_sudo._preorder_get_drop_orders(partner)
        in_progress = request.env["sale.order"].sudo()
        finalized = request.env["sale.order"].sudo()
        can_edit = False
        for drop, (order, others) in orders.items():
            in_progress |= order
            finalized |= others
            can_edit = can_edit or campaign_sudo._preorder_is_editable(order, others, drop)
        return {
            # One order, as templates read it (finalizing takes every drop's).
            "order": in_progress[:1],
            "finalized_orders": self._get_visible_orders(finalized, partner),
            "can_edit": can_edit,
        }

    def _get_drops_state(self, campaign_sudo, partner, order_sudo, products_sudo):
        """The ``/state`` answer on a campaign with drops: per drop the stored
        quantities and rule warnings of the products shown."""
        columns = self._get_drop_columns(campaign_sudo, partner, products_sudo)
        return {
            "drops": {
                str(column["id"]): {
                    "lines": {
                        str(product.id): column["quantities"].get(product.id, 0.0)
                        for product in products_sudo
                    },
                    "warnings": {
                        str(product.id): column["warnings"].get(product.id, "")
                        for product in products_sudo
                    },
                }
                for column in columns
            },
            "summary": self._get_summary(campaign_sudo, order_sudo, partner=partner),
            "editable": any(column["editable"] for column in columns),
        }

    def _get_drops_summary(self, campaign_sudo, partner, values=None):
        """The summary's totals over the orders being entered in every drop, and each
        drop's untaxed total (``drop_<id>_amount``; none: nothing ordered in that
        drop); the tier is shared by the drops already. Amounts in the orders'
        currency, in the campaign's when the drops' pricelists differ in currency.
        `values`: a drop order's ``_preorder_get_summary()`` (its ``drops``), else
        one grouped query."""
        SaleOrder = request.env["sale.order"].sudo()
        drops = (values or {}).get("drops")
        if drops is None:
            drops = SaleOrder._preorder_get_drop_totals(campaign_sudo, partner)
        orders = SaleOrder.browse([drop["order_id"] for drop in drops])
        for order in orders:
            campaign_sudo._preorder_check_order_access(order, "read")
        currency = orders.currency_id if len(orders.currency_id) == 1 else None

        def total(name):
            if currency:
                return sum(drop[name] for drop in drops)
            return sum(
                order._preorder_to_campaign_currency(drop[name])
                for order, drop in zip(orders, drops, strict=True)
            )

        money_currency = currency or campaign_sudo.currency_id

        def money(amount):
            return format_amount(request.env, amount, money_currency)

        shortfall = orders._preorder_get_drops_shortfall() if orders else 0.0
        summary = {
            "has_order": bool(orders),
            "order_name": ", ".join(drop["name"] for drop in drops),
            "amount_untaxed": money(total("amount_untaxed")),
            "amount_tax": money(total("amount_tax")),
            "amount_total": money(total("amount_total")),
            "line_count": sum(drop["line_count"] for drop in drops),
            "delivery_date": "",
            "min_order_shortfall": (
                format_amount(request.env, shortfall, campaign_sudo.currency_id)
                if shortfall
                else ""
            ),
        }
        for order, drop in zip(orders, drops, strict=True):
            summary[f"drop_{drop['drop_id']}_amount"] = format_amount(
                request.env, drop["amount_untaxed"], order.currency_id
            )
        return summary
