import json

from odoo import _
from odoo.http import content_disposition, request, route

from odoo.addons.preorder_campaign.core import spreadsheet_rows

from . import main
from .main import REFUSALS, PreorderError
from .read_your_writes import mark_write, readonly_unless_recent_write

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# An upload: werkzeug refuses bodies above this (413); a file above
# core.spreadsheet_rows.MAX_FILE_SIZE below it gets the translated "too large".
MAX_UPLOAD_BODY = 2 * spreadsheet_rows.MAX_FILE_SIZE
# A paste or the entries of a previewed import sent back: 5000 rows fit.
MAX_ENTRIES_BODY = 512 * 1024


class PreorderWebsite(main.PreorderWebsite):
    """Import, export and paste of a pre-order on the website: the same access
    checks as every route (``_get_customer``, ``_get_campaign``) before anything is
    read sudo'ed, then the session's doors (``_preorder_import``,
    ``_preorder_resolve_entries``, ``_preorder_save``, ``_preorder_export_xlsx``)."""

    @route(
        "/preorder/<int:campaign_id>/export",
        type="http",
        auth="user",
        website=True,
        sitemap=False,
        readonly=readonly_unless_recent_write,
    )
    def preorder_export(self, campaign_id, partner_id=None, empty=None):
        """The customer's pre-order in progress as XLSX; ``empty=1``: the campaign's
        order form (every product, no quantity)."""
        empty = bool(empty)
        try:
            partner, _is_rep = self._get_customer(partner_id, required=True)
            campaign_sudo = self._get_campaign(campaign_id, partner)
            order_sudo, _others = campaign_sudo._preorder_get_orders(partner)
            data = campaign_sudo._preorder_export_xlsx(partner, order=order_sudo, empty=empty)
        except REFUSALS as error:
            return request.render(
                "preorder_website.preorder_no_access", {"message": str(error)}, status=403
            )
        filename = campaign_sudo._preorder_get_export_filename(partner, empty=empty)
        return request.make_response(
            data,
            headers=[
                ("Content-Type", XLSX_MIMETYPE),
                ("Content-Disposition", content_disposition(filename)),
                ("Cache-Control", "no-store"),
            ],
        )

    @route(
        "/preorder/<int:campaign_id>/import",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
        sitemap=False,
        max_content_length=MAX_UPLOAD_BODY,
    )
    def preorder_import(self, campaign_id, partner_id=None, file=None, **post):
        """Preview an uploaded file: every row with its product or why it is refused.
        Nothing is saved; the page sends the rows back to ``/import/apply``."""
        try:
            partner, is_rep = self._get_customer(partner_id, required=True)
            campaign_sudo = self._get_campaign(campaign_id, partner)
            if not hasattr(file, "read"):
                raise PreorderError(_("Choose a file to import."))
            data = file.read(spreadsheet_rows.MAX_FILE_SIZE + 1)  # the core refuses more
            entries = campaign_sudo._preorder_read_spreadsheet(data, file.filename)
            preview = campaign_sudo._preorder_import(partner, entries, rules="customer")
        except REFUSALS as error:
            return self._render_import_error(str(error))
        return self._render_import_preview(campaign_sudo, partner, is_rep, entries, preview)

    @route(
        "/preorder/<int:campaign_id>/import/apply",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
        sitemap=False,
        max_content_length=MAX_ENTRIES_BODY,
    )
    def preorder_import_apply(self, campaign_id, partner_id=None, entries=None, **post):
        """Save the previewed rows in one save, all or nothing, then back to the grid.
        Refused (a row the preview accepted is refused now, the campaign closed...):
        the preview again, as it is now, with the reason."""
        try:
            if (request.httprequest.content_length or 0) > MAX_ENTRIES_BODY:
                raise PreorderError(_("Too much data in one import."))
            partner, is_rep = self._get_customer(partner_id, required=True)
            campaign_sudo = self._get_campaign(campaign_id, partner)
            entries = self._parse_entries(entries)
        except REFUSALS as error:
            return self._render_import_error(str(error))
        try:
            preview = campaign_sudo._preorder_import(partner, entries, rules="customer", apply=True)
        except REFUSALS as error:
            request.env.cr.rollback()  # not even a draft the save created
            preview = campaign_sudo._preorder_import(partner, entries, rules="customer")
            return self._render_import_preview(
                campaign_sudo, partner, is_rep, entries, preview, error=str(error)
            )
        mark_write()
        url = f"{campaign_sudo.website_url}?imported={preview['line_count']}"
        if is_rep:
            url += f"&partner_id={partner.id}"
        return request.redirect(url)

    @route(
        "/preorder/<int:campaign_id>/paste",
        type="jsonrpc",
        auth="user",
        methods=["POST"],
        website=True,
        sitemap=False,
        max_content_length=MAX_ENTRIES_BODY,
    )
    def preorder_paste(self, campaign_id, text=None, partner_id=None):
        """Cells pasted from a spreadsheet (reference or barcode TAB quantity): every
        recognised row saved in one save, the refused ones answered with why."""
        try:
            if (request.httprequest.content_length or 0) > MAX_ENTRIES_BODY:
                raise PreorderError(_("Too much data in one paste."))
            partner, _is_rep = self._get_customer(partner_id, required=True)
            campaign_sudo = self._get_campaign(campaign_id, partner)
            if not isinstance(text, str):
                raise PreorderError(_("Paste two columns: reference or barcode, then quantity."))
            entries = campaign_sudo._preorder_read_spreadsheet(text=text)
            order_sudo, result, refused = campaign_sudo._preorder_add_recognised(
                partner, entries, rules="customer"
            )
        except REFUSALS as error:
            return self._refuse(error.args[0])
        lines = result["lines"] if result else {}
        response = {
            "lines": {str(product_id): line["quantity"] for product_id, line in lines.items()},
            "saved_count": len(lines),
            "refused": refused,
            "summary": self._get_summary(
                campaign_sudo, order_sudo, result["order"] if result else None, partner=partner
            ),
        }
        if order_sudo.preorder_drop_id:
            response["drop_id"] = order_sudo.preorder_drop_id.id  # the drop pastes go to
        mark_write()
        return response

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _parse_entries(self, entries):
        """The previewed rows the page sends back: ``[[reference, quantity, row]]``."""
        invalid = PreorderError(_("The import was not understood: upload the file again."))
        try:
            entries = json.loads(entries or "")
        except ValueError:
            raise invalid from None
        if not isinstance(entries, list) or not entries:
            raise invalid
        if len(entries) > spreadsheet_rows.MAX_ROWS:
            raise PreorderError(
                _("Too many rows: at most %(count)s.", count=spreadsheet_rows.MAX_ROWS)
            )
        parsed = []
        for entry in entries:
            if (
                not isinstance(entry, list)
                or len(entry) != 3
                or not isinstance(entry[0], str)
                or not isinstance(entry[1], str | int | float)
                or isinstance(entry[1], bool)
                or not isinstance(entry[2], int)
            ):
                raise invalid
            parsed.append(tuple(entry))
        return parsed

    def _render_import_error(self, message):
        return request.render(
            "preorder_website.preorder_no_access", {"message": message}, status=400
        )

    def _render_import_preview(self, campaign_sudo, partner, is_rep, entries, preview, error=""):
        """The preview page; `error`: why applying it was refused (answered 400)."""
        currency = request.env["res.currency"].browse(preview["currency_id"])
        format_qty = request.env["sale.order"]._preorder_format_quantity
        return request.render(
            "preorder_website.preorder_import_preview",
            {
                "campaign": campaign_sudo,
                "partner": partner,
                "is_rep": is_rep,
                "partner_param": partner.id if is_rep else "",
                "preview": preview,
                "recognised": [row for row in preview["rows"] if row["ok"]],
                "refused": [row for row in preview["rows"] if not row["ok"]],
                "entries_json": json.dumps(
                    [[str(ref), qty, line] for ref, qty, line in entries], ensure_ascii=False
                ),
                "money": lambda amount: self._format_amounts({0: amount}, currency)[0],
                "format_qty": format_qty,
                "grid_url": campaign_sudo.website_url
                + (f"?partner_id={partner.id}" if is_rep else ""),
                "error": error,
                "can_apply": campaign_sudo._preorder_is_editable(
                    *campaign_sudo._preorder_get_orders(partner)
                ),
            },
            status=400 if error else 200,
        )
