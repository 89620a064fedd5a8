"""The user guides' screenshots, taken in headless Chromium against the demo
database: each shot signs in as its role, opens a page, waits until the page shows
the demo data it is meant to show, and saves a PNG under the addon's
static/description/ (docs/ reads them from there).

Chromium is driven through its DevTools protocol (websocket-client, a test
requirement); the sessions come from Odoo's /web/session/authenticate (odoo_client)."""

import base64
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Shot:
    file: str  # under the repository: <addon>/static/description/<name>.png
    login: str  # demo login (its password is the same)
    path: str  # the page; {spring}: the spring campaign's id, {customer}: Green Garden's
    wait_for: str  # CSS selector that must be on the page
    shows: str  # text of the demo data the page must show
    phone: bool = False  # a 390 px wide phone screen instead of a desktop one
    script: str = ""  # JavaScript run once the page is ready (open a panel, ...)


SHOTS = [
    # Campaign manager (backoffice)
    Shot(
        "preorder_campaign/static/description/guide_campaigns.png",
        "admin",
        "/odoo/action-preorder_campaign.preorder_campaign_action",
        ".o_kanban_record",
        "Spring 2027 Garden",
    ),
    Shot(
        "preorder_campaign/static/description/guide_campaign_form.png",
        "admin",
        "/odoo/action-preorder_campaign.preorder_campaign_action/{spring}",
        ".o_form_view .oe_stat_button",
        "Invite Customers",
    ),
    # Customer (website)
    Shot(
        "preorder_website/static/description/guide_landing.png",
        "customer",
        "/preorder",
        ".o_preorder_campaign_card",
        "Spring 2027 Garden",
    ),
    Shot(
        "preorder_website/static/description/guide_grid.png",
        "customer",
        "/preorder/{spring}",
        ".o_preorder_rows tr",
        "Spring 2027 Garden",
    ),
    Shot(
        "preorder_website/static/description/guide_matrix.png",
        "customer",
        "/preorder/{spring}",
        ".o_preorder_matrix_block",
        "Breeze Seat Cushion",
        script="document.querySelector('.o_preorder_matrix_block')"
        ".scrollIntoView({block: 'center'})",
    ),
    Shot(
        "preorder_website/static/description/guide_grid_phone.png",
        "customer",
        "/preorder/{spring}",
        ".o_preorder_rows tr",
        "Spring 2027 Garden",
        phone=True,
    ),
    # Sales rep (website, for a customer)
    Shot(
        "preorder_website/static/description/guide_rep_grid.png",
        "rep",
        "/preorder/{spring}?partner_id={customer}",
        ".o_preorder_rep_banner",
        "Entering the pre-order of",
    ),
    # Purchaser (backoffice)
    Shot(
        "preorder_purchase/static/description/guide_purchase_plan.png",
        "admin",
        "/odoo/action-preorder_purchase.preorder_purchase_plan_action",
        ".o_list_view .o_group_header",
        "Spring 2027 Garden",
        script="[...document.querySelectorAll('.o_group_header')]"
        ".find((row) => row.innerText.includes('Spring 2027 Garden')).click()",
    ),
]


class Browser:
    """One headless Chromium, one tab, spoken to through DevTools."""

    def __init__(self, chromium):
        import websocket  # websocket-client

        self.profile = tempfile.mkdtemp(prefix="preorder-shots-")
        self.process = subprocess.Popen(
            [
                chromium,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
                f"--user-data-dir={self.profile}",
                "--window-size=1280,900",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port_file = Path(self.profile) / "DevToolsActivePort"
        for _ in range(100):
            if port_file.is_file() and port_file.read_text().strip():
                break
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        for _ in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as response:
                    pages = [t for t in json.load(response) if t["type"] == "page"]
                if pages:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        self.socket = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=60)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def close(self):
        self.socket.close()
        self.process.terminate()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)


def signed_in(base_url, db, login):
    """A JSON-RPC session of the demo login (its password is the login)."""
    # Imported here: it needs requests (an Odoo requirement); the shot list does not.
    from odoo_client import Client  # beside this script

    client = Client(base_url, db)
    client.login(login, login)
    return client


def demo_ids(admin):
    """The ids the shots' paths name, found in the demo data."""

    def first_id(model, domain):
        return admin.model(model, "search_read", domain, ["id"], limit=1)[0]["id"]

    return {
        "spring": first_id("preorder.campaign", [["code", "=", "SPRING-2027"]]),
        "customer": first_id("res.partner", [["name", "=", "Green Garden Group"]]),
    }


def take(shots, base_url, db, chromium, out_dir, say, timeout=60):
    """Take `shots` into `out_dir` (the repository, or a folder for a check).
    Returns the problems: a shot whose page never showed its demo data."""
    problems = []
    cookies = {}
    browser = Browser(chromium)
    try:
        browser.call("Page.enable")
        browser.call("Network.enable")
        admin = signed_in(base_url, db, "admin")
        cookies["admin"] = admin.http.cookies["session_id"]
        ids = demo_ids(admin)
        for shot in shots:
            if shot.login not in cookies:
                cookies[shot.login] = signed_in(base_url, db, shot.login).http.cookies["session_id"]
            browser.call("Network.clearBrowserCookies")
            browser.call(
                "Network.setCookie", name="session_id", value=cookies[shot.login], url=base_url
            )
            width, height = (390, 844) if shot.phone else (1280, 900)
            browser.call(
                "Emulation.setDeviceMetricsOverride",
                width=width,
                height=height,
                deviceScaleFactor=1,
                mobile=shot.phone,
            )
            url = base_url + shot.path.format(**ids)
            browser.call("Page.navigate", url=url)
            check = (
                f"!!document.querySelector({json.dumps(shot.wait_for)}) && "
                f"document.body.innerText.includes({json.dumps(shot.shows)})"
            )
            deadline = time.time() + timeout
            while time.time() < deadline and not browser.evaluate(check):
                time.sleep(0.25)
            if not browser.evaluate(check):
                problems.append(f"{shot.file}: {url} never showed {shot.shows!r}")
                continue
            if shot.script:
                browser.evaluate(shot.script)
            time.sleep(1.0)  # fonts, images and the last paint
            data = browser.call("Page.captureScreenshot", format="png")["data"]
            target = Path(out_dir) / shot.file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(data))
            say(f"shot {shot.file} ({shot.login}, {shot.path})")
    finally:
        browser.close()
    return problems
