from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .sale_order_common import PreorderOrderCommon


class PreorderDropCommon(PreorderOrderCommon):
    """The common campaign with two delivery drops: March (its order deadline in
    two days) and May (the campaign's deadline), May at its own pricelist."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.may_pricelist = cls.env["product.pricelist"].create(
            {
                "name": "May prices",
                "item_ids": [
                    Command.create(
                        {
                            "applied_on": "3_global",
                            "compute_price": "percentage",
                            "percent_price": 10,
                        }
                    )
                ],
            }
        )
        cls.drop_march, cls.drop_may = cls._create_march_and_may_drops(
            march={"order_deadline": cls.now + timedelta(days=2)},
            may={"pricelist_id": cls.may_pricelist.id},
        )
        cls.Campaign = cls.campaign.with_user(cls.portal_user).sudo()

    def _save(self, quantities, drop, rules="customer", partner=None):
        return self.Campaign._preorder_save(
            partner or self.customer, quantities, rules=rules, drop=drop
        )

    def _close_march(self):
        self.drop_march.order_deadline = fields.Datetime.now() - timedelta(minutes=1)


@tagged("post_install", "-at_install")
class TestDeliveryDrops(PreorderDropCommon):
    def test_quantities_per_drop(self):
        march, _result = self._save({self.table: 2}, self.drop_march)
        may, _result = self._save({self.table: 3, self.chair: 4}, self.drop_may)
        self.assertNotEqual(march, may, "one quotation per drop")
        self.assertEqual(march.preorder_drop_id, self.drop_march)
        self.assertEqual(may.preorder_drop_id, self.drop_may)
        self.assertEqual(self._quantities(march), {self.table: 2})
        self.assertEqual(self._quantities(may), {self.table: 3, self.chair: 4})
        self.assertEqual(march.commitment_date.date(), self.drop_march.date)
        self.assertEqual(may.commitment_date.date(), self.drop_may.date)
        # The drop's pricelist, else the campaign's
        self.assertEqual(march.pricelist_id, self.pricelist)
        self.assertEqual(may.pricelist_id, self.may_pricelist)
        self.assertEqual(self._line(may, self.table).price_unit, 180.0)
        # The same drop again: the same order
        again, _result = self._save({self.table: 5}, self.drop_march)
        self.assertEqual(again, march)
        self.assertEqual(self._quantities(march), {self.table: 5})

    def test_all_drop_orders_found_together(self):
        march, _result = self._save({self.table: 2}, self.drop_march)
        may, _result = self._save({self.chair: 1}, self.drop_may)
        orders = self.Campaign._preorder_get_drop_orders(self.customer)
        self.assertEqual(list(orders), [self.drop_march, self.drop_may])
        self.assertEqual(orders[self.drop_march][0], march)
        self.assertEqual(orders[self.drop_may][0], may)
        self.assertEqual(self.Campaign._preorder_get_order(self.customer, drop=self.drop_may), may)
        # Without a drop: the first drop still open
        self.assertEqual(self.Campaign._preorder_get_order(self.customer), march)
        self._close_march()
        self.assertEqual(self.Campaign._preorder_get_order(self.customer), may)

    def test_drop_of_another_campaign_refused(self):
        other = self.campaign.copy({"code": "OTHER27"})
        with self.assertRaisesMessage(UserError, "not part of campaign"):
            self._save({self.table: 1}, other.drop_ids[:1])
        self.assertFalse(self.campaign.order_ids)

    def test_one_order_in_progress_per_drop(self):
        self.campaign.allow_multiple_orders = False
        march, _result = self._save({self.table: 1}, self.drop_march)
        may, _result = self._save({self.table: 1}, self.drop_may)
        self.assertTrue(march.preorder_in_progress and may.preorder_in_progress)
        # Without "Multiple Orders": one non-cancelled order per drop
        may.state = "sent"
        with self.assertRaisesMessage(ValidationError, "already has a pre-order"):
            self.env["sale.order"].create(
                {
                    "partner_id": self.customer.id,
                    "preorder_campaign_id": self.campaign.id,
                    "preorder_drop_id": self.drop_may.id,
                }
            )

    def test_tier_counts_all_drops(self):
        # 3 tables in March and 3 in May (at 180): 600 + 540, Bronze (1000) on both
        march, _result = self._save({self.table: 3}, self.drop_march)
        self.assertFalse(march.preorder_tier_id)
        may, result = self._save({self.table: 3}, self.drop_may)
        self.assertEqual(result["order"]["tier_name"], "Bronze")
        for order in (march, may):
            self.assertEqual(order.preorder_tier_id.name, "Bronze")
            self.assertEqual(order.preorder_balance, 1140.0)
            self.assertEqual(order.order_line.discount, 2.0)
        # Lowering one drop lowers both
        self._save({self.table: 1}, self.drop_may)
        self.assertFalse(march.preorder_tier_id)
        self.assertEqual(march.order_line.discount, 0.0)
        # Another customer's drops count apart
        other, _result = self._save({self.table: 1}, self.drop_may, partner=self.customer_gold)
        self.assertEqual(other.preorder_balance, 180.0)
        self.assertEqual(march.preorder_balance, 780.0)

    def test_closed_drop_refused_for_customers(self):
        march, _result = self._save({self.table: 2}, self.drop_march)
        self._close_march()
        with self.assertRaisesMessage(UserError, "order deadline of delivery March has passed"):
            self._save({self.table: 3}, self.drop_march)
        self.assertEqual(self._quantities(march), {self.table: 2})
        # No new order in a closed drop either
        with self.assertRaisesMessage(UserError, "order deadline of delivery March"):
            self._save({self.table: 1}, self.drop_march, partner=self.customer_gold)
        self.assertFalse(
            self.env["sale.order"].search([("partner_id", "=", self.customer_gold.id)])
        )
        # The other drop stays open; a salesperson may still change the closed one
        self._save({self.table: 1}, self.drop_may)
        self._save({self.table: 4}, self.drop_march, rules="salesperson")
        self.assertEqual(self._quantities(march), {self.table: 4})
        self.assertFalse(
            self.Campaign._preorder_is_editable(march, march.browse(), self.drop_march)
        )
        self.assertTrue(
            self.Campaign._preorder_is_editable(march.browse(), march.browse(), self.drop_may)
        )

    def test_drop_order_keeps_the_drop_date(self):
        march, _result = self._save({self.table: 2}, self.drop_march)
        with self.assertRaisesMessage(UserError, "delivered with March"):
            march.with_user(self.portal_user).sudo()._preorder_set_delivery_date(
                self.today + timedelta(days=60), rules="customer"
            )
        self.drop_march.date = self.today + timedelta(days=45)
        self.assertEqual(march.commitment_date.date(), self.today + timedelta(days=45))

    def test_order_deadline_before_campaign_deadline(self):
        with self.assertRaisesMessage(ValidationError, "must come before the deadline"):
            self.drop_march.order_deadline = self.campaign.date_end
        with self.assertRaisesMessage(ValidationError, "must come before the deadline"):
            self.campaign.date_end = self.now + timedelta(days=1)

    def test_drop_totals(self):
        self._save({self.table: 2}, self.drop_march)
        self._save({self.table: 1, self.chair: 2}, self.drop_may)
        self._save({self.chair: 1}, self.drop_may, partner=self.customer_gold)
        self.drop_march.invalidate_recordset()
        self.drop_may.invalidate_recordset()
        self.assertRecordValues(
            self.drop_march | self.drop_may,
            [
                {"order_count": 1, "ordered_qty": 2.0, "ordered_amount": 400.0},
                {"order_count": 2, "ordered_qty": 4.0, "ordered_amount": 180.0 + 135.0},
            ],
        )
        self.assertTrue(self.campaign.has_drops)

    def test_without_drops_nothing_changes(self):
        foreign_drop = self.campaign.copy({"code": "OTHER27"}).drop_ids[:1]
        self.campaign.drop_ids.unlink()
        self.assertFalse(self.campaign.has_drops)
        order, _result = self._save({self.table: 1}, None)
        self.assertFalse(order.preorder_drop_id)
        self.assertFalse(order.commitment_date)
        with self.assertRaisesMessage(UserError, "not part of campaign"):
            self._save({self.table: 1}, foreign_drop)

    def test_drops_edited_in_the_campaign_form(self):
        with (
            Form(self.campaign.with_user(self.preorder_user)) as form,
            form.drop_ids.new() as drop,
        ):
            drop.name = "July"
            drop.date = self.today + timedelta(days=150)
        self.assertEqual(self.campaign.drop_ids.mapped("name"), ["March", "May", "July"])

    def test_drop_rights_follow_the_campaign(self):
        # A salesperson changes the drops of his own campaigns only
        self.drop_march.with_user(self.preorder_user).name = "Early March"
        other = self.campaign.copy({"code": "OTHER27", "user_id": self.preorder_manager.id})
        with self.assertRaises(AccessError):
            other.drop_ids[:1].with_user(self.preorder_user).name = "Mine now"
        self.assertEqual(other.drop_ids[:1].with_user(self.preorder_user).name, "Early March")
        # Customers reach drops only through the website's checks
        with self.assertRaises(AccessError):
            self.drop_march.with_user(self.portal_user).read(["name"])
        # A drop with orders stays
        self._save({self.table: 1}, self.drop_may)
        with self.assertRaisesMessage(UserError, "Delivery May has orders"):
            self.drop_may.unlink()

    def test_backoffice_grid_enters_one_drop(self):
        Grid = self.env["preorder.order.grid"].with_user(self.preorder_user)
        grid = Grid.create({"campaign_id": self.campaign.id, "partner_id": self.customer.id})
        self.assertEqual(grid.drop_id, self.drop_march, "the first drop still open")
        grid.drop_id = self.drop_may
        action = grid.action_open_grid()
        self.assertIn("May", action["name"])
        line = grid.line_ids.filtered(lambda line: line.product_id == self.table)
        self.assertEqual(line.price, 180.0, "the drop's pricelist")
        line.quantity = 4
        self.assertEqual(grid.order_id.preorder_drop_id, self.drop_may)
        self.assertEqual(self._quantities(grid.order_id), {self.table: 4})
        # A salesperson may still change a closed drop
        self._close_march()
        grid = Grid.create(
            {
                "campaign_id": self.campaign.id,
                "partner_id": self.customer.id,
                "drop_id": self.drop_march.id,
            }
        )
        grid.action_open_grid()
        grid.line_ids.filtered(lambda line: line.product_id == self.chair).quantity = 2
        self.assertEqual(grid.order_id.preorder_drop_id, self.drop_march)
        self.assertEqual(self._quantities(grid.order_id), {self.chair: 2})

    def test_no_drops_next_to_quotations_without_drop(self):
        campaign = self.campaign.copy({"code": "NODROPS27", "drop_ids": []})
        campaign.state = "open"
        order, _result = self.Campaign.browse(campaign.id)._preorder_save(
            self.customer, {self.table: 1}, rules="customer"
        )
        self.assertFalse(order.preorder_drop_id)
        with self.assertRaisesMessage(ValidationError, "quotations without a delivery drop"):
            self.env["preorder.delivery.drop"].create(
                {"campaign_id": campaign.id, "name": "June", "date": self.today}
            )
        # Once no quotation lacks a drop (cancelled here), drops may come
        order.state = "cancel"
        self.env["preorder.delivery.drop"].create(
            {"campaign_id": campaign.id, "name": "June", "date": self.today}
        )
        self.assertTrue(campaign.has_drops)
