from odoo.fields import Command
from odoo.tests import tagged

from .common import PreorderWebsiteCommon
from .test_website_performance import GRID_PAGE_BUDGET

HIDDEN_REASON = "Shown once at least 3 other customers have ordered this product"


@tagged("post_install", "-at_install")
class TestPreorderWebsiteVisitors(PreorderWebsiteCommon):
    """What a page tells people about campaigns and customers that are not theirs:
    visitors see only the campaigns open to every customer, and a customer sees the
    average of other customers only once it no longer gives one of them away."""

    # ------------------------------------------------------------------
    # The visitor's teaser
    # ------------------------------------------------------------------
    def test_visitor_teaser_lists_only_campaigns_open_to_everyone(self):
        everyone = self.campaign.copy(
            {"name": "Open House 2027", "code": "OPEN27", "audience": "all", "is_published": True}
        )
        other_company = self.env["res.company"].create({"name": "Other Wholesaler"})
        foreign = self.campaign.copy(
            {
                "name": "Foreign Garden",
                "code": "FOREIGN27",
                "company_id": other_company.id,
                "audience": "all",
                "pricelist_id": False,
                "is_published": True,
            }
        )
        (everyone | foreign).state = "open"
        self.assertEqual(self.campaign.audience, "selected")
        html = self.url_open("/preorder").text
        self.assertIn("Open House 2027", html)
        self.assertNotIn("Garden 2027", html, "invited customers only")
        self.assertNotIn("Foreign Garden", html, "a campaign of another company")
        self.assertEqual(html.count("o_preorder_teaser_campaign"), 1)
        # an invited customer still sees its restricted campaign
        self._login()
        self.assertIn("Garden 2027", self.url_open("/preorder").text)

    # ------------------------------------------------------------------
    # The average of other customers
    # ------------------------------------------------------------------
    def _peer_customers(self, count):
        return self.env["res.partner"].create(
            [
                {
                    "name": f"Peer Garden {i}",
                    "is_company": True,
                    "category_id": [Command.set(self.label_vip.ids)],
                }
                for i in range(count)
            ]
        )

    def _order_as_peer(self, partner, quantities):
        order = self._new_preorder(partner=partner)
        for product, quantity in quantities.items():
            order._preorder_set_quantity(product, quantity, rules="salesperson")
        return order

    def _peer_cell(self, product):
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        row = self._row(html, product)
        return row[row.index("o_preorder_peer_average") :]

    def _assert_hidden(self, cell):
        self.assertIn("o_preorder_peer_hidden", cell)
        self.assertIn(f'title="{HIDDEN_REASON}"', cell)
        self.assertRegex(cell, r"^o_preorder_peer_average\">\s*<span", "no figure")

    def test_grid_hides_the_average_of_one_or_two_other_customers(self):
        self.campaign.show_peer_average = True
        peer_1, peer_2, peer_3 = self._peer_customers(3)
        self._login()
        self.assertNotIn("o_preorder_peer_hidden", self._peer_cell(self.table), "nobody else")
        self._order_as_peer(peer_1, {self.table: 4})
        self._assert_hidden(self._peer_cell(self.table))
        self._order_as_peer(peer_2, {self.table: 8})
        self._assert_hidden(self._peer_cell(self.table))
        self._order_as_peer(peer_3, {self.table: 6})
        cell = self._peer_cell(self.table)
        self.assertRegex(cell, r'^o_preorder_peer_average">\s*6\s*</td>')
        self.assertNotIn("o_preorder_peer_hidden", cell)

    def test_grid_counts_the_branches_of_a_company_as_one_customer(self):
        self.campaign.show_peer_average = True
        chain = self._peer_customers(1)
        north, south = self.env["res.partner"].create(
            [
                {"name": "Peer North", "parent_id": chain.id, "type": "other"},
                {"name": "Peer South", "parent_id": chain.id, "type": "other"},
            ]
        )
        self._order_as_peer(north, {self.table: 2})
        self._order_as_peer(south, {self.table: 4})
        self._order_as_peer(self.customer_gold, {self.table: 9})
        self._login()
        self._assert_hidden(self._peer_cell(self.table))

    def test_grid_page_query_count_with_other_customers(self):
        """Withholding the average costs no query: the page reads as many with one
        other customer (hidden) as with several (shown)."""
        self.campaign.write({"show_previous_sales": True, "show_peer_average": True})
        peers = self._peer_customers(3)
        self._order_as_peer(peers[0], {self.table: 1, self.chair: 1})
        self._login()
        url = f"/preorder/{self.campaign.id}"
        count_hidden = self._queries(lambda: self.url_open(url))
        self._assert_hidden(self._peer_cell(self.chair))
        for peer in peers[1:]:
            self._order_as_peer(peer, {self.table: 4, self.parasol: 1})
        count_shown = self._queries(lambda: self.url_open(url))
        self.assertRegex(self._peer_cell(self.table), r'^o_preorder_peer_average">\s*3\s*<')
        self._assert_hidden(self._peer_cell(self.parasol))
        self.assertEqual(count_shown, count_hidden)
        self.assertLessEqual(count_shown, GRID_PAGE_BUDGET)
