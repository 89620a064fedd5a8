from datetime import timedelta

from odoo.tests import tagged

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteOfflineSave(PreorderWebsiteCommon):
    """``/save`` with `batch_id` and `base`: what a device sends when it replays the
    changes it queued offline."""

    def _batches(self):
        return self.env["preorder.save.batch"].search([("campaign_id", "=", self.campaign.id)])

    def test_old_client_answer_has_no_conflict_and_is_no_replay(self):
        self._login()
        result = self._save({self.table.id: 2})
        self.assertEqual(result["conflicts"], {})
        self.assertIs(result["replayed"], False)
        self.assertFalse(self._batches(), "no batch id, nothing remembered")

    def test_stale_change_answered_with_the_stored_quantity(self):
        self._login()
        self._save({self.table.id: 2, self.chair.id: 3})
        self._save({self.table.id: 5})  # another device, while this one was offline
        result = self._save(
            {self.table.id: 4, self.chair.id: 6},
            base={str(self.table.id): 2, str(self.chair.id): 3},
            batch_id="0b7f1c2e-4d5a-4e8b-9c3d-2f1a6b7c8d9e",
        )
        self.assertEqual(result["conflicts"], {str(self.table.id): 5.0})
        self.assertEqual(result["lines"], {str(self.table.id): 5.0, str(self.chair.id): 6.0})
        self.assertIs(result["replayed"], False)
        self.assertEqual(self._quantities(self._orders()), {self.table: 5, self.chair: 6})
        self.assertIn("1,274.00", result["summary"]["amount_untaxed"], "(1000 + 300) - 2%")

    def test_replayed_batch_answers_the_stored_state(self):
        self._login()
        self._save({self.table.id: 2})
        params = {"base": {str(self.table.id): 2}, "batch_id": "batch_0000000001"}
        first = self._save({self.table.id: 5}, capped_ids=[self.table.id], **params)
        self._save({self.table.id: 7})  # a newer change
        again = self._save({self.table.id: 5}, capped_ids=[self.table.id], **params)
        self.assertIs(first["replayed"], False)
        self.assertIs(again["replayed"], True)
        self.assertEqual(again["conflicts"], {})
        self.assertEqual(again["lines"], {str(self.table.id): 7.0}, "not reverted")
        self.assertEqual(again["warnings"], {str(self.table.id): ""})
        self.assertEqual(again["summary"]["line_count"], 1)
        self.assertIn("1,372.00", again["summary"]["amount_untaxed"], "7 tables - 2%")
        self.assertEqual(again["caps"], {})
        self.assertEqual(self._quantities(self._orders()), {self.table: 7})

    def test_batch_of_another_customer_does_not_block(self):
        self._login("preorder_rep")
        batch_id = "shared-batch-01"
        result = self._save({self.table.id: 1}, partner_id=self.customer_gold.id, batch_id=batch_id)
        self.assertIs(result["replayed"], False)
        self._login()
        result = self._save({self.table.id: 3}, batch_id=batch_id)
        self.assertIs(result["replayed"], False)
        self.assertEqual(self._quantities(self._orders()), {self.table: 3})

    def test_invalid_batch_id_and_malformed_base_refused(self):
        self._login()
        self._save({self.table.id: 2})
        refused = [
            {"batch_id": "short"},
            {"batch_id": "../../etc/passwd"},
            {"batch_id": 123456789},
            {"batch_id": "x" * 65},
            {"base": [2]},
            {"base": {str(self.table.id): "two"}},
            {"base": {str(self.table.id): -2}},
            {"base": {"table": 2}},
        ]
        for params in refused:
            with self.subTest(**params):
                result = self._save({self.table.id: 9}, **params)
                self.assertEqual(set(result), {"error"})
                self.assertTrue(result["error"])
        self.assertEqual(self._quantities(self._orders()), {self.table: 2})
        self.assertFalse(self._batches())

    def test_deadline_passed_offline_refused_and_not_remembered(self):
        self._login()
        self._save({self.table.id: 2})
        deadline = self.campaign.date_end
        self.campaign.date_end = self.now - timedelta(minutes=1)
        params = {"base": {str(self.table.id): 2}, "batch_id": "late-batch-0001"}
        for _attempt in range(2):
            result = self._save({self.table.id: 4}, **params)
            self.assertIn("deadline", result["error"])
        self.assertFalse(self._batches())
        self.assertEqual(self._quantities(self._orders()), {self.table: 2})
        self.campaign.date_end = deadline
        result = self._save({self.table.id: 4}, **params)
        self.assertIs(result["replayed"], False)
        self.assertEqual(self._quantities(self._orders()), {self.table: 4})

    def test_drops_stale_and_replayed_per_drop(self):
        march, may = self._create_march_and_may_drops()
        self._login()
        self._save({self.table.id: 2}, drop_id=may.id)
        self._save({self.table.id: 6}, drop_id=may.id)
        params = {"base": {str(self.table.id): 2}, "batch_id": "may-batch-0001"}
        result = self._save({self.table.id: 3, self.chair.id: 1}, drop_id=may.id, **params)
        self.assertEqual(result["conflicts"], {str(self.table.id): 6.0})
        self.assertEqual(result["drop_id"], may.id)
        again = self._save({self.table.id: 3, self.chair.id: 1}, drop_id=may.id, **params)
        self.assertIs(again["replayed"], True)
        self.assertEqual(again["drop_id"], may.id)
        self.assertEqual(again["lines"], {str(self.table.id): 6.0, str(self.chair.id): 1.0})
        may_order = self._orders().filtered(lambda order: order.preorder_drop_id == may)
        self.assertEqual(self._quantities(may_order), {self.table: 6, self.chair: 1})
        self.assertFalse(self._orders().filtered(lambda order: order.preorder_drop_id == march))

    def test_scan_sent_again_with_its_id_adds_once(self):
        self._login()
        scan = {"barcode": self.chair.barcode, "batch_id": "scan-0000000001"}
        first = self._rpc(f"/preorder/{self.campaign.id}/scan", **scan)
        again = self._rpc(f"/preorder/{self.campaign.id}/scan", **scan)
        self.assertEqual(first["quantity"], 1.0)
        self.assertEqual(again["quantity"], 1.0, "its answer was lost: not added twice")
        self.assertEqual(self._quantities(self._orders()), {self.chair: 1})
        other = self._rpc(
            f"/preorder/{self.campaign.id}/scan", barcode=self.chair.barcode, batch_id="scan-02"
        )
        self.assertIn("batch id", other["error"], "too short an id is refused")
        self._rpc(
            f"/preorder/{self.campaign.id}/scan",
            barcode=self.chair.barcode,
            batch_id="scan-0000000002",
        )
        self.assertEqual(self._quantities(self._orders()), {self.chair: 2}, "a new scan adds")
