from datetime import timedelta

from lxml import etree

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import PreorderCommon


class CampaignAnalysisCommon(PreorderCommon):
    """Garden 2027 (this year) and Garden 2026 (last year, closed), with orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Campaign = cls.env["preorder.campaign"]
        cls.previous = Campaign.create(
            {
                "name": "Garden 2026",
                "code": "GARDEN26",
                "date_start": cls.now - timedelta(days=400),
                "date_end": cls.now - timedelta(days=350),
                "product_categ_ids": [Command.set(cls.categ_garden.ids)],
                "audience": "selected",
                "partner_category_ids": [Command.set(cls.label_vip.ids)],
                "partner_ids": [Command.set(cls.outsider.ids)],
            }
        )
        cls.previous.state = "open"
        # customer: a draft of its own and a draft of a branch (a contact counts as
        # its company); gold: a sent quotation, and a cancelled one that counts nowhere
        cls.order_customer = cls._order(cls.customer, [(cls.table, 2), (cls.chair, 4)])
        cls.order_branch = cls._order(cls.branch_a, [(cls.lounger, 1)])
        cls.order_gold = cls._order(cls.customer_gold, [(cls.parasol, 3)])
        cls.order_gold.action_quotation_sent()
        cancelled = cls._order(cls.customer_gold, [(cls.table, 10)])
        cancelled.action_cancel()
        # last year: gold and the outsider ordered, both confirmed
        cls.previous_gold = cls._order(cls.customer_gold, [(cls.table, 1)], cls.previous)
        cls.previous_outsider = cls._order(cls.outsider, [(cls.parasol, 5)], cls.previous)
        (cls.previous_gold | cls.previous_outsider).action_confirm()
        cls.previous.write({"state": "closed"})

    @classmethod
    def _order(cls, partner, quantities, campaign=None):
        order = cls._new_preorder(partner, campaign)
        order.order_line = [
            Command.create({"product_id": product.id, "product_uom_qty": qty})
            for product, qty in quantities
        ]
        return order


@tagged("post_install", "-at_install")
class TestCampaignAnalysis(CampaignAnalysisCommon):
    """The campaign analysis: figures per product, customer, brand and category,
    participation and laggards, the campaign compared with, and who may read it."""

    def _figures(self, groupby, campaign=None):
        groups = self.env["preorder.campaign.report"]._read_group(
            [("campaign_id", "=", (campaign or self.campaign).id)],
            [groupby],
            ["quantity:sum", "amount_untaxed:sum"],
        )
        return {record: (quantity, amount) for record, quantity, amount in groups}

    # ------------------------------------------------------------------
    # Figures
    # ------------------------------------------------------------------
    def test_figures_per_product_customer_brand_and_category(self):
        self.assertEqual(
            self._figures("product_id"),
            {
                self.table: (2, 400),
                self.chair: (4, 200),
                self.lounger: (1, 120),
                self.parasol: (3, 240),
            },
            "the cancelled order counts nowhere",
        )
        self.assertEqual(
            self._figures("commercial_partner_id"),
            {self.customer: (7, 720), self.customer_gold: (3, 240)},
            "a branch's order counts for its company",
        )
        self.assertEqual(
            self._figures("product_brand_id"),
            {self.brand_oak: (6, 600), self.brand_sun: (4, 360)},
        )
        self.assertEqual(
            self._figures("categ_id"),
            {self.categ_garden: (5, 640), self.categ_chairs: (5, 320)},
        )
        self.assertEqual(self._figures("is_finalized"), {False: (7, 720), True: (3, 240)})

    def test_quantity_in_the_product_unit(self):
        dozen = self.env.ref("uom.product_uom_dozen")
        self.order_gold.order_line = [
            Command.create({"product_id": self.chair.id, "product_uom_id": dozen.id})
        ]
        quantity, amount = self._figures("product_id")[self.chair]
        self.assertEqual(quantity, 4 + 12)
        self.assertEqual(amount, 200 + 600)

    def test_headline_figures_on_the_campaign(self):
        campaign = self.campaign.with_user(self.preorder_user)
        self.assertEqual(campaign.compare_campaign_id, self.previous)
        self.assertEqual(campaign.analysis_amount, 960)
        self.assertEqual(campaign.analysis_quantity, 10)
        self.assertEqual(campaign.analysis_customer_count, 2)
        # invited: customer (VIP) and gold (a child label of VIP)
        self.assertEqual(campaign.analysis_invited_count, 2)
        self.assertEqual(campaign.analysis_participation, 1.0)
        self.assertEqual(campaign.analysis_laggard_count, 1, "customer has only drafts")
        # last year: three invited (the outsider was added), two ordered and confirmed
        self.assertEqual(campaign.compare_amount, 200 + 400)
        self.assertEqual(campaign.compare_quantity, 6)
        self.assertEqual(campaign.compare_customer_count, 2)
        self.assertEqual(campaign.compare_invited_count, 3)
        self.assertAlmostEqual(campaign.compare_participation, 2 / 3)
        self.assertEqual(campaign.compare_laggard_count, 1)

    # ------------------------------------------------------------------
    # Participation and laggards
    # ------------------------------------------------------------------
    def _laggards(self, campaign=None):
        action = (campaign or self.campaign).with_user(self.preorder_user).action_view_laggards()
        self.assertEqual(action["res_model"], "res.partner")
        return self.env["res.partner"].search(action["domain"])

    def test_a_draft_is_a_laggard_a_finalized_order_is_not(self):
        self.assertEqual(self._laggards(), self.customer)
        # finalizing the branch's order is enough: the customer finalized something
        self.order_branch.action_quotation_sent()
        self.assertFalse(self._laggards())
        self.assertEqual(self.campaign.analysis_laggard_count, 0)
        # an invited customer who never ordered is a laggard too
        newcomer = self.env["res.partner"].create(
            {"name": "VIP newcomer", "category_id": [Command.set(self.label_vip_gold.ids)]}
        )
        self.campaign.invalidate_recordset()
        self.assertEqual(self._laggards(), newcomer)
        self.assertEqual(self.campaign.analysis_invited_count, 3)
        self.assertAlmostEqual(self.campaign.analysis_participation, 2 / 3)
        self.assertEqual(self._laggards(self.previous), self.customer | newcomer)

    def test_compared_campaign_laggards(self):
        action = self.campaign.with_user(self.preorder_user).action_view_compare_laggards()
        self.assertEqual(self.env["res.partner"].search(action["domain"]), self.customer)

    def test_invited_customers_are_those_the_audience_allows(self):
        """The count agrees with _is_partner_allowed, contact by contact: exclusions
        reach down to the contacts of the excluded, not up to their company."""
        Partner = self.env["res.partner"]
        # a contact with a label of its own opens the door for its company
        labelled_company = Partner.create({"name": "No label Co", "is_company": True})
        Partner.create(
            {
                "name": "Labelled buyer",
                "parent_id": labelled_company.id,
                "category_id": [Command.set(self.label_vip_gold.ids)],
            }
        )
        self.branch_b.category_id = self.label_vip
        scenarios = [
            {},
            {"excluded_partner_ids": [Command.set(self.branch_a.ids)]},
            {"excluded_partner_ids": [Command.set(self.customer.ids)]},
            {
                "partner_category_ids": [Command.clear()],
                "partner_ids": [Command.set((self.branch_b | self.outsider).ids)],
            },
            {"partner_category_ids": [Command.clear()]},
        ]
        everybody = Partner.search([])
        for values in scenarios:
            with self.subTest(values=values):
                self.campaign.write(values)
                expected = {
                    partner.commercial_partner_id.id
                    for partner in everybody
                    if self.campaign._is_partner_allowed(partner)
                }
                invited = self.campaign._get_invited_customer_ids()[self.campaign.id]
                self.assertEqual(invited, expected)
        self.campaign.write(
            {
                "partner_category_ids": [Command.set(self.label_vip.ids)],
                "excluded_partner_ids": [Command.clear()],
            }
        )
        invited = self.campaign._get_invited_customer_ids()[self.campaign.id]
        self.assertIn(labelled_company.id, invited)

    def test_every_signed_in_customer_invites_the_customers(self):
        self._create_rep_partners()
        self.campaign.write(
            {"audience": "all", "excluded_partner_ids": [Command.set(self.customer_gold.ids)]}
        )
        invited = self.campaign._get_invited_customer_ids()[self.campaign.id]
        self.assertTrue({self.customer.id, self.outsider.id, self.new_customer.id} <= invited)
        self.assertNotIn(self.customer_gold.id, invited, "excluded")
        for kind, partner in self.refused_partners.items():
            if kind != "unreadable to the rep":  # counted: the figures are the campaign's
                self.assertNotIn(partner.commercial_partner_id.id, invited, kind)

    # ------------------------------------------------------------------
    # The campaign compared with
    # ------------------------------------------------------------------
    def test_default_previous_campaign_by_series_and_company(self):
        Campaign = self.env["preorder.campaign"]
        other_company = self.env["res.company"].create({"name": "Other Garden Co"})

        def campaign(code, days_ago, state, **values):
            record = Campaign.create(
                {
                    "name": code,
                    "code": code,
                    "date_start": self.now - timedelta(days=days_ago + 30),
                    "date_end": self.now - timedelta(days=days_ago),
                    **values,
                }
            )
            record.sudo().state = state
            return record

        older = campaign("GARDEN-2025", 700, "done")
        campaign("GARDEN 2026 B", 300, "open")  # not over
        campaign("GARDENING-26", 200, "closed")  # another series
        campaign("GARDEN-26", 100, "closed", company_id=other_company.id)
        campaign("garden28", -400, "closed")  # ends after the campaign
        self.assertEqual(self.campaign.compare_campaign_id, self.previous)
        self.assertEqual(self.previous.compare_campaign_id, older)
        self.assertFalse(older.compare_campaign_id)
        # a newer campaign of the series closes: the default follows
        newer = campaign("Garden-2026-bis", 100, "closed")
        self.campaign.invalidate_recordset()
        self.assertEqual(self.campaign.compare_campaign_id, newer)
        # a code without a series compares with nothing
        self.campaign.code = "2027"
        self.assertFalse(self.campaign.compare_campaign_id)

    def test_chosen_campaign_is_kept_and_the_default_is_not(self):
        older = self.env["preorder.campaign"].create(
            {
                "name": "Outlet 2025",
                "code": "OUTLET-2025",
                "date_start": self.now - timedelta(days=800),
                "date_end": self.now - timedelta(days=700),
            }
        )
        self.campaign.compare_campaign_id = older
        self.assertEqual(self.campaign.compare_campaign_manual_id, older)
        self.assertEqual(self.campaign.compare_campaign_id, older)
        action = self.campaign.action_view_analysis()
        self.assertEqual(action["domain"], [("campaign_id", "in", [self.campaign.id, older.id])])
        self.assertEqual(action["context"]["pivot_column_groupby"], ["campaign_id"])
        # choosing the default again, or nothing, follows the series again
        self.campaign.compare_campaign_id = self.previous
        self.assertFalse(self.campaign.compare_campaign_manual_id)
        self.campaign.compare_campaign_id = False
        self.campaign.invalidate_recordset(["compare_campaign_id"])  # as a form reloads
        self.assertEqual(self.campaign.compare_campaign_id, self.previous)
        with self.assertRaises(ValidationError):
            self.campaign.compare_campaign_manual_id = self.campaign

    # ------------------------------------------------------------------
    # Cost and access
    # ------------------------------------------------------------------
    def _count_figure_queries(self):
        campaign = self.campaign.with_user(self.preorder_user)
        self.env.invalidate_all()
        campaign.read(["analysis_amount"])  # warm the caches (selections, public partner)
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        campaign.read(["analysis_amount", "compare_laggard_count"])
        return self.cr.sql_log_count - start

    def test_figures_cost_the_same_queries_for_few_and_many_lines(self):
        few = self._count_figure_queries()
        products = self.env["product.product"].create(
            [
                {"name": f"Pot {i}", "categ_id": self.categ_garden.id, "list_price": 5}
                for i in range(60)
            ]
        )
        customers = self.env["res.partner"].create(
            [
                {"name": f"VIP {i}", "is_company": True, "category_id": self.label_vip.ids}
                for i in range(10)
            ]
        )
        for customer in customers:
            self._order(customer, [(product, 2) for product in products])
        many = self._count_figure_queries()
        self.assertEqual(many, few)
        self.assertEqual(self.campaign.analysis_quantity, 10 + 10 * 60 * 2)
        self.env.invalidate_all()
        # both campaigns and their company's currency (4), the default compared
        # campaign (1), the figures (1), per campaign its labels and its invited
        # customers (4); the selections are cached
        with self.assertQueryCount(10):
            self.campaign.with_user(self.preorder_user).read(["compare_amount"])

    def test_analysis_button_is_shown_before_more(self):
        """The form's button box shows 4 buttons before "More" on a laptop screen
        (Odoo's ButtonBox at the LG size): Analysis is among them, whatever the
        addons installed add after the campaign's own buttons."""
        for user in (self.preorder_user, self.env.ref("base.user_admin")):
            with self.subTest(user=user.login):
                arch = (
                    self.env["preorder.campaign"]
                    .with_user(user)
                    .get_views([(False, "form")])["views"]["form"]["arch"]
                )
                buttons = etree.fromstring(arch).xpath(
                    "//div[@name='button_box']/button[not(@invisible='1' or @invisible='True')]"
                )
                names = [button.get("name") for button in buttons]
                self.assertIn("action_view_analysis", names[:4], names)

    def test_portal_and_plain_employees_cannot_read_the_analysis(self):
        Report = self.env["preorder.campaign.report"]
        self.assertTrue(Report.with_user(self.preorder_user).search([]))
        employee = new_test_user(self.env, login="analysis_employee", groups="base.group_user")
        for user in (self.portal_user, employee):
            with self.subTest(user=user.login), mute_logger("odoo.models"):
                with self.assertRaises(AccessError):
                    Report.with_user(user).search([])
                with self.assertRaises(AccessError):
                    self.campaign.with_user(user).action_view_laggards()

    def test_analysis_of_another_company_is_hidden(self):
        other_company = self.env["res.company"].create({"name": "Other Garden Co"})
        self.preorder_user.company_ids = [Command.link(other_company.id)]
        Report = self.env["preorder.campaign.report"].with_user(self.preorder_user)
        self.assertTrue(Report.search([("campaign_id", "=", self.campaign.id)]))
        hidden = Report.with_context(allowed_company_ids=other_company.ids).search(
            [("campaign_id", "=", self.campaign.id)]
        )
        self.assertFalse(hidden)


@tagged("post_install", "-at_install")
class TestCampaignAnalysisTour(HttpCase, CampaignAnalysisCommon):
    def test_tour_campaign_analysis(self):
        self.start_tour(
            f"/odoo/action-preorder_campaign.preorder_campaign_action/{self.campaign.id}",
            "preorder_campaign_analysis",
            login="preorder_rep",
        )
