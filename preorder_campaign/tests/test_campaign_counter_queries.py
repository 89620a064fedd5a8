from datetime import timedelta

from odoo.fields import Command
from odoo.tests import tagged

from .common import PreorderCommon


@tagged("post_install", "-at_install")
class TestCampaignCounterQueries(PreorderCommon):
    """The campaign kanban's and form's figures (every field the views read, the
    smart buttons' counts and amounts among them, of every installed addon) cost
    the same queries for 2 campaigns or 20, for 10 orders or 100."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaigns = cls.env["preorder.campaign"].create(
            [
                {
                    "name": f"Kanban {i}",
                    "code": f"KANBAN{i}",
                    "date_start": cls.now - timedelta(days=1),
                    "date_end": cls.now + timedelta(days=5),
                    "allow_multiple_orders": True,
                    "product_categ_ids": [Command.set(cls.categ_garden.ids)],
                    "product_ids": [Command.set(cls.display.ids)],
                    "excluded_product_ids": [Command.set(cls.chair.ids)],
                    "audience": "selected",
                    "partner_category_ids": [Command.set(cls.label_vip.ids)],
                }
                for i in range(20)
            ]
        )
        cls.campaigns.write({"state": "open"})
        cls._orders(cls.campaigns, 1)

    @classmethod
    def _orders(cls, campaigns, count):
        orders = cls.env["sale.order"].create(
            [
                {
                    "state": "sent",
                    "partner_id": cls.customer.id,
                    "preorder_campaign_id": campaign.id,
                    "order_line": [
                        Command.create({"product_id": cls.table.id, "product_uom_qty": 1})
                    ],
                }
                for campaign in campaigns
                for _index in range(count)
            ]
        )
        orders[::2].action_confirm()
        return orders

    def _view_spec(self, view_type):
        """What the web client reads for `view_type`: the fields of its views."""
        Campaign = self.env["preorder.campaign"]
        views = Campaign.get_views([(False, view_type)])
        return {name: {} for name in views["models"]["preorder.campaign"]["fields"]}

    def _queries(self, campaigns, spec):
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        records = campaigns.web_read(spec)
        return self.cr.sql_log_count - start, records

    def test_kanban_costs_the_same_for_2_or_20_campaigns(self):
        spec = self._view_spec("kanban")
        self.assertIn("order_count", spec)
        self._queries(self.campaigns, spec)  # warm the caches outside of the counts
        queries, records = self._queries(self.campaigns[:2], spec)
        self.assertEqual([record["order_count"] for record in records], [1, 1])
        self.assertLessEqual(queries, KANBAN_MAX_QUERIES)
        self.env.invalidate_all()
        with self.assertQueryCount(queries):
            records = self.campaigns.web_read(spec)
        self.assertEqual([record["order_count"] for record in records], [1] * 20)

    def test_product_counts_cost_the_same_for_2_or_20_campaigns(self):
        self._queries(self.campaigns, {"product_count": {}})  # warm the caches
        for campaigns in (self.campaigns[:2], self.campaigns):
            self.env.invalidate_all()
            with self.assertQueryCount(PRODUCT_COUNT_QUERIES):
                records = campaigns.web_read({"product_count": {}})
            self.assertEqual([record["product_count"] for record in records], [4] * len(campaigns))

    def test_form_costs_the_same_for_10_or_100_orders(self):
        spec = self._view_spec("form")
        self.assertIn("product_count", spec)
        campaign = self.campaigns[0]
        self._queries(campaign, spec)  # warm the caches outside of the counts
        self._orders(campaign, 10 - campaign.order_count)
        queries, (record,) = self._queries(campaign, spec)
        self.assertEqual(record["order_count"], 10)
        self.assertLessEqual(queries, FORM_MAX_QUERIES)
        self._orders(campaign, 90)
        self.env.invalidate_all()
        with self.assertQueryCount(queries):
            (record,) = campaign.web_read(spec)
        self.assertEqual(record["order_count"], 100)
        # the garden's table, parasol and lounger (chairs) and the display; not the
        # excluded chair
        self.assertEqual(record["product_count"], 4)


# With the five addons installed (fewer addons, fewer fields): the budgets; the
# tests hold the larger case at exactly the smaller one's count. The form's smart
# buttons count one query each (the invitations' is the 34th).
KANBAN_MAX_QUERIES = 7
FORM_MAX_QUERIES = 34
PRODUCT_COUNT_QUERIES = 4
