from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .sale_order_common import PreorderOrderCommon


@tagged("post_install", "-at_install")
class TestOrderGrid(PreorderOrderCommon):
    def _open_grid(self, partner=None, campaign=None):
        Grid = self.env["preorder.order.grid"].with_user(self.preorder_user)
        grid = Grid.create(
            {
                "campaign_id": (campaign or self.campaign).id,
                "partner_id": (partner or self.customer).id,
            }
        )
        action = grid.action_open_grid()
        self.assertEqual(action["domain"], [("grid_id", "=", grid.id)])
        return grid

    def _grid_line(self, grid, product):
        return grid.line_ids.filtered(lambda line: line.product_id == product)

    def test_partner_button_opens_the_wizard(self):
        action = self.customer.with_user(self.preorder_user).action_preorder_open_grid()
        self.assertEqual(action["res_model"], "preorder.order.grid")
        self.assertEqual(action["context"], {"default_partner_id": self.customer.id})

    def test_grid_writes_through_the_preorder(self):
        grid = self._open_grid()
        self.assertEqual(
            set(grid.line_ids.product_id.ids),
            {self.table.id, self.chair.id, self.parasol.id, self.lounger.id, self.display.id},
        )
        self.assertEqual(self._grid_line(grid, self.table).price, 200.0)
        self.assertFalse(grid.order_id, "no empty order before the first quantity")

        self._grid_line(grid, self.table).quantity = 5
        order = grid.order_id
        self.assertEqual(
            (order.partner_id, order.preorder_campaign_id, order.state, order.user_id),
            (self.customer, self.campaign, "draft", self.preorder_user),
        )
        self.assertEqual(self._quantities(order), {self.table: 5})
        self.assertEqual(order.preorder_tier_id.name, "Bronze")

        self._grid_line(grid, self.chair).quantity = 2
        self._grid_line(grid, self.table).quantity = 0
        self.assertEqual(self._quantities(order), {self.chair: 2})

        with self.assertRaisesMessage(UserError, "negative"):
            self._grid_line(grid, self.chair).quantity = -1

        # reopening the grid shows what was ordered
        grid_again = self._open_grid()
        self.assertEqual(grid_again.order_id, order)
        self.assertEqual(self._grid_line(grid_again, self.chair).quantity, 2)

    def test_salesperson_grid_on_closed_campaign(self):
        self.campaign.state = "closed"
        grid = self._open_grid()
        self._grid_line(grid, self.parasol).quantity = 1
        self.assertEqual(self._quantities(grid.order_id), {self.parasol: 1})

    def test_customer_must_be_invited(self):
        with self.assertRaisesMessage(UserError, "not invited"):
            self._open_grid(partner=self.outsider)

    def test_reserved_to_preorder_salespeople(self):
        with self.assertRaises(AccessError):
            self.env["preorder.order.grid"].with_user(self.portal_user).create(
                {
                    "campaign_id": self.campaign.id,
                    "partner_id": self.customer.id,
                }
            )

    def test_views_open_for_reps_and_plain_salespeople(self):
        plain = new_test_user(
            self.env, login="plain_seller", groups="sales_team.group_sale_salesman"
        )
        order = self._new_preorder()
        order.user_id = self.preorder_user
        self._set_quantities(order, {self.table: 5})
        with Form(order.with_user(self.preorder_user)) as form:
            self.assertEqual(form.preorder_tier_id.name, "Bronze")
            form.preorder_discount_override = True
            form.preorder_discount_override_percent = 4
        self.assertEqual(self._line(order, self.table).discount, 4.0)
        for user in (self.preorder_user, plain):
            for model, view_types in [
                ("sale.order", ["form", "list", "search"]),
                ("res.partner", ["form"]),
                ("product.product", ["form"]),
            ]:
                self.env[model].with_user(user).get_views([(False, vt) for vt in view_types])
        Line = self.env["preorder.order.grid.line"].with_user(self.preorder_user)
        Line.get_views(
            [
                (self.env.ref("preorder_campaign.preorder_order_grid_line_view_list").id, "list"),
                (
                    self.env.ref("preorder_campaign.preorder_order_grid_line_view_search").id,
                    "search",
                ),
            ]
        )
        with Form(self.env["preorder.order.grid"].with_user(self.preorder_user)) as form:
            form.campaign_id = self.campaign
            form.partner_id = self.customer

    def test_another_salespersons_order_in_progress_is_named_not_duplicated(self):
        grid = self._open_grid()
        self._grid_line(grid, self.table).quantity = 3  # preorder_user's order
        other_rep = new_test_user(
            self.env,
            login="preorder_rep_other",
            groups="preorder_campaign.group_preorder_user",
        )
        Grid = self.env["preorder.order.grid"].with_user(other_rep)
        other_grid = Grid.create({"campaign_id": self.campaign.id, "partner_id": self.customer.id})
        with self.assertRaisesMessage(AccessError, "not accessible to you"):
            other_grid.action_open_grid()
        self.assertEqual(
            self.env["sale.order"].search_count([("preorder_campaign_id", "=", self.campaign.id)]),
            1,
        )
