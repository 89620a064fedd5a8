from odoo.tests import tagged

from .sale_order_common import PreorderOrderCommon


@tagged("post_install", "-at_install")
class TestSaleOrderTiersCurrency(PreorderOrderCommon):
    """The tiers are amounts in the campaign's currency: an order priced in another
    currency counts converted, also within a group of branches."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 1 unit of the company's currency is 2 PRE.
        cls.foreign = cls._create_foreign_currency(2.0)
        cls.foreign_pricelist = cls._create_pricelist(
            name="Prices in PRE", currency_id=cls.foreign.id
        )
        cls.campaign.write({"pricelist_id": False, "group_target": True})

    def test_group_balance_adds_branches_in_the_campaign_currency(self):
        green = self._new_preorder()
        self._set_quantities(green, {self.table: 4})  # 800
        antwerp = self._new_preorder(partner=self.branch_a)
        antwerp.pricelist_id = self.foreign_pricelist
        self._set_quantities(antwerp, {self.lounger: 1})  # 240 PRE = 120
        self.assertEqual(antwerp.currency_id, self.foreign)
        self.assertEqual(self._line(antwerp, self.lounger).price_unit, 240.0)
        # 920 of 1000: no tier yet (adding 800 + 240 as they are would give Bronze).
        self.assertFalse(green.preorder_tier_id)
        self.assertFalse(antwerp.preorder_tier_id)
        self.assertEqual(green.preorder_balance, 920.0)
        self.assertEqual(green.preorder_next_tier_amount, 80.0)
        # Each order shows the group's figures in its own currency.
        self.assertEqual(antwerp.preorder_balance, 1840.0)
        self.assertEqual(antwerp.preorder_next_tier_amount, 160.0)

        self._set_quantities(antwerp, {self.lounger: 2})  # 480 PRE = 240: 1040
        self.assertEqual(green.preorder_tier_id.name, "Bronze")
        self.assertEqual(antwerp.preorder_discount_percent, 2.0)
        self.assertEqual(self._line(antwerp, self.lounger).discount, 2.0)

    def test_a_single_order_in_another_currency_reaches_the_tier_converted(self):
        order = self._new_preorder()
        order.pricelist_id = self.foreign_pricelist
        self._set_quantities(order, {self.table: 3})  # 1200 PRE = 600
        self.assertFalse(order.preorder_tier_id, "1200 PRE is 600: below 1000")
        self._set_quantities(order, {self.table: 5})  # 2000 PRE = 1000
        self.assertEqual(order.preorder_tier_id.name, "Bronze")
