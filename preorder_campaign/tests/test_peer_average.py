from psycopg2.errors import CheckViolation

from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .sale_order_common import PreorderOrderCommon


@tagged("post_install", "-at_install")
class TestPeerAverage(PreorderOrderCommon):
    """The average of other customers shows only once enough other customers (not
    contacts: a company's branches are one customer) ordered the product, so that
    it never gives away one competitor's quantity."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.peer_1, cls.peer_2, cls.peer_3, cls.chain = Partner.create(
            [
                {"name": "Peer One", "is_company": True},
                {"name": "Peer Two", "is_company": True},
                {"name": "Peer Three", "is_company": True},
                {"name": "Chain Shops", "is_company": True},
            ]
        )
        cls.chain_north, cls.chain_south = Partner.create(
            [
                {"name": "Chain North", "parent_id": cls.chain.id, "type": "other"},
                {"name": "Chain South", "parent_id": cls.chain.id, "type": "other"},
            ]
        )
        # The customer's own pre-order (a branch's) never counts as another customer's
        cls._order(cls.branch_b, {cls.table: 50, cls.chair: 50})

    @classmethod
    def _order(cls, partner, quantities):
        return cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "preorder_campaign_id": cls.campaign.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in quantities.items()
                ],
            }
        )

    def _figures(self, products=None, partner=None):
        return self.env["sale.order"]._preorder_get_previous_sales_and_peer_average(
            self.campaign, partner or self.branch_a, products or self.table
        )

    def _peer(self, figures, product=None):
        """(peer_average, peer_hidden) of one product."""
        values = figures[(product or self.table).id]
        return values["peer_average"], values["peer_hidden"]

    def test_default_minimum_is_three(self):
        self.assertEqual(self.campaign.peer_average_min_customers, 3)

    def test_one_or_two_other_customers_hide_the_average(self):
        self.assertEqual(self._peer(self._figures()), (0.0, False), "nobody else: nothing")
        self._order(self.peer_1, {self.table: 4})
        self.assertEqual(self._peer(self._figures()), (0.0, True), "one competitor's figure")
        self._order(self.peer_2, {self.table: 8})
        self.assertEqual(self._peer(self._figures()), (0.0, True))

    def test_three_other_customers_show_the_average(self):
        self._order(self.peer_1, {self.table: 4, self.chair: 1})
        self._order(self.peer_2, {self.table: 8})
        self._order(self.peer_3, {self.table: 3})
        figures = self._figures(self.table | self.chair | self.parasol)
        self.assertEqual(
            figures,
            {
                self.table.id: {"previous_qty": 0.0, "peer_average": 5.0, "peer_hidden": False},
                self.chair.id: {"previous_qty": 0.0, "peer_average": 0.0, "peer_hidden": True},
                self.parasol.id: {
                    "previous_qty": 0.0,
                    "peer_average": 0.0,
                    "peer_hidden": False,
                },
            },
        )
        # Seen by Peer One, the others are Peer Two, Peer Three and the customer
        self.assertEqual(self._peer(self._figures(partner=self.peer_1)), ((8 + 3 + 50) / 3, False))

    def test_branches_of_one_company_are_one_customer(self):
        self._order(self.chain_north, {self.table: 2})
        self._order(self.chain_south, {self.table: 6})
        self._order(self.peer_1, {self.table: 10})
        # three ordering contacts, but two customers
        self.assertEqual(self._peer(self._figures()), (0.0, True))
        self._order(self.peer_2, {self.table: 2})
        # the average stays per ordering contact: (2 + 6 + 10 + 2) / 4
        self.assertEqual(self._peer(self._figures()), (5.0, False))

    def test_minimum_is_a_campaign_setting(self):
        self._order(self.peer_1, {self.table: 4})
        self._order(self.peer_2, {self.table: 8})
        self.campaign.peer_average_min_customers = 2
        self.assertEqual(self._peer(self._figures()), (6.0, False))
        self.campaign.peer_average_min_customers = 4
        self._order(self.peer_3, {self.table: 3})
        self.assertEqual(self._peer(self._figures()), (0.0, True))

    def test_minimum_below_two_is_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(CheckViolation):
            self.campaign.peer_average_min_customers = 1
            self.env.flush_all()

    def test_query_count_does_not_grow_with_products_or_customers(self):
        products = self.table | self.chair | self.parasol | self.lounger
        for partner in (self.peer_1, self.peer_2, self.chain_north, self.chain_south):
            self._order(partner, {product: 2 for product in products})
        SaleOrder = self.env["sale.order"].with_user(self.portal_user).sudo()
        self.env.invalidate_all()
        # the campaign and the partner, one grouped query each, and the products' units
        # in one batch (lines kept in dozens count in units): as for one product
        with self.assertQueryCount(6):
            figures = SaleOrder._preorder_get_previous_sales_and_peer_average(
                self.campaign, self.branch_a, products
            )
        self.assertEqual({values["peer_hidden"] for values in figures.values()}, {False})
        self.assertEqual({values["peer_average"] for values in figures.values()}, {2.0})

    def test_backoffice_grid_says_why_the_average_is_hidden(self):
        self.campaign.show_peer_average = True
        self._order(self.peer_1, {self.table: 4, self.chair: 1})
        self._order(self.peer_2, {self.table: 8})
        self._order(self.peer_3, {self.table: 3})
        grid = (
            self.env["preorder.order.grid"]
            .with_user(self.preorder_user)
            .create({"campaign_id": self.campaign.id, "partner_id": self.customer.id})
        )
        grid.action_open_grid()
        lines = {line.product_id: line for line in grid.line_ids}
        self.assertEqual(
            (lines[self.table].peer_average_display, lines[self.table].peer_hidden), ("5", False)
        )
        self.assertEqual(lines[self.table].peer_average, 5.0)
        self.assertEqual(
            (lines[self.chair].peer_average_display, lines[self.chair].peer_hidden),
            # The same words as on the website
            ("Shown once at least 3 other customers have ordered this product", True),
        )
        self.assertEqual(lines[self.chair].peer_average, 0.0)
        self.assertFalse(lines[self.parasol].peer_average_display, "nobody else ordered it")
        self.assertFalse(lines[self.parasol].peer_hidden)
