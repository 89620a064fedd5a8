from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ProductProduct(models.Model):
    _inherit = "product.product"

    replaced_by_product_id = fields.Many2one(
        comodel_name="product.product",
        string="Replaced By",
        index="btree_not_null",
        help="When this product is scanned in a pre-order, the replacement is proposed instead.",
    )

    @api.constrains("replaced_by_product_id")
    def _check_replaced_by_product_id(self):
        for product in self.filtered("replaced_by_product_id"):
            seen = product
            current = product.replaced_by_product_id
            while current:
                if current in seen:
                    raise ValidationError(
                        _("%(product)s cannot be replaced by itself, even indirectly.",
                          product=product.display_name)
                    )
                seen |= current
                current = current.replaced_by_product_id

    def _get_final_replacement(self):
        """The product to order instead of this one, following the chain of replacements."""
        self.ensure_one()
        product = self
        while product.replaced_by_product_id:
            product = product.replaced_by_product_id
        return product
