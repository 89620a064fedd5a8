from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools.misc import verify_limited_field_access_token

from .common import PIXEL_PNG, PreorderCommon


@tagged("post_install", "-at_install")
class TestCampaignInvitations(PreorderCommon):
    """The team invites the campaign's customers from the campaign: one mail each with
    the campaign's picture, introduction, deadline and link, logged per customer, never
    twice unless asked."""

    def _wizard(self, campaign=None, user=None, **values):
        campaign = (campaign or self.campaign).with_user(user or self.preorder_user)
        action = campaign.action_invite_customers()
        form = Form(
            self.env[action["res_model"]]
            .with_user(user or self.preorder_user)
            .with_context(action["context"])
        )
        for name, value in values.items():
            setattr(form, name, value)
        return form.save()

    def _mails(self, partner):
        return self.env["mail.mail"].search(
            [("model", "=", "preorder.campaign.invitation"), ("recipient_ids", "in", partner.ids)]
        )

    def test_invites_the_audience_once_each_by_mail(self):
        self.campaign.write({"image_1920": PIXEL_PNG, "description": "<p>Next season's tables</p>"})
        wizard = self._wizard()
        self.assertEqual(
            wizard.partner_ids,
            self.customer | self.customer_gold,
            "the customers with a selected label; not the outsider, not a branch without login",
        )
        wizard.action_invite()
        invitations = self.campaign.invitation_ids
        self.assertEqual(invitations.partner_id, self.customer | self.customer_gold)
        self.assertEqual(self.campaign.invitation_count, 2)
        mail = self._mails(self.customer)
        self.assertEqual(len(mail), 1)
        invitation = invitations.filtered(lambda i: i.partner_id == self.customer)
        self.assertIn("Garden 2027", mail.subject)
        self.assertIn(invitation.campaign_url, mail.body_html, "the link to order")
        self.assertIn("Next season", mail.body_html, "the introduction")
        self.assertIn(invitation.image_url, mail.body_html.replace("&amp;", "&"), "the picture")
        self.assertIn("2 customers invited", self.campaign.message_ids[0].body)
        self.assertIn(self.customer.display_name, self.campaign.message_ids[0].body)

    def test_the_picture_is_readable_without_login_until_after_the_deadline(self):
        self.campaign.image_1920 = PIXEL_PNG
        self._wizard().action_invite()
        url = self.campaign.invitation_ids[0].image_url
        token = url.split("access_token=")[1]
        self.assertTrue(
            verify_limited_field_access_token(self.campaign, "image_512", token, scope="binary")
        )
        expiry = int(token.rsplit("o", 1)[1], 16)
        self.assertGreater(expiry, (self.campaign.date_end + timedelta(days=30)).timestamp())
        self.assertFalse(
            verify_limited_field_access_token(self.campaign, "image_1920", token, scope="binary"),
            "only that picture",
        )

    def test_already_invited_are_left_out_unless_asked_again(self):
        self._wizard().action_invite()
        second = self._wizard()
        self.assertFalse(second.partner_ids, "everybody was invited")
        self.assertEqual(second.already_invited_count, 2)
        with self.assertRaisesRegex(UserError, "Nobody to invite"):
            second.action_invite()
        self.assertEqual(len(self._mails(self.customer)), 1, "not mailed twice")

        again = self._wizard(again=True)
        self.assertEqual(again.partner_ids, self.customer | self.customer_gold)
        again.action_invite()
        self.assertEqual(len(self._mails(self.customer)), 2)
        invitation = self.campaign.invitation_ids.filtered(lambda i: i.partner_id == self.customer)
        self.assertEqual(len(invitation), 1, "one log per customer")
        self.assertEqual(invitation.sent_count, 2)

    def test_a_new_customer_is_invited_alone(self):
        self._wizard().action_invite()
        self.outsider.category_id = self.label_vip
        wizard = self._wizard()
        self.assertEqual(wizard.partner_ids, self.outsider)
        wizard.action_invite()
        self.assertEqual(len(self._mails(self.customer)), 1)
        self.assertEqual(len(self._mails(self.outsider)), 1)

    def test_contact_outside_the_audience_is_refused_and_nothing_sent(self):
        wizard = self._wizard()
        wizard.partner_ids |= self.outsider
        with self.assertRaisesRegex(UserError, "cannot order in campaign Garden 2027"):
            wizard.action_invite()
        self.assertFalse(self.campaign.invitation_ids)
        self.assertFalse(self._mails(self.customer))

    def test_contact_without_email_is_left_out_or_refused(self):
        self.customer_gold.email = False
        wizard = self._wizard()
        self.assertEqual(wizard.partner_ids, self.customer)
        wizard.partner_ids |= self.customer_gold
        with self.assertRaisesRegex(UserError, "no e-mail address"):
            wizard.action_invite()
        self.assertFalse(self.campaign.invitation_ids)

    def test_audience_all_invites_the_customers_with_a_login(self):
        self.campaign.write({"audience": "all", "excluded_partner_ids": [(4, self.outsider.id)]})
        wizard = self._wizard()
        self.assertIn(self.customer, wizard.partner_ids, "a portal login")
        self.assertNotIn(self.outsider, wizard.partner_ids, "excluded")
        self.assertNotIn(self.customer_gold, wizard.partner_ids, "no login")

    def test_no_invitation_once_the_deadline_passed(self):
        self.campaign.date_end = self.now - timedelta(minutes=1)
        with self.assertRaisesRegex(UserError, "no longer takes pre-orders"):
            self.campaign.with_user(self.preorder_user).action_invite_customers()
        self.campaign.date_end = self.now + timedelta(days=3)
        self.campaign.state = "cancel"
        with self.assertRaisesRegex(UserError, "no longer takes pre-orders"):
            self.campaign._invite_partners(self.customer)
        self.assertFalse(self.campaign.invitation_ids)

    def test_only_who_may_change_the_campaign_invites(self):
        other_rep = self.env["res.users"].create(
            {
                "name": "Other rep",
                "login": "preorder_other_rep",
                "group_ids": [(6, 0, self.env.ref("preorder_campaign.group_preorder_user").ids)],
            }
        )
        with self.assertRaises(AccessError):
            self.campaign.with_user(other_rep).action_invite_customers()
        with self.assertRaises(AccessError):
            self.env["preorder.campaign.invitation"].with_user(self.portal_user).search([])


@tagged("post_install", "-at_install")
class TestCampaignInvitationsTour(HttpCase, PreorderCommon):
    def test_tour_invite_customers(self):
        self.start_tour(
            f"/odoo/action-preorder_campaign.preorder_campaign_action/{self.campaign.id}",
            "preorder_campaign_invite",
            login="preorder_rep",
        )
        self.assertEqual(
            self.campaign.invitation_ids.partner_id, self.customer | self.customer_gold
        )
        self.assertEqual(
            len(self.env["mail.mail"].search([("model", "=", "preorder.campaign.invitation")])),
            2,
        )
