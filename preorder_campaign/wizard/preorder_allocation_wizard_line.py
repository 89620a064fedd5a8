from odoo import fields, models


class PreorderAllocationWizardLine(models.TransientModel):
    """The preview of one pre-order line that gets less than ordered."""

    _name = "preorder.allocation.wizard.line"
    _description = "Pre-Order Allocation Line"
    _order = "product_id, id"

    wizard_id = fields.Many2one(
        comodel_name="preorder.allocation.wizard", required=True, ondelete="cascade"
    )
    sale_line_id = fields.Many2one(
        comodel_name="sale.order.line", string="Order Line", required=True, ondelete="cascade"
    )
    order_id = fields.Many2one(related="sale_line_id.order_id", string="Order")
    partner_id = fields.Many2one(related="sale_line_id.order_id.partner_id", string="Customer")
    product_id = fields.Many2one(related="sale_line_id.product_id", store=True)
    uom_id = fields.Many2one(related="sale_line_id.product_id.uom_id", string="Unit")
    ordered_qty = fields.Float(string="Ordered", digits="Product Unit", readonly=True)
    proposed_qty = fields.Float(string="Allocated", digits="Product Unit", readonly=True)
