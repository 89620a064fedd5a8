import importlib.util
from pathlib import Path

from odoo.fields import Command
from odoo.tests import tagged

from .common import PreorderPurchaseCommon


@tagged("post_install", "-at_install")
class TestArrival(PreorderPurchaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env.ref("preorder_purchase.mail_template_preorder_arrival")
        # Own shop: the company's own store, an ordinary customer of the company.
        cls.own_shop = cls.env["res.partner"].create(
            {
                "name": "Our Shop Bruges",
                "email": "bruges@example.com",
                "category_id": [Command.set(cls.label_vip.ids)],
            }
        )
        cls.green_1 = cls._preorder(cls.customer, {cls.table: 8}, confirm=True)
        cls.green_2 = cls._preorder(cls.customer, {cls.table: 2, cls.chair: 12}, confirm=True)
        cls.gold = cls._preorder(cls.customer_gold, {cls.chair: 12}, confirm=True)
        cls.shop = cls._preorder(cls.own_shop, {cls.table: 5}, confirm=True)
        cls.draft = cls._preorder(cls.outsider, {cls.table: 3})  # not confirmed: not told
        cls._close()
        cls.orders = cls.campaign._create_purchase_orders()
        cls.orders.button_confirm()
        cls.po_oak = cls.orders.filtered(lambda o: o.partner_id == cls.vendor_oak)

    def _arrival_messages(self, orders):
        return self.env["mail.message"].search(
            [
                ("model", "=", "sale.order"),
                ("res_id", "in", orders.ids),
                ("subject", "ilike", "have arrived"),
            ]
        )

    def test_each_customer_told_once_per_receipt(self):
        receipt = self._receive(self.po_oak, {self.table: 15})
        self.assertEqual(receipt.picking_type_id, self.picking_type, "the campaign's type")
        self.assertTrue(receipt.preorder_arrival_notified)
        self.assertEqual(self.campaign.purchase_state, "partial")
        self.assertEqual(self.campaign.purchase_qty_received, 15.0)
        green = self._arrival_messages(self.green_1 | self.green_2)
        self.assertEqual(len(green), 1, "one message per customer, not per order")
        self.assertIn("Garden table", green.body)
        self.assertNotIn("Garden chair", green.body, "chairs did not arrive")
        self.assertIn(self.customer, green.partner_ids)
        self.assertEqual(len(self._arrival_messages(self.shop)), 1)
        self.assertFalse(self._arrival_messages(self.gold), "no table on Gold's pre-order")
        self.assertFalse(self._arrival_messages(self.draft), "not confirmed")

        # Validating again does not repeat the message.
        receipt._preorder_notify_arrival()
        self.assertEqual(len(self._arrival_messages(self.green_1 | self.green_2)), 1)

        # The backorder is another receipt: the chairs arrive, Gold and Green are told.
        self._receive(self.po_oak)
        self.assertEqual(len(self._arrival_messages(self.green_1 | self.green_2)), 2)
        self.assertEqual(len(self._arrival_messages(self.gold)), 1)

    def test_salesperson_gets_a_summary_activity(self):
        self._receive(self.po_oak, {self.table: 15})
        activities = self.campaign.activity_ids.filtered(
            lambda activity: activity.user_id == self.preorder_user
        )
        self.assertEqual(len(activities), 1)
        self.assertIn("2 customers", activities.summary)
        self.assertIn("Our Shop Bruges", activities.note)

    def test_confirmed_deliveries_reserved_after_receipt(self):
        delivery = self.shop.picking_ids
        self.assertEqual(delivery.state, "confirmed", "nothing in stock yet")
        self._receive(self.po_oak)
        self.assertEqual(delivery.state, "assigned")
        self.assertEqual(self.campaign.purchase_state, "received")

    def test_template_of_an_older_version_still_lists_the_lines(self):
        """A database upgraded from 19.0.1.1.0 keeps its (noupdate, maybe edited) arrival
        template: the migration renames the method its body calls, in every language."""
        self.template.body_html += "<p>Edited here</p>"
        self.template.flush_recordset()
        # As the template is in such a database (the ORM refuses an unknown method).
        self.env.cr.execute(
            "UPDATE mail_template SET body_html = replace(body_html::text, %s, %s)::jsonb "
            "WHERE id = %s",
            ("_preorder_get_arrival_lines(", "_get_preorder_arrival_lines(", self.template.id),
        )
        self.template.invalidate_recordset(["body_html"])
        self.assertIn("_get_preorder_arrival_lines", self.template.body_html)
        path = Path(__file__).parents[1] / "migrations/19.0.1.2.0/post-migrate.py"
        spec = importlib.util.spec_from_file_location("preorder_purchase_migration", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "19.0.1.1.0")
        self.template.invalidate_recordset(["body_html"])
        self.assertNotIn("_get_preorder_arrival_lines", self.template.body_html)
        self.assertIn("Edited here", self.template.body_html, "the edit is kept")
        self._receive(self.po_oak, {self.table: 15})
        message = self._arrival_messages(self.green_1 | self.green_2)
        self.assertIn("Garden table", message.body)
