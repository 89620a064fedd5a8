from datetime import timedelta

from odoo.fields import Command
from odoo.tests import tagged

from .common import PreorderPurchaseCommon


@tagged("post_install", "-at_install")
class TestAdvicePerformance(PreorderPurchaseCommon):
    """The advice aggregates in SQL: 2,000 pre-order lines cost the same
    queries as 200."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.products = cls.env["product.product"].create(
            [
                {"name": f"Bulk {index}", "categ_id": cls.categ_garden.id, "list_price": 10}
                for index in range(20)
            ]
        )
        cls.env["product.supplierinfo"].create(
            [
                cls._seller_values(product, vendor, min_qty, price)
                for product in cls.products
                for vendor, min_qty, price in (
                    (cls.vendor_oak, 0, 5),
                    (cls.vendor_oak, 500, 4),
                    (cls.vendor_sun, 0, 6),
                )
            ]
        )

    def _add_lines(self, count, drops=None):
        """`count` lines: orders of 20 lines, one per product (20 products), taking
        turns over `drops`."""
        products = self.products
        drops = drops or [self.env["preorder.delivery.drop"]]
        self.env["sale.order"].create(
            [
                {
                    # Quotations sent: one contact has one draft in progress at a time.
                    "state": "sent",
                    "partner_id": self.customer.id,
                    "preorder_campaign_id": self.campaign.id,
                    "preorder_drop_id": drops[index % len(drops)].id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 1})
                        for product in products
                    ],
                }
                for index in range(count // 20)
            ]
        )

    def _advice_queries(self):
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        advice = self.campaign._prepare_purchase_advice(include_unconfirmed=True)
        return self.cr.sql_log_count - start, advice

    def test_advice_queries_do_not_grow_with_lines(self):
        self._add_lines(200)
        self._advice_queries()  # warm up caches
        queries_200, advice = self._advice_queries()
        self.assertEqual(sum(values["demand_qty"] for values in advice), 200)
        self._add_lines(1800)
        queries_2000, advice = self._advice_queries()
        self.assertEqual(sum(values["demand_qty"] for values in advice), 2000)
        self.assertEqual(queries_2000, queries_200)
        # A bridge adds its own constant share: preorder_mrp reads the Manufacture
        # routes, the bills of materials and the manufacturing orders (3 queries).
        budget = 10 + (3 if "production_count" in self.campaign._fields else 0)
        with self.assertQueryCount(budget):
            self.env.invalidate_all()
            self.campaign._prepare_purchase_advice(include_unconfirmed=True)

    def test_advice_per_drop_queries_do_not_grow_with_lines(self):
        """Per drop, the advice costs one query more (the drops' dates order the
        lines' split), whatever the number of lines and drops."""
        drops = self.env["preorder.delivery.drop"].create(
            [
                {"campaign_id": self.campaign.id, "name": name, "date": self.today + delay}
                for name, delay in (("March", timedelta(days=40)), ("May", timedelta(days=90)))
            ]
        )
        self._add_lines(200, drops)
        self._advice_queries()  # warm up caches
        queries_200, advice = self._advice_queries()
        self.assertEqual(len(advice), 40, "one line per product and drop")
        self.assertEqual(sum(values["demand_qty"] for values in advice), 200)
        self._add_lines(1800, drops)
        july = self.env["preorder.delivery.drop"].create(
            {"campaign_id": self.campaign.id, "name": "July", "date": self.today + timedelta(150)}
        )
        self._add_lines(200, [july])
        queries_2200, advice = self._advice_queries()
        self.assertEqual(len(advice), 60)
        self.assertEqual(sum(values["demand_qty"] for values in advice), 2200)
        self.assertEqual(queries_2200, queries_200)
        budget = 11 + (3 if "production_count" in self.campaign._fields else 0)
        with self.assertQueryCount(budget):
            self.env.invalidate_all()
            self.campaign._prepare_purchase_advice(include_unconfirmed=True)

    def test_negotiation_sheet_queries_do_not_grow_with_products(self):
        """The near-break figures and the negotiation sheet come from the plan's
        quotes, read in one go: 40 products cost the same queries as 20."""
        report = self.env.ref("preorder_purchase.action_report_campaign_negotiation")

        def sheet_queries():
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            html, _format = self.env["ir.actions.report"]._render_qweb_html(
                report.report_name, self.campaign.ids
            )
            return self.cr.sql_log_count - start, html.decode()

        self._add_lines(20)
        sheet_queries()  # warm up caches (templates, sequences)
        queries_20, html = sheet_queries()
        self.assertEqual(html.count("Bulk "), 20)
        more = self.env["product.product"].create(
            [
                {"name": f"More {index}", "categ_id": self.categ_garden.id, "list_price": 10}
                for index in range(20)
            ]
        )
        self.env["product.supplierinfo"].create(
            [
                self._seller_values(product, self.vendor_oak, min_qty, price)
                for product in more
                for min_qty, price in ((0, 5), (10, 4))
            ]
        )
        self._preorder(self.customer, dict.fromkeys(more, 8))
        queries_40, html = sheet_queries()
        self.assertEqual(html.count("More "), 20)
        self.assertEqual(queries_40, queries_20)
