import logging
import os
import statistics
import time

import odoo
from odoo.fields import Command
from odoo.tests import tagged

from .common import PreorderWebsiteCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install", "-standard", "preorder_bench")
class PreorderWebsiteBench(PreorderWebsiteCommon):
    """Ratios against Odoo's own e-commerce, in one run (PERF_SECURITY_NOTES.md B):
    R1 the grid page vs /shop showing as many products, R2 one save vs
    /shop/cart/update on an order of the same size. Logged, never asserted on time.
    Run: --test-tags /preorder_website:PreorderWebsiteBench (PREORDER_BENCH_N=3000)."""

    def _median_ms(self, request, runs=3):
        request()  # warm up
        timings = []
        for _run in range(runs):
            start = time.perf_counter()
            request()
            timings.append((time.perf_counter() - start) * 1000)
        return statistics.median(timings)

    def _report(self, name, ours, odoo_ms, target):
        ratio = ours / odoo_ms if odoo_ms else 0.0
        verdict = "PASS" if ratio <= target else "FAIL"
        _logger.info(
            "BENCH %s ours=%.0fms odoo=%.0fms ratio=%.3f target<=%s %s",
            name,
            ours,
            odoo_ms,
            ratio,
            target,
            verdict,
        )

    def test_bench_ratios(self):
        size = int(os.environ.get("PREORDER_BENCH_N", "500"))
        products = self.env["product.product"].create(
            [
                {
                    "name": f"Bench pot {i:05d}",
                    "categ_id": self.categ_garden.id,
                    "default_code": f"BENCH-{i:05d}",
                    "list_price": 3.0,
                    "is_published": True,
                    "sale_ok": True,
                    "taxes_id": [Command.clear()],
                }
                for i in range(size)
            ]
        )
        self.website.shop_ppg = 60
        self._login()
        # Our order with `size` lines (the website cart with as many comes later)
        self._save({product.id: 1 for product in products[:200]})
        order = self._orders()
        for start in range(200, size, 1000):
            order._preorder_set_quantities(
                {product.id: 1 for product in products[start : start + 1000]}, as_salesperson=True
            )

        def shop_page():
            self.url_open("/shop", timeout=600)

        def our_page():
            self.url_open(f"/preorder/{self.campaign.id}", timeout=600)

        # R1 before the website cart exists: a big session cart slows both headers alike.
        self._report(
            f"R1 page N={size}", self._median_ms(our_page), self._median_ms(shop_page), 0.5
        )

        cart = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "website_id": self.website.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": 1})
                    for product in products
                ],
            }
        )
        self.session["sale_order_id"] = cart.id
        odoo.http.root.session_store.save(self.session)
        line = cart.order_line[0]
        quantities = iter(range(2, 10000))

        def shop_update():
            self.make_jsonrpc_request(
                "/shop/cart/update",
                {
                    "line_id": line.id,
                    "product_id": line.product_id.id,
                    "quantity": next(quantities),
                },
                timeout=600,
            )

        def our_save():
            self._save({products[0].id: next(quantities)})

        self._report(
            f"R2 save N={size}", self._median_ms(our_save), self._median_ms(shop_update), 0.1
        )
