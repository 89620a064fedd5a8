from ast import literal_eval

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PreorderCommon


@tagged("post_install", "-at_install")
class TestRepCustomer(PreorderCommon):
    """Whom a salesperson may enter pre-orders for: one rule on res.partner, used by
    the backoffice grid (and the website's rep mode)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign.audience = "all"
        cls._create_rep_partners()

    def test_rule_keeps_customers_only(self):
        company = self.campaign.company_id
        for partner in (self.customer, self.branch_a, self.new_customer, self.vendor_customer):
            self.assertTrue(
                partner._preorder_is_rep_customer(company, self.preorder_user), partner.name
            )
        for case, partner in self.refused_partners.items():
            self.assertFalse(partner._preorder_is_rep_customer(company, self.preorder_user), case)
        # Checked with the rep's rights, not the caller's: sudo changes nothing
        self.assertFalse(self.secret.sudo()._preorder_is_rep_customer(company, self.preorder_user))
        # In the other company, its customers are customers (for whoever may read them)
        self.assertTrue(self.foreign._preorder_is_rep_customer(self.other_company, self.env.user))

    def test_grid_refuses_other_partners(self):
        Grid = self.env["preorder.order.grid"].with_user(self.preorder_user)
        for case, partner in self.refused_partners.items():
            with self.assertRaises(UserError, msg=case) as catcher:
                Grid.create({"campaign_id": self.campaign.id, "partner_id": partner.id})
            self.assertIn("only for customers of", str(catcher.exception))
        self.assertFalse(
            self.env["sale.order"].search([("preorder_campaign_id", "=", self.campaign.id)])
        )
        grid = Grid.create({"campaign_id": self.campaign.id, "partner_id": self.new_customer.id})
        self.assertTrue(grid.action_open_grid())

    def test_grid_offers_only_customers(self):
        grid = (
            self.env["preorder.order.grid"]
            .with_user(self.preorder_user)
            .new({"campaign_id": self.campaign.id})
        )
        Partner = self.env["res.partner"].with_user(self.preorder_user)
        offered = Partner.search([("name", "ilike", "Rules")] + literal_eval(grid.partner_domain))
        self.assertEqual(offered, self.new_customer | self.vendor_customer)
