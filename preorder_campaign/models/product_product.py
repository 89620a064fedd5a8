from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ProductProduct(models.Model):
    _inherit = "product.product"

    # Inverses of the campaign's added/excluded products (same relation tables),
    # so the campaign's product domain is a subquery instead of a list of ids.
    preorder_campaign_ids = fields.Many2many(
        comodel_name="preorder.campaign",
        relation="preorder_campaign_product_rel",
        column1="product_product_id",
        column2="preorder_campaign_id",
        string="Added to Pre-Order Campaigns",
    )
    preorder_excluded_campaign_ids = fields.Many2many(
        comodel_name="preorder.campaign",
        relation="preorder_campaign_excluded_product_rel",
        column1="product_product_id",
        column2="preorder_campaign_id",
        string="Excluded from Pre-Order Campaigns",
    )
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
                        _(
                            "%(product)s cannot be replaced by itself, even indirectly.",
                            product=product.display_name,
                        )
                    )
                seen |= current
                current = current.replaced_by_product_id

    def _preorder_get_final_replacement(self):
        """The product to order instead of this one, following the chain of replacements."""
        self.ensure_one()
        product = self
        while product.replaced_by_product_id:
            product = product.replaced_by_product_id
        return product

    def _preorder_get_whole_unit_ids(self):
        """Ids of the products sold per unit (a UoM of the "Units" family: units,
        dozens, packs): they take whole numbers only, other UoMs (kg, m, L) take
        decimals. The grids and the save apply this one rule."""
        unit_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "uom.product_uom_unit", raise_if_not_found=False
        )
        if not unit_id:
            return set()
        return {
            product.id
            for product in self
            if product.uom_id.parent_path.split("/", 1)[0] == str(unit_id)
        }
