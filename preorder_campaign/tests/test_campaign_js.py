from odoo.tests import no_retry, tagged

from .hoot import HootCase, hoot_job_id


@tagged("post_install", "-at_install")
class TestPreorderCampaignJs(HootCase):
    """The HOOT unit tests of the backoffice code (static/tests): the variant matrix
    dialog of the salesperson's order grid."""

    suite = "@preorder_campaign"

    def test_hoot_id_matches_odoo(self):
        self.assertEqual(hoot_job_id("@web/core"), "e39ce9ba")

    @no_retry
    def test_backoffice_js(self):
        self._run_hoot_suite()
