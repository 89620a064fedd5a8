from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from odoo.addons.preorder_campaign.tests.common import PreorderCommon


@tagged("post_install", "-at_install")
class TestInviteMailingList(PreorderCommon):
    """Invited through Email Marketing: the customers go into the campaign's mailing
    list and a draft mailing to it opens; each is logged as invited, once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.preorder_user.group_ids |= cls.env.ref("mass_mailing.group_mass_mailing_user")
        # their portal logins gave both the same test address
        cls.customer.email = "green@example.com"
        cls.outsider.email = "outsider@example.com"

    def _invite_by_list(self, **values):
        action = self.campaign.with_user(self.preorder_user).action_invite_customers()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.preorder_user)
            .with_context(action["context"])
        )
        form.channel = "mailing_list"
        for name, value in values.items():
            setattr(form, name, value)
        return form.save().action_invite()

    def test_customers_go_into_the_campaign_list_and_a_draft_mailing_opens(self):
        self.campaign.description = "<p>Next season's tables</p>"
        action = self._invite_by_list()
        mailing_list = self.campaign.mailing_list_id
        self.assertIn("Garden 2027", mailing_list.name)
        self.assertEqual(
            sorted(mailing_list.contact_ids.mapped("email")),
            ["gold@example.com", "green@example.com"],
        )
        mailing = self.env["mailing.mailing"].browse(action["res_id"])
        self.assertEqual(action["res_model"], "mailing.mailing")
        self.assertEqual(mailing.state, "draft", "the team sends or schedules it")
        self.assertEqual(mailing.contact_list_ids, mailing_list)
        self.assertIn(self.campaign._get_invitation_link(), mailing.body_html)
        self.assertIn("Next season", mailing.body_html)
        invitations = self.campaign.invitation_ids
        self.assertEqual(invitations.partner_id, self.customer | self.customer_gold)
        self.assertEqual(set(invitations.mapped("channel")), {"mailing_list"})
        self.assertFalse(
            self.env["mail.mail"].search([("model", "=", "preorder.campaign.invitation")]),
            "no mail of our own: the mailing sends",
        )

    def test_a_second_run_adds_only_the_new_customers_to_the_same_draft(self):
        first = self._invite_by_list()
        self.outsider.category_id = self.label_vip
        second = self._invite_by_list()
        self.assertEqual(first["res_id"], second["res_id"], "the same draft mailing")
        self.assertEqual(len(self.campaign.mailing_list_id.contact_ids), 3)
        third = self._invite_by_list(again=True)
        self.assertEqual(
            len(self.campaign.mailing_list_id.contact_ids), 3, "one contact per address"
        )
        self.assertEqual(third["res_id"], first["res_id"])
        self.assertEqual(set(self.campaign.invitation_ids.mapped("sent_count")), {2})

    def test_a_sent_mailing_is_left_alone(self):
        first = self._invite_by_list()
        self.env["mailing.mailing"].browse(first["res_id"]).state = "done"
        self.outsider.category_id = self.label_vip
        second = self._invite_by_list()
        self.assertNotEqual(second["res_id"], first["res_id"])

    def test_only_email_marketing_users_prepare_a_mailing(self):
        self.preorder_user.group_ids -= self.env.ref("mass_mailing.group_mass_mailing_user")
        wizard = (
            self.env["preorder.campaign.invite"]
            .with_user(self.preorder_user)
            .create({"campaign_id": self.campaign.id, "channel": "mailing_list"})
        )
        with self.assertRaises(AccessError):
            wizard.action_invite()
        self.assertFalse(self.campaign.invitation_ids)
        self.assertFalse(self.campaign.mailing_list_id)
