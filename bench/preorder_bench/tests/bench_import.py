"""R5: a file import of one pre-order against typing it, one product per save."""

import io

import xlsxwriter

from .bench_tools import Missing, Result, Sample, Side, report, report_note, timer


class BenchImport:
    """Mixin of the bench test: ``_bench_import`` needs ``self.campaigns``,
    ``self.products``, ``self.sizes`` and ``self.runs``."""

    def _bench_import(self):
        """R5. An N-line XLSX file read and applied in one save
        (``_read_spreadsheet`` + ``_preorder_import(apply=True)``) against the same
        quantities typed through N single-product ``_preorder_save`` calls, into a new
        customer's empty pre-order; in process, flush included, each run rolled back.
        The typed side has no separate warm-up (its first saves warm it), so that the
        line stays within minutes at N=3000."""
        size = max(self.sizes)
        campaign = self.campaigns[size]
        if not hasattr(campaign, "_preorder_import"):
            report(Result("R5", size, Side(missing="_preorder_import missing"), Side(), target=0.2))
            return
        products = self.products[:size]
        partner = self.env["res.partner"].create({"name": "Bench Importer", "is_company": True})
        campaign.write({"partner_ids": [(4, partner.id)]})
        quantities = {product.id: 1 + index % 5 for index, product in enumerate(products)}
        data = self._bench_import_file(products, quantities)
        report_note(f"R5 file: {len(products)} lines, {len(data) / 1024:.0f} KB XLSX")

        def timed(call):
            savepoint = self.env.cr.savepoint()
            try:
                self.env.flush_all()
                self.env.invalidate_all()
                queries = self.env.cr.sql_log_count
                elapsed = timer()
                call()
                self.env.flush_all()
                return Sample(elapsed(), self.env.cr.sql_log_count - queries)
            finally:
                savepoint.close(rollback=True)
                self.env.invalidate_all()

        def imported():
            entries = campaign._preorder_read_spreadsheet(data, "bench.xlsx")
            preview = campaign._preorder_import(partner, entries, rules="salesperson", apply=True)
            if preview["line_count"] != size:
                raise Missing(f"the import recognised {preview['line_count']} of {size} rows")

        def typed():
            for product_id, quantity in quantities.items():
                campaign._preorder_save(partner, {product_id: quantity}, rules="salesperson")

        ours_samples, typed_samples = [], []
        try:
            timed(imported)  # warm-up
            for _index in range(self.runs):
                ours_samples.append(timed(imported))
                typed_samples.append(timed(typed))
        except Missing as error:
            report(Result("R5", size, Side(missing=str(error)), Side(), target=0.2))
            return
        report(
            Result(
                "R5",
                size,
                Side.from_samples(ours_samples),
                Side.from_samples(typed_samples),
                target=0.2,
                note=f"in process; ours=read a {size}-line XLSX + _preorder_import(apply) in "
                f"one save; odoo=the same quantities typed, {size} single-product "
                "_preorder_save calls; a new customer's empty pre-order, rolled back",
            )
        )

    @staticmethod
    def _bench_import_file(products, quantities):
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, ["Reference", "Quantity"])
        for line, product in enumerate(products, start=1):
            sheet.write_string(line, 0, product.default_code or product.barcode or "")
            sheet.write_number(line, 1, quantities[product.id])
        workbook.close()
        return output.getvalue()
