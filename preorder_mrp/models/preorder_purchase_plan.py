from odoo import api, models
from odoo.tools import SQL


class PreorderPurchasePlan(models.Model):
    _inherit = "preorder.purchase.plan"

    _depends = {"mrp.bom": ["active", "type", "product_tmpl_id", "product_id", "company_id"]}

    @api.model
    def _supplied_product_condition(self):
        """Products made in-house are listed too, purchasable or not: those with a
        normal bill of materials of the order's company (the advice proposes them as
        manufacturing orders)."""
        return SQL(
            """(%s OR EXISTS (
                    SELECT FROM mrp_bom bom
                     WHERE bom.active
                       AND bom.type = 'normal'
                       AND bom.product_tmpl_id = line_template.id
                       AND (bom.product_id IS NULL OR bom.product_id = line.product_id)
                       AND (bom.company_id IS NULL OR bom.company_id = line.company_id)
               ))""",
            super()._supplied_product_condition(),
        )
