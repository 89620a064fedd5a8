from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import PreorderCommon


@tagged("post_install", "-at_install")
class TestCampaignSelection(PreorderCommon):
    """Which products a campaign offers and which customers may order."""

    # ------------------------------------------------------------------
    # Products
    # ------------------------------------------------------------------
    def test_products_union_of_selections(self):
        products = self.campaign._get_products()
        # Garden and its subcategory Chairs, plus the added display; never the lamp
        self.assertEqual(
            set(products.ids),
            {self.table.id, self.chair.id, self.parasol.id, self.lounger.id, self.display.id},
        )

    def test_products_by_brand_tag_and_added_product(self):
        tag = self.env["product.tag"].create({"name": "Summer"})
        self.lamp.product_tmpl_id.product_tag_ids = [Command.set(tag.ids)]
        self.campaign.write(
            {
                "product_categ_ids": [Command.clear()],
                "product_brand_ids": [Command.set(self.brand_oak.ids)],
                "product_tag_ids": [Command.set(tag.ids)],
                "product_ids": [Command.set(self.display.ids)],
            }
        )
        self.assertEqual(
            set(self.campaign._get_products().ids),
            {self.table.id, self.chair.id, self.lamp.id, self.display.id},
        )
        self.assertEqual(self.campaign.product_count, 4)

    def test_excluded_product_wins_over_selection(self):
        self.campaign.excluded_product_ids = [Command.set((self.chair | self.display).ids)]
        products = self.campaign._get_products()
        self.assertNotIn(self.chair, products)
        self.assertNotIn(self.display, products)
        self.assertIn(self.lounger, products, "other products of the subcategory stay")

    def test_subcategories_are_included(self):
        self.campaign.write(
            {
                "product_categ_ids": [Command.set(self.categ_garden.ids)],
                "product_ids": [Command.clear()],
            }
        )
        # Chairs is a child of Garden: the chair and the lounger come along
        self.assertLessEqual(self.chair | self.lounger, self.campaign._get_products())

    def test_non_saleable_product_is_not_offered(self):
        self.parasol.sale_ok = False
        self.assertNotIn(self.parasol, self.campaign._get_products())

    def test_product_of_another_company_is_not_offered(self):
        other_company = self.env["res.company"].create({"name": "Other Wholesaler"})
        self.table.product_tmpl_id.company_id = other_company
        products = self.campaign._get_products()
        self.assertNotIn(self.table, products)
        self.assertIn(self.chair, products)

    def test_no_selection_offers_nothing(self):
        self.campaign.write(
            {
                "product_categ_ids": [Command.clear()],
                "product_ids": [Command.clear()],
            }
        )
        self.assertFalse(self.campaign._get_products())
        self.assertEqual(self.campaign.product_count, 0)

    def test_action_view_products_lists_the_offer(self):
        action = self.campaign.action_view_products()
        self.assertEqual(
            self.env["product.product"].search(action["domain"]),
            self.campaign._get_products(),
        )

    # ------------------------------------------------------------------
    # Customers
    # ------------------------------------------------------------------
    def test_partner_allowed_by_child_label_and_company(self):
        self.assertTrue(self.campaign._is_partner_allowed(self.customer_gold))
        self.assertTrue(self.campaign._is_partner_allowed(self.branch_a))
        self.assertFalse(self.campaign._is_partner_allowed(self.outsider))

    def test_added_partner_is_allowed(self):
        self.campaign.partner_ids = [Command.set(self.outsider.ids)]
        self.assertTrue(self.campaign._is_partner_allowed(self.outsider))

    def test_excluded_partner_wins(self):
        self.campaign.write(
            {
                "partner_ids": [Command.set(self.customer_gold.ids)],
                "excluded_partner_ids": [Command.set(self.customer_gold.ids)],
            }
        )
        # selected by label and by hand, but excluded
        self.assertFalse(self.campaign._is_partner_allowed(self.customer_gold))

    def test_excluded_company_excludes_its_contacts(self):
        self.campaign.excluded_partner_ids = [Command.set(self.customer.ids)]
        self.assertFalse(self.campaign._is_partner_allowed(self.customer))
        self.assertFalse(self.campaign._is_partner_allowed(self.branch_a))

    def test_audience_all_allows_customers_but_not_the_public_partner(self):
        self.campaign.audience = "all"
        self.assertTrue(self.campaign._is_partner_allowed(self.outsider))
        self.assertFalse(self.campaign._is_partner_allowed(self.env.ref("base.public_partner")))
        self.campaign.excluded_partner_ids = [Command.set(self.outsider.ids)]
        self.assertFalse(self.campaign._is_partner_allowed(self.outsider))

    def test_selection_changes_apply_at_once(self):
        """The selections are cached between requests: a change applies at once."""
        self.assertIn(self.table, self.campaign._get_products())
        self.assertTrue(self.campaign._is_partner_allowed(self.customer_gold))
        self.campaign.write(
            {"product_categ_ids": [Command.clear()], "partner_category_ids": [Command.clear()]}
        )
        self.assertNotIn(self.table, self.campaign._get_products())
        self.assertFalse(self.campaign._is_partner_allowed(self.customer_gold))

    def test_form_counts_the_products_of_unsaved_selections(self):
        """The form shows the count of what is being edited, not of the cached selection."""
        saved_count = self.campaign.product_count
        with Form(self.campaign) as form:
            form.product_categ_ids.clear()
            self.assertLess(form.product_count, saved_count)
            form.product_categ_ids.add(self.categ_garden)
            self.assertEqual(form.product_count, saved_count)

    def test_merged_customer_keeps_the_exclusion(self):
        """Merging an excluded duplicate into a customer excludes the customer at once."""
        self.campaign.audience = "all"
        duplicate = self.env["res.partner"].create({"name": "Outsider (duplicate)"})
        self.campaign.excluded_partner_ids = [Command.set(duplicate.ids)]
        self.assertTrue(self.campaign._is_partner_allowed(self.outsider))
        self.env["base.partner.merge.automatic.wizard"]._merge(
            (self.outsider | duplicate).ids, dst_partner=self.outsider, extra_checks=False
        )
        self.assertFalse(self.campaign._is_partner_allowed(self.outsider))
