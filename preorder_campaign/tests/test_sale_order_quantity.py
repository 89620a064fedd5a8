from datetime import timedelta

from psycopg2 import IntegrityError

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .sale_order_common import PreorderOrderCommon


@tagged("post_install", "-at_install")
class TestSaleOrderQuantity(PreorderOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._new_preorder()
        cls.order.user_id = cls.preorder_user

    def test_create_update_remove_line(self):
        result = self._set_quantities(self.order, {self.table: 3})
        line = self._line(self.order, self.table)
        self.assertEqual(line.product_uom_qty, 3)
        self.assertEqual(line.price_unit, 200.0)
        self.assertEqual(
            result["lines"][self.table.id],
            {
                "line_id": line.id,
                "quantity": 3.0,
                "price_unit": 200.0,
                "discount": 0.0,
                "price_subtotal": 600.0,
                "previous_quantity": 0.0,
                "warning": "",
            },
        )
        self.assertEqual(result["order"]["amount_untaxed"], 600.0)

        result = self._set_quantities(self.order, {self.table: 5})
        self.assertEqual(result["lines"][self.table.id]["previous_quantity"], 3.0)
        self.assertEqual(self._line(self.order, self.table), line, "updated, not duplicated")
        self.assertEqual(line.product_uom_qty, 5)

        result = self._set_quantities(self.order, {self.table: 0})
        self.assertFalse(line.exists())
        self.assertFalse(self.order.order_line)
        self.assertEqual(result["lines"][self.table.id]["line_id"], False)

    def test_batch_one_write_string_keys_like_json(self):
        result = self._set_quantities(
            self.order, {str(self.table.id): "2", str(self.chair.id): 4, self.parasol.id: 1.0}
        )
        self.assertEqual(
            self._quantities(self.order), {self.table: 2, self.chair: 4, self.parasol: 1}
        )
        self.assertEqual(set(result["lines"]), {self.table.id, self.chair.id, self.parasol.id})

    def test_salesperson_single_product_api(self):
        self.order.with_user(self.preorder_user)._preorder_set_quantity(self.lounger, 2)
        self.assertEqual(self._line(self.order, self.lounger).product_uom_qty, 2)

    def test_outlet_caps_customers_at_the_free_stock(self):
        self.campaign.campaign_type = "outlet"
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        self.env["stock.quant"]._update_available_quantity(self.table, warehouse.lot_stock_id, 4)
        self._set_quantities(self.order, {self.table: 4})
        with self.assertRaisesMessage(UserError, "only 4 left in stock"):
            self._set_quantities(self.order, {self.table: 5})
        with self.assertRaisesMessage(UserError, "only 0 left in stock"):
            self._set_quantities(self.order, {self.chair: 1})
        self.assertEqual(self._quantities(self.order), {self.table: 4})
        # a salesperson may sell what is still to come
        self.order.with_user(self.preorder_user)._preorder_set_quantity(self.table, 6)
        self.assertEqual(self._line(self.order, self.table).product_uom_qty, 6)

    def test_product_outside_campaign_refused(self):
        self._set_quantities(self.order, {self.table: 1})
        with self.assertRaisesMessage(UserError, "not offered"):
            self._set_quantities(self.order, {self.chair: 2, self.lamp: 1})
        self.assertEqual(self._quantities(self.order), {self.table: 1}, "nothing written")
        with self.assertRaises(UserError):
            self._set_quantities(self.order, {999999999: 1})
        archived = self.env["product.product"].create(
            {"name": "Old parasol", "categ_id": self.categ_garden.id, "active": False}
        )
        with self.assertRaisesMessage(UserError, "not offered"):
            self._set_quantities(self.order, {archived: 1})

    def test_product_that_left_the_campaign_can_be_removed(self):
        self._set_quantities(self.order, {self.display: 2})
        self.campaign.product_ids = [Command.clear()]
        with self.assertRaisesMessage(UserError, "not offered"):
            self._set_quantities(self.order, {self.display: 3})
        self._set_quantities(self.order, {self.display: 0})
        self.assertFalse(self.order.order_line)

    def test_bad_quantities_refused_and_nothing_written(self):
        self._set_quantities(self.order, {self.table: 1})
        cases = [
            (-1, "negative"),
            ("abc", "not a valid quantity"),
            ("1e3", "not a valid quantity"),
            (float("nan"), "not a valid quantity"),
            (None, "not a valid quantity"),
            (True, "not a valid quantity"),
            ([3], "not a valid quantity"),
            (1e9, "cannot exceed"),
            (2.5, "whole number"),
        ]
        for raw, message in cases:
            with self.subTest(raw=raw), self.assertRaisesMessage(UserError, message):
                # a valid quantity in the same batch is not written either
                self._set_quantities(self.order, {self.chair: 4, self.table: raw})
        self.assertEqual(self._quantities(self.order), {self.table: 1})

    def test_fractional_quantity_for_weighed_products(self):
        self.parasol.uom_id = self.uom_kgm
        self._set_quantities(self.order, {self.parasol: "2.555"})
        self.assertAlmostEqual(self._line(self.order, self.parasol).product_uom_qty, 2.56)
        with self.assertRaisesMessage(UserError, "whole number"):
            self._set_quantities(self.order, {self.table: 0.5})

    def test_customer_refused_outside_campaign_dates(self):
        original = {
            "date_start": self.campaign.date_start,
            "date_end": self.campaign.date_end,
            "state": "open",
        }
        cases = {
            "before start": {"date_start": self.now + timedelta(days=1)},
            "after deadline": {
                "date_start": self.now - timedelta(days=3),
                "date_end": self.now - timedelta(hours=1),
            },
            "closed": {"state": "closed"},
            "draft": {"state": "draft"},
        }
        for label, vals in cases.items():
            with self.subTest(label):
                self.campaign.write(vals)
                with self.assertRaises(UserError):
                    self._set_quantities(self.order, {self.table: 1})
                self.assertFalse(self.order.order_line)
                self.campaign.write(original)
        self._set_quantities(self.order, {self.table: 1})
        self.assertTrue(self.order.order_line, "open again: accepted")

    def test_salesperson_may_adjust_a_closed_campaign(self):
        self._set_quantities(self.order, {self.table: 1})
        self.campaign.write(
            {
                "state": "closed",
                "date_start": self.now - timedelta(days=5),
                "date_end": self.now - timedelta(days=1),
            }
        )
        with self.assertRaisesMessage(UserError, "deadline"):
            self._set_quantities(self.order, {self.table: 2})
        # the website passes a sudo'ed order: the real user still decides
        self.order.with_user(self.preorder_user).sudo()._preorder_set_quantities({self.table: 2})
        self.assertEqual(self._line(self.order, self.table).product_uom_qty, 2)

    def test_cancelled_campaign_refused_for_everyone(self):
        self.campaign.state = "cancel"
        with self.assertRaisesMessage(UserError, "cancelled"):
            self.order.with_user(self.preorder_user)._preorder_set_quantities({self.table: 2})

    def test_confirmed_order_refused(self):
        self._set_quantities(self.order, {self.table: 1})
        self.order.action_confirm()
        with self.assertRaisesMessage(UserError, "no longer a quotation"):
            self._set_quantities(self.order, {self.table: 2})
        with self.assertRaisesMessage(UserError, "no longer a quotation"):
            self.order.with_user(self.preorder_user)._preorder_set_quantities({self.table: 2})

    def test_one_line_per_product(self):
        self._set_quantities(self.order, {self.table: 1})
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.env.cr.savepoint():
            self.env["sale.order.line"].create(
                {"order_id": self.order.id, "product_id": self.table.id, "product_uom_qty": 1}
            )
        # a note or section is no product line: allowed
        self.env["sale.order.line"].create(
            {"order_id": self.order.id, "display_type": "line_note", "name": "Deliver at the back"}
        )

    def test_campaign_pricelist_route_and_code(self):
        self.assertEqual(self.order.pricelist_id, self.campaign.pricelist_id)
        self.assertEqual(self.order.origin, "GARDEN27")

        route = self.env["stock.route"].create({"name": "Pre-order flow", "sale_selectable": True})
        self.campaign.route_id = route
        self._set_quantities(self.order, {self.table: 1})
        self.assertEqual(self._line(self.order, self.table).route_ids, route)

    def test_customer_pricelist_without_campaign_pricelist(self):
        customer_pricelist = self._create_pricelist(
            name="Retail -10%",
            item_ids=[
                Command.create(
                    {
                        "compute_price": "percentage",
                        "percent_price": 10,
                        "applied_on": "3_global",
                    }
                )
            ],
        )
        self.customer.property_product_pricelist = customer_pricelist
        self.campaign.pricelist_id = False
        self.order._action_cancel()  # one pre-order in progress per contact
        order = self._new_preorder()
        self.assertEqual(order.pricelist_id, customer_pricelist)
        self._set_quantities(order, {self.table: 1})
        self.assertEqual(self._line(order, self.table).price_unit, 180.0)

    def test_quantities_read_as_people_write_them(self):
        SaleOrder = self.env["sale.order"]
        self.assertEqual(SaleOrder._preorder_format_quantity(20.0), "20")
        self.assertEqual(SaleOrder._preorder_format_quantity(2.5), "2.5")
        self.assertEqual(SaleOrder._preorder_format_quantity(1250.125), "1,250.125")
        self.assertEqual(SaleOrder._preorder_format_quantity(0.0), "0")
        self.env["res.lang"]._activate_lang("fr_FR")
        in_french = SaleOrder.with_context(lang="fr_FR")
        self.assertEqual(in_french._preorder_format_quantity(2.5), "2,5")
        self.assertEqual(in_french._preorder_format_quantity(20.0), "20")
