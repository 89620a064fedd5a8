import itertools
import json
from unittest.mock import patch

import websocket

from odoo.tests import tagged
from odoo.tests.common import ChromeBrowser

from odoo.addons.preorder_website.controllers.main import PreorderWebsite

from .common import PreorderWebsiteCommon

OFFLINE, ONLINE = "preorder-test: offline", "preorder-test: online"
NO_NETWORK = {"latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}


class ServiceWorkerNetwork:
    """Switches the network of the browser's service workers, which the page's own
    DevTools session does not reach: through a browser-level session attached to
    each service worker (the emulation lasts as long as that session)."""

    def __init__(self, browser):
        self.browser = browser
        self.ws = None
        self.ids = itertools.count(1)

    def call(self, method, params=None, session=None):
        message = {"id": next(self.ids), "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        while True:
            answer = json.loads(self.ws.recv())
            if answer.get("id") == message["id"]:
                return answer.get("result", {})

    def set_offline(self, offline):
        if self.ws:
            self.ws.close()  # ends the emulation of the previous switch
            self.ws = None
        if not offline:
            return
        url = self.browser._json_command("version")["webSocketDebuggerUrl"]
        self.ws = websocket.create_connection(url, suppress_origin=True)
        for target in self.call("Target.getTargets")["targetInfos"]:
            if target["type"] == "service_worker":
                session = self.call(
                    "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
                )["sessionId"]
                self.call("Network.enable", session=session)
                self.call(
                    "Network.emulateNetworkConditions",
                    {"offline": True, **NO_NETWORK},
                    session=session,
                )


@tagged("post_install", "-at_install")
class TestPreorderWebsiteOffline(PreorderWebsiteCommon):
    """The grid on a phone without a connection: what is typed offline survives a
    reload and is saved when the connection is back. The browser's network is
    switched off and on by this test when the tour asks for it (a console line)."""

    browser_size = "390x844"
    touch_enabled = True

    def _start_offline_tour(self, tour):
        handle_console = ChromeBrowser._handle_console
        handle_request = ChromeBrowser._handle_request_paused
        network = {"offline": False, "workers": None, "pages_rendered_offline": 0}
        get_rows_values = PreorderWebsite._get_rows_values

        def count_pages(controller, *args, **kwargs):
            network["pages_rendered_offline"] += network["offline"]
            return get_rows_values(controller, *args, **kwargs)

        def switch_network(browser, type, args=None, **kw):
            message = args and str(browser._from_remoteobject(args[0]))
            if message in (OFFLINE, ONLINE):
                network["offline"] = message == OFFLINE
                browser._websocket_send("Network.enable")
                browser._websocket_send(
                    "Network.emulateNetworkConditions",
                    params={"offline": network["offline"], **NO_NETWORK},
                )
                network["workers"] = network["workers"] or ServiceWorkerNetwork(browser)
                network["workers"].set_offline(network["offline"])
            return handle_console(browser, type, args=args, **kw)

        def fail_when_offline(browser, **params):
            # What the page asks the network itself while offline fails as it
            # would on a phone (the service worker answers the rest from its cache).
            if network["offline"]:
                browser._websocket_send(
                    "Fetch.failRequest",
                    params={
                        "requestId": params["requestId"],
                        "errorReason": "InternetDisconnected",
                    },
                )
                return None
            return handle_request(browser, **params)

        with (
            patch.object(ChromeBrowser, "_handle_console", switch_network),
            patch.object(ChromeBrowser, "_handle_request_paused", fail_when_offline),
            patch.object(PreorderWebsite, "_get_rows_values", count_pages),
        ):
            self.start_tour(f"/preorder/{self.campaign.id}", tour, login="preorder_portal")
        if network["workers"]:
            network["workers"].set_offline(False)
        return network

    def test_tour_offline_reload_then_saved(self):
        network = self._start_offline_tour("preorder_website_offline")
        self.assertEqual(
            network["pages_rendered_offline"],
            0,
            "the page reloaded offline came from the service worker's cache, not the server",
        )
        self.assertEqual(
            self._quantities(self._orders()),
            {self.table: 4, self.parasol: 3},
            "the changes typed offline were saved once the connection was back",
        )

    def test_service_worker_is_served_for_the_campaign_pages(self):
        response = self.url_open("/preorder/service-worker.js")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "text/javascript")
        # Its scope may be /preorder/ and /outlet/, with a language prefix
        self.assertEqual(response.headers["Service-Worker-Allowed"], "/")
        self.assertIn("preorder-offline-v1", response.text)
