from odoo import fields, models


class PreorderAllocationWizardProduct(models.TransientModel):
    """One product to allocate: what the customers ordered and what is available."""

    _name = "preorder.allocation.wizard.product"
    _description = "Pre-Order Allocation Product"

    wizard_id = fields.Many2one(
        comodel_name="preorder.allocation.wizard", required=True, ondelete="cascade"
    )
    product_id = fields.Many2one(comodel_name="product.product", required=True)
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    ordered_qty = fields.Float(string="Ordered", digits="Product Unit", readonly=True)
    available_qty = fields.Float(
        string="Available",
        digits="Product Unit",
        help="What the vendor confirmed or delivered, to share among the customers.",
    )
