import json
from unittest.mock import patch

from odoo.exceptions import ConcurrencyError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteErrors(PreorderWebsiteCommon):
    """Malformed calls and lost races get a clear answer, never a traceback with
    server paths, and change nothing."""

    def _post(self, route, params):
        """The decoded JSON-RPC answer of a raw call (params may be anything)."""
        response = self._raw_jsonrpc(route, params)
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _assert_clean_refusal(self, answer):
        self.assertNotIn("Traceback", json.dumps(answer))
        self.assertNotIn(".py", json.dumps(answer), "no server path")
        self.assertTrue(answer["result"]["error"])

    def test_malformed_json_calls_answer_without_traceback(self):
        self._login()
        base = f"/preorder/{self.campaign.id}"
        calls = [
            (f"{base}/save", {}),  # no quantities
            (f"{base}/state", {}),  # no product ids
            (f"{base}/scan", {}),  # no barcode
            (f"{base}/delivery_date", {}),  # no date
            (f"{base}/save", [1, 2]),  # params not an object
            (f"{base}/save", "quantities"),
            (f"{base}/scan", {"barcode": "5400000000011\x00"}),  # NUL byte
            (f"{base}/save", {"quantities": {"1\x00": 1}}),
            (f"{base}/save", {"quantities": {str(self.table.id): "1\x00"}}),
        ]
        for route, params in calls:
            with self.subTest(route=route, params=params), mute_logger("odoo.http"):
                self._assert_clean_refusal(self._post(route, params))
        self.assertFalse(self._orders())

    def test_nul_byte_in_page_parameters(self):
        self._login()
        for url in (
            f"/preorder/{self.campaign.id}?search=table%00",
            f"/preorder/{self.campaign.id}/rows?search=%00&offset=2%00",
            "/preorder?partner_search=%00",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 200)
        self._login("preorder_rep")
        for url in (
            "/preorder?partner_search=Gold%00",
            f"/preorder/{self.campaign.id}?partner_search=Gold%00",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                self.assertIn(f"partner_id={self.customer_gold.id}", response.text)

    def test_a_save_that_keeps_losing_the_race_asks_the_grid_to_retry(self):
        self._login()
        self._save({self.table.id: 1})
        SaleOrder = type(self.env["sale.order"])
        with (
            patch("odoo.service.model.MAX_TRIES_ON_CONCURRENCY_FAILURE", 1),
            patch.object(
                SaleOrder, "_preorder_lock", side_effect=ConcurrencyError("held elsewhere")
            ),
            mute_logger("odoo.http", "odoo.service.model"),
        ):
            answer = self._post(
                f"/preorder/{self.campaign.id}/save",
                {"quantities": {str(self.table.id): 5}},
            )
        self._assert_clean_refusal(answer)
        self.assertIs(answer["result"]["retry"], True)
        self.assertEqual(self._quantities(self._orders()), {self.table: 1})
        # A plain refusal is no reason to retry.
        answer = self._post(
            f"/preorder/{self.campaign.id}/save", {"quantities": {str(self.table.id): -1}}
        )
        self.assertNotIn("retry", answer["result"])
