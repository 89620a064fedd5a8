from odoo.tests import no_retry, tagged

from odoo.addons.preorder_campaign.tests.hoot import HootCase


@tagged("post_install", "-at_install")
class TestPreorderWebsiteJs(HootCase):
    """The HOOT unit tests of the website interactions (static/tests/interactions),
    in headless Chromium: debounced batches, refusals, retries, outlet caps, the
    variant matrix's totals."""

    suite = "@preorder_website"

    @no_retry
    def test_interactions(self):
        self._run_hoot_suite()
