import io
import re

import xlsxwriter

from odoo import _, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL
from odoo.tools.misc import format_amount, format_datetime

from ..core import quantities, spreadsheet_rows

MAX_REFERENCE = 100  # characters of a reference looked up


class PreorderCampaign(models.Model):
    """Entries by reference (an import, a paste): the pre-order session's door from
    ``(reference or barcode, quantity)`` rows to the one save, and the XLSX export of
    a pre-order or of the campaign's empty order form, which imports back.

    File → ``core.spreadsheet_rows`` (rows) → ``_preorder_resolve_entries`` (products,
    quantities, refused rows) → ``_preorder_save`` (one batch, all or nothing)."""

    _inherit = "preorder.campaign"

    # ------------------------------------------------------------------
    # Reading a file or a paste
    # ------------------------------------------------------------------
    def _preorder_read_spreadsheet(self, data=None, filename=None, text=None):
        """The entries ``[(reference, raw quantity, line)]`` of an uploaded file
        (`data`, `filename`) or of a pasted `text`.

        :raise UserError: a translated message when the file cannot be read
        """
        labels = self._preorder_get_import_labels()
        try:
            if text is not None:
                rows = spreadsheet_rows.read_text(text, **labels)
            else:
                rows = spreadsheet_rows.read_file(data or b"", filename or "", **labels)
        except spreadsheet_rows.SpreadsheetError as error:
            raise UserError(self._preorder_spreadsheet_problem_message(error.problem)) from None
        return [(row.reference, row.quantity, row.line) for row in rows]

    def _preorder_get_import_labels(self):
        """Column titles recognised in a header row, in the user's language (the
        core knows English, Dutch and French ones): the export's titles read back."""
        return {
            "reference_labels": [_("Reference"), _("Internal Reference")],
            "barcode_labels": [_("Barcode")],
            "quantity_labels": [_("Quantity")],
        }

    def _preorder_spreadsheet_problem_message(self, problem):
        if problem == spreadsheet_rows.FILE_TOO_LARGE:
            return _(
                "The file is too large: at most %(size)s MB.",
                size=spreadsheet_rows.MAX_FILE_SIZE // (1024 * 1024),
            )
        if problem == spreadsheet_rows.TOO_MANY_ROWS:
            return _("Too many rows: at most %(count)s.", count=spreadsheet_rows.MAX_ROWS)
        if problem == spreadsheet_rows.UNKNOWN_FORMAT:
            return _("Unknown file type: import a CSV or XLSX file.")
        if problem == spreadsheet_rows.NOT_UTF8:
            return _("The file is not in UTF-8: save it as “CSV UTF-8” and import it again.")
        if problem == spreadsheet_rows.EMPTY:
            return _(
                "No row with a quantity was found: give two columns, the reference or "
                "barcode, then the quantity."
            )
        return _("The file cannot be read: import a CSV or XLSX file.")

    # ------------------------------------------------------------------
    # Resolving references
    # ------------------------------------------------------------------
    def _preorder_resolve_entries(self, entries):
        """Products and quantities of entries by reference, in a constant number of
        queries whatever their number.

        :param entries: ``[(reference, raw quantity)]`` (or ``(reference, raw quantity,
            line)`` to number the rows as the file does); a reference is an internal
            reference (trimmed, any case), a product barcode or a packaging barcode
            (its quantity times the raw quantity); a replaced product gives its final
            replacement
        :return: ``(quantities, refused)``: ``{product_id: quantity}`` for
            ``_preorder_save``, and ``[{'row', 'reference', 'quantity', 'reason'}]``
        """
        rows = self._preorder_resolve_rows(entries)
        quantities_by_id = {row["product_id"]: row["product_quantity"] for row in rows if row["ok"]}
        refused = [
            {key: row[key] for key in ("row", "reference", "quantity", "reason")}
            for row in rows
            if not row["ok"]
        ]
        return quantities_by_id, refused

    def _preorder_resolve_rows(self, entries):
        """Every entry resolved: ``{'row', 'reference', 'quantity' (as given),
        'ok', 'reason', 'product_id', 'scanned_id', 'product_quantity'}``."""
        self.ensure_one()
        rows = []
        for index, entry in enumerate(entries, start=1):
            reference, raw = entry[0], entry[1]
            reference = "" if reference is None else str(reference)
            rows.append(
                {
                    "row": entry[2] if len(entry) > 2 else index,
                    # PostgreSQL refuses NUL characters
                    "reference": reference.replace("\x00", "").strip()[:MAX_REFERENCE],
                    "quantity": raw if isinstance(raw, int | float) else str(raw or "")[:20],
                    "ok": False,
                    "reason": "",
                    "product_id": False,
                    "scanned_id": False,
                    "product_quantity": 0.0,
                }
            )
        found = self._preorder_find_references({row["reference"] for row in rows})
        _company, known, _reachable = self._preorder_get_reach_domains()
        Product = self.env["product.product"].sudo().with_context(active_test=False)
        scanned = Product.browse({product.id for product, _factor in found.values()})
        final_by_id = {product.id: product._preorder_get_final_replacement() for product in scanned}
        finals = Product.browse({final.id for final in final_by_id.values()})
        in_campaign = set(
            Product._search(self._get_product_domain() & Domain("id", "in", finals.ids))
        )
        whole_unit_ids = finals._preorder_get_whole_unit_ids()
        SaleOrder = self.env["sale.order"]
        seen = {}
        for row in rows:
            scanned_product, factor = found.get(row["reference"].lower(), (None, 0.0))
            if scanned_product is None:
                row["reason"] = (
                    _("Unknown reference %(reference)s.", reference=row["reference"])
                    if row["reference"]
                    else _("No reference.")
                )
                continue
            product = final_by_id[scanned_product.id]
            if product.id not in in_campaign:
                # Named only when the customer may know it (as the scan does)
                row["reason"] = (
                    _("%(product)s is not part of this campaign.", product=product.display_name)
                    if product.filtered_domain(known)
                    else _("Unknown reference %(reference)s.", reference=row["reference"])
                )
                continue
            row["product_id"], row["scanned_id"] = product.id, scanned_product.id
            quantity, problem = self._preorder_parse_entry_quantity(
                row["quantity"], factor, product, product.id not in whole_unit_ids
            )
            if problem:
                row["reason"] = SaleOrder._preorder_quantity_problem_message(
                    problem, product, row["quantity"]
                )
                continue
            if product.id in seen:
                row["reason"] = _(
                    "%(product)s is already on row %(row)s.",
                    product=product.display_name,
                    row=seen[product.id],
                )
                continue
            seen[product.id] = row["row"]
            row.update(ok=True, product_quantity=quantity)
        return rows

    def _preorder_parse_entry_quantity(self, raw, factor, product, allow_fractional):
        """``(quantity, problem)``: the quantity of `product` that `raw` (times the
        packaging's `factor`) gives, checked by the core parser (``problem`` a
        ``core.quantities.QuantityProblem``, else None)."""
        try:
            if factor != 1.0:
                # Packagings: a number of packs, then the product's quantity is checked.
                raw = quantities.parse_quantity(raw, allow_fractional=True, rounding=0.001)
                raw *= factor
            quantity = quantities.parse_quantity(
                raw, allow_fractional=allow_fractional, rounding=product.uom_id.rounding
            )
        except quantities.QuantityError as error:
            return 0.0, error.problem
        return quantity, None

    def _preorder_find_references(self, references):
        """``{reference lowercased: (product, factor)}`` of the references found:
        internal references (any case), product barcodes, then packaging barcodes
        (`factor`: the packaging's quantity), among the products a lookup reaches
        (``_preorder_get_reach_domains``); an active product first, then the oldest.
        Three queries whatever the number of references."""
        references = {reference for reference in references if reference}
        if not references:
            return {}
        _company, _known, reachable = self._preorder_get_reach_domains()
        Product = self.env["product.product"].sudo().with_context(active_test=False)
        Product.flush_model(["default_code", "barcode"])
        lowered = sorted({reference.lower() for reference in references})
        self.env.cr.execute(
            SQL(
                "SELECT id FROM product_product WHERE lower(trim(default_code)) = ANY(%s) "
                "OR barcode = ANY(%s)",
                lowered,
                sorted(references),
            )
        )
        candidate_ids = [product_id for (product_id,) in self.env.cr.fetchall()]
        products = Product.search_fetch(
            Domain("id", "in", candidate_ids) & reachable,
            ["default_code", "barcode", "replaced_by_product_id"],
            order="active desc, id",
        )
        found = {}
        by_barcode = {}
        for product in products:
            if product.default_code:
                found.setdefault(product.default_code.strip().lower(), (product, 1.0))
            if product.barcode:
                by_barcode.setdefault(product.barcode, product)
        for reference in references:
            key = reference.lower()
            if key not in found and reference in by_barcode:
                found[key] = (by_barcode[reference], 1.0)
        missing = sorted(reference for reference in references if reference.lower() not in found)
        if missing:
            company, _known, reachable = self._preorder_get_reach_domains()
            packagings = (
                self.env["product.uom"]
                .sudo()
                .search_fetch(
                    Domain("barcode", "in", missing)
                    & company
                    & Domain("product_id", "any", reachable),
                    ["barcode", "product_id", "uom_id"],
                    order="id",
                )
            )
            for packaging in packagings:
                product = packaging.product_id.with_context(active_test=False)
                factor = packaging.uom_id._compute_quantity(1.0, product.uom_id)
                found.setdefault(packaging.barcode.lower(), (product, factor))
        return found

    # ------------------------------------------------------------------
    # Import
    # ------------------------------------------------------------------
    def _preorder_import(self, partner, entries, rules=None, apply=False):
        """Preview, and with `apply` save, the quantities of entries by reference
        (see ``_preorder_resolve_entries``). An import sets the quantities the file
        lists; the campaign's other products keep theirs.

        With `apply`, all or nothing: any refused row raises and nothing is saved;
        otherwise every quantity goes through ``_preorder_save`` in one call.

        :return: ``{'rows': [{'row', 'reference', 'quantity', 'ok', 'reason',
            'product_id', 'product_name', 'default_code', 'product_quantity',
            'current_quantity', 'cap_remaining' (still available to all customers,
            None without cap), 'price_unit', 'subtotal'}], 'line_count',
            'refused_count', 'amount', 'currency_id', 'applied', 'order_id'}``
        :raise UserError: with `apply`, refused rows or nothing to import
        """
        self.ensure_one()
        preview = self._preorder_get_import_preview(partner, entries, rules)
        if not apply:
            return preview
        if preview["refused_count"]:
            raise UserError(
                _(
                    "%(count)s rows are refused: nothing was imported. Correct them and "
                    "import again.",
                    count=preview["refused_count"],
                )
            )
        if not preview["line_count"]:
            raise UserError(_("Nothing to import."))
        order, _result = self._preorder_save(
            partner, self._preorder_get_import_quantities(preview), rules=rules
        )
        preview.update(applied=True, order_id=order.id)
        return preview

    def _preorder_add_recognised(self, partner, entries, rules=None):
        """A paste: save every recognised row of `entries` in one ``_preorder_save``
        and answer the refused ones (they change nothing).

        :return: ``(order, save result or None, refused rows)``, the refused rows as
            ``_preorder_resolve_entries`` gives them
        """
        self.ensure_one()
        preview = self._preorder_get_import_preview(partner, entries, rules)
        refused = [
            {key: row[key] for key in ("row", "reference", "quantity", "reason")}
            for row in preview["rows"]
            if not row["ok"]
        ]
        order = self.env["sale.order"].browse(preview["order_id"])
        if not preview["line_count"]:
            return order, None, refused
        order, result = self._preorder_save(
            partner, self._preorder_get_import_quantities(preview), rules=rules
        )
        return order, result, refused

    @staticmethod
    def _preorder_get_import_quantities(preview):
        return {row["product_id"]: row["product_quantity"] for row in preview["rows"] if row["ok"]}

    def _preorder_get_import_preview(self, partner, entries, rules=None):
        """The resolved `entries` with the grid's view of their products: the price
        (before the tier discount), the quantity now and after; under the customer's
        rules an outlet refuses a row above the stock still available (the save checks
        it again under its lock). The preview's totals."""
        rows = self._preorder_resolve_rows(entries)
        order = self._preorder_get_order(partner)
        Product = self.env["product.product"].sudo().with_context(active_test=False)
        products = Product.browse([row["product_id"] for row in rows if row["ok"]])
        # Records of one recordset: their fields are read for all of them at once.
        product_by_id = {product.id: product for product in products}
        grid_rows = {
            grid_row["product_id"]: grid_row
            for grid_row in self._preorder_get_rows(partner, products, order=order)
        }
        as_customer = self.env["sale.order"]._preorder_get_rules(rules) == "customer"
        # Rules a customer may not break refuse their row here, as the save would.
        block_rules = as_customer and self.quantity_rule_mode == "block"
        rule_by_product_id = self._preorder_get_rule_by_product(products) if block_rules else {}
        self._preorder_check_import_caps(rows, grid_rows, order, as_customer)
        amount = 0.0
        for row in rows:
            grid_row = grid_rows.get(row["product_id"], {})
            product = product_by_id[row["product_id"]] if row["ok"] else Product
            if row["ok"] and as_customer and grid_row.get("available") is not None:
                self._preorder_check_import_stock(row, product, grid_row)
            if row["ok"] and row["product_id"] in rule_by_product_id:
                self._preorder_check_import_rule(
                    row, product, grid_row, rule_by_product_id[row["product_id"]]
                )
            price = grid_row.get("price_unit", 0.0)
            row.update(
                product_name=product.display_name or "",
                default_code=product.default_code or "",
                current_quantity=grid_row.get("quantity", 0.0),
                cap_remaining=grid_row.get("cap_remaining"),
                price_unit=price,
                subtotal=price * row["product_quantity"] if row["ok"] else 0.0,
            )
            amount += row["subtotal"]
        currency_id = next(iter(grid_rows.values()))["currency_id"] if grid_rows else False
        return {
            "rows": rows,
            "line_count": sum(1 for row in rows if row["ok"]),
            "refused_count": sum(1 for row in rows if not row["ok"]),
            "amount": amount,
            "currency_id": currency_id or self.currency_id.id,
            "applied": False,
            "order_id": order.id,
        }

    def _preorder_check_import_caps(self, rows, grid_rows, order, as_customer):
        """Mark the rows above what the campaign's caps leave the customer with the
        save's own message (``_preorder_get_cap_refusals``): refused under the
        customer's rules, as the save would; a salesperson, whom the save lets
        through, sees the message on a row still recognised."""
        quantities_by_id = {
            row["product_id"]: row["product_quantity"]
            for row in rows
            if row["ok"] and grid_rows[row["product_id"]]["cap_remaining"] is not None
        }
        if not quantities_by_id:
            return
        previous = {
            product_id: grid_rows[product_id]["quantity"] for product_id in quantities_by_id
        }
        refusals = self._preorder_get_cap_refusals(order, quantities_by_id, previous)
        for row in rows:
            if row["ok"] and row["product_id"] in refusals:
                row["reason"] = refusals[row["product_id"]]
                row["ok"] = not as_customer

    def _preorder_check_import_stock(self, row, product, grid_row):
        """Refuse `row` above an outlet's stock still available to the customer (what
        he already holds may always stay), as the save would."""
        cap = max(grid_row["available"], grid_row["quantity"])
        try:
            quantities.parse_quantity(
                row["product_quantity"], allow_fractional=True, rounding=0.001, cap=cap
            )
        except quantities.QuantityError as error:
            row["ok"] = False
            row["reason"] = self.env["sale.order"]._preorder_quantity_problem_message(
                error.problem, product, row["quantity"], cap=cap
            )

    def _preorder_check_import_rule(self, row, product, grid_row, rule):
        """Refuse `row` when its quantity breaks the product's quantity rule in block
        mode, with the save's message, as ``sale.order._preorder_check_quantity_rules``
        would."""
        quantity = row["product_quantity"]
        message = self._preorder_get_rule_warning(product, quantity, rule)
        if message and not self._preorder_is_rule_grandfathered(
            quantity, grid_row.get("quantity", 0.0), rule
        ):
            row["ok"] = False
            row["reason"] = message

    # ------------------------------------------------------------------
    # Export
    # ------------------------------------------------------------------
    def _preorder_export_xlsx(self, partner, order=None, empty=False):
        """The XLSX of `partner`'s pre-order in progress (its lines), or with `empty`
        the campaign's order form (every product, no quantity): a header block
        (campaign, customer, deadline, tiers), then reference, barcode, product,
        unit, price, quantity. It imports back to the same order.

        :return: the file's bytes
        """
        self.ensure_one()
        self._preorder_check_partner(partner)
        Product = self.env["product.product"].sudo().with_context(active_test=False)
        if empty:
            order = self.env["sale.order"]
            domain = self._get_product_domain()
        else:
            if order is None:
                order = self._preorder_get_order(partner)
            domain = Domain("id", "in", list(order._preorder_get_ordered_quantities()))
        products = Product.search_fetch(
            domain, ["default_code", "barcode", "product_tmpl_id"], order="default_code, id"
        )
        rows = self._preorder_get_rows(partner, products, order=order)
        currency = self.env["res.currency"].browse(
            rows[0]["currency_id"] if rows else self.currency_id.id
        )
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet(re.sub(r"[\[\]:*?/\\]", " ", self.name or "")[:31] or None)
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14})
        digits = "0" * (currency.decimal_places or 0)
        money = workbook.add_format({"num_format": f"#,##0.{digits}" if digits else "#,##0"})
        header = self._preorder_get_export_header(partner, currency)
        sheet.write_string(0, 0, self.name or "", title)
        for line, (label, values) in enumerate(header, start=1):
            sheet.write_string(line, 0, label, bold)
            for column, value in enumerate(values, start=1):
                sheet.write_string(line, column, value)
        table = len(header) + 2
        columns = [_("Reference"), _("Barcode"), _("Product"), _("Unit"), _("Price"), _("Quantity")]
        for column, label in enumerate(columns):
            sheet.write_string(table, column, label, bold)
        for line, (product, row) in enumerate(zip(products, rows, strict=True), start=table + 1):
            # Strings: a barcode keeps its leading zeros, a name starting "=" is no formula.
            sheet.write_string(line, 0, product.default_code or "")
            sheet.write_string(line, 1, product.barcode or "")
            sheet.write_string(line, 2, product.display_name or "")
            sheet.write_string(line, 3, product.uom_id.name or "")
            sheet.write_number(line, 4, row["price_unit"], money)
            if row["quantity"]:
                sheet.write_number(line, 5, row["quantity"])
        sheet.set_column(0, 1, 18)
        sheet.set_column(2, 2, 45)
        sheet.set_column(3, 5, 12)
        sheet.freeze_panes(table + 1, 0)
        workbook.close()
        return output.getvalue()

    def _preorder_get_export_header(self, partner, currency):
        """``[(label, [values])]`` of the export's header block (below the name)."""
        tiers = [
            _(
                "from %(amount)s: %(percent)s %%",
                amount=format_amount(self.env, rule.min_amount, self.currency_id),
                percent=f"{rule.discount_percent:g}",
            )
            for rule in self.discount_rule_ids.sorted("min_amount")
        ]
        deadline = self.date_end and format_datetime(self.env, self.date_end, tz=self.env.user.tz)
        return [
            (_("Customer"), [partner.display_name or ""]),
            (_("Deadline"), [deadline or ""]),
            (_("Currency"), [currency.name or ""]),
            (_("Discount tiers"), tiers),
        ]

    def _preorder_get_export_filename(self, partner, empty=False):
        name = _("Order form") if empty else partner.display_name
        text = f"{self.code or self.name} - {name}"
        return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", text)[:100] + ".xlsx"
