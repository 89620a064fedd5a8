import math
from collections import defaultdict
from urllib.parse import urlencode

from markupsafe import Markup
from werkzeug.exceptions import NotFound

from odoo import _, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.http import Controller, request, route
from odoo.tools.misc import format_amount, limited_field_access_token

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
        readonly=True,
    )
    def preorder_landing(self, partner_id=None, partner_search=None):
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
        readonly=True,
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
        page=1,
        finalized=None,
    ):
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
            order_sudo, finalized_sudo = self._get_orders(campaign_sudo, partner)
        except PreorderError as error:
            return request.render(
                "preorder_website.preorder_no_access", {"message": str(error)}, status=403
            )
        filters = self._parse_filters(search, categ_id, brand_id, tag_id, ordered)
        page = self._parse_page(page)
        values = {
            "campaign": campaign_sudo,
            "partner": partner,
            "is_rep": is_rep,
            "order": order_sudo,
            "finalized_orders": self._get_visible_orders(finalized_sudo, partner),
            "status": campaign_sudo._get_website_status(),
            "filters": filters,
            "filter_options": self._get_filter_options(campaign_sudo),
            "summary": self._get_summary(campaign_sudo, order_sudo),
            "can_edit": self._is_editable(campaign_sudo, order_sudo, finalized_sudo),
            "first_delivery_date": (
                order_sudo._preorder_get_first_delivery_date()
                if order_sudo and campaign_sudo.earliest_delivery_date
                else campaign_sudo.earliest_delivery_date
            ),
        }
        values.update(self._get_rows_values(campaign_sudo, partner, order_sudo, filters, page))
        return request.render("preorder_website.preorder_campaign_page", values)

    @route(
        ["/preorder/<int:campaign_id>/rows"],
        type="http",
        auth="user",
        website=True,
        sitemap=False,
        readonly=True,
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
        page=1,
    ):
        """One more page of grid rows, as an HTML fragment ("load more")."""
        try:
            partner, _is_rep = self._get_customer(partner_id, required=True)
            campaign_sudo = self._get_campaign(campaign_id, partner)
            order_sudo, finalized_sudo = self._get_orders(campaign_sudo, partner)
        except PreorderError:
            raise NotFound() from None
        filters = self._parse_filters(search, categ_id, brand_id, tag_id, ordered)
        values = {
            "campaign": campaign_sudo,
            "can_edit": self._is_editable(campaign_sudo, order_sudo, finalized_sudo),
            **self._get_rows_values(
                campaign_sudo, partner, order_sudo, filters, self._parse_page(page)
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
    def preorder_save(self, campaign_id, quantities=None, partner_id=None):
        """Save a batch of {product_id: quantity}. Returns the changed lines, the totals
        and the tier, or {'error': message} with nothing changed."""
        try:
            self._check_body_size()
            partner, is_rep = self._get_customer(partner_id, required=True)
            campaign_sudo = self._get_campaign(campaign_id, partner)
            changes = self._parse_quantities(quantities)
        except PreorderError as error:
            return {"error": str(error)}
        try:
            order_sudo, before, result = self._save_quantities(
                campaign_sudo, partner, changes, is_rep
            )
        except REFUSALS as error:
            return self._refuse(self._get_save_refusal(campaign_sudo, changes, error))
        after = {product_id: line["quantity"] for product_id, line in result["lines"].items()}
        if is_rep:
            products_sudo = request.env["product.product"].sudo().browse(list(changes))
            self._log_rep_changes(order_sudo, products_sudo, before, after)
        return {
            "lines": {str(product_id): after.get(product_id, 0.0) for product_id in changes},
            "summary": self._get_summary(campaign_sudo, order_sudo, result["order"]),
        }

    def _refuse(self, message):
        """The answer of a refused JSON request, with nothing of it kept (not even a
        draft it created), the same way for every route: a rollback, which costs
        nothing on the requests that succeed (a savepoint costs two queries each)."""
        request.env.cr.rollback()
        return {"error": message}

    def _save_quantities(self, campaign_sudo, partner, changes, is_rep):
        """(order, quantities before for a rep's log, result of the order's save).
        The order itself refuses products outside the campaign and, in an outlet,
        quantities above the free stock."""
        order_sudo = self._get_editable_order(campaign_sudo, partner, create=True)
        before = {}
        if is_rep:
            # Locked first: what the log calls "before" is what this save replaces.
            order_sudo._preorder_lock()
            before = self._get_line_quantities(order_sudo, list(changes))
        result = order_sudo._preorder_set_quantities(changes, as_salesperson=False)
        return order_sudo, before, result

    def _get_save_refusal(self, campaign_sudo, changes, error):
        """The message of a refused save. A product outside the campaign is refused
        first and in the same words whether it exists or not: the order's own message
        would name a product of another company (runs on refusals only)."""
        try:
            self._check_products(campaign_sudo, list(changes))
        except PreorderError as refusal:
            return str(refusal)
        return error.args[0]

    @route(
        "/preorder/<int:campaign_id>/state",
        type="jsonrpc",
        auth="user",
        methods=["POST"],
        website=True,
        sitemap=False,
        readonly=True,
        max_content_length=MAX_SAVE_BODY,
    )
    def preorder_state(self, campaign_id, product_ids=None, partner_id=None):
        """The stored quantities of the products shown, to refresh a page from the server."""
        try:
            partner, _is_rep = self._get_customer(partner_id, required=True)
            campaign_sudo = self._get_campaign(campaign_id, partner)
            product_ids = self._parse_product_ids(product_ids)
            products_sudo = self._check_products(campaign_sudo, product_ids, strict=False)
            order_sudo, finalized_sudo = self._get_orders(campaign_sudo, partner)
        except PreorderError as error:
            return {"error": str(error)}
        quantities = self._get_line_quantities(order_sudo, products_sudo.ids)
        return {
            "lines": {
                str(product.id): quantities.get(product.id, 0.0) for product in products_sudo
            },
            "summary": self._get_summary(campaign_sudo, order_sudo),
            "editable": self._is_editable(campaign_sudo, order_sudo, finalized_sudo),
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
    def preorder_scan(self, campaign_id, barcode=None, partner_id=None):
        """Add one unit (or one packaging) of the scanned product, or of its replacement."""
        try:
            partner, is_rep = self._get_customer(partner_id, required=True)
            campaign_sudo = self._get_campaign(campaign_id, partner)
            if (
                not isinstance(barcode, str)
                or not barcode.strip()
                or len(barcode) > 100
                or "\x00" in barcode
            ):
                raise PreorderError(_("Scan or type a barcode."))
            unknown = PreorderError(_("Unknown barcode %(barcode)s.", barcode=barcode.strip()))
            scanned_sudo, added = self._find_barcode(campaign_sudo, barcode.strip())
            if not scanned_sudo:
                raise unknown
            product_sudo = scanned_sudo._get_final_replacement()
            if not self._check_products(campaign_sudo, product_sudo.ids, strict=False):
                # Named only when the customer may know it (a replacement may be out of reach)
                if not product_sudo.filtered_domain(self._known_products_domain(campaign_sudo)):
                    raise unknown
                raise PreorderError(
                    _(
                        "%(product)s is not part of this campaign.",
                        product=product_sudo.display_name,
                    )
                )
            order_sudo = self._get_editable_order(campaign_sudo, partner, create=True)
            # Locked before reading: two scans at once add up, none is lost.
            order_sudo._preorder_lock()
            before = self._get_line_quantities(order_sudo, product_sudo.ids)
            quantity = before.get(product_sudo.id, 0.0) + added
            order_sudo._preorder_set_quantity(product_sudo, quantity, as_salesperson=False)
            after = self._get_line_quantities(order_sudo, product_sudo.ids)
        except REFUSALS as error:
            return self._refuse(error.args[0])
        if is_rep:
            self._log_rep_changes(order_sudo, product_sudo, before, after)
        result = {
            "product_id": product_sudo.id,
            "product_name": product_sudo.display_name,
            "added": added,
            "quantity": after.get(product_sudo.id, 0.0),
            "lines": {str(product_sudo.id): after.get(product_sudo.id, 0.0)},
            "summary": self._get_summary(campaign_sudo, order_sudo),
            "row_html": self._render_rows(campaign_sudo, partner, order_sudo, product_sudo),
        }
        if scanned_sudo != product_sudo:
            result["replaced_name"] = scanned_sudo.display_name
        return result

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
            order_sudo = self._get_editable_order(campaign_sudo, partner, create=False)
            if not order_sudo:
                raise PreorderError(_("Enter a quantity before choosing a delivery date."))
            order_sudo._preorder_set_delivery_date(
                False if clear else delivery_date, as_salesperson=False
            )
        except REFUSALS as error:
            return self._refuse(error.args[0])
        return {"summary": self._get_summary(campaign_sudo, order_sudo)}

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
            order_sudo = self._get_editable_order(campaign_sudo, partner, create=False)
            if not order_sudo:
                raise PreorderError(_("There is no pre-order to finalize."))
            order_sudo._preorder_website_finalize(request.env.user)
        except (PreorderError, UserError, ValidationError) as error:
            message = error.args[0]
            return request.render(
                "preorder_website.preorder_no_access", {"message": message}, status=400
            )
        if campaign_sudo.finalize_mode == "payment" and partner == request.env.user.partner_id:
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

    def _order_domain(self, campaign_sudo, partner):
        return Domain(
            [
                ("preorder_campaign_id", "=", campaign_sudo.id),
                ("partner_id", "=", partner.id),
            ]
        )

    def _get_orders(self, campaign_sudo, partner):
        """(order being entered, finalized orders) of `partner` in the campaign. A rep's
        draft must be one his own rights let him read (see _check_rep_access); the
        finalized orders are all returned: they decide whether a new one may start."""
        # Found and read in one query (the order's fields are read anyway).
        orders_sudo = (
            request.env["sale.order"]
            .sudo()
            .search_fetch(
                self._order_domain(campaign_sudo, partner) & Domain("state", "!=", "cancel"),
                order="id desc",
            )
        )
        editable_sudo = orders_sudo.filtered("preorder_in_progress")[:1]
        if editable_sudo and partner != request.env.user.partner_id:
            self._check_rep_access(editable_sudo, "read")
        return editable_sudo, orders_sudo - editable_sudo

    def _check_rep_access(self, order_sudo, operation):
        """A rep reads and changes on the website only what the backoffice lets him
        (his record rules, e.g. a salesperson's "own documents only"): checked with
        his own rights before the routes work sudo'ed."""
        if order_sudo.with_user(request.env.user).has_access(operation):
            return
        customer = order_sudo.partner_id.display_name
        if operation == "create":
            raise PreorderError(
                _(
                    "You may not start a pre-order for %(customer)s (for instance, the "
                    "customer has another salesperson).",
                    customer=customer,
                )
            )
        raise PreorderError(
            _(
                "The current pre-order of %(customer)s is not accessible to you (for "
                "instance, it belongs to another salesperson): it cannot be opened or changed.",
                customer=customer,
            )
        )

    def _get_visible_orders(self, orders_sudo, partner):
        """The orders a page lists: for a rep, only those his own rights let him read."""
        if partner == request.env.user.partner_id:
            return orders_sudo
        return orders_sudo.with_user(request.env.user)._filtered_access("read").sudo()

    def _is_editable(self, campaign_sudo, order_sudo, finalized_sudo):
        if not campaign_sudo._is_open_for_customers():
            return False
        return bool(order_sudo) or not finalized_sudo or campaign_sudo.allow_multiple_orders

    def _get_editable_order(self, campaign_sudo, partner, create):
        """The draft the customer is entering, created on the first quantity when
        `create` (by the campaign: the same order and salesperson as the backoffice)."""
        campaign_sudo._check_open_for_customers()
        order_sudo, _finalized_sudo = self._get_orders(campaign_sudo, partner)
        is_rep = partner != request.env.user.partner_id
        if order_sudo and is_rep:
            self._check_rep_access(order_sudo, "write")
        if order_sudo or not create:
            return order_sudo
        order_sudo = campaign_sudo._preorder_get_order(partner, create=True, as_salesperson=False)
        if is_rep:
            # Only an order he could create in the backoffice; the callers roll back
            # on a refusal, so the order just created is not kept.
            self._check_rep_access(order_sudo, "create")
        return order_sudo

    # ------------------------------------------------------------------
    # Input checks
    # ------------------------------------------------------------------
    def _check_body_size(self):
        # Also checked here: the route's max_content_length is not applied when the
        # body was read before dispatching.
        if (request.httprequest.content_length or 0) > MAX_SAVE_BODY:
            raise PreorderError(_("Too much data in one save."))

    def _parse_quantities(self, quantities):
        """{product id: raw quantity}; the quantity itself is checked by the order."""
        if not isinstance(quantities, dict) or not quantities:
            raise PreorderError(_("Nothing to save."))
        if len(quantities) > MAX_ITEMS_PER_SAVE:
            raise PreorderError(
                _("At most %(count)s products can be saved at once.", count=MAX_ITEMS_PER_SAVE)
            )
        changes = {}
        for key, quantity in quantities.items():
            product_id = self._parse_id(key)
            if isinstance(quantity, bool) or not isinstance(quantity, (int, float, str)):
                raise PreorderError(_("Enter a number as quantity."))
            if isinstance(quantity, float) and not math.isfinite(quantity):
                raise PreorderError(_("Enter a number as quantity."))
            changes[product_id] = quantity
        return changes

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

    def _parse_page(self, page):
        try:
            return max(1, min(int(page), 10000))
        except (TypeError, ValueError):
            return 1

    def _check_products(self, campaign_sudo, product_ids, strict=True):
        """The campaign's products among `product_ids`, in one query. With `strict`,
        any other id is refused."""
        products_sudo = (
            request.env["product.product"]
            .sudo()
            .search(campaign_sudo._get_product_domain() & Domain("id", "in", product_ids))
        )
        if strict and len(products_sudo) != len(set(product_ids)):
            raise PreorderError(_("This product is not part of the campaign."))
        return products_sudo

    def _company_products_domain(self, campaign_sudo):
        return Domain("company_id", "in", [False, campaign_sudo.company_id.id])

    def _known_products_domain(self, campaign_sudo):
        """The products a scan may name: active saleable products of the campaign's
        company or shared ones. Any other answers as an unknown barcode, so that a
        refusal reveals nothing the customer cannot see."""
        return (
            self._company_products_domain(campaign_sudo)
            & Domain("sale_ok", "=", True)
            & Domain("active", "=", True)
        )

    def _find_barcode(self, campaign_sudo, barcode):
        """(product, quantity to add): a product barcode adds one, a packaging barcode
        adds the packaging's quantity. A product no longer sold (archived, not saleable)
        is found only when replaced by another: an old label leads to its successor."""
        reachable = self._known_products_domain(campaign_sudo) | (
            self._company_products_domain(campaign_sudo)
            & Domain("replaced_by_product_id", "!=", False)
        )
        Product = request.env["product.product"].sudo().with_context(active_test=False)
        product_sudo = Product.search(
            Domain("barcode", "=", barcode) & reachable, order="active desc, id", limit=1
        )
        if product_sudo:
            return product_sudo, 1.0
        packaging_sudo = (
            request.env["product.uom"]
            .sudo()
            .search(
                Domain("barcode", "=", barcode)
                & self._company_products_domain(campaign_sudo)
                & Domain("product_id", "any", reachable),
                limit=1,
            )
        )
        if packaging_sudo:
            product_sudo = packaging_sudo.product_id
            quantity = packaging_sudo.uom_id._compute_quantity(1.0, product_sudo.uom_id)
            return product_sudo, quantity
        return request.env["product.product"], 0.0

    # ------------------------------------------------------------------
    # Reading the grid
    # ------------------------------------------------------------------
    def _parse_filters(self, search, categ_id, brand_id, tag_id, ordered):
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
            domain &= Domain("id", "in", list(self._get_line_quantities(order_sudo)))
        return domain

    def _get_rows_values(self, campaign_sudo, partner, order_sudo, filters, page):
        """Values for one page of grid rows; a constant number of queries."""
        Product = request.env["product.product"].sudo()
        domain = self._get_rows_domain(campaign_sudo, order_sudo, filters)
        products_sudo = Product.search_fetch(
            domain,
            ROW_PRODUCT_FIELDS,
            order="default_code, id",
            limit=PAGE_SIZE + 1,
            offset=(page - 1) * PAGE_SIZE,
        )
        has_more = len(products_sudo) > PAGE_SIZE
        products_sudo = products_sudo[:PAGE_SIZE]
        values = self._get_rows_data(campaign_sudo, partner, order_sudo, products_sudo)
        values.update(
            page=page,
            has_more=has_more,
            filters=filters,
            next_url=self._get_rows_url(campaign_sudo, partner, filters, page + 1),
        )
        return values

    def _get_rows_url(self, campaign_sudo, partner, filters, page):
        params = {key: value for key, value in filters.items() if value}
        params["page"] = page
        if partner != request.env.user.partner_id:
            params["partner_id"] = partner.id
        query = urlencode(params)
        return f"/preorder/{campaign_sudo.id}/rows?{query}"

    def _get_rows_data(self, campaign_sudo, partner, order_sudo, products_sudo):
        """Prices, quantities and hints of `products_sudo`, fetched in batch."""
        products_sudo.fetch(ROW_PRODUCT_FIELDS)
        # Only what the rows show: reading a template field would read all of them
        # (descriptions and website texts of every language included).
        products_sudo.product_tmpl_id.fetch(["name", "uom_id", "list_price"])
        pricelist = campaign_sudo._preorder_get_pricelist(partner, order_sudo)
        if pricelist:
            prices = pricelist._get_products_price(products_sudo, quantity=1.0)
        else:
            prices = {product.id: product.lst_price for product in products_sudo}
        free_qty = {}
        if campaign_sudo.campaign_type == "outlet":
            # What this customer may still take: not what others' open orders hold.
            free_qty = campaign_sudo._preorder_get_available_stock(
                products_sudo, exclude_order=order_sudo
            )
        history = {}
        if (campaign_sudo.show_previous_sales or campaign_sudo.show_peer_average) and products_sudo:
            history = (
                request.env["sale.order"]
                .sudo()
                ._preorder_get_previous_sales_and_peer_average(
                    campaign_sudo, partner, products_sudo
                )
            )
        unit_id = request.env["ir.model.data"]._xmlid_to_res_id(
            "uom.product_uom_unit", raise_if_not_found=False
        )
        # Without pricelist the order (if any) is in the company's currency.
        currency = pricelist.currency_id or order_sudo.currency_id or campaign_sudo.currency_id
        return {
            "products": products_sudo,
            # Sold per unit: whole numbers only (as the order checks them)
            "whole_ids": {
                product.id
                for product in products_sudo
                if unit_id and product.uom_id.parent_path.split("/", 1)[0] == str(unit_id)
            },
            # Formatted here: a monetary widget per row costs more than the rest of the row.
            "prices": self._format_amounts(
                {product.id: prices.get(product.id, 0.0) for product in products_sudo}, currency
            ),
            "quantities": self._get_line_quantities(order_sudo, products_sudo.ids),
            "no_discount_ids": campaign_sudo._get_discount_excluded_product_ids(products_sudo),
            "free_qty": free_qty,
            "history": history,
            # One translated sentence for every row whose average is withheld
            "peer_hidden_reason": (
                campaign_sudo._get_peer_average_hidden_reason()
                if campaign_sudo.show_peer_average
                else ""
            ),
            "format_qty": request.env["sale.order"]._preorder_format_quantity,
            "input_qty": self._input_quantity,
            "image_tokens": {
                product.id: limited_field_access_token(product, "image_128", scope="binary")
                for product in products_sudo
            },
        }

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
        values = self._get_rows_data(campaign_sudo, partner, order_sudo, products_sudo)
        values.update(campaign=campaign_sudo, can_edit=True)
        return request.env["ir.ui.view"]._render_template(
            "preorder_website.preorder_grid_rows", values
        )

    def _get_line_quantities(self, order_sudo, product_ids=None):
        """{product id: ordered quantity} of `product_ids` (default: all) in one
        aggregate query."""
        if not order_sudo:
            return {}
        domain = Domain("order_id", "=", order_sudo.id) & Domain("is_preorder_line", "=", True)
        if product_ids is not None:
            domain &= Domain("product_id", "in", list(product_ids))
        Line = request.env["sale.order.line"].sudo()
        groups = Line._read_group(domain, ["product_id", "product_uom_id"], ["product_uom_qty:sum"])
        # In the products' units, as the grid shows them (a line may be in dozens).
        quantities = defaultdict(float)
        for product, uom, quantity in groups:
            quantities[product.id] += Line._preorder_to_product_qty(product, uom, quantity)
        return {product_id: quantity for product_id, quantity in quantities.items() if quantity}

    def _get_summary(self, campaign_sudo, order_sudo, order_values=None):
        """Totals, tier and delivery date, as plain JSON values (all from the server).
        `order_values`: the order's ``_preorder_get_summary()`` when the caller has it
        (a save returns it), else read by ``_get_order_values``."""
        currency = order_sudo.currency_id or campaign_sudo.currency_id
        values = order_values or self._get_order_values(order_sudo)

        def money(amount):
            return format_amount(request.env, amount, currency)

        return {
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
            "delivery_date": fields.Date.to_string(
                order_sudo.commitment_date and order_sudo.commitment_date.date()
            )
            or "",
        }

    def _get_order_values(self, order_sudo):
        """The order's ``_preorder_get_summary()``, or zeros before the first save."""
        if order_sudo:
            return order_sudo._preorder_get_summary()
        return {
            "amount_untaxed": 0.0,
            "amount_tax": 0.0,
            "amount_total": 0.0,
            "line_count": 0,
            "tier_name": "",
            "discount_percent": 0.0,
            "next_tier_amount": 0.0,
            "next_tier_percent": 0.0,
        }

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

    def _log_rep_changes(self, order_sudo, products_sudo, before, after):
        """Post in the order's chatter, as the rep, which quantities they changed."""
        items = [
            Markup("<li>%s</li>")
            % _(
                "%(product)s: %(old)s → %(new)s",
                product=product.display_name,
                old=order_sudo._preorder_format_quantity(before.get(product.id, 0.0)),
                new=order_sudo._preorder_format_quantity(after.get(product.id, 0.0)),
            )
            for product in products_sudo
            if before.get(product.id, 0.0) != after.get(product.id, 0.0)
        ]
        if not items:
            return
        user = request.env.user
        order_sudo.message_post(
            body=Markup("<p>%s</p><ul>%s</ul>")
            % (
                _("Quantities entered by %(rep)s on the website:", rep=user.name),
                Markup("").join(items),
            ),
            author_id=user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
