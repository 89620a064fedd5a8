from odoo import fields, models


class PreorderCampaignInvitation(models.Model):
    _inherit = "preorder.campaign.invitation"

    channel = fields.Selection(
        selection_add=[("mailing_list", "Mailing List")],
        ondelete={"mailing_list": "set default"},
    )
    mailing_list_id = fields.Many2one(
        comodel_name="mailing.list",
        string="Mailing List",
        readonly=True,
        ondelete="set null",
        help="The campaign's mailing list the customer was added to.",
    )
