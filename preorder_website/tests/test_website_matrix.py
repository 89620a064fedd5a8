import re

from odoo.fields import Command
from odoo.tests import tagged

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteMatrix(PreorderWebsiteCommon):
    """A template with variants as one colour x size block of the grid."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.colour, cls.size = cls.env["product.attribute"].create(
            [
                {
                    "name": "Matrix colour",
                    "value_ids": [Command.create({"name": name}) for name in ("Red", "Blue")],
                },
                {
                    "name": "Matrix size",
                    "value_ids": [Command.create({"name": name}) for name in ("S", "M", "L")],
                },
            ]
        )
        cls.cushion_tmpl = cls._create_matrix_template("Deck cushion", "DC")
        cls.variants = {
            (ptav_names[0], ptav_names[1]): variant
            for variant in cls.cushion_tmpl.product_variant_ids
            for ptav_names in [
                tuple(
                    variant.product_template_attribute_value_ids.sorted(
                        lambda ptav: ptav.attribute_id.id
                    ).mapped("name")
                )
            ]
        }
        # Blue L is archived, Red L is left out of the campaign: two unavailable cells.
        cls.variants["Blue", "L"].action_archive()
        cls.campaign.excluded_product_ids = [Command.link(cls.variants["Red", "L"].id)]

    @classmethod
    def _create_matrix_template(cls, name, code):
        template = cls.env["product.template"].create(
            {
                "name": name,
                "categ_id": cls.categ_garden.id,
                "list_price": 10.0,
                "type": "consu",
                "taxes_id": [Command.clear()],
                "attribute_line_ids": [
                    Command.create(
                        {
                            "attribute_id": attribute.id,
                            "value_ids": [Command.set(attribute.value_ids.ids)],
                        }
                    )
                    for attribute in (cls.colour, cls.size)
                ],
            }
        )
        for variant in template.product_variant_ids:
            names = variant.product_template_attribute_value_ids.mapped("name")
            variant.default_code = f"{code}-{'-'.join(names)}"
        return template

    def _page(self, query=""):
        return self.url_open(f"/preorder/{self.campaign.id}{query}").text

    def _block(self, html, template=None):
        """The HTML of the matrix block of `template`."""
        template = template or self.cushion_tmpl
        start = html.index(f'data-template-id="{template.id}"')
        return html[start : html.index("</tfoot>", start)]

    @staticmethod
    def _cell_value(block, product):
        match = re.search(rf'<input [^>]*data-product-id="{product.id}"[^>]*>', block)
        value = re.search(r'value="([^"]*)"', match.group(0))
        return value.group(1) if value else ""

    @staticmethod
    def _totals(block, css_class):
        return re.findall(rf'class="[^"]*{css_class}"[^>]*>([^<]*)<', block)

    def test_template_shows_as_one_block_with_unavailable_cells(self):
        self._login()
        html = self._page()
        self.assertEqual(html.count(f'data-template-id="{self.cushion_tmpl.id}"'), 1)
        block = self._block(html)
        # Odoo's matrix: the first attribute's values as columns, the others' as rows
        for colour in ("Red", "Blue"):
            self.assertIn(f'<th scope="col">{colour}</th>', block)
        for size in ("S", "M", "L"):
            self.assertRegex(block, rf'<th scope="row"[^>]*>{size}</th>')
        self.assertEqual(block.count("<input "), 4, "four variants offered")
        self.assertEqual(block.count("o_preorder_cell_unavailable"), 2, "archived and excluded")
        for key in (("Red", "L"), ("Blue", "L")):
            self.assertNotIn(f'data-product-id="{self.variants[key].id}"', html)
        for variant in self.cushion_tmpl.product_variant_ids:
            self.assertNotIn(f'<tr class="o_preorder_row" data-product-id="{variant.id}"', html)
        # The other products keep their rows
        self.assertIn(f'<tr class="o_preorder_row" data-product-id="{self.chair.id}"', html)

    def test_cells_are_saved_one_by_one_with_totals(self):
        self._login()
        red_s, red_m, blue_s = (
            self.variants[key] for key in (("Red", "S"), ("Red", "M"), ("Blue", "S"))
        )
        self.assertNotIn("error", self._save({red_s.id: 4}))
        self.assertNotIn("error", self._save({red_m.id: 6}))
        result = self._save({blue_s.id: 2})
        self.assertEqual(result["lines"], {str(blue_s.id): 2.0})
        self.assertEqual(self._quantities(self._orders()), {red_s: 4.0, red_m: 6.0, blue_s: 2.0})
        block = self._block(self._page())
        self.assertEqual(self._cell_value(block, red_s), "4")
        self.assertEqual(self._cell_value(block, red_m), "6")
        self.assertEqual(self._cell_value(block, blue_s), "2")
        # Rows S, M, L; columns Red, Blue
        self.assertEqual(self._totals(block, "o_preorder_matrix_row_total"), ["6", "6", ""])
        self.assertEqual(self._totals(block, "o_preorder_matrix_column_total"), ["10", "2"])
        self.assertEqual(self._totals(block, "o_preorder_matrix_total"), ["12"])

    def test_a_capped_cell_tells_what_is_still_available(self):
        red_s = self.variants[("Red", "S")]
        self.env["preorder.campaign.cap"].create(
            {"campaign_id": self.campaign.id, "product_id": red_s.id, "cap_qty": 12}
        )
        self._login()
        self.assertNotIn("error", self._save({red_s.id: 5}))
        block = self._block(self._page())
        self.assertRegex(block, rf'data-product-id="{red_s.id}"[^>]*title="[^"]*7 still available')

    def test_unavailable_cells_are_refused_by_the_save(self):
        self._login()
        for key in (("Red", "L"), ("Blue", "L")):
            with self.subTest(variant=key):
                result = self._save({self.variants[key].id: 3})
                self.assertIn("error", result)
        self.assertFalse(self._orders())

    def test_scan_lands_in_the_cell(self):
        blue_m = self.variants["Blue", "M"]
        blue_m.barcode = "5400000009991"
        self._login()
        result = self._rpc(f"/preorder/{self.campaign.id}/scan", barcode="5400000009991")
        self.assertEqual(result["product_id"], blue_m.id)
        self.assertEqual(result["quantity"], 1.0)
        # The block of the template comes back whole, the scanned cell filled in
        self.assertIn(f'data-template-id="{self.cushion_tmpl.id}"', result["row_html"])
        self.assertEqual(self._cell_value(result["row_html"], blue_m), "1")
        self.assertEqual(result["row_html"].count("<input "), 4)
        self.assertEqual(self._quantities(self._orders()), {blue_m: 1.0})

    def test_filters_find_the_whole_template(self):
        self._login()
        red_s = self.variants["Red", "S"]
        block = self._block(self._page("?search=DC-Blue-M"))
        self.assertEqual(block.count("<input "), 4, "a variant found shows its whole matrix")
        self.assertNotIn(self.cushion_tmpl.name, self._page("?ordered=1"))
        self._save({red_s.id: 2})
        html = self._page("?ordered=1")
        self.assertEqual(self._block(html).count("<input "), 4)
        self.assertNotIn(f'data-product-id="{self.chair.id}"', html)

    def test_template_never_split_over_pages(self):
        # 58 rows sort before the cushions (4 variants): they do not fit on page one
        # with them; page one ends before the block, page two starts with it.
        self.env["product.product"].create(
            [
                {
                    "name": f"Pot {i:03d}",
                    "categ_id": self.categ_garden.id,
                    "default_code": f"A-{i:03d}",
                }
                for i in range(58)
            ]
        )
        self.cushion_tmpl.product_variant_ids.write({"default_code": False})
        for index, variant in enumerate(self.cushion_tmpl.product_variant_ids):
            variant.default_code = f"B-{index}"
        self._login()
        html = self._page()
        self.assertNotIn(f'data-template-id="{self.cushion_tmpl.id}"', html)
        offset = re.search(r"/rows\?offset=(\d+)", html).group(1)
        fragment = self.url_open(f"/preorder/{self.campaign.id}/rows?offset={offset}").text
        self.assertEqual(self._block(fragment).count("<input "), 4)
        rows_one = set(re.findall(r'<tr class="o_preorder_row" data-product-id="(\d+)"', html))
        rows_two = set(re.findall(r'<tr class="o_preorder_row" data-product-id="(\d+)"', fragment))
        self.assertFalse(rows_one & rows_two, "no row on both pages")
        self.assertLessEqual(len(rows_one), 60)

    def test_matrix_off_shows_one_row_per_variant(self):
        self.campaign.show_variant_matrix = False
        self._login()
        html = self._page()
        self.assertNotIn("o_preorder_matrix", html)
        for key in (("Red", "S"), ("Red", "M"), ("Blue", "S"), ("Blue", "M")):
            self.assertIn(
                f'<tr class="o_preorder_row" data-product-id="{self.variants[key].id}"', html
            )

    def test_page_query_count_does_not_grow_with_templates(self):
        self._login()
        url = f"/preorder/{self.campaign.id}"
        count_one = self._queries(lambda: self.url_open(url))
        for index in range(3):
            self._create_matrix_template(f"Bench cushion {index}", f"BC{index}")
        count_four = self._queries(lambda: self.url_open(url))
        self.assertEqual(count_four, count_one, "a query per matrix crept in")

    def test_attribute_without_variants_keeps_rows(self):
        """An engraving text or a no-variant option cannot be ordered per cell."""
        engraving = self.env["product.attribute"].create(
            {
                "name": "Engraving",
                "create_variant": "no_variant",
                "value_ids": [Command.create({"name": name}) for name in ("None", "Logo")],
            }
        )
        self.cushion_tmpl.attribute_line_ids = [
            Command.create(
                {"attribute_id": engraving.id, "value_ids": [Command.set(engraving.value_ids.ids)]}
            )
        ]
        products = self.cushion_tmpl.product_variant_ids
        self.assertFalse(self.campaign._preorder_get_matrix_templates(products))
        self._login()
        html = self._page()
        self.assertNotIn("o_preorder_matrix", html)
        self.assertIn(
            f'<tr class="o_preorder_row" data-product-id="{self.variants["Red", "S"].id}"', html
        )

    def test_tour_matrix(self):
        self.variants["Blue", "S"].barcode = "5400000009991"
        self.start_tour(
            f"/preorder/{self.campaign.id}", "preorder_website_matrix", login="preorder_portal"
        )
        self.assertEqual(
            self._quantities(self._orders()),
            {
                self.variants["Red", "S"]: 4.0,
                self.variants["Blue", "M"]: 2.0,
                self.variants["Blue", "S"]: 1.0,
            },
        )
