from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        result = super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)
        # The merge moves the campaigns' added and excluded customers to the kept contact
        # in SQL, behind the ORM: the cached campaign selections must be read again.
        self.env.registry.clear_cache()
        return result
