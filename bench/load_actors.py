"""The simulated users of bench/load: customers and reps on the pre-order grid,
and their twins on Odoo's shop cart, one thread each (requests, loopback only).

Every actor of ours has a twin shop user with the same schedule (start time,
number of bursts and changes, pauses), so both sides put the same shape of
load on the server at the same moments:

- a customer opens the campaign's grid, then types bursts of quick changes on
  random products of its own half of the campaign; each change is one save
  (``/preorder/<id>/save``: a new ``batch_id``, its ``base``), sent once the
  previous one answered, like the debounced offline-first grid;
- a rep does the same for each of his customers in turn (``partner_id``) on the
  other half of the products, so that every (customer, product) has one writer
  and "lost" is exact: the final quantity must be the last one acknowledged;
- the twin opens ``/shop`` once, puts the same few products in its cart
  (``/shop/cart/add``, the product page's button), then makes the same changes
  there, each through ``/shop/cart/update`` with its line (19.0: a JSON-RPC
  POST, what the cart page's quantity input sends,
  ``website_sale/static/src/interactions/cart_line.js``).

Each user changes the same few products again and again (a rep the same ones
for each of his customers), so an order holds the customer's and the rep's
lines of those and a cart the twin's.

A save answered ``retry`` (it lost the order's lock race) or not answered at all
(timeout, connection refused) is sent again with the same ``batch_id``, as the
grid does; its latency is the user's, from the first send to the answer.
"""

import random
import threading
import time
import uuid

import requests

CHANGE_PAUSE = (0.2, 0.6)  # seconds between two changes of a burst (typing, debounce)
MAX_SENDS = 8  # a change sent more often than this counts as failed
TIMEOUT = 30  # seconds a request may take


class Recorder:
    """Every request's outcome, and the quantities acknowledged per (owner, product)."""

    def __init__(self, started):
        self.started = started
        self.lock = threading.Lock()
        self.ops = []  # (side, kind, start, seconds, outcome, sends)
        self.acked = {"ours": {}, "odoo": {}}  # {(partner, product): (quantity, time)}
        self.uncertain = {"ours": set(), "odoo": set()}  # last change not acknowledged
        self.http = {}  # (side, status) -> count
        self.counts = {"retry": 0, "resent": 0, "conflicts": 0, "replayed": 0}
        self.errors = []  # a few error answers, for the report

    def op(self, side, kind, start, seconds, outcome, sends=1):
        with self.lock:
            self.ops.append((side, kind, round(start - self.started, 3), seconds, outcome, sends))

    def status(self, side, status):
        with self.lock:
            self.http[(side, status)] = self.http.get((side, status), 0) + 1

    def count(self, name, number=1):
        with self.lock:
            self.counts[name] += number

    def error(self, side, message):
        with self.lock:
            if len(self.errors) < 20:
                self.errors.append(f"{side}: {message}"[:300])

    def ack(self, side, key, quantity):
        with self.lock:
            self.acked[side][key] = quantity
            self.uncertain[side].discard(key)

    def unsure(self, side, key):
        with self.lock:
            self.uncertain[side].add(key)


class Schedule:
    """What an actor and its twin both do: start offset, bursts, pauses, changes."""

    def __init__(self, seed, ramp, slots, bursts, burst_size, burst_pause, products, per_user):
        rng = random.Random(seed)
        self.start = rng.uniform(0, ramp)
        # The few products this user changes (a rep: the same for each customer)
        products = rng.sample(products, min(per_user, len(products)))
        self.products = products
        self.slots = []  # per slot (a rep's customer; one for a customer): its bursts
        for _slot in range(slots):
            bursts_ = []
            for _burst in range(bursts):
                changes = []
                for _change in range(burst_size):
                    # One product per change: one save here, one cart request there.
                    change = [(rng.choice(products), rng.randint(1, 40))]
                    changes.append((change, rng.uniform(*CHANGE_PAUSE)))
                bursts_.append((changes, rng.uniform(*burst_pause)))
            self.slots.append(bursts_)


class Actor(threading.Thread):
    def __init__(self, base_url, sid, schedule, recorder, stop, deadline):
        super().__init__(daemon=True)
        self.base_url = base_url
        self.http = requests.Session()
        self.http.cookies.set("session_id", sid)
        self.schedule = schedule
        self.recorder = recorder
        self.stop = stop
        self.deadline = deadline
        self.skipped = 0

    side = None

    def wait(self, seconds):
        return self.stop.wait(seconds) or time.monotonic() > self.deadline

    def request(self, method, path, payload=None):
        """(status or None, JSON answer or text or None)."""
        try:
            if method == "GET":
                response = self.http.get(self.base_url + path, timeout=TIMEOUT)
            else:
                response = self.http.post(
                    self.base_url + path,
                    json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": payload},
                    timeout=TIMEOUT,
                )
        except requests.RequestException as error:
            self.recorder.status(self.side, "network")
            self.recorder.error(self.side, f"{path}: {error!r}")
            return None, None
        self.recorder.status(self.side, response.status_code)
        if method == "GET" or response.status_code >= 500:
            return response.status_code, response.text
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, None

    def page(self, path):
        start = time.monotonic()
        status, _text = self.request("GET", path)
        outcome = "ok" if status == 200 else ("5xx" if status and status >= 500 else "error")
        self.recorder.op(self.side, "page", start, time.monotonic() - start, outcome)

    def run(self):
        if self.wait(self.schedule.start):
            return
        try:
            self.work()
        except Exception as error:  # noqa: BLE001 (a bench bug: reported, never silent)
            self.recorder.error(self.side, f"actor crashed: {error!r}")
            self.recorder.status(self.side, "crash")

    def bursts(self, slot, owner, apply):
        """Run the slot's bursts: `apply(owner, changes)` per change."""
        for changes, burst_pause in self.schedule.slots[slot]:
            for change, pause in changes:
                if self.stop.is_set() or time.monotonic() > self.deadline:
                    self.skipped += 1
                    continue
                apply(owner, change)
                self.wait(pause)
            self.wait(burst_pause)


class PreorderActor(Actor):
    """A customer (`partners` = its own, no partner_id sent) or a rep (his customers)."""

    side = "ours"

    def __init__(self, *args, campaign_id, partners, is_rep, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign_id = campaign_id
        self.partners = partners
        self.is_rep = is_rep
        self.known = {}  # (partner, product) -> stored quantity the grid shows

    def work(self):
        for slot, partner in enumerate(self.partners):
            query = f"?partner_id={partner}" if self.is_rep else ""
            self.page(f"/preorder/{self.campaign_id}{query}")
            self.bursts(slot, partner, self.save)

    def save(self, partner, change):
        quantities = {str(product): quantity for product, quantity in change}
        params = {
            "quantities": quantities,
            "batch_id": uuid.uuid4().hex,
            "base": {str(product): self.known.get((partner, product), 0) for product, _q in change},
        }
        if self.is_rep:
            params["partner_id"] = partner
        start = time.monotonic()
        outcome = "error"
        sends = 0
        while sends < MAX_SENDS:
            sends += 1
            status, answer = self.request("POST", f"/preorder/{self.campaign_id}/save", params)
            if status is None or status >= 500:
                outcome = "5xx" if status else "network"
                self.recorder.count("resent")
                time.sleep(0.5)
                continue  # the same batch_id: applied once whatever happened
            result = (answer or {}).get("result")
            if not isinstance(result, dict) or "error" in (answer or {}):
                outcome = "error"
                self.recorder.error("ours", f"{status} {str(answer)[:200]}")
                break
            if result.get("retry"):
                self.recorder.count("retry")
                time.sleep(random.uniform(0.05, 0.3))
                continue
            if "error" in result:
                outcome = "error"
                self.recorder.error("ours", result["error"])
                break
            outcome = "ok"
            self.recorder.count("conflicts", len(result.get("conflicts") or {}))
            self.recorder.count("replayed", int(bool(result.get("replayed"))))
            for product, quantity in result["lines"].items():
                self.known[(partner, int(product))] = quantity
                self.recorder.ack("ours", (partner, int(product)), quantity)
            break
        if outcome != "ok":
            for product, _quantity in change:
                self.recorder.unsure("ours", (partner, product))
        self.recorder.op("ours", "save", start, time.monotonic() - start, outcome, sends)


class CartActor(Actor):
    """The twin of a PreorderActor: the same changes in its own shop cart."""

    side = "odoo"

    def __init__(self, *args, partner, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.partner = partner
        self.templates = templates  # product id -> template id
        self.lines = {}  # product id -> cart line id

    def work(self):
        self.page("/shop")
        # Its products into the cart first, as from the product page: each change
        # of the bursts is then a cart update, the cart page's quantity input.
        for product in self.schedule.products:
            if not self.wait(0) and product not in self.lines:
                self.change(self.partner, [(product, 1)])
        for slot in range(len(self.schedule.slots)):
            self.bursts(slot, self.partner, self.change)

    def change(self, partner, change):
        for product, quantity in change:  # the cart changes one line per request
            if product in self.lines:
                kind, route = "cart_update", "/shop/cart/update"
                params = {"line_id": self.lines[product], "product_id": product}
            else:
                kind, route = "cart_add", "/shop/cart/add"
                params = {"product_template_id": self.templates[product], "product_id": product}
                if quantity == 0:
                    continue
            start = time.monotonic()
            status, answer = self.request("POST", route, {**params, "quantity": quantity})
            result = (answer or {}).get("result") if isinstance(answer, dict) else None
            if status is None or status >= 500:
                outcome = "5xx" if status else "network"
            elif not isinstance(result, dict):
                outcome = "error"
                self.recorder.error("odoo", f"{route} {status} {str(answer)[:200]}")
            else:
                outcome = "ok"
                if kind == "cart_add":
                    lines = (result.get("notification_info") or {}).get("lines") or []
                    if lines:
                        self.lines[product] = lines[0]["id"]
                self.recorder.ack("odoo", (partner, product), float(result.get("quantity", 0)))
            if outcome != "ok":
                self.recorder.unsure("odoo", (partner, product))
            self.recorder.op("odoo", kind, start, time.monotonic() - start, outcome)
