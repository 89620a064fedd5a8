from odoo import fields, models


class PreorderCampaignInvite(models.TransientModel):
    _inherit = "preorder.campaign.invite"

    channel = fields.Selection(
        selection=[
            ("mail", "A mail to each customer"),
            ("mailing_list", "A mailing list for Email Marketing"),
        ],
        string="Invite With",
        required=True,
        default="mail",
        help="A mailing list: the customers go into the campaign's mailing list and a "
        "draft mailing to it opens, to design, schedule and follow in Email Marketing.",
    )

    def action_invite(self):
        self.ensure_one()
        if self.channel != "mailing_list":
            return super().action_invite()
        self._check_recipients()
        return self._get_campaign()._invite_to_mailing_list(self.partner_ids, again=self.again)
