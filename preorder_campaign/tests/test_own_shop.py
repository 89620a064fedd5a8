from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .own_shop_common import PreorderOwnShopCommon


@tagged("post_install", "-at_install")
class TestOwnShop(PreorderOwnShopCommon):
    def test_shop_orders_at_its_own_zero_pricelist(self):
        """The campaign's pricelist is for customers: an own shop's pre-order and its
        grid are at the shop's 0 pricelist, its contacts' too."""
        order, _result = self.campaign._preorder_save(self.shop_manager, {self.table: 4})
        self.assertEqual(order.pricelist_id, self.zero_pricelist)
        self.assertEqual(order.order_line.price_unit, 0.0)
        self.assertEqual(order.amount_total, 0.0)
        (row,) = self.campaign._preorder_get_rows(self.shop_manager, self.table)
        self.assertEqual(row["price_unit"], 0.0)
        # A customer keeps the campaign's pricelist.
        customer_order, _result = self.campaign._preorder_save(self.customer, {self.table: 4})
        self.assertEqual(customer_order.pricelist_id, self.campaign.pricelist_id)
        self.assertEqual(customer_order.order_line.price_unit, 200.0)

    def test_shop_pricelist_applies_while_pricelists_are_off(self):
        """A database with the Pricelists setting off (no demo, a fresh install): Odoo
        gives partners no pricelist then, the shop still orders at its own."""
        Groups = self.env.registry["res.groups"]
        feature_enabled = Groups._is_feature_enabled

        def pricelists_off(groups, reference):
            if reference == "product.group_product_pricelist":
                return False
            return feature_enabled(groups, reference)

        with patch.object(Groups, "_is_feature_enabled", pricelists_off):
            self.shop_manager.invalidate_recordset()
            self.assertFalse(self.shop_manager.property_product_pricelist)
            order, _result = self.campaign._preorder_save(self.shop_manager, {self.table: 4})
            self.assertEqual(order.pricelist_id, self.zero_pricelist)
            self.assertEqual(order.amount_total, 0.0)
            customer_order, _result = self.campaign._preorder_save(self.customer, {self.table: 4})
            self.assertEqual(customer_order.order_line.price_unit, 200.0)

    def test_marking_an_own_shop_turns_pricelists_on(self):
        """The shop's pricelist must be choosable: marking a shop turns the setting on,
        as activating a second currency does in Odoo."""
        pricelist_group = self.env.ref("product.group_product_pricelist")
        user_group = self.env.ref("base.group_user")
        user_group.write({"implied_ids": [Command.unlink(pricelist_group.id)]})
        pricelist_group.write({"user_ids": [Command.clear()]})
        self.assertFalse(
            self.env["res.groups"]._is_feature_enabled("product.group_product_pricelist")
        )
        self.customer.write(
            {"preorder_own_shop": True, "preorder_shop_warehouse_id": self.shop_warehouse.id}
        )
        self.assertIn(pricelist_group, user_group.implied_ids)
        self.assertTrue(
            self.env["res.groups"]._is_feature_enabled("product.group_product_pricelist")
        )

    def test_campaign_minimum_value_does_not_block_an_own_shop(self):
        """At its 0 pricelist a shop could never reach the campaign's minimum order
        value: it may finalize all the same; customers still may not."""
        self.campaign.min_order_amount = 500.0
        order, _result = self.campaign._preorder_save(self.shop_manager, {self.table: 4})
        self.assertEqual(order._preorder_get_min_order_shortfall(), 0.0)
        customer_order, _result = self.campaign._preorder_save(self.customer, {self.table: 1})
        self.assertEqual(customer_order._preorder_get_min_order_shortfall(), 300.0)

    def test_own_shop_gets_no_next_tier_hint(self):
        """At its 0 pricelist a shop never reaches a tier: its order names no next tier
        (the form's banner, the printed quotation) and its grid no product without
        tier discount; a customer's still does."""
        order, _result = self.campaign._preorder_save(
            self.shop_manager, {self.table: 4, self.display: 2}
        )
        self.assertEqual(order.preorder_next_tier_amount, 0.0)
        self.assertEqual(order.preorder_next_tier_percent, 0.0)
        rows = self.campaign._preorder_get_rows(self.shop_manager, self.display)
        self.assertFalse(rows[0]["discount_excluded"])
        customer_order, _result = self.campaign._preorder_save(self.customer, {self.table: 1})
        self.assertEqual(customer_order.preorder_next_tier_amount, 800.0)
        self.assertEqual(customer_order.preorder_next_tier_percent, 2.0)
        rows = self.campaign._preorder_get_rows(self.customer, self.display)
        self.assertTrue(rows[0]["discount_excluded"])

    def test_own_shop_is_offered_no_early_booking_reward(self):
        """A discount cannot lower 0 prices: the shop is not offered the early-booking
        reward and finalizing in time locks none in; a customer's order does."""
        self.campaign.write(
            {
                "early_booking_date": fields.Datetime.now() + timedelta(days=3),
                "early_booking_discount_percent": 2.0,
            }
        )
        self.assertFalse(self.campaign._preorder_early_booking_running(partner=self.shop_manager))
        self.assertTrue(self.campaign._preorder_early_booking_running(partner=self.customer))
        order, _result = self.campaign._preorder_save(self.shop_manager, {self.table: 4})
        customer_order, _result = self.campaign._preorder_save(self.customer, {self.table: 1})
        (order | customer_order).action_quotation_sent()
        self.assertEqual(order.preorder_early_booking_percent, 0.0)
        self.assertEqual(customer_order.preorder_early_booking_percent, 2.0)

    def test_own_shop_needs_its_warehouse(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.customer.write({"preorder_own_shop": True})
        # Contacts of the shop are the shop (commercial fields).
        self.assertTrue(self.shop_manager.preorder_own_shop)
        self.assertEqual(self.shop_manager.preorder_shop_warehouse_id, self.shop_warehouse)

    def test_confirmed_shop_preorder_becomes_an_internal_transfer(self):
        """Confirmed, the shop's pre-order is procured through the shop warehouse's
        resupply route: main stock -> transit -> shop stock, no customer delivery;
        the first transfer is reserved as soon as the main warehouse has the goods."""
        order, _result = self.campaign._preorder_save(self.shop_manager, {self.table: 4})
        order.action_confirm()
        moves = self.env["stock.move"].search([("product_id", "=", self.table.id)])
        self.assertEqual(moves.rule_id.route_id, self.resupply_route)
        self.assertFalse(moves.filtered(lambda move: move.location_dest_id.usage == "customer"))
        transit = self.env.company.internal_transit_location_id
        shop_stock = self.shop_warehouse.lot_stock_id
        to_shop = moves.filtered(lambda move: move.location_dest_id == shop_stock)
        from_main = moves.filtered(lambda move: move.location_dest_id == transit)
        self.assertEqual(to_shop.product_uom_qty, 4.0)
        self.assertEqual(to_shop.picking_type_id, self.shop_warehouse.in_type_id)
        self.assertEqual(from_main.location_id, self.main_warehouse.lot_stock_id)
        self.assertEqual(from_main.product_uom_qty, 4.0)
        self.assertIn(from_main.picking_id, order.picking_ids)
        self.assertEqual(from_main.picking_id.state, "confirmed", "nothing in stock yet")
        self.env["stock.quant"]._update_available_quantity(
            self.table, self.main_warehouse.lot_stock_id, 10.0
        )
        from_main.picking_id.action_assign()
        self.assertEqual(from_main.picking_id.state, "assigned")

    def test_customer_preorder_is_still_delivered(self):
        order, _result = self.campaign._preorder_save(self.customer, {self.table: 4})
        order.action_confirm()
        self.assertEqual(order.picking_ids.location_dest_id.usage, "customer")

    def test_shop_without_resupply_route_is_refused(self):
        self.shop_warehouse.resupply_wh_ids = [Command.clear()]
        order, _result = self.campaign._preorder_save(self.shop_manager, {self.table: 4})
        with self.assertRaisesRegex(UserError, "not resupplied from"), self.cr.savepoint():
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)

    # ------------------------------------------------------------------
    # In-shop reservations
    # ------------------------------------------------------------------
    def test_reservation_counts_into_the_shop_preorder(self):
        shop_order, _result = self.campaign._preorder_save(self.shop_manager, {self.table: 6})
        reservation = self._reserve({self.table: 3, self.lamp: 1})
        self.assertEqual(reservation.preorder_shop_order_id, shop_order)
        self.assertEqual(shop_order.preorder_reservation_ids, reservation)
        other = self._reserve({self.table: 2}, customer=self.customer)
        rows = self.campaign._preorder_get_rows(self.shop_manager, self.table | self.chair)
        self.assertEqual(
            [(row["quantity"], row["reserved_qty"]) for row in rows], [(6.0, 5.0), (0.0, 0.0)]
        )
        # A cancelled reservation no longer counts.
        other._action_cancel()
        (row,) = self.campaign._preorder_get_rows(self.shop_manager, self.table)
        self.assertEqual(row["reserved_qty"], 3.0)
        # A customer's grid has no reservations.
        (row,) = self.campaign._preorder_get_rows(self.customer, self.table)
        self.assertEqual(row["reserved_qty"], 0.0)

    def test_what_is_not_a_reservation(self):
        self.campaign._preorder_save(self.shop_manager, {self.table: 6})
        self.assertFalse(
            self._reserve({self.table: 3}, warehouse=self.main_warehouse).preorder_shop_order_id,
            "not made in the shop",
        )
        self.assertFalse(
            self._reserve({self.lamp: 3}).preorder_shop_order_id, "no product of the campaign"
        )
        self.campaign.state = "closed"
        self.assertFalse(self._reserve({self.table: 3}).preorder_shop_order_id, "campaign closed")

    def test_link_stays_after_the_campaign_closes(self):
        shop_order, _result = self.campaign._preorder_save(self.shop_manager, {self.table: 6})
        reservation = self._reserve({self.table: 3})
        self.assertEqual(reservation.preorder_shop_order_id, shop_order)
        self.campaign.state = "closed"
        reservation.order_line = [Command.create({"product_id": self.chair.id})]
        self.assertEqual(reservation.preorder_shop_order_id, shop_order)

    def test_shop_orders_at_least_what_is_reserved(self):
        shop_order, _result = self.campaign._preorder_save(self.shop_manager, {self.table: 6})
        self._reserve({self.table: 4})
        with self.assertRaisesRegex(UserError, "reserved 4"), self.cr.savepoint():
            self.campaign._preorder_save(self.shop_manager, {self.table: 3})
        self.assertEqual(shop_order.order_line.product_uom_qty, 6.0)
        self.campaign._preorder_save(self.shop_manager, {self.table: 4})
        self.assertEqual(shop_order.order_line.product_uom_qty, 4.0)

    def test_reservations_beyond_the_shop_preorder_join_its_transfer(self):
        """Pieces reserved in the shop beyond its pre-order reach the shop like the
        rest: at the confirmation, and when a reservation is confirmed after it,
        Odoo's procurement adds them to the shop's transfer (same route, same
        transfer while it is not done); products outside the campaign stay out."""
        shop_order, _result = self.campaign._preorder_save(self.shop_manager, {self.table: 4})
        self._reserve({self.table: 6, self.lamp: 1})  # after the shop's last entry
        shop_order.action_confirm()
        self.assertEqual(self._quantities(shop_order), {self.table: 6.0})
        # Main stock -> transit, then transit -> shop stock.
        transfers = shop_order.picking_ids
        self.assertEqual(len(transfers), 2)
        transfer = transfers.filtered(
            lambda picking: picking.location_id == self.main_warehouse.lot_stock_id
        )
        to_shop = transfers - transfer
        self.assertEqual(self._transfer_quantities(transfer), {self.table: 6.0})
        self.assertEqual(self._transfer_quantities(to_shop), {self.table: 6.0})

        # Reserved after the confirmation: a quotation does not move anything yet,
        # its confirmation does.
        late = self._reserve({self.table: 3, self.chair: 2})
        self.assertEqual(late.preorder_shop_order_id, shop_order)
        self.assertEqual(self._transfer_quantities(transfer), {self.table: 6.0})
        late.action_confirm()
        self.assertEqual(self._quantities(shop_order), {self.table: 9.0, self.chair: 2.0})
        self.assertEqual(shop_order.picking_ids, transfers, "the same transfers")
        self.assertEqual(self._transfer_quantities(transfer), {self.table: 9.0, self.chair: 2.0})
        self.assertEqual(self._transfer_quantities(to_shop), {self.table: 9.0, self.chair: 2.0})
        moves = transfers.move_ids
        self.assertEqual(moves.rule_id.route_id, self.resupply_route)
        self.assertEqual(moves.sale_line_id.order_id, shop_order)
        # Another one adds only what the shop's pre-order lacks (10 reserved, 9 held).
        self._reserve({self.table: 1}).action_confirm()
        self.assertEqual(self._quantities(shop_order)[self.table], 10.0)
        self.assertEqual(self._transfer_quantities(transfer)[self.table], 10.0)

    def _transfer_quantities(self, transfer):
        quantities = {}
        for move in transfer.move_ids.filtered(lambda move: move.state != "cancel"):
            quantities[move.product_id] = (
                quantities.get(move.product_id, 0.0) + move.product_uom_qty
            )
        return quantities

    @staticmethod
    def _quantities(order):
        return {line.product_id: line.product_uom_qty for line in order.order_line}
