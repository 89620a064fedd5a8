from datetime import timedelta

from odoo.fields import Command
from odoo.tests import tagged

from .sale_order_common import PreorderOrderCommon


@tagged("post_install", "-at_install")
class TestPreviousSalesAndPeerAverage(PreorderOrderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign.previous_sales_weeks = 12
        cls.peer = cls.env["res.partner"].create({"name": "Peer Shop", "is_company": True})

        def order(partner, quantities, campaign=False):
            return cls.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "preorder_campaign_id": campaign and campaign.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": qty})
                        for product, qty in quantities.items()
                    ],
                }
            )

        # What the customer bought: its own and its branches' confirmed orders...
        recent = order(cls.branch_a, {cls.table: 3}) | order(
            cls.customer, {cls.table: 2, cls.chair: 1}
        )
        recent.action_confirm()
        recent[0].date_order = cls.now - timedelta(weeks=2)
        # ...but not too old orders, quotations or other customers' orders
        old = order(cls.customer, {cls.table: 100})
        old.action_confirm()
        old.date_order = cls.now - timedelta(weeks=13)
        order(cls.customer, {cls.table: 50})
        order(cls.customer_gold, {cls.table: 7}).action_confirm()

        # The campaign's other customers: table 4 and 6, chair 2 (one customer)
        # (a cancelled order first: a contact has one pre-order in progress at a time)
        order(cls.peer, {cls.table: 100}, cls.campaign).action_cancel()
        order(cls.customer_gold, {cls.table: 4, cls.chair: 2}, cls.campaign)
        order(cls.peer, {cls.table: 6}, cls.campaign)
        # the customer's own pre-order is no peer and no previous sale
        order(cls.branch_b, {cls.table: 9}, cls.campaign).action_confirm()

    def test_figures_on_a_known_dataset(self):
        # two other customers ordered the table: enough with this minimum
        self.campaign.peer_average_min_customers = 2
        products = self.table | self.chair | self.parasol
        SaleOrder = self.env["sale.order"].with_user(self.portal_user).sudo()
        self.env.invalidate_all()
        # the campaign and the partner, then one grouped query each, and
        # the products' units in one batch (lines kept in dozens count in units)
        with self.assertQueryCount(6):
            figures = SaleOrder._preorder_get_previous_sales_and_peer_average(
                self.campaign, self.branch_a, products
            )
        self.assertEqual(
            figures,
            {
                self.table.id: {"previous_qty": 5.0, "peer_average": 5.0, "peer_hidden": False},
                # one other customer only: its own quantity stays hidden
                self.chair.id: {"previous_qty": 1.0, "peer_average": 0.0, "peer_hidden": True},
                self.parasol.id: {"previous_qty": 0.0, "peer_average": 0.0, "peer_hidden": False},
            },
        )

    def test_weeks_back(self):
        self.campaign.previous_sales_weeks = 20
        figures = self.env["sale.order"]._preorder_get_previous_sales_and_peer_average(
            self.campaign, self.customer, self.table
        )
        self.assertEqual(figures[self.table.id]["previous_qty"], 105.0)
