"""R1m: the first page of a grid of size/colour matrices against /shop."""

from odoo.fields import Command
from odoo.tools import SQL

from .bench_tools import Result, Side, interleave, report, report_note, timer

MATRIX_TEMPLATES = 100
COLOURS = 5
SIZES = 6  # 100 templates x 30 variants = 3000 variants


class BenchMatrix:
    """Mixin of the bench test: ``_bench_matrix`` needs ``self.buyer``, ``self.website``,
    ``self.runs``, ``self.page_size``, ``_build_campaign``, ``_get_page``, ``_profile_request`` and
    ``_quiet_env``."""

    def _bench_matrix(self):
        """R1m. The first page of a campaign of 3000 variants (100 templates, colour x
        size) with the matrix on, against /shop's first page of the same 100 published
        templates (their own public category). Like R1, /shop shows as many products
        as our page shows variants (PAGE_SIZE): our page holds whole templates up to
        PAGE_SIZE variants (2 matrices of 30 cells), /shop 60 product cards."""
        step = timer()
        templates, category = self._build_matrix_catalogue()
        variants = templates.product_variant_ids
        campaign = self._build_campaign("Bench matrix", variants, self.buyer.partner_id)
        if "show_variant_matrix" not in campaign._fields:
            report(Result("R1m", len(variants), Side(missing="no variant matrix"), Side()))
            return
        campaign.show_variant_matrix = True
        page_size = self.page_size or 60
        self.website.shop_ppg = page_size
        self.env.flush_all()
        report_note(
            f"R1m dataset: {len(templates)} templates, {len(variants)} variants, "
            f"in {step() / 1000:.1f}s"
        )
        shop_url = f"/shop/category/{self.env['ir.http']._slug(category)}"

        def ours(index):
            return self._get_page("buyer", f"/preorder/{campaign.id}", ours=True)

        def shop(index):
            return self._get_page("public", shop_url)

        ours_side, odoo_side = interleave(ours, shop, self.runs)
        self._profile_request("R1m our first page", lambda: ours(0))
        report(
            Result(
                "R1m",
                len(variants),
                ours_side,
                odoo_side,
                target=0.5,
                note=f"ours=first page of a {len(variants)}-variant campaign of "
                f"{len(templates)} templates ({COLOURS} colours x {SIZES} sizes) as "
                f"matrices, whole templates up to {page_size} variants; odoo={shop_url} "
                f"shop_ppg={page_size}, the same templates",
            )
        )

    def _build_matrix_catalogue(self):
        env = self._quiet_env()
        colour, size = env["product.attribute"].create(
            [
                {
                    "name": "Bench colour",
                    "value_ids": [
                        Command.create({"name": f"Colour {index}"}) for index in range(COLOURS)
                    ],
                },
                {
                    "name": "Bench size",
                    "value_ids": [
                        Command.create({"name": f"Size {index}"}) for index in range(SIZES)
                    ],
                },
            ]
        )
        category = env["product.public.category"].create({"name": "Bench matrix"})
        templates = env["product.template"].create(
            [
                {
                    "name": f"Bench style {index:03d}",
                    "type": "consu",
                    "list_price": float(20 + index % 40),
                    "sale_ok": True,
                    "is_published": True,
                    "public_categ_ids": [Command.set(category.ids)],
                    "attribute_line_ids": [
                        Command.create(
                            {
                                "attribute_id": attribute.id,
                                "value_ids": [Command.set(attribute.value_ids.ids)],
                            }
                        )
                        for attribute in (size, colour)
                    ],
                }
                for index in range(MATRIX_TEMPLATES)
            ]
        )
        env.flush_all()
        # References sort the templates on the page, as a real catalogue's would.
        env.cr.execute(
            SQL(
                "UPDATE product_product SET default_code = 'STYLE-' || lpad(id::text, 7, '0') "
                "WHERE product_tmpl_id IN %s",
                tuple(templates.ids),
            )
        )
        env.invalidate_all()
        self._analyze("product_template", "product_product", "product_variant_combination")
        return templates.with_env(self.env), category.with_env(self.env)
