from datetime import timedelta

from odoo.fields import Command
from odoo.tests import tagged

from .common import PreorderCommon


@tagged("post_install", "-at_install")
class TestProductSearch(PreorderCommon):
    """``preorder.campaign._preorder_search_products``: what a buyer typing in the
    quick-entry field gets, best match first, from the campaign only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]

        def product(name, code, **values):
            return Product.create(
                {
                    "name": name,
                    "default_code": code,
                    "categ_id": cls.categ_garden.id,
                    "type": "consu",
                    "list_price": 10.0,
                    **values,
                }
            )

        # Searched as "tab": exact reference, then prefix, then contained.
        cls.bench = product("Bench", "TAB")
        cls.stool = product("Stool", "TAB-2")
        cls.cushion = product("Cushion", "XTAB")
        cls.holder = product("Folding tab holder", "ZZZ-1")
        cls.other_company = cls.env["res.company"].create({"name": "Search Other Co"})
        cls.foreign = product("Foreign table", "TAB-FOREIGN", company_id=cls.other_company.id)

    def _search(self, text, campaign=None, **kwargs):
        return (campaign or self.campaign)._preorder_search_products(text, **kwargs)

    def test_relevance_order(self):
        self.assertEqual(
            self._search("tab"),
            self.bench | self.stool | self.table | self.cushion | self.holder,
            "exact reference, reference starting with it, then contained (by reference)",
        )

    def test_exact_reference_ignores_case_and_exact_barcode_first(self):
        chairs = self.env["product.product"].create(
            {"name": "Chair cushion", "default_code": "PO-CHAIRS", "categ_id": self.categ_garden.id}
        )
        self.assertEqual(self._search("po-chair"), self.chair | chairs)
        barcode_twin = self.env["product.product"].create(
            {
                "name": "Parasol foot",
                "default_code": "5400000000035-B",
                "categ_id": self.categ_garden.id,
            }
        )
        self.assertEqual(self._search("5400000000035"), self.parasol | barcode_twin)

    def test_name_fragment(self):
        self.assertEqual(self._search("  garden TABLE "), self.table)

    def test_limit(self):
        self.assertEqual(len(self._search("o", limit=3)), 3)
        self.assertEqual(len(self._search("o")), 8)

    def test_only_campaign_products(self):
        self.assertFalse(self._search("PO-LAMP"), "not in the campaign")
        self.assertNotIn(self.lamp, self._search("lamp"))
        self.assertNotIn(self.foreign, self._search("tab", limit=50), "another company's")
        self.campaign.excluded_product_ids = [Command.set(self.chair.ids)]
        self.assertFalse(self._search("PO-CHAIR"), "excluded from the campaign")
        self.table.active = False
        self.assertFalse(self._search("PO-TABLE"), "archived")
        self.parasol.sale_ok = False
        self.assertFalse(self._search("5400000000035"), "no longer sold")

    def test_odd_text(self):
        self.assertEqual(self._search("PO-\x00TABLE"), self.table, "NUL bytes are dropped")
        self.assertEqual(self._search("PO-TABLE" + " " * 200 + "x"), self.table, "100 characters")
        self.assertFalse(self._search("x" * 5000))
        self.assertFalse(self._search(""))
        self.assertFalse(self._search("   "))
        self.assertFalse(self._search(None))
        self.assertFalse(self._search("%"), "a wildcard is a character like the others")
        self.assertFalse(self._search("PO_TABLE"), "an underscore too")

    def test_query_count_whatever_the_catalogue(self):
        def campaign_of(count):
            categ = self.env["product.category"].create({"name": f"Catalogue of {count}"})
            self.env["product.product"].create(
                [
                    {
                        "name": f"Planter {index}",
                        "default_code": f"PL-{index:04d}",
                        "categ_id": categ.id,
                    }
                    for index in range(count)
                ]
            )
            return self.env["preorder.campaign"].create(
                {
                    "name": f"Planters {count}",
                    "code": f"PL{count}",
                    "user_id": self.preorder_user.id,
                    "date_start": self.now - timedelta(days=1),
                    "date_end": self.now + timedelta(days=10),
                    "product_categ_ids": [Command.set(categ.ids)],
                }
            )

        counts = []
        for campaign in (campaign_of(10), campaign_of(300)):
            self._search("pl-00", campaign=campaign)  # warm the campaign's selection cache
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            found = self._search("pl-00", campaign=campaign)
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual(len(found), 8)
        self.assertEqual(counts[0], counts[1])
        self.assertLessEqual(counts[1], 2)
