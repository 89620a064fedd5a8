from odoo.tests import tagged

from .common import PreorderMrpCommon


@tagged("post_install", "-at_install")
class TestProductionAdvicePerformance(PreorderMrpCommon):
    """Telling made from bought products costs the same queries for two
    manufactured products as for ten (one alone takes Odoo's single-product
    path of ``_bom_find``)."""

    def _advice_queries(self):
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        advice = self.campaign._prepare_purchase_advice()
        return self.cr.sql_log_count - start, advice

    def _made(self, advice):
        return sum(1 for values in advice if values.get("supply_method") == "manufacture")

    def test_advice_queries_do_not_grow_with_manufactured_products(self):
        products = self._create_manufactured([f"Made {index}" for index in range(9)])
        for product in products:
            self._create_bom(product)
        self._preorder(
            self.customer, {self.table: 8, self.planter: 10, products[0]: 2}, confirm=True
        )
        self._advice_queries()  # warm up caches
        queries_two, advice = self._advice_queries()
        self.assertEqual(self._made(advice), 2)

        self._preorder(self.customer_gold, dict.fromkeys(products[1:], 2), confirm=True)
        self._advice_queries()  # new products: warm up their defaults again
        queries_ten, advice = self._advice_queries()
        self.assertEqual(self._made(advice), 10)
        self.assertEqual(queries_ten, queries_two)
        # The purchase advice's share, then one query for the routes, the bills of
        # materials (a search, then their products) and the manufacturing orders.
        with self.assertQueryCount(15):
            self.env.invalidate_all()
            self.campaign._prepare_purchase_advice()
