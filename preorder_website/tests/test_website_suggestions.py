from datetime import timedelta

from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteSuggestions(PreorderWebsiteCommon):
    """Start from last season on the website: the rows show suggestions, nothing is
    saved until the customer uses one or all of them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.last_season = cls.campaign.copy(
            {"name": "Garden 2026", "code": "GARDEN26", "product_ids": [Command.clear()]}
        )
        cls.last_season.write(
            {
                "date_start": cls.now - timedelta(days=400),
                "date_end": cls.now - timedelta(days=300),
            }
        )
        old = cls._new_preorder(campaign=cls.last_season)
        old.sudo()._preorder_set_quantities({cls.table: 4, cls.chair: 6}, rules="salesperson")

    def test_rows_show_suggestions_and_nothing_is_saved(self):
        self._login()
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        self.assertIn("My pre-order in Garden 2026", html, "offered as a source")
        html = self.url_open(f"/preorder/{self.campaign.id}?start_from={self.last_season.id}").text
        self.assertIn("Suggested quantities: your pre-order in", html)
        row = self._row(html, self.chair)
        self.assertIn('data-quantity="6"', row)
        self.assertNotIn("o_preorder_use_suggestion", self._row(html, self.parasol))
        self.assertFalse(self._orders(), "only proposed")

    def test_use_all_suggestions(self):
        self._login()
        self._save({self.table.id: 1})
        result = self._rpc(
            f"/preorder/{self.campaign.id}/accept_suggestions", source=str(self.last_season.id)
        )
        self.assertEqual(result["saved"], 1)
        self.assertEqual(self._quantities(self._orders()), {self.table: 1.0, self.chair: 6.0})

    def test_sources_of_others_give_nothing(self):
        # Gold never ordered in Garden 2026: the id names no source for it.
        new_test_user(
            self.env,
            login="gold_portal",
            groups="base.group_portal",
            partner_id=self.customer_gold.id,
            password="gold_portal",
        )
        self.authenticate("gold_portal", "gold_portal")
        html = self.url_open(f"/preorder/{self.campaign.id}?start_from={self.last_season.id}").text
        self.assertNotIn("o_preorder_use_suggestion", html)
        self.assertNotIn("Garden 2026", html)
        result = self._rpc(
            f"/preorder/{self.campaign.id}/accept_suggestions", source=str(self.last_season.id)
        )
        self.assertIn("Choose where", result["error"])
        self.assertFalse(self._orders(partner=self.customer_gold))
