from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from .common import PreorderCommon


@tagged("post_install", "-at_install")
class TestCampaignSecurity(PreorderCommon):
    """Who may see, change, close and reopen a campaign."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_rep = new_test_user(
            cls.env,
            login="preorder_other_rep",
            groups="preorder_campaign.group_preorder_user",
        )
        cls.employee = new_test_user(cls.env, login="preorder_employee", groups="base.group_user")
        cls.other_campaign = cls.env["preorder.campaign"].create(
            {
                "name": "Outlet winter",
                "code": "OUTLET-W",
                "campaign_type": "outlet",
                "user_id": cls.other_rep.id,
                "date_start": cls.now - timedelta(days=1),
                "date_end": cls.now + timedelta(days=5),
                "product_ids": [Command.set(cls.lamp.ids)],
            }
        )
        cls.other_campaign.state = "open"

    def test_user_changes_own_campaign_only(self):
        own = self.campaign.with_user(self.preorder_user)
        own.name = "Garden 2027 (extended)"
        self.assertEqual(self.campaign.name, "Garden 2027 (extended)")
        own.discount_rule_ids[0].discount_percent = 3
        other = self.other_campaign.with_user(self.preorder_user)
        self.assertEqual(other.name, "Outlet winter", "users see every campaign")
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            other.name = "Hijacked"
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            other.discount_rule_ids = [
                Command.create({"name": "Sneaky", "min_amount": 1, "discount_percent": 50})
            ]

    def test_user_creates_campaigns_for_himself_only(self):
        Campaign = self.env["preorder.campaign"].with_user(self.preorder_user)
        values = {
            "name": "Rep campaign",
            "date_start": self.now,
            "date_end": self.now + timedelta(days=3),
        }
        mine = Campaign.create({**values, "code": "REP1"})
        self.assertEqual(mine.user_id, self.preorder_user)
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            Campaign.create({**values, "code": "REP2", "user_id": self.other_rep.id})

    def test_user_cannot_close_or_reopen(self):
        own = self.campaign.with_user(self.preorder_user)
        with self.assertRaises(AccessError):
            own.action_close()
        # not through a plain write either
        with self.assertRaises(AccessError):
            own.write({"state": "closed"})
        self.assertEqual(self.campaign.state, "open")
        self.campaign.action_close()
        with self.assertRaises(AccessError):
            own.action_reopen()
        self.assertEqual(self.campaign.state, "closed")
        # marking a closed campaign done is fine for its responsible
        own.action_done()
        self.assertEqual(self.campaign.state, "done")

    def test_user_cancels_a_draft_but_not_a_running_campaign(self):
        own = self.campaign.with_user(self.preorder_user)
        with self.assertRaises(AccessError):
            own.action_cancel()
        draft = (
            self.env["preorder.campaign"]
            .with_user(self.preorder_user)
            .create(
                {
                    "name": "Draft",
                    "code": "DRAFT1",
                    "date_start": self.now + timedelta(days=1),
                    "date_end": self.now + timedelta(days=3),
                }
            )
        )
        draft.action_cancel()
        self.assertEqual(draft.state, "cancel")

    def test_user_launches_own_draft(self):
        draft = (
            self.env["preorder.campaign"]
            .with_user(self.preorder_user)
            .create(
                {
                    "name": "Draft",
                    "code": "DRAFT2",
                    "date_start": self.now + timedelta(days=1),
                    "date_end": self.now + timedelta(days=3),
                }
            )
        )
        draft.action_open()
        self.assertEqual(draft.state, "open")

    def test_manager_closes_and_reopens_any_campaign(self):
        other = self.other_campaign.with_user(self.preorder_manager)
        other.name = "Outlet winter sale"
        other.action_close()
        self.assertEqual(self.other_campaign.state, "closed")
        other.action_reopen()
        self.assertEqual(self.other_campaign.state, "open")
        self.assertEqual(
            len(
                self.other_campaign.message_ids.filtered(
                    lambda m: self.preorder_manager.name in m.body
                )
            ),
            2,
        )

    def test_employee_reads_but_cannot_write(self):
        campaign = self.campaign.with_user(self.employee)
        # the form opens for an employee reaching the campaign from an order
        self.assertEqual(Form(campaign).code, "GARDEN27")
        self.assertEqual(campaign.name, "Garden 2027")
        # the figures are readable without access to the orders themselves
        self.assertEqual(campaign.order_count, 0)
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            campaign.name = "Changed"
        with self.assertRaises(AccessError):
            campaign.action_close()

    def test_other_company_user_does_not_see_the_campaign(self):
        company_b = self.env["res.company"].create({"name": "Company B"})
        manager_b = new_test_user(
            self.env,
            login="preorder_manager_b",
            groups="preorder_campaign.group_preorder_manager",
            company_id=company_b.id,
            company_ids=[Command.set(company_b.ids)],
        )
        Campaign = self.env["preorder.campaign"].with_user(manager_b)
        self.assertFalse(Campaign.search([("id", "in", (self.campaign | self.other_campaign).ids)]))
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.campaign.with_user(manager_b).read(["name"])
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.campaign.discount_rule_ids.with_user(manager_b).read(["name"])
        own_b = Campaign.create(
            {
                "name": "B campaign",
                "code": self.campaign.code,
                "date_start": self.now,
                "date_end": self.now + timedelta(days=2),
            }
        )
        self.assertEqual(own_b.company_id, company_b)
        self.assertNotIn(
            own_b, self.env["preorder.campaign"].with_user(self.preorder_user).search([])
        )

    def test_portal_user_has_no_access(self):
        for model in ("preorder.campaign", "preorder.discount.rule", "preorder.campaign.reminder"):
            with (
                self.subTest(model=model),
                mute_logger("odoo.models"),
                self.assertRaises(AccessError),
            ):
                self.env[model].with_user(self.portal_user).search([])
        with mute_logger("odoo.models"), self.assertRaises(AccessError):
            self.campaign.with_user(self.portal_user).read(["name"])
