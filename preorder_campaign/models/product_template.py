from odoo import models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    def _is_combination_possible(
        self, combination, parent_combination=None, ignore_no_variant=False
    ):
        # A campaign's matrix knows which cells it offers: its own variants
        # (preorder.campaign._preorder_get_matrix). Odoo's check of every cell would
        # be computed and thrown away, at half the cost of the matrix.
        if self.env.context.get("preorder_matrix_cells_known"):
            return True
        return super()._is_combination_possible(
            combination, parent_combination=parent_combination, ignore_no_variant=ignore_no_variant
        )
