from datetime import timedelta

from odoo.tests import tagged

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteDelivery(PreorderWebsiteCommon):
    """The desired delivery date on the campaign page: chosen, refused, cleared."""

    def _set_date(self, **params):
        return self._rpc(f"/preorder/{self.campaign.id}/delivery_date", **params)

    def test_clearing_the_date(self):
        self._login()
        self._save({self.table.id: 1})
        good = str(self.today + timedelta(days=40))
        self.assertEqual(self._set_date(delivery_date=good)["summary"]["delivery_date"], good)
        # the summary sends false when the date field is emptied
        result = self._set_date(delivery_date=False)
        self.assertNotIn("error", result)
        self.assertEqual(result["summary"]["delivery_date"], "")
        self.assertFalse(self._orders().commitment_date)
        # an empty string clears as well
        self._set_date(delivery_date=good)
        result = self._set_date(delivery_date="")
        self.assertNotIn("error", result)
        self.assertFalse(self._orders().commitment_date)

    def test_no_date_at_all_is_refused(self):
        self._login()
        self._save({self.table.id: 1})
        good = str(self.today + timedelta(days=40))
        self._set_date(delivery_date=good)
        for params in ({}, {"delivery_date": None}, {"delivery_date": 20270101}):
            with self.subTest(params=params):
                self.assertEqual(self._set_date(**params)["error"], "Enter a valid date.")
        self.assertEqual(str(self._orders().commitment_date.date()), good)

    def test_clearing_is_refused_after_the_deadline(self):
        self._login()
        self._save({self.table.id: 1})
        self._set_date(delivery_date=str(self.today + timedelta(days=40)))
        self.campaign.state = "closed"
        self.assertIn("error", self._set_date(delivery_date=False))
        self.assertTrue(self._orders().commitment_date)
