from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_delivery_drops import PreorderDropCommon


@tagged("post_install", "-at_install")
class TestOrderGridDrops(PreorderDropCommon):
    """The backoffice grid of a campaign with delivery drops: one quantity column
    per drop, each saved into its drop's quotation."""

    def _open_grid(self, **values):
        grid = (
            self.env["preorder.order.grid"]
            .with_user(self.preorder_user)
            .create({"campaign_id": self.campaign.id, "partner_id": self.customer.id, **values})
        )
        action = grid.action_open_grid()
        return grid, action

    def _line(self, grid, product):
        return grid.line_ids.filtered(lambda line: line.product_id == product)

    def _drop_order(self, drop):
        return self.env["sale.order"].search(
            [("partner_id", "=", self.customer.id), ("preorder_drop_id", "=", drop.id)]
        )

    def test_drop_columns_save_into_their_drop(self):
        self._save({self.table: 2}, self.drop_march)
        grid, action = self._open_grid()
        self.assertEqual(action["context"]["preorder_drop_columns"], ["March", "May"])
        table = self._line(grid, self.table)
        self.assertEqual((table.drop1_qty, table.drop2_qty), (2, 0))
        # Each drop at its own prices: May's pricelist takes 10% off
        self.assertEqual((table.drop1_price, table.drop2_price), (200.0, 180.0))
        table.drop2_qty = 3
        self._line(grid, self.chair).drop1_qty = 4
        self.assertEqual(
            self._quantities(self._drop_order(self.drop_march)),
            {
                self.table: 2,
                self.chair: 4,
            },
        )
        self.assertEqual(self._quantities(self._drop_order(self.drop_may)), {self.table: 3})
        self.assertEqual(table.subtotal, 2 * 200.0 + 3 * 180.0)
        # The grid's own drop (March) keeps its single quantity in step
        self.assertEqual(self._line(grid, self.chair).quantity, 4)
        # Reopened, the grid shows what the quotations hold
        grid, _action = self._open_grid()
        table = self._line(grid, self.table)
        self.assertEqual((table.drop1_qty, table.drop2_qty), (2, 3))

    def test_drop_columns_in_the_list(self):
        Line = self.env["preorder.order.grid.line"].with_user(self.preorder_user)
        view = self.env.ref("preorder_campaign.preorder_order_grid_line_view_list")
        arch = Line.with_context(preorder_drop_columns=["March", "May"]).get_views(
            [(view.id, "list")]
        )["views"]["list"]["arch"]
        self.assertRegex(arch, r'<field name="drop1_qty"[^>]*string="March"')
        self.assertRegex(arch, r'<field name="drop2_qty"[^>]*string="May"')
        self.assertRegex(arch, r'<field name="drop3_qty"[^>]*column_invisible="True"')
        self.assertRegex(arch, r'name="quantity"[^>]*column_invisible="True"')
        # Without drops the list is as before (and not taken from the cache above)
        arch = Line.get_views([(view.id, "list")])["views"]["list"]["arch"]
        self.assertNotIn('string="March"', arch)
        self.assertNotRegex(arch, r'name="quantity"[^>]*column_invisible="True"')

    def test_picked_drop_and_single_quantity_stay_in_step(self):
        grid, _action = self._open_grid(drop_id=self.drop_may.id)
        table = self._line(grid, self.table)
        table.quantity = 4  # a suggestion taken over, or the variant matrix
        self.assertEqual(table.drop2_qty, 4)
        self.assertEqual(self._quantities(self._drop_order(self.drop_may)), {self.table: 4})
        self.assertFalse(self._drop_order(self.drop_march))
        self.assertEqual(grid.order_id, self._drop_order(self.drop_may))

    def test_closed_drop_still_changed_by_the_salesperson(self):
        self._close_march()
        grid, _action = self._open_grid()
        self._line(grid, self.table).drop1_qty = 2
        self.assertEqual(self._quantities(self._drop_order(self.drop_march)), {self.table: 2})

    def test_no_column_beyond_the_drops(self):
        grid, _action = self._open_grid()
        table = self._line(grid, self.table)
        with self.assertRaisesMessage(UserError, "not a column of the grid"):
            table.drop3_qty = 5
        self.assertFalse(self._drop_order(self.drop_march) | self._drop_order(self.drop_may))
        self.assertEqual(table.drop3_qty, 0)

    def test_too_many_drops_one_at_a_time(self):
        self.env["preorder.delivery.drop"].create(
            [
                {"campaign_id": self.campaign.id, "name": name, "sequence": 3, "date": self.today}
                for name in ("June", "July")
            ]
        )
        grid, action = self._open_grid(drop_id=self.drop_may.id)
        self.assertEqual(action["context"]["preorder_drop_columns"], [])
        table = self._line(grid, self.table)
        table.quantity = 2
        self.assertFalse(table.drop2_qty)
        self.assertEqual(table.subtotal, 2 * 180.0)
        self.assertEqual(self._quantities(self._drop_order(self.drop_may)), {self.table: 2})
