from odoo import fields, models


class PreorderPurchaseAdviceLine(models.TransientModel):
    _inherit = "preorder.purchase.advice.line"

    supply_method = fields.Selection(
        selection=[("buy", "Buy"), ("manufacture", "Manufacture")],
        string="Supply",
        default="buy",
        required=True,
        help="Manufacture: the product has the Manufacture route and a bill of materials; "
        "the advice makes a draft manufacturing order instead of buying it.",
    )
    bom_id = fields.Many2one(comodel_name="mrp.bom", string="Bill of Materials")
    supply_note = fields.Char(string="Note", help="Why this line cannot be ordered as it is.")

    def _prepare_advice_values(self):
        values = super()._prepare_advice_values()
        values.update(supply_method=self.supply_method, bom_id=self.bom_id.id)
        return values
