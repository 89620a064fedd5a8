from datetime import timedelta
from unittest.mock import patch

from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.preorder_campaign.core import purchase_advice

from .common import PreorderPurchaseCommon


@tagged("post_install", "-at_install")
class TestPurchasePlan(PreorderPurchaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._preorder(cls.customer, {cls.table: 8, cls.parasol: 10}, confirm=True)
        cls._preorder(cls.customer, {cls.chair: 5, cls.lounger: 2})
        cls._preorder(cls.customer_gold, {cls.table: 4})
        cls._preorder(cls.customer_gold, {cls.chair: 1}, confirm=True, uom=cls.uom_dozen)
        cancelled = cls._preorder(cls.customer_gold, {cls.table: 100})
        cancelled._action_cancel()

    def _plan(self, campaign=None):
        rows = self.env["preorder.purchase.plan"].search(
            [("campaign_id", "=", (campaign or self.campaign).id)]
        )
        return {row.product_id: row for row in rows}

    def test_plan_figures(self):
        plan = self._plan()
        self.assertEqual(set(plan), {self.table, self.chair, self.parasol, self.lounger})
        table = plan[self.table]
        # 8 confirmed + 4 draft = 12 reaches the break from 10: 90; the cancelled 100 is ignored.
        self.assertRecordValues(
            table,
            [
                {
                    "confirmed_qty": 8.0,
                    "unconfirmed_qty": 4.0,
                    "total_qty": 12.0,
                    "vendor_id": self.vendor_oak.id,
                    "supplierinfo_id": self.table_oak_10.id,
                    "vendor_product_code": "OAK-T",
                    "price_unit": 90.0,
                    "price_subtotal": 1080.0,
                    "delay": 14,
                    "date_expected": self.today + timedelta(days=14),
                    "company_id": self.env.company.id,
                    "product_brand_id": self.brand_oak.id,
                    "categ_id": self.categ_garden.id,
                    "campaign_state": "open",
                }
            ],
        )
        # A dozen confirmed (12 units) + 5 draft; 17 is below the break from 24.
        self.assertRecordValues(
            plan[self.chair],
            [
                {
                    "confirmed_qty": 12.0,
                    "unconfirmed_qty": 5.0,
                    "vendor_id": self.vendor_oak.id,
                    "supplierinfo_id": self.chair_oak_12.id,
                    "price_unit": 20.0,
                    "price_subtotal": 340.0,
                }
            ],
        )
        # Parasols are bought per pack of 6: 240 a pack is 40 a parasol; 10 < 2 packs.
        self.assertRecordValues(
            plan[self.parasol],
            [
                {
                    "confirmed_qty": 10.0,
                    "vendor_id": self.vendor_sun.id,
                    "supplierinfo_id": self.parasol_sun_1.id,
                    "price_unit": 40.0,
                    "price_subtotal": 400.0,
                }
            ],
        )
        self.assertRecordValues(
            plan[self.lounger],
            [
                {
                    "unconfirmed_qty": 2.0,
                    "vendor_id": False,
                    "supplierinfo_id": False,
                    "price_subtotal": 0.0,
                }
            ],
        )

    def test_plan_is_live(self):
        self._preorder(self.customer_gold, {self.table: 40})
        # 52 now reaches the break from 50.
        self.assertRecordValues(
            self._plan()[self.table],
            [
                {
                    "total_qty": 52.0,
                    "price_unit": 80.0,
                }
            ],
        )

    def test_plan_groups_by_vendor_brand_and_category(self):
        Plan = self.env["preorder.purchase.plan"]
        domain = [("campaign_id", "=", self.campaign.id)]
        by_vendor = dict(Plan._read_group(domain, ["vendor_id"], ["total_qty:sum"]))
        self.assertEqual(
            by_vendor,
            {
                self.vendor_oak: 29.0,
                self.vendor_sun: 10.0,
                self.env["res.partner"]: 2.0,
            },
        )
        by_brand = dict(Plan._read_group(domain, ["product_brand_id"], ["price_subtotal:sum"]))
        self.assertEqual(by_brand, {self.brand_oak: 1420.0, self.brand_sun: 400.0})
        by_categ = dict(Plan._read_group(domain, ["categ_id"], ["confirmed_qty:sum"]))
        self.assertEqual(by_categ, {self.categ_garden: 18.0, self.categ_chairs: 12.0})
        grouped = Plan.formatted_read_group(
            domain, ["campaign_id", "vendor_id"], ["total_qty:sum", "price_subtotal:sum"]
        )
        self.assertEqual(len(grouped), 3)

    def test_sales_amount_in_the_company_currency(self):
        """Orders in another currency count at their own rate, also when orders
        of several rates hold the same product."""
        campaign = self.campaign.copy({"code": "GARDEN27-RATES"})
        campaign.state = "open"
        at_par = self._preorder(self.customer, {self.table: 2}, campaign=campaign)
        abroad = self._preorder(self.customer_gold, {self.table: 3}, campaign=campaign)
        self.env.flush_all()
        self.cr.execute("UPDATE sale_order SET currency_rate = 2.0 WHERE id = %s", [abroad.id])
        self.env.invalidate_all()
        [row] = self._plan(campaign).values()
        self.assertAlmostEqual(
            row.sales_amount, at_par.amount_untaxed + abroad.amount_untaxed / 2.0, places=2
        )
        self.assertEqual(row.total_qty, 5.0)

    def test_plan_of_one_campaign_quotes_only_its_rows(self):
        """The campaign's buttons open the plan on its campaign: only its rows are
        quoted (a national campaign's plan must not price every other one), the
        figures are those of the whole plan, and the demand is aggregated once
        whatever the number of products."""
        other = self.campaign.copy({"code": "GARDEN27-OTHER"})
        other.state = "open"
        self._preorder(self.customer, {self.table: 30, self.chair: 7}, campaign=other)
        Plan = self.env["preorder.purchase.plan"]
        quoted = []
        get_quotes = type(Plan)._get_quotes

        def spy(plan, rows):
            quoted.extend(row["campaign_id"] for row in rows)
            return get_quotes(plan, rows)

        domain = [("campaign_id", "=", self.campaign.id)]
        sums = ["total_qty:sum", "price_subtotal:sum", "sales_amount:sum"]
        with patch.object(type(Plan), "_get_quotes", spy):
            grouped = Plan.formatted_read_group(domain, ["vendor_id"], sums)
        self.assertEqual(set(quoted), {self.campaign.id})
        quoted.clear()
        with patch.object(type(Plan), "_get_quotes", spy):
            whole = Plan.formatted_read_group(
                [("campaign_id", "in", [self.campaign.id, other.id])],
                ["campaign_id", "vendor_id"],
                sums,
            )
        self.assertEqual(set(quoted), {self.campaign.id, other.id})
        ours = [
            {key: group[key] for key in ("vendor_id", *sums)}
            for group in whole
            if group["campaign_id"][0] == self.campaign.id
        ]
        self.assertEqual(
            ours, [{key: group[key] for key in ("vendor_id", *sums)} for group in grouped]
        )

        # One aggregate of the lines, the vendor rows, the grouped read: as many
        # queries when the campaign's plan has more products.
        def count_queries():
            self.env.flush_all()
            self.env.invalidate_all()
            queries = self.cr.sql_log_count
            Plan.formatted_read_group(domain, ["vendor_id"], sums)
            return self.cr.sql_log_count - queries

        before = count_queries()
        self._preorder(self.customer_gold, {self.parasol: 3, self.lounger: 4, self.display: 2})
        self.assertEqual(count_queries(), before)

    def test_plan_agrees_with_core(self):
        """The plan shows the core's vendor and price on data that exercises every
        rule (breaks, packs, discount, sequence, dates, companies)."""
        other_company = self.env["res.company"].create({"name": "Other Co"})
        products = self.env["product.product"].create(
            [
                {"name": f"Agreement {qty}", "categ_id": self.categ_garden.id, "is_storable": True}
                for qty in (1, 5, 10, 12, 15, 20, 30, 100)
            ]
        )
        quantities = dict(zip(products, (1, 5, 10, 12, 15, 20, 30, 100), strict=True))
        vendor_c, vendor_d = self.env["res.partner"].create([{"name": "C"}, {"name": "D"}])
        rows = []
        for product in products:
            rows += [
                self._seller_values(product, self.vendor_oak, 0, 10, sequence=1),
                self._seller_values(product, self.vendor_oak, 10, 9, sequence=1),
                self._seller_values(product, self.vendor_sun, 20, 8.5, sequence=1),
                self._seller_values(product, self.vendor_sun, 0, 7, sequence=2),
                self._seller_values(
                    product, vendor_c, 5, 9.5, sequence=1, date_end=self.today - timedelta(days=1)
                ),
                self._seller_values(product, vendor_c, 15, 9.2, sequence=1, discount=10),
                self._seller_values(
                    product, vendor_d, 0, 1, sequence=0, company_id=other_company.id
                ),
                self._seller_values(product, vendor_d, 2, 54, sequence=1, uom=self.uom_pack6),
            ]
        self.env["product.supplierinfo"].create(rows)
        self.campaign.product_ids = [Command.link(product.id) for product in products]
        self._preorder(self.customer, quantities)

        plan = self._plan()
        prices, _sellers = self.campaign._get_supplier_prices(products)
        for product, qty in quantities.items():
            with self.subTest(quantity=qty):
                chosen = purchase_advice.select_vendor(
                    prices[product.id],
                    product_id=product.id,
                    quantity=qty,
                    on_date=self.today,
                    company_id=self.campaign.company_id.id,
                )
                quote = purchase_advice.vendor_quote(
                    prices[product.id],
                    vendor_id=chosen.vendor_id,
                    product_id=product.id,
                    quantity=qty,
                    on_date=self.today,
                    company_id=self.campaign.company_id.id,
                )
                row = plan[product]
                self.assertEqual(row.vendor_id.id, chosen.vendor_id)
                self.assertEqual(row.supplierinfo_id.id, quote.id)
                self.assertAlmostEqual(row.price_unit, quote.price)
        # The data does exercise several rules: breaks, packs, discount, sequence.
        self.assertEqual(
            {plan[product].supplierinfo_id.partner_id for product in products},
            {self.vendor_oak, self.vendor_sun, vendor_c, vendor_d},
        )
