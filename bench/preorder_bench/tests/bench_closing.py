"""R7: closing a campaign, every finalized pre-order confirmed, 200 and 2000 orders."""

import os

from odoo.fields import Command

from .bench_tools import Missing, Result, Side, report, report_note, timed_call, timer

CLOSING_LINES = 5  # lines per pre-order


class BenchClosing:
    """Mixin of the bench test: ``_bench_closing`` needs ``self.products``,
    ``self.runs`` and the dataset's ``_build_campaign``."""

    def _bench_closing(self):
        """R7. ``preorder.campaign._preorder_confirm_finalized_orders()`` (batches of
        100) over N quotations sent of N customers, against Odoo's own
        ``sale.order.action_confirm`` of the same orders in one call; each run rolled
        back. The time and queries per order must stay flat from N=200 to N=2000
        (``BENCH_CLOSING_SIZES``)."""
        sizes = sorted(
            int(size)
            for size in os.environ.get("BENCH_CLOSING_SIZES", "200,2000").split(",")
            if size.strip()
        )
        step = timer()
        customers = self.env["res.partner"].create(
            [
                {"name": f"Bench Closing Customer {index:04d}", "is_company": True}
                for index in range(max(sizes))
            ]
        )
        products = self.products[:CLOSING_LINES]
        report_note(f"closing customers: {len(customers)} in {step() / 1000:.0f}s")
        per_order = {}
        for size in sizes:
            step = timer()
            campaign = self._build_campaign(
                f"Bench closing {size}", products, customers[:size], allow_multiple_orders=True
            )
            orders = self.env["sale.order"].create(
                [
                    {
                        "state": "sent",
                        "partner_id": customer.id,
                        "preorder_campaign_id": campaign.id,
                        "order_line": [
                            Command.create({"product_id": product.id, "product_uom_qty": 2})
                            for product in products
                        ],
                    }
                    for customer in customers[:size]
                ]
            )
            campaign.state = "closed"
            report_note(f"closing fodder: {size} orders in {step() / 1000:.0f}s", orders=size)
            if not hasattr(campaign, "_preorder_confirm_finalized_orders"):
                raise Missing("preorder.campaign._preorder_confirm_finalized_orders missing")

            def rolled_back(call, expected=size, orders=orders):
                savepoint = self.env.cr.savepoint()
                try:
                    sample, _result = timed_call(self.env, call)
                    confirmed = self.env["sale.order"].search_count(
                        [("id", "in", orders.ids), ("state", "=", "sale")]
                    )
                    if confirmed != expected:
                        self.guard_failures.append(
                            f"R7 N={expected}: {confirmed} of {expected} orders confirmed"
                        )
                    return sample
                finally:
                    savepoint.close(rollback=True)

            def ours(index, campaign=campaign, rolled_back=rolled_back):
                return rolled_back(campaign._preorder_confirm_finalized_orders)

            def odoo(index, orders=orders, rolled_back=rolled_back):
                return rolled_back(orders.action_confirm)

            # 2000 orders take minutes per run: BENCH_CLOSING_RUNS timed runs (1 by
            # default), alternating; one warm-up of each at the smallest size only
            runs = max(1, int(os.environ.get("BENCH_CLOSING_RUNS", "1")))
            ours_samples, odoo_samples = [], []
            for index in range(-1 if size == sizes[0] else 0, runs):
                ours_sample, odoo_sample = ours(index), odoo(index)
                if index >= 0:
                    ours_samples.append(ours_sample)
                    odoo_samples.append(odoo_sample)
            ours_side = Side.from_samples(ours_samples)
            odoo_side = Side.from_samples(odoo_samples)
            per_order[size] = (ours_side.ms / size, ours_side.queries / size)
            checks = []
            if size != sizes[0]:
                first_ms, first_queries = per_order[sizes[0]]
                ms, queries = per_order[size]
                checks = [
                    (f"ms/order<=1.3x N={sizes[0]}", ms <= 1.3 * first_ms),
                    (f"q/order<=1.1x N={sizes[0]}", queries <= 1.1 * first_queries),
                ]
            report(
                Result(
                    "R7",
                    size,
                    ours_side,
                    odoo_side,
                    target=1.2,
                    verdict_here=size == sizes[-1],
                    checks=checks,
                    note=f"ours=_preorder_confirm_finalized_orders over {size} quotations "
                    f"sent of {CLOSING_LINES} lines, batches of 100 "
                    f"({per_order[size][0]:.1f} ms, {per_order[size][1]:.1f} q per order); "
                    "odoo=sale.order.action_confirm of the same orders in one call; each "
                    "run rolled back",
                )
            )
