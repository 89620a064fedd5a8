"""Contention check: three sessions edit one pre-order at the same time.

A customer on two devices and the customer's rep start together on a campaign where
the customer has no order yet (so their first saves race to create it), then each
saves random quantities of its own products, as the grid does, against a real Odoo
server with several workers. The check passes when:

* no save is lost: every product holds the last quantity its session saved;
* nothing is duplicated: the customer has exactly one pre-order in the campaign;
* no failure is visible: every save is stored or answered ``"retry": true``, which
  the grid sends again by itself (it is sent again here too, and counted).

Run by ``scripts/preorder_dev.py`` (``test`` after the Odoo suites, or ``contention``)
against a database with the demo data; it uses ``requests`` (an Odoo requirement).
"""

import random
import threading
import time
from datetime import UTC, datetime, timedelta

from odoo_client import Client

SESSIONS = (("customer", "customer", False), ("customer", "customer", False), ("rep", "rep", True))
PRODUCTS_PER_SESSION = 4
SAVES_PER_SESSION = 200  # 600 saves in all, as the abuse run that found the failures
MAX_SENDS_PER_SAVE = 20  # the grid retries without limit; a stuck save fails the check


def prepare_campaign(admin, sessions):
    """A fresh open campaign for the demo customer, with the rep responsible."""
    [customer] = admin.model(
        "res.users", "search_read", [("login", "=", "customer")], fields=["partner_id"]
    )
    [rep] = admin.model("res.users", "search_read", [("login", "=", "rep")], fields=["id"])
    [partner] = admin.model(
        "res.partner", "read", [customer["partner_id"][0]], fields=["commercial_partner_id"]
    )
    count = len(sessions) * PRODUCTS_PER_SESSION
    product_ids = admin.model(
        "product.product",
        "search",
        [("sale_ok", "=", True), ("type", "=", "consu"), ("company_id", "=", False)],
        limit=count,
        order="id",
    )
    if len(product_ids) < count:
        raise RuntimeError(f"the database has fewer than {count} saleable goods")
    now = datetime.now(UTC)
    stamp = now.strftime("%Y%m%d%H%M%S")
    campaign_id = admin.model(
        "preorder.campaign",
        "create",
        {
            "name": f"Contention check {stamp}",
            "code": f"CONTENTION-{stamp}",
            "campaign_type": "preorder",
            "user_id": rep["id"],
            "date_start": (now - timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S"),
            "date_end": (now + timedelta(days=10)).strftime("%Y-%m-%d %H:%M:%S"),
            "product_ids": [(6, 0, product_ids)],
            "audience": "selected",
            "partner_ids": [(6, 0, [partner["commercial_partner_id"][0]])],
            "allow_multiple_orders": False,
            "is_published": True,
        },
    )
    admin.model("preorder.campaign", "action_open", [campaign_id])
    return campaign_id, customer["partner_id"][0], product_ids


def edit(client, campaign_id, partner_id, product_ids, start, report):
    """Save random quantities of `product_ids` as the grid does; record the last
    quantity stored per product and every failure a user would have seen."""
    rng = random.Random(hash(tuple(product_ids)))
    params = {"partner_id": partner_id} if partner_id else {}
    start.wait()
    for _ in range(SAVES_PER_SESSION):
        batch = {
            str(product_id): rng.randint(1, 50)
            for product_id in rng.sample(product_ids, rng.randint(1, len(product_ids)))
        }
        for _send in range(MAX_SENDS_PER_SAVE):
            answer = client.call(f"/preorder/{campaign_id}/save", {"quantities": batch, **params})
            result = answer.get("result") or {}
            if result.get("retry"):
                report["retried"] += 1
                time.sleep(rng.uniform(0.05, 0.3))
                continue
            if "error" in answer or "error" in result:
                report["failures"].append(answer.get("error") or result["error"])
            else:
                report["saves"] += 1
                for product_id, quantity in result["lines"].items():
                    report["last"][int(product_id)] = quantity
            break
        else:
            report["failures"].append(f"still refused after {MAX_SENDS_PER_SAVE} sends")


def run(base_url, db):
    """Run the scenario; return (passed, lines to print)."""
    admin = Client(base_url, db)
    admin.login("admin", "admin")
    campaign_id, customer_partner_id, product_ids = prepare_campaign(admin, SESSIONS)
    start = threading.Barrier(len(SESSIONS))
    reports, threads = [], []
    for index, (login, password, is_rep) in enumerate(SESSIONS):
        client = Client(base_url, db)
        client.login(login, password)
        own = product_ids[index * PRODUCTS_PER_SESSION : (index + 1) * PRODUCTS_PER_SESSION]
        report = {"saves": 0, "retried": 0, "failures": [], "last": {}, "login": login}
        reports.append(report)
        thread = threading.Thread(
            target=edit,
            args=(client, campaign_id, customer_partner_id if is_rep else None, own, start, report),
        )
        threads.append(thread)
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started

    orders = admin.model(
        "sale.order",
        "search_read",
        [("preorder_campaign_id", "=", campaign_id), ("state", "!=", "cancel")],
        fields=["id"],
    )
    lines = admin.model(
        "sale.order.line",
        "search_read",
        [("order_id", "in", [order["id"] for order in orders])],
        fields=["product_id", "product_uom_qty"],
    )
    stored = {}
    for line in lines:
        product_id = line["product_id"][0]
        stored[product_id] = stored.get(product_id, 0.0) + line["product_uom_qty"]
    expected = {pid: qty for report in reports for pid, qty in report["last"].items() if qty}
    lost = {
        pid: (qty, stored.get(pid, 0.0)) for pid, qty in expected.items() if stored.get(pid) != qty
    }
    lost.update({pid: (0.0, qty) for pid, qty in stored.items() if pid not in expected})
    failures = [failure for report in reports for failure in report["failures"]]
    admin.model("preorder.campaign", "write", [campaign_id], {"active": False})

    saves = sum(report["saves"] for report in reports)
    retried = sum(report["retried"] for report in reports)
    lines_out = [
        f"{saves} saves by {len(SESSIONS)} sessions in {seconds:.1f} s, "
        + f"{retried} sent again after a lost race",
        f"orders of the customer in the campaign: {len(orders)} (expected 1)",
        f"lost or wrong quantities: {len(lost)}",
        f"failures a user would see: {len(failures)}",
    ]
    lines_out += [
        f"  lost: product {pid}: saved {want}, stored {got}" for pid, (want, got) in lost.items()
    ]
    lines_out += [f"  failure: {failure}" for failure in failures[:10]]
    return len(orders) == 1 and not lost and not failures, lines_out
