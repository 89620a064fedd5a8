import json
import time
from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

from odoo import http
from odoo.fields import Command
from odoo.http import request
from odoo.tests import tagged

from ..controllers import read_your_writes
from .common import PreorderWebsiteCommon

COOKIE = read_your_writes.COOKIE


@tagged("post_install", "-at_install")
class TestPreorderWebsiteReplica(PreorderWebsiteCommon):
    """Which database a request reads: the grid's pages and refreshes go to the
    read replica (a read-only cursor), except for a browser that saved a moment
    ago, which reads the primary and so sees what its save answered.

    The test server opens a real read-only transaction for a readonly route (a
    write in it fails and Odoo retries on the primary), as a replica would."""

    @contextmanager
    def _cursors(self):
        """Record (path, read-only?) of the cursor each request was answered on."""
        served = []
        IrHttp = type(self.env["ir.http"])
        original = IrHttp._post_dispatch

        def _post_dispatch(cls, response):
            served.append((request.httprequest.path, request.env.cr.readonly))
            return original(response)

        with patch.object(IrHttp, "_post_dispatch", classmethod(_post_dispatch)):
            yield served

    def _marker(self):
        return self.opener.cookies.get(COOKIE)

    def _forget_marker(self):
        self.opener.cookies.set(COOKIE, None)

    def _set_marker(self, value):
        self._forget_marker()  # the one the server set: one marker only
        self.opener.cookies.set(COOKIE, value)

    def _read_routes(self, suffix=""):
        """Run every read route of the grid once (`suffix`: a rep's `partner_id`)."""
        base = f"/preorder/{self.campaign.id}"
        self.assertEqual(self.url_open(f"/preorder{suffix}").status_code, 200)
        self.assertEqual(self.url_open(f"{base}{suffix}").status_code, 200)
        self.assertEqual(self.url_open(f"{base}/rows{suffix}").status_code, 200)
        self.assertEqual(self.url_open(f"{base}/export{suffix}").status_code, 200)
        params = {"partner_id": self.customer.id} if suffix else {}
        state = self._rpc(f"{base}/state", product_ids=[self.table.id], **params)
        self.assertNotIn("error", state)
        suggest = self._rpc(f"{base}/suggest", text="PO-TABLE", **params)
        self.assertNotIn("error", suggest)
        return state

    def _assert_read_only(self, served, expected=True):
        self.assertTrue(served)
        self.assertEqual(
            [readonly for _path, readonly in served],
            [expected] * len(served),
            f"served on {'the replica' if expected else 'the primary'}: {served}",
        )

    def test_pages_read_the_replica_and_never_write(self):
        """Without a recent save every read route is answered on the read-only
        cursor, once: a page that wrote (a visitor, a device log, a draft) would
        fail on a replica and be answered a second time on the primary."""
        with self._cursors() as served, self.assertNoLogs("odoo.http", "WARNING"):
            self.assertEqual(self.url_open("/preorder").status_code, 200)
            self._login()
            self._read_routes()
        self.assertEqual(len(served), 7)
        self._assert_read_only(served)
        self.assertIsNone(self._marker())

    def test_rep_pages_read_the_replica(self):
        self._login("preorder_rep")
        with self._cursors() as served, self.assertNoLogs("odoo.http", "WARNING"):
            self._read_routes(suffix=f"?partner_id={self.customer.id}")
        self._assert_read_only(served)

    def test_a_save_sends_the_next_reads_to_the_primary(self):
        self._login()
        before = time.time()
        result = self._save({self.table.id: 3})
        self.assertEqual(result["lines"], {str(self.table.id): 3.0})
        cookie = next(c for c in self.opener.cookies if c.name == COOKIE)
        self.assertTrue(cookie.has_nonstandard_attr("HttpOnly"))
        self.assertEqual(cookie.path, "/")
        self.assertGreaterEqual(int(cookie.value), int(before) + read_your_writes.SECONDS)
        self.assertLessEqual(int(cookie.value), time.time() + read_your_writes.SECONDS)
        with self._cursors() as served:
            state = self._read_routes()
        self._assert_read_only(served, expected=False)
        self.assertEqual(state["lines"], {str(self.table.id): 3.0}, "what the save answered")
        self.assertIn(
            'value="3"', self._row(self.url_open(f"/preorder/{self.campaign.id}").text, self.table)
        )

    def test_the_marker_runs_out(self):
        self._login()
        self._save({self.table.id: 1})
        self._set_marker(str(int(time.time()) - 1))
        with self._cursors() as served:
            self._read_routes()
        self._assert_read_only(served)

    def test_a_refused_save_leaves_the_reads_on_the_replica(self):
        self._login()
        result = self._save({self.table.id: -4})
        self.assertIn("error", result)
        self.assertIsNone(self._marker())

    def test_every_write_route_marks(self):
        last_season = self.campaign.copy(
            {"name": "Garden 2026", "code": "GARDEN26", "product_ids": [Command.clear()]}
        )
        last_season.write(
            {
                "date_start": self.now - timedelta(days=400),
                "date_end": self.now - timedelta(days=300),
            }
        )
        old = self._new_preorder(campaign=last_season)
        old.sudo()._preorder_set_quantities({self.parasol: 3}, rules="salesperson")
        self._login()
        base = f"/preorder/{self.campaign.id}"
        csrf = http.Request.csrf_token(self)
        writes = {
            "save": lambda: self._save({self.chair.id: 1}),
            "scan": lambda: self._rpc(f"{base}/scan", barcode=self.chair.barcode),
            "paste": lambda: self._rpc(f"{base}/paste", text="PO-TABLE\t2"),
            "delivery_date": lambda: self._rpc(f"{base}/delivery_date", delivery_date=False),
            "accept_suggestions": lambda: self._rpc(
                f"{base}/accept_suggestions", source=str(last_season.id)
            ),
            "import/apply": lambda: self.url_open(
                f"{base}/import/apply",
                data={"csrf_token": csrf, "entries": json.dumps([["PO-TABLE", "5", 1]])},
                allow_redirects=False,
            ),
            "finalize": lambda: self.url_open(
                f"{base}/finalize", data={"csrf_token": csrf}, allow_redirects=False
            ),
        }
        for name, write in writes.items():
            with self.subTest(route=name):
                self._forget_marker()
                response = write()
                if isinstance(response, dict):
                    self.assertNotIn("error", response)
                else:
                    self.assertEqual(response.status_code, 303)
                self.assertTrue(self._marker(), f"{name} sends the next reads to the primary")
        order = self._orders()
        self.assertEqual(self._quantities(order)[self.parasol], 3, "the suggestion was taken")
        self.assertTrue(order.preorder_finalized)

    def test_a_forged_marker_reaches_the_primary_only(self):
        """A marker the browser made up gives no access: the same pages, the same
        refusals, only answered by the primary. Anything but a time is ignored."""
        self._login("preorder_outsider")
        page = f"/preorder/{self.campaign.id}"
        refused = self.url_open(page)
        self.assertEqual(refused.status_code, 403)
        self._set_marker(str(int(time.time()) + 3600))
        with self._cursors() as served:
            forged = self.url_open(page)
        self._assert_read_only(served, expected=False)
        self.assertEqual(forged.status_code, 403)
        self.assertNotIn("o_preorder_row", forged.text)
        for value in ("abc", "-5", "\u00b2", "9" * 50, ""):
            with self.subTest(value=value):
                self._set_marker(value)
                with self._cursors() as served:
                    self.assertEqual(self.url_open(page).status_code, 403)
                self._assert_read_only(served)
