from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def action_open_preorder_website(self):
        """Open the pre-order pages on the website on behalf of this customer (rep mode)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/preorder?partner_id={self.id}",
            "target": "self",
        }
