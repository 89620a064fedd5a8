from markupsafe import Markup, escape

from odoo import _, fields, models


class PreorderCampaign(models.Model):
    """Invitations through Email Marketing: the customers invited go into the
    campaign's mailing list, and a draft mailing to that list is prepared, so the
    team designs, schedules and follows the newsletter with Odoo's own tools."""

    _inherit = "preorder.campaign"

    mailing_list_id = fields.Many2one(
        comodel_name="mailing.list",
        string="Mailing List",
        copy=False,
        readonly=True,
        help="The campaign's customers invited through Email Marketing.",
    )

    def _invite_to_mailing_list(self, partners, again=False):
        """Log the invitations and add their customers to the campaign's mailing list
        (made on first use, one contact per address), then return the draft mailing
        to that list to review and send. For Email Marketing users: they send it."""
        self.ensure_one()
        self.env["mailing.mailing"].check_access("create")
        mailing_list = self._get_or_create_mailing_list()
        invitations = self._log_invitations(
            partners, again=again, channel="mailing_list", mailing_list_id=mailing_list.id
        )
        self._add_to_mailing_list(mailing_list, invitations.partner_id)
        mailing = self._get_or_create_invitation_mailing(mailing_list)
        return {
            "type": "ir.actions.act_window",
            "name": _("Invitation Mailing"),
            "res_model": "mailing.mailing",
            "res_id": mailing.id,
            "view_mode": "form",
            "target": "current",
        }

    def _get_or_create_mailing_list(self):
        if not self.mailing_list_id:
            self.sudo().mailing_list_id = (
                self.env["mailing.list"]
                .sudo()
                .create(
                    {"name": _("Pre-Order %(campaign)s", campaign=self.name), "is_public": False}
                )
            )
        return self.mailing_list_id.sudo()

    def _add_to_mailing_list(self, mailing_list, partners):
        """One contact per address (Odoo's normalized e-mail): an address already on
        the list is not added again (nor subscribed again if it opted out)."""
        on_list = set(mailing_list.contact_ids.mapped("email_normalized"))
        values = []
        for partner in partners:
            email = partner.email_normalized or partner.email
            if email not in on_list:
                on_list.add(email)
                values.append(
                    {
                        "name": partner.name,
                        "email": partner.email,
                        "company_name": partner.commercial_company_name or False,
                        "country_id": partner.country_id.id,
                        "list_ids": [fields.Command.link(mailing_list.id)],
                    }
                )
        self.env["mailing.contact"].sudo().create(values)

    def _get_or_create_invitation_mailing(self, mailing_list):
        """The draft mailing to the campaign's list, made on first use; a mailing
        already sent is left alone and a new draft is made."""
        Mailing = self.env["mailing.mailing"]
        mailing = Mailing.search(
            [("contact_list_ids", "in", mailing_list.ids), ("state", "=", "draft")],
            order="id desc",
            limit=1,
        )
        if mailing:
            return mailing
        body = self._get_invitation_mailing_body()
        return Mailing.create(
            {
                "subject": _("%(campaign)s: you are invited to pre-order", campaign=self.name),
                "mailing_model_id": self.env["ir.model"]._get_id("mailing.list"),
                "contact_list_ids": [fields.Command.set(mailing_list.ids)],
                "body_arch": body,
                "body_html": body,
            }
        )

    def _get_invitation_mailing_body(self):
        """A starting point for the newsletter: picture, introduction, deadline and
        the campaign's link (the same for every reader)."""
        image_url = self._get_invitation_image_url()
        link = self._get_invitation_link()
        deadline = fields.Datetime.context_timestamp(self, self.date_end).strftime("%Y-%m-%d %H:%M")
        parts = [Markup('<div class="o_layout o_default_theme"><div class="container">')]
        if image_url:
            parts.append(
                Markup('<p><img src="%s" alt="" style="max-width: 100%%;"/></p>') % image_url
            )
        parts.append(Markup("<h1>%s</h1>") % self.name)
        if self.description:
            parts.append(Markup(self.description))
        parts.append(
            Markup("<p>%s</p>") % _("Orders are taken until %(deadline)s.", deadline=deadline)
        )
        parts.append(
            Markup('<p><a href="%s" class="btn btn-primary">%s</a></p>')
            % (link, _("Start my pre-order"))
        )
        parts.append(Markup("</div></div>"))
        return Markup("").join(escape(part) for part in parts)
