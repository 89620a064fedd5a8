from datetime import datetime, timedelta

from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import freeze_time, tagged
from odoo.tools import mute_logger

from .common import PreorderCommon

START = datetime(2027, 3, 1, 8, 0)
END = datetime(2027, 3, 15, 18, 0)


@tagged("post_install", "-at_install")
class TestCampaignState(PreorderCommon):
    """Draft -> open at the start date -> closed at the deadline, and the buttons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.spring = cls.env["preorder.campaign"].create(
            {
                "name": "Spring 2027",
                "code": "SPRING27",
                "user_id": cls.preorder_user.id,
                "date_start": START,
                "date_end": END,
                "product_ids": [Command.set(cls.table.ids)],
            }
        )

    def _run_cron(self, when):
        with freeze_time(when):
            self.env["preorder.campaign"]._cron_update_states()

    def test_cron_opens_at_start_and_closes_at_deadline(self):
        self._run_cron(START - timedelta(minutes=1))
        self.assertEqual(self.spring.state, "draft")
        self._run_cron(START + timedelta(minutes=1))
        self.assertEqual(self.spring.state, "open")
        self._run_cron(END - timedelta(minutes=1))
        self.assertEqual(self.spring.state, "open")
        self._run_cron(END + timedelta(minutes=1))
        self.assertEqual(self.spring.state, "closed")

    def test_cron_does_not_open_a_campaign_whose_deadline_passed(self):
        self._run_cron(END + timedelta(days=1))
        self.assertEqual(self.spring.state, "draft")

    def test_cron_keeps_a_manually_closed_campaign_closed(self):
        self._run_cron(START + timedelta(days=1))
        with freeze_time(START + timedelta(days=2)):
            self.spring.with_user(self.preorder_manager).action_close()
        self._run_cron(START + timedelta(days=3))
        self.assertEqual(self.spring.state, "closed")

    def test_cron_closes_archived_campaigns_too(self):
        self._run_cron(START + timedelta(days=1))
        self.spring.active = False
        self._run_cron(END + timedelta(hours=1))
        self.assertEqual(self.spring.state, "closed")

    def test_cron_is_scheduled(self):
        cron = self.env.ref("preorder_campaign.ir_cron_preorder_update_states")
        self.assertTrue(cron.active)
        self.assertIn("_cron_update_states", cron.code)

    def test_launch_before_start_keeps_customers_out(self):
        with freeze_time(START - timedelta(days=2)):
            self.spring.with_user(self.preorder_user).action_open()
            self.assertEqual(self.spring.state, "open")
            self.assertFalse(self.spring._is_open_for_customers())
            with self.assertRaisesRegex(UserError, "has not started yet"):
                self.spring._check_open_for_customers()
        with freeze_time(START + timedelta(days=2)):
            self.assertTrue(self.spring._is_open_for_customers())
            self.spring._check_open_for_customers()

    def test_launch_after_deadline_asks_to_move_it(self):
        with (
            freeze_time(END + timedelta(days=1)),
            self.assertRaisesRegex(UserError, "move the deadline"),
        ):
            self.spring.action_open()
        self.assertEqual(self.spring.state, "draft")

    def test_reopen_requires_a_deadline_ahead(self):
        self._run_cron(START + timedelta(days=1))
        self._run_cron(END + timedelta(hours=1))
        self.assertEqual(self.spring.state, "closed")
        manager_spring = self.spring.with_user(self.preorder_manager)
        with freeze_time(END + timedelta(hours=2)):
            with self.assertRaisesRegex(UserError, "move the deadline"):
                manager_spring.action_reopen()
            self.assertEqual(self.spring.state, "closed")
            manager_spring.date_end = END + timedelta(days=3)
            manager_spring.action_reopen()
            self.assertEqual(self.spring.state, "open")
            self.assertTrue(self.spring._is_open_for_customers())

    def test_close_and_reopen_are_logged_with_the_user(self):
        self.campaign.with_user(self.preorder_manager).action_close()
        self.assertEqual(self.campaign.state, "closed")
        self.assertFalse(self.campaign._is_open_for_customers())
        with self.assertRaisesRegex(UserError, "deadline .* has passed"):
            self.campaign._check_open_for_customers()
        self.campaign.with_user(self.preorder_manager).action_reopen()
        self.assertEqual(self.campaign.state, "open")
        bodies = self.campaign.message_ids.mapped("body")
        manager_name = self.preorder_manager.name
        self.assertTrue(any("closed by" in body and manager_name in body for body in bodies))
        self.assertTrue(any("reopened by" in body and manager_name in body for body in bodies))

    def test_done_cancel_and_reset(self):
        self.campaign.action_close()
        self.campaign.action_done()
        self.assertEqual(self.campaign.state, "done")
        with self.assertRaises(UserError):
            self.campaign.action_cancel()
        self.spring.action_cancel()
        self.assertEqual(self.spring.state, "cancel")
        with self.assertRaisesRegex(UserError, "has been cancelled"):
            self.spring._check_open_for_customers()
        self.spring.action_draft()
        self.assertEqual(self.spring.state, "draft")

    def test_done_only_from_closed(self):
        with self.assertRaisesRegex(UserError, "Only a closed campaign"):
            self.campaign.action_done()
        self.assertEqual(self.campaign.state, "open")

    def test_invalid_transition_is_refused(self):
        self.campaign.action_close()
        self.campaign.action_done()
        with self.assertRaisesRegex(UserError, "cannot go from Done to Open"):
            self.campaign.with_user(self.preorder_manager).write({"state": "open"})

    def test_time_left_label(self):
        with freeze_time(END - timedelta(days=3)):
            self.spring.state = "open"
            self.spring.invalidate_recordset(["time_left"])
            self.assertEqual(self.spring.time_left, "in 3 days")
        with freeze_time(START - timedelta(days=2)):
            self.spring.invalidate_recordset(["time_left"])
            self.assertEqual(self.spring.time_left, "Starts in 2 days")
        self.spring.state = "closed"
        self.assertEqual(self.spring.time_left, "Closed")


@tagged("post_install", "-at_install")
class TestCampaignConstraints(PreorderCommon):
    def test_deadline_after_start(self):
        with self.assertRaisesRegex(ValidationError, "deadline must come after"):
            self.campaign.date_end = self.campaign.date_start - timedelta(hours=1)

    def test_reminder_days_format(self):
        for bad in ("7,x", "0", "-1", "7;1"):
            with self.subTest(value=bad), self.assertRaises(ValidationError):
                self.campaign.reminder_days = bad
        self.campaign.reminder_days = " 1, 7,7 "
        self.assertEqual(self.campaign._get_reminder_days(), [7, 1])

    def test_tier_percent_range(self):
        for percent in (0, -5, 100.5):
            with (
                self.subTest(percent=percent),
                mute_logger("odoo.sql_db"),
                self.assertRaises(IntegrityError),
                self.cr.savepoint(),
            ):
                self.env["preorder.discount.rule"].create(
                    {
                        "campaign_id": self.campaign.id,
                        "name": "Wrong",
                        "min_amount": 100,
                        "discount_percent": percent,
                    }
                )
        rule = self.env["preorder.discount.rule"].create(
            {
                "campaign_id": self.campaign.id,
                "name": "All in",
                "min_amount": 1,
                "discount_percent": 100,
            }
        )
        self.assertEqual(rule.discount_percent, 100)

    def test_code_unique_per_company(self):
        values = {
            "name": "Copy",
            "code": self.campaign.code,
            "date_start": self.campaign.date_start,
            "date_end": self.campaign.date_end,
        }
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["preorder.campaign"].create(values)
        other_company = self.env["res.company"].create({"name": "Other Wholesaler"})
        other = self.env["preorder.campaign"].create({**values, "company_id": other_company.id})
        self.assertEqual(other.code, self.campaign.code)
