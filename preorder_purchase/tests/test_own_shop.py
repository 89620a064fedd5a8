from odoo.tests import tagged

from odoo.addons.preorder_campaign.tests.own_shop_common import PreorderOwnShopCommon

from .common import PreorderPurchaseCommon


@tagged("post_install", "-at_install")
class TestOwnShopPurchase(PreorderPurchaseCommon, PreorderOwnShopCommon):
    """An own shop's pre-order in the purchase advice and on arrival."""

    def _confirmed_shop_order(self, quantities):
        order, _result = self.campaign._preorder_save(self.shop_manager, quantities)
        order.action_confirm()
        return order

    def _plan(self, product):
        self.env.invalidate_all()  # a view: its rows' cache does not follow the orders
        return self.env["preorder.purchase.plan"].search(
            [("campaign_id", "=", self.campaign.id), ("product_id", "=", product.id)]
        )

    def test_reserved_pieces_are_bought_once(self):
        self._confirmed_shop_order({self.table: 5})
        self._preorder(self.customer, {self.table: 10}, confirm=True)
        reservation = self._reserve({self.table: 3})
        self.assertTrue(reservation.preorder_shop_order_id)
        # The shop's 5 hold the 3 reserved: 15 in all, not 18.
        self.assertEqual(self._plan(self.table).confirmed_qty, 15.0)
        # Reserved after the shop's last entry, beyond it: only the difference adds.
        self._reserve({self.table: 4})
        self.assertEqual(self._plan(self.table).confirmed_qty, 17.0)
        # A reservation for a product the shop did not pre-order is bought too.
        self._reserve({self.chair: 12})
        self.assertEqual(self._plan(self.chair).confirmed_qty, 12.0)
        self._close()
        advice = self._advice_by_product()
        self.assertEqual(advice[self.table.id]["demand_qty"], 17.0)
        self.assertEqual(advice[self.chair.id]["demand_qty"], 12.0)

    def test_reservations_of_a_quotation_are_not_confirmed(self):
        self.campaign._preorder_save(self.shop_manager, {self.table: 2})
        self._reserve({self.table: 5})
        plan = self._plan(self.table)
        self.assertEqual((plan.confirmed_qty, plan.unconfirmed_qty), (0.0, 5.0))

    def test_arrival_reserves_the_transfer_then_the_shop_tells_its_customers(self):
        shop_order = self._confirmed_shop_order({self.table: 5, self.chair: 12})
        lotte = self._reserve({self.table: 3})
        tom = self._reserve(
            {self.chair: 2}, customer=self.env["res.partner"].create({"name": "Tom"})
        )
        lotte.action_confirm()
        transfer = shop_order.picking_ids.filtered(
            lambda picking: picking.location_id == self.main_warehouse.lot_stock_id
        )
        self.assertEqual(transfer.state, "confirmed")
        self._close()
        orders = self.campaign._create_purchase_orders()
        orders.button_confirm()
        self._receive(orders.filtered(lambda order: order.partner_id == self.vendor_oak))
        self.assertEqual(transfer.state, "assigned", "reserved when the goods arrive")
        self.assertFalse(self._shop_messages(lotte | tom), "not in the shop yet")

        # The goods leave the main warehouse, then reach the shop (tables only first).
        transfer.button_validate()
        receipt = self.env["stock.picking"].search(
            [
                ("location_dest_id", "=", self.shop_warehouse.lot_stock_id.id),
                ("state", "=", "assigned"),
            ]
        )
        self.assertEqual(receipt.picking_type_id, self.shop_warehouse.in_type_id)
        for move in receipt.move_ids:
            move.quantity = 5.0 if move.product_id == self.table else 0.0
            move.picked = True
        receipt.with_context(skip_backorder=True).button_validate()
        self.assertEqual(receipt.state, "done")
        messages = self._shop_messages(lotte)
        self.assertEqual(len(messages), 1)
        self.assertIn("Garden table", messages.body)
        self.assertIn(self.shop_customer, messages.partner_ids)
        self.assertFalse(self._shop_messages(tom), "his chairs did not arrive yet")
        receipt._preorder_notify_arrival()
        self.assertEqual(len(self._shop_messages(lotte)), 1, "once per receipt")

    def _shop_messages(self, orders):
        return self.env["mail.message"].search(
            [
                ("model", "=", "sale.order"),
                ("res_id", "in", orders.ids),
                ("subject", "ilike", "arrived in the shop"),
            ]
        )
