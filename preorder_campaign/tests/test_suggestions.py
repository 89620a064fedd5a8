from datetime import timedelta

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged

from .sale_order_common import PreorderOrderCommon


@tagged("post_install", "-at_install")
class TestSuggestions(PreorderOrderCommon):
    """Start from last season: quantities proposed from a previous campaign or from
    recent purchases, only for what the campaign offers today, saved only on accept."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.last_season = cls.campaign.copy(
            {
                "name": "Garden 2026",
                "code": "GARDEN26",
                "product_ids": [Command.set((cls.display | cls.lamp).ids)],
            }
        )
        cls.last_season.write(
            {
                "date_start": cls.now - timedelta(days=400),
                "date_end": cls.now - timedelta(days=300),
            }
        )
        old = cls._new_preorder(campaign=cls.last_season)
        # As the salesperson: the campaign is closed for customers.
        old.sudo()._preorder_set_quantities(
            {cls.table: 4, cls.chair: 6, cls.lamp: 2}, rules="salesperson"
        )
        cls.last_order = old

    def _suggestions(self, source, partner=None, campaign=None):
        campaign = campaign or self.campaign
        partner = partner or self.customer
        parsed = campaign._preorder_parse_suggestion_source(partner, source)
        return {
            self.env["product.product"].browse(product_id): quantity
            for product_id, quantity in campaign._preorder_get_suggestions(partner, parsed).items()
        }

    def test_previous_campaign_proposes_what_is_offered_today(self):
        self.assertEqual(
            self.campaign._preorder_get_source_campaigns(self.customer), self.last_season
        )
        # The lamp is not offered this season: not proposed.
        self.assertEqual(
            self._suggestions(str(self.last_season.id)), {self.table: 4.0, self.chair: 6.0}
        )
        # Excluded today: no longer proposed either.
        self.campaign.excluded_product_ids = self.chair
        self.assertEqual(self._suggestions(str(self.last_season.id)), {self.table: 4.0})
        self.assertFalse(self.campaign._preorder_get_order(self.customer), "nothing saved")

    def test_replaced_product_is_proposed_as_its_replacement(self):
        self.table.replaced_by_product_id = self.lounger
        self.assertEqual(
            self._suggestions(str(self.last_season.id)), {self.lounger: 4.0, self.chair: 6.0}
        )

    def test_only_campaigns_the_contact_ordered_in(self):
        # Gold never ordered last season: that campaign is no source for it.
        self.assertFalse(self.campaign._preorder_get_source_campaigns(self.customer_gold))
        self.assertEqual(
            self._suggestions(str(self.last_season.id), partner=self.customer_gold), {}
        )
        self.assertEqual(self._suggestions("abc"), {})
        self.assertEqual(self._suggestions(str(self.campaign.id)), {}, "not itself")

    def test_recent_purchases(self):
        sale = self.env["sale.order"].create(
            {
                "partner_id": self.branch_a.id,
                "order_line": [
                    Command.create({"product_id": self.parasol.id, "product_uom_qty": 3}),
                    Command.create({"product_id": self.lamp.id, "product_uom_qty": 9}),
                ],
            }
        )
        sale.action_confirm()
        # The company's purchases, by any of its contacts; the lamp is not offered.
        self.assertEqual(self._suggestions("sales"), {self.parasol: 3.0})
        sale.date_order = self.now - timedelta(weeks=self.campaign.previous_sales_weeks + 1)
        self.assertEqual(self._suggestions("sales"), {}, "older than the weeks looked back")

    def test_outlet_proposes_at_most_the_stock_left(self):
        outlet = self.campaign.copy({"name": "Outlet", "code": "OUT", "campaign_type": "outlet"})
        stock = self.env.ref("stock.warehouse0").lot_stock_id
        self.env["stock.quant"]._update_available_quantity(self.table, stock, 3)
        source = str(self.last_season.id)
        suggestions = outlet._preorder_get_suggestions(
            self.customer, outlet._preorder_parse_suggestion_source(self.customer, source)
        )
        self.assertEqual(suggestions, {self.table.id: 3.0}, "no chair in stock")

    def test_accept_takes_over_what_is_not_ordered_yet(self):
        order = self._new_preorder()
        self._set_quantities(order, {self.table: 1})
        campaign = self.campaign.with_user(self.portal_user).sudo()
        order, result = campaign._preorder_accept_suggestions(
            self.customer, self.last_season, rules="customer"
        )
        # The table typed this season is kept; the chair is taken over.
        self.assertEqual(self._quantities(order), {self.table: 1.0, self.chair: 6.0})
        self.assertEqual(list(result["lines"]), [self.chair.id])
        # Again: nothing left to take over.
        self.assertEqual(
            campaign._preorder_accept_suggestions(self.customer, self.last_season)[1], None
        )

    def test_accept_follows_the_customer_rules(self):
        self.campaign.date_end = self.now - timedelta(minutes=1)
        campaign = self.campaign.with_user(self.portal_user).sudo()
        with self.assertRaisesMessage(UserError, "deadline"):
            campaign._preorder_accept_suggestions(self.customer, self.last_season, rules="customer")
        self.assertFalse(self.campaign._preorder_get_order(self.customer), "nothing saved")

    def test_backoffice_grid_shows_and_uses_suggestions(self):
        grid = (
            self.env["preorder.order.grid"]
            .with_user(self.preorder_user)
            .create(
                {
                    "campaign_id": self.campaign.id,
                    "partner_id": self.customer.id,
                    "suggestion_source": "campaign",
                    "suggestion_campaign_id": self.last_season.id,
                }
            )
        )
        self.assertEqual(grid.source_campaign_ids, self.last_season)
        action = grid.action_open_grid()
        self.assertTrue(action["context"]["preorder_has_suggestions"])
        lines = {line.product_id: line for line in grid.line_ids}
        self.assertEqual(lines[self.chair].suggested_qty, 6.0)
        self.assertFalse(grid.order_id, "only proposed")
        # One row used, then all the others.
        lines[self.table].action_use_suggestion()
        self.assertEqual(self._quantities(grid.order_id), {self.table: 4.0})
        grid.line_ids.with_context(preorder_grid_id=grid.id).action_use_all_suggestions()
        self.assertEqual(self._quantities(grid.order_id), {self.table: 4.0, self.chair: 6.0})
        chair_line = grid.line_ids.filtered(lambda line: line.product_id == self.chair)
        self.assertEqual(chair_line.quantity, 6.0, "the grid shows what was stored")

    def test_suggestions_follow_todays_quantity_rules(self):
        self.env["preorder.quantity.rule"].create(
            [
                # Chairs by 4 now: last season's 6 becomes 8.
                {"campaign_id": self.campaign.id, "product_id": self.chair.id, "multiple_qty": 4},
                # At most 3 tables now.
                {"campaign_id": self.campaign.id, "product_id": self.table.id, "max_qty": 3},
            ]
        )
        self.assertEqual(
            self._suggestions(str(self.last_season.id)), {self.table: 3.0, self.chair: 8.0}
        )
        # Taking them over passes the rules, also in block mode.
        self.campaign.quantity_rule_mode = "block"
        campaign = self.campaign.with_user(self.portal_user).sudo()
        order, _result = campaign._preorder_accept_suggestions(
            self.customer, self.last_season, rules="customer"
        )
        self.assertEqual(self._quantities(order), {self.table: 3.0, self.chair: 8.0})
