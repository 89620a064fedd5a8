from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .sale_order_common import PreorderOrderCommon


class OrderGridMatrixCommon(PreorderOrderCommon):
    """A cushion in sizes S and M and colours Red and Blue; M Blue left out."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        size, colour = cls.env["product.attribute"].create(
            [
                {
                    "name": "Grid size",
                    "value_ids": [Command.create({"name": name}) for name in ("S", "M")],
                },
                {
                    "name": "Grid colour",
                    "value_ids": [Command.create({"name": name}) for name in ("Red", "Blue")],
                },
            ]
        )
        cls.template = cls.env["product.template"].create(
            {
                "name": "Grid cushion",
                "categ_id": cls.categ_garden.id,
                "list_price": 10.0,
                "type": "consu",
                "attribute_line_ids": [
                    Command.create(
                        {
                            "attribute_id": attribute.id,
                            "value_ids": [Command.set(attribute.value_ids.ids)],
                        }
                    )
                    for attribute in (size, colour)
                ],
            }
        )
        cls.variant = {
            tuple(variant.product_template_attribute_value_ids.mapped("name")): variant
            for variant in cls.template.product_variant_ids
        }
        cls.campaign.excluded_product_ids = [Command.link(cls.variant["M", "Blue"].id)]


@tagged("post_install", "-at_install")
class TestOrderGridMatrix(OrderGridMatrixCommon):
    """A salesperson enters a template's variants in Odoo's matrix dialog."""

    def _open_grid(self):
        grid = (
            self.env["preorder.order.grid"]
            .with_user(self.preorder_user)
            .create({"campaign_id": self.campaign.id, "partner_id": self.customer.id})
        )
        grid.action_open_grid()
        return grid

    @staticmethod
    def _cells(action):
        """{(row name, column name): cell} of the dialog's matrix."""
        columns = [cell["name"] for cell in action["params"]["header"][1:]]
        return {
            (row[0]["name"], column): cell
            for row in action["params"]["matrix"]
            for column, cell in zip(columns, row[1:], strict=True)
        }

    def test_matrix_dialog_shows_offered_variants_with_their_quantities(self):
        grid = self._open_grid()
        lines = grid.line_ids.filtered(
            lambda line: line.product_id.product_tmpl_id == self.template
        )
        self.assertEqual(len(lines), 3, "the excluded variant has no line")
        self.assertTrue(all(lines.mapped("is_matrix")))
        self.assertFalse(
            grid.line_ids.filtered(lambda line: line.product_id == self.table).is_matrix
        )
        lines.filtered(lambda line: line.product_id == self.variant["S", "Red"]).quantity = 4
        action = lines[0].action_open_matrix()
        self.assertEqual(action["tag"], "preorder_campaign.open_matrix")
        self.assertEqual(action["params"]["template_id"], self.template.id)
        cells = self._cells(action)
        # Odoo's matrix: the first attribute (size) as columns, colours as rows
        self.assertEqual(set(cells), {("Red", "S"), ("Red", "M"), ("Blue", "S"), ("Blue", "M")})
        self.assertEqual(cells["Red", "S"]["qty"], 4.0)
        self.assertEqual(cells["Blue", "S"]["qty"], 0.0)
        self.assertFalse(cells["Blue", "M"]["is_possible_combination"], "excluded")
        self.assertTrue(cells["Red", "M"]["is_possible_combination"])

    def test_matrix_changes_are_saved_in_one_save(self):
        grid = self._open_grid()
        cells = self._cells(grid.line_ids.filtered("is_matrix")[0].action_open_matrix())
        grid.action_apply_matrix(
            [
                {"qty": 6, "ptav_ids": cells["Red", "S"]["ptav_ids"]},
                {"qty": 2, "ptav_ids": cells["Blue", "S"]["ptav_ids"]},
            ]
        )
        self.assertEqual(
            self._quantities(grid.order_id),
            {self.variant["S", "Red"]: 6.0, self.variant["S", "Blue"]: 2.0},
        )
        line = grid.line_ids.filtered(lambda line: line.product_id == self.variant["S", "Blue"])
        self.assertEqual(line.quantity, 2.0, "the grid shows what was saved")

    def test_matrix_refusals_change_nothing(self):
        grid = self._open_grid()
        cells = self._cells(grid.line_ids.filtered("is_matrix")[0].action_open_matrix())
        red_s = {"qty": 6, "ptav_ids": cells["Red", "S"]["ptav_ids"]}
        for changes, message in (
            ([red_s, {"qty": 1, "ptav_ids": cells["Blue", "M"]["ptav_ids"]}], "not offered"),
            ([red_s, {"qty": 1, "ptav_ids": ["x"]}], "Unknown product"),
            ([red_s, {"qty": -3, "ptav_ids": cells["Blue", "S"]["ptav_ids"]}], "negative"),
            ("nothing", "Nothing to save"),
        ):
            with (
                self.subTest(message=message),
                self.assertRaisesMessage(UserError, message),
                self.env.cr.savepoint(),
            ):
                grid.action_apply_matrix(changes)
        orders = self.env["sale.order"].search(
            [("preorder_campaign_id", "=", self.campaign.id), ("partner_id", "=", self.customer.id)]
        )
        self.assertFalse(orders)

    def test_matrix_off_has_no_matrix_rows(self):
        self.campaign.show_variant_matrix = False
        grid = self._open_grid()
        self.assertFalse(grid.line_ids.filtered("is_matrix"))


@tagged("post_install", "-at_install")
class TestOrderGridMatrixTour(HttpCase, OrderGridMatrixCommon):
    def test_tour_backoffice_matrix(self):
        self.start_tour(
            f"/odoo/action-base.action_partner_form/{self.customer.id}",
            "preorder_backoffice_grid_matrix",
            login="preorder_rep",
        )
        order = self.env["sale.order"].search(
            [("preorder_campaign_id", "=", self.campaign.id), ("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(
            self._quantities(order),
            {self.variant["S", "Red"]: 5.0, self.variant["S", "Blue"]: 2.0},
        )
