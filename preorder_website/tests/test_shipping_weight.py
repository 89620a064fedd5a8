from odoo.tests import tagged

from odoo.addons.preorder_campaign.tests.sale_order_common import PreorderOrderCommon


@tagged("post_install", "-at_install")
class TestPreorderShippingWeight(PreorderOrderCommon):
    """The shipping weight (delivery, installed with the website) is summed in SQL on
    an autosave: it must be what delivery computes line by line."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.table.weight = 12.5
        cls.chair.weight = 3.25
        cls.parasol.weight = 0.0
        cls.order = cls._new_preorder()

    def _assert_weight_as_delivery(self, order):
        order.invalidate_recordset()
        self.assertAlmostEqual(order.shipping_weight, order._get_estimated_weight(), places=4)

    def test_weight_follows_the_saves(self):
        for quantities in (
            {self.table: 3, self.chair: 8, self.parasol: 2},
            {self.chair: 1},
            {self.table: 0},
        ):
            self._set_quantities(self.order, quantities)
            self.env.flush_all()
            self._assert_weight_as_delivery(self.order)
        self.assertAlmostEqual(self.order.shipping_weight, 3.25)

    def test_line_in_another_unit_is_converted_by_the_orm(self):
        self._set_quantities(self.order, {self.table: 1, self.chair: 1})
        dozen = self.env.ref("uom.product_uom_dozen")
        self._line(self.order, self.chair).product_uom_id = dozen
        self._set_quantities(self.order, {self.table: 2})
        self.env.flush_all()
        self._assert_weight_as_delivery(self.order)
        self.assertAlmostEqual(self.order.shipping_weight, 2 * 12.5 + 12 * 3.25)
