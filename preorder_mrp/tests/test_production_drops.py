from datetime import datetime, time, timedelta

from odoo.fields import Command
from odoo.tests import tagged

from .common import PreorderMrpCommon


@tagged("post_install", "-at_install")
class TestProductionDrops(PreorderMrpCommon):
    """A campaign purchasing per drop makes one manufacturing order per product and
    drop, done by the drop's date; a confirmed one is deducted from its drop."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.planter_bom.produce_delay = 5
        cls.drop_march, cls.drop_may = cls._create_march_and_may_drops()
        for drop, qty in ((cls.drop_march, 4), (cls.drop_may, 6)):
            cls.env["sale.order"].create(
                {
                    "partner_id": cls.customer.id,
                    "preorder_campaign_id": cls.campaign.id,
                    "preorder_drop_id": drop.id,
                    "order_line": [
                        Command.create({"product_id": cls.planter.id, "product_uom_qty": qty})
                    ],
                }
            ).action_confirm()
        cls._close()

    def test_one_manufacturing_order_per_drop(self):
        self.campaign._create_purchase_orders()
        productions = self._campaign_productions(self.planter).sorted("date_start")
        self.assertRecordValues(
            productions,
            [
                {"preorder_drop_id": self.drop_march.id, "product_qty": 4, "state": "draft"},
                {"preorder_drop_id": self.drop_may.id, "product_qty": 6, "state": "draft"},
            ],
        )
        march_noon = datetime.combine(self.drop_march.date, time(12))
        self.assertEqual(productions[0].date_start, march_noon - timedelta(days=5))

        # Confirmed, March's order is deducted from March only and never changed;
        # a rerun updates May's draft in place.
        productions[0].action_confirm()
        self.env["sale.order"].create(
            {
                "partner_id": self.customer_gold.id,
                "preorder_campaign_id": self.campaign.id,
                "preorder_drop_id": self.drop_may.id,
                "order_line": [
                    Command.create({"product_id": self.planter.id, "product_uom_qty": 2})
                ],
            }
        ).action_confirm()
        self.campaign._create_purchase_orders()
        self.assertEqual(self._campaign_productions(self.planter), productions)
        self.assertEqual(productions[0].product_qty, 4)
        self.assertEqual(productions[1].product_qty, 8)
