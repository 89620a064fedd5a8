from odoo import fields, models


class PreorderCampaign(models.Model):
    """The size/colour matrix: a product with variants shown as one block of its
    attribute values (Odoo's ``product_matrix`` builds it), one cell per variant."""

    _inherit = "preorder.campaign"

    show_variant_matrix = fields.Boolean(
        string="Variant Matrix",
        default=True,
        help="Show a product with variants as one block of its attribute values (for "
        "example colour by size), with one quantity cell per variant, instead of one "
        "row per variant.",
    )

    def _preorder_get_matrix_templates(self, products):
        """The templates of `products` shown as a matrix: with the matrix on, those
        whose variants come from attribute values (at least one attribute with two
        values or more). Attributes that create no variant cannot be ordered per cell:
        such templates keep one row per variant."""
        self.ensure_one()
        if not self.show_variant_matrix:
            return products.product_tmpl_id.browse()
        # Variants without attribute values (prices read them already) need no look
        # at their templates' attribute lines: a page without variants costs nothing.
        templates = products.filtered("product_template_attribute_value_ids").product_tmpl_id
        return templates.filtered(
            lambda template: (
                (lines := template.valid_product_template_attribute_line_ids)
                and any(len(line.value_ids) > 1 for line in lines)
                and all(line.attribute_id.create_variant != "no_variant" for line in lines)
            )
        )

    def _preorder_get_matrices(self, products):
        """``{template: matrix}`` of the templates of `products` shown as a matrix
        (``_preorder_get_matrix``), in a constant number of queries."""
        self.ensure_one()
        templates = self._preorder_get_matrix_templates(products)
        if not templates:
            return {}
        products.fetch(["product_template_attribute_value_ids"])
        return {template: self._preorder_get_matrix(template, products) for template in templates}

    def _preorder_get_matrix(self, template, products):
        """The matrix of `template` for the grids, from ``_get_template_matrix``:

        ``{"columns": [name, ...], "rows": [{"name": name, "cells": [product or
        False, ...]}, ...], "header": ..., "matrix": ...}``, a cell holding the
        campaign's variant of that combination among `products`, or False where the
        variant is not offered (not in the campaign, archived, not for sale, or never
        created). ``header`` and ``matrix`` are Odoo's own, as its matrix dialog takes
        them, each cell's ``is_possible_combination`` saying whether it is offered."""
        self.ensure_one()
        variant_by_key = {
            frozenset(product.product_template_attribute_value_ids.ids): product
            for product in products
            if product.product_tmpl_id == template
        }
        matrix = template.with_context(preorder_matrix_cells_known=True)._get_template_matrix(
            company_id=self.company_id,
            currency_id=self.currency_id,
            display_extra_price=False,
        )
        rows = []
        for row in matrix["matrix"]:
            cells = []
            for cell in row[1:]:
                variant = variant_by_key.get(frozenset(cell["ptav_ids"]), False)
                cell["is_possible_combination"] = bool(variant)
                cells.append(variant)
            rows.append({"name": row[0]["name"], "cells": cells})
        return {
            "columns": [cell["name"] for cell in matrix["header"][1:]],
            "rows": rows,
            "header": matrix["header"],
            "matrix": matrix["matrix"],
        }

    def _preorder_get_matrix_variant(self, ptav_ids, products):
        """The variant among `products` of the matrix cell `ptav_ids` (the ids of its
        attribute values, as Odoo's matrix dialog sends them), or empty."""
        self.ensure_one()
        key = frozenset(ptav_ids)
        return products.filtered(
            lambda product: frozenset(product.product_template_attribute_value_ids.ids) == key
        )[:1]
