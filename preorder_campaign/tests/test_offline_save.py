import itertools
import uuid
from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from .test_delivery_drops import PreorderDropCommon


@tagged("post_install", "-at_install")
class TestOfflineSave(PreorderDropCommon):
    """The save door of a device replaying what it queued offline
    (``preorder.campaign._preorder_save`` with `base` and `batch_id`): stale changes
    kept out, each batch saved once. On the campaign with drops of the drop tests
    (March, May): `drop=None` saves into March, the first drop still open."""

    def _send(self, quantities, base=None, batch_id=None, drop=None, partner=None):
        return self.Campaign._preorder_save(
            partner or self.customer,
            quantities,
            rules="customer",
            drop=drop or self.drop_march,
            base=base,
            batch_id=batch_id,
        )

    def _stored(self, drop=None):
        order = self.Campaign._preorder_get_order(self.customer, drop=drop or self.drop_march)
        return order._preorder_get_ordered_quantities()

    @contextmanager
    def _spy_queries(self):
        """The text of every query run inside the block."""
        queries = []
        original_execute = type(self.env.cr).execute

        def spy(cr, query, params=None, log_exceptions=True):
            queries.append(str(query.code if isinstance(query, SQL) else query))
            return original_execute(cr, query, params, log_exceptions)

        with patch.object(type(self.env.cr), "execute", spy):
            yield queries

    def _batches(self):
        return self.env["preorder.save.batch"].search(
            [("campaign_id", "=", self.campaign.id), ("partner_id", "=", self.customer.id)]
        )

    def test_stale_change_refused_rest_of_batch_saved(self):
        self._send({self.table: 2, self.chair: 3})
        # Another device sets the table to 5 while this one is offline
        self._send({self.table: 5})
        order, result = self._send(
            {self.table: 4, self.chair: 6},
            base={self.table: 2, self.chair: 3},
            batch_id="device-a-0001",
        )
        self.assertEqual(result["conflicts"], {self.table.id: 5.0})
        self.assertEqual(self._stored(), {self.table.id: 5.0, self.chair.id: 6.0})
        self.assertEqual(result["lines"][self.table.id]["quantity"], 5.0, "the stored one")
        self.assertEqual(result["lines"][self.chair.id]["quantity"], 6.0)
        self.assertFalse(result["replayed"])
        self.assertEqual(result["order"]["line_count"], 2)
        self.assertEqual(order.amount_untaxed, 5 * 200 * 0.98 + 6 * 50 * 0.98, "Bronze tier")

    def test_base_equal_to_stored_is_saved(self):
        self._send({self.table: 2})
        _order, result = self._send({self.table: 4}, base={str(self.table.id): "2"})
        self.assertEqual(result["conflicts"], {})
        self.assertEqual(self._stored(), {self.table.id: 4.0})

    def test_request_equal_to_stored_is_no_conflict(self):
        self._send({self.table: 2})
        self._send({self.table: 5})
        _order, result = self._send({self.table: 5}, base={self.table: 2})
        self.assertEqual(result["conflicts"], {}, "another device did the same: converged")
        self.assertEqual(self._stored(), {self.table.id: 5.0})

    def test_product_without_base_is_saved_as_before(self):
        self._send({self.table: 2})
        self._send({self.table: 5})
        _order, result = self._send({self.table: 4, self.chair: 1}, base={self.chair: 0})
        self.assertEqual(result["conflicts"], {})
        self.assertEqual(self._stored(), {self.table.id: 4.0, self.chair.id: 1.0})

    def test_stale_removal_keeps_the_line(self):
        """A device that never saw the chair saved asks to remove it: kept."""
        self._send({self.table: 2})
        self._send({self.chair: 3})
        _order, result = self._send({self.chair: 0, self.table: 1}, base={self.chair: 0})
        self.assertEqual(result["conflicts"], {self.chair.id: 3.0})
        self.assertEqual(self._stored(), {self.table.id: 1.0, self.chair.id: 3.0})

    def test_stale_first_quantity_creates_no_order(self):
        """No order yet, every change stale (they started from quantities that are
        no longer stored): no empty draft."""
        _order, result = self._send({self.table: 4}, base={self.table: 2}, batch_id="first-0001")
        self.assertEqual(result["conflicts"], {self.table.id: 0.0})
        self.assertEqual(result["lines"][self.table.id]["quantity"], 0.0)
        self.assertFalse(self.Campaign._preorder_get_order(self.customer, drop=self.drop_march))
        # One change still good: the order starts with it only
        order, result = self._send({self.table: 4, self.chair: 2}, base={self.table: 2})
        self.assertEqual(result["conflicts"], {self.table.id: 0.0})
        self.assertEqual(self._quantities(order), {self.chair: 2.0})

    def test_replaying_a_batch_writes_nothing_the_second_time(self):
        self._send({self.table: 2})
        order, first = self._send({self.table: 4}, base={self.table: 2}, batch_id="batch-0001")
        self.assertFalse(first["replayed"])
        self.env.flush_all()
        with self._spy_queries() as queries:
            same_order, again = self._send(
                {self.table: 4}, base={self.table: 2}, batch_id="batch-0001"
            )
            self.env.flush_all()
        self.assertEqual(same_order, order)
        self.assertTrue(again["replayed"])
        self.assertEqual(again["conflicts"], {})
        self.assertEqual(again["lines"][self.table.id]["quantity"], 4.0)
        self.assertEqual(again["order"]["line_count"], 1)
        writes = [query for query in queries if query.lstrip().startswith(("UPDATE", "DELETE"))]
        self.assertEqual(writes, [], "nothing written")
        self.assertEqual(len(self._batches()), 1)

    def test_replay_after_a_newer_change_does_not_revert_it(self):
        self._send({self.table: 2, self.chair: 1})
        self._send({self.table: 4, self.chair: 2}, base={self.table: 2}, batch_id="batch-0002")
        self._send({self.table: 7})  # a newer change, from another device
        _order, result = self._send(
            {self.table: 4, self.chair: 2}, base={self.table: 2}, batch_id="batch-0002"
        )
        self.assertTrue(result["replayed"])
        self.assertEqual(self._stored(), {self.table.id: 7.0, self.chair.id: 2.0})
        self.assertEqual(result["lines"][self.table.id]["quantity"], 7.0)

    def test_replay_answers_the_rule_warnings(self):
        self.env["preorder.quantity.rule"].create(
            {"campaign_id": self.campaign.id, "product_id": self.chair.id, "min_qty": 6}
        )
        self._send({self.chair: 2, self.table: 1}, batch_id="batch-rule")
        _order, result = self._send({self.chair: 2, self.table: 1}, batch_id="batch-rule")
        self.assertTrue(result["replayed"])
        self.assertEqual(
            result["lines"][self.chair.id]["warning"],
            f"{self.chair.display_name}: order at least 6.",
        )
        self.assertEqual(result["lines"][self.table.id]["warning"], "")

    def test_stale_change_is_never_refused_by_a_rule(self):
        """Its product keeps its stored quantity, which may break a rule made since."""
        self._send({self.chair: 3})
        self.env["preorder.quantity.rule"].create(
            {"campaign_id": self.campaign.id, "product_id": self.chair.id, "min_qty": 6}
        )
        self.campaign.quantity_rule_mode = "block"
        _order, result = self._send({self.chair: 8, self.table: 1}, base={self.chair: 1})
        self.assertEqual(result["conflicts"], {self.chair.id: 3.0})
        self.assertEqual(
            result["lines"][self.chair.id]["warning"],
            f"{self.chair.display_name}: order at least 6.",
        )
        self.assertEqual(self._stored(), {self.chair.id: 3.0, self.table.id: 1.0})

    def test_batch_of_another_customer_does_not_block(self):
        self._send({self.table: 1}, batch_id="shared-0001", partner=self.customer_gold)
        _order, result = self._send({self.table: 3}, batch_id="shared-0001")
        self.assertFalse(result["replayed"])
        self.assertEqual(self._stored(), {self.table.id: 3.0})

    def test_invalid_batch_id_refused_nothing_changed(self):
        self._send({self.table: 2})
        for batch_id in ("short", "", "has space 1", "x" * 65, "semi;colon12", 12345678, False):
            with self.subTest(batch_id=batch_id), self.assertRaisesMessage(UserError, "batch id"):
                self._send({self.table: 9}, batch_id=batch_id)
        self.assertEqual(self._stored(), {self.table.id: 2.0})
        self.assertFalse(self._batches())
        for batch_id in ("a" * 8, "Az09-_" * 10 + "abcd"):
            _order, result = self._send({self.table: 3}, batch_id=batch_id)
            self.assertFalse(result["replayed"])

    def test_malformed_base_refused_nothing_changed(self):
        self._send({self.table: 2})
        for base in (
            [2],
            "2",
            {self.table.id: "two"},
            {self.table.id: -1},
            {self.table.id: None},
            {"table": 2},
            {str(self.table.id): 2, self.table.id: 2},
        ):
            with self.subTest(base=base), self.assertRaises(UserError):
                self._send({self.table: 9}, base=base, batch_id="batch-base")
        self.assertEqual(self._stored(), {self.table.id: 2.0})
        self.assertFalse(self._batches(), "a refused batch is not remembered")
        _order, result = self._send({self.table: 9}, base={self.table: 2}, batch_id="batch-base")
        self.assertFalse(result["replayed"])
        self.assertEqual(self._stored(), {self.table.id: 9.0})

    def test_deadline_passed_refused_and_batch_not_remembered(self):
        """The campaign closed while the device was offline (May has no deadline of
        its own: the campaign's)."""
        may = self.drop_may
        self._send({self.table: 2}, drop=may)
        deadline, march_deadline = self.campaign.date_end, self.drop_march.order_deadline
        now = fields.Datetime.now()
        self.drop_march.order_deadline = now - timedelta(minutes=2)
        self.campaign.date_end = now - timedelta(minutes=1)
        for _attempt in range(2):
            with self.assertRaisesMessage(UserError, "deadline of campaign"):
                self._send({self.table: 4}, base={self.table: 2}, batch_id="late-0001", drop=may)
        self.assertFalse(self._batches())
        self.campaign.date_end = deadline
        self.drop_march.order_deadline = march_deadline
        _order, result = self._send(
            {self.table: 4}, base={self.table: 2}, batch_id="late-0001", drop=may
        )
        self.assertFalse(result["replayed"])
        self.assertEqual(self._stored(may), {self.table.id: 4.0})

    def test_closed_drop_refused_and_batch_not_remembered(self):
        self._send({self.table: 2})
        self._close_march()
        with self.assertRaisesMessage(UserError, "deadline"):
            self._send({self.table: 4}, base={self.table: 2}, batch_id="late-0002")
        self.assertFalse(self._batches())
        self.assertEqual(self._stored(), {self.table.id: 2.0})

    def test_replay_of_a_saved_batch_after_the_deadline_answers_it(self):
        """Its first answer was lost: it was saved, so it is answered, not refused."""
        self._send({self.table: 2}, batch_id="saved-0001")
        self._close_march()
        order, result = self._send({self.table: 2}, batch_id="saved-0001")
        self.assertTrue(result["replayed"])
        self.assertEqual(order.preorder_drop_id, self.drop_march)
        self.assertEqual(result["lines"][self.table.id]["quantity"], 2.0)

    def test_drops_each_their_own_stored_quantities(self):
        self._send({self.table: 2}, drop=self.drop_march)
        self._send({self.table: 3}, drop=self.drop_may)
        self._send({self.table: 6}, drop=self.drop_may)  # another device, May
        may, result = self._send(
            {self.table: 4}, base={self.table: 3}, batch_id="may-0001", drop=self.drop_may
        )
        self.assertEqual(result["conflicts"], {self.table.id: 6.0})
        _march, result = self._send(
            {self.table: 4}, base={self.table: 2}, batch_id="march-0001", drop=self.drop_march
        )
        self.assertEqual(result["conflicts"], {})
        self.assertEqual(self._stored(self.drop_march), {self.table.id: 4.0})
        self.assertEqual(self._stored(self.drop_may), {self.table.id: 6.0})
        self.assertEqual(
            self._batches().mapped(lambda batch: (batch.name, batch.drop_id)),
            [("march-0001", self.drop_march), ("may-0001", self.drop_may)],
        )
        # A batch id is the customer's in the campaign, whatever the drop
        _order, result = self._send({self.table: 1}, batch_id="may-0001", drop=self.drop_may)
        self.assertTrue(result["replayed"])
        self.assertEqual(result["lines"][self.table.id]["quantity"], 6.0)
        self.assertEqual(self._line(may, self.table).product_uom_qty, 6.0)

    def test_base_costs_no_query_and_batch_id_one(self):
        self._send({self.table: 1, self.chair: 1})
        sent = itertools.cycle([2, 1])  # far below the first tier: the same work each time
        stored = {"table": 1}

        def save(base=False, batch=False):
            quantity = next(sent)
            _order, result = self._send(
                {self.table: quantity},
                base={self.table: stored["table"]} if base else None,
                batch_id=str(uuid.uuid4()) if batch else None,
            )
            self.assertEqual(result["conflicts"], {})
            stored["table"] = quantity

        def queries(**params):
            save(**params)  # warm-up
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            save(**params)
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

        plain = queries()
        self.assertEqual(queries(base=True), plain, "the conflict check reads no more")
        self.assertEqual(queries(base=True, batch=True), plain, "the claim takes the lock")

    def test_claim_takes_the_order_lock_before_the_lines_are_read(self):
        self._send({self.table: 1})
        self.env.invalidate_all()
        with self._spy_queries() as queries:
            self._send({self.table: 2}, base={self.table: 1}, batch_id="lock-0001")
        locks = [index for index, query in enumerate(queries) if "FOR NO KEY UPDATE" in query]
        self.assertEqual(len(locks), 1, "the order is locked once")
        self.assertIn("INSERT INTO preorder_save_batch", queries[locks[0]])
        first_line_read = next(
            index for index, query in enumerate(queries) if "sale_order_line" in query
        )
        self.assertLess(locks[0], first_line_read)
        # A first save has no order to lock yet: the claim alone, then the new order's lock
        self.Campaign._preorder_save(
            self.customer_gold, {self.table: 1}, rules="customer", batch_id="lock-0002"
        )
        gold_order = self.Campaign._preorder_get_order(self.customer_gold)
        self.assertEqual(self._quantities(gold_order), {self.table: 1.0})

    def test_old_batches_are_forgotten(self):
        self._send({self.table: 1}, batch_id="old-00001")
        self._send({self.table: 2}, batch_id="new-00001")
        old = self._batches().filtered(lambda batch: batch.name == "old-00001")
        self.env.cr.execute(
            "UPDATE preorder_save_batch SET create_date = create_date - interval '31 days'"
            " WHERE id = %s",
            [old.id],
        )
        self.env["preorder.save.batch"]._gc_old_batches()
        self.env.invalidate_all()
        self.assertEqual(self._batches().mapped("name"), ["new-00001"])

    def test_only_managers_read_batches(self):
        self._send({self.table: 1}, batch_id="read-00001")
        Batch = self.env["preorder.save.batch"]
        for user in (self.portal_user, self.preorder_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Batch.with_user(user).search([])
        self.assertEqual(
            Batch.with_user(self.preorder_manager).search([]).mapped("name"), ["read-00001"]
        )
        with self.assertRaises(AccessError):
            Batch.with_user(self.preorder_manager).search([]).unlink()
        # A manager of another company only sees its batches
        other = self.env["res.company"].create({"name": "Other Batches Co"})
        manager_other = new_test_user(
            self.env,
            login="preorder_manager_other",
            groups="preorder_campaign.group_preorder_manager",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        self.assertFalse(Batch.with_user(manager_other).search([]))
