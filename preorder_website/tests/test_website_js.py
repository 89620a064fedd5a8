from odoo.tests import HttpCase, no_retry, tagged

SUITE = "@preorder_website"


def hoot_job_id(name):
    """The id HOOT gives a suite or test, to run only ours (as web's HOOTCommon)."""
    value = 0
    for char in name:
        value = ((value << 5) - value + ord(char)) & 0xFFFFFFFF
    return f"{value:08x}"


def is_hoot_failure(message):
    return "[HOOT]" not in message


@tagged("post_install", "-at_install")
class TestPreorderWebsiteJs(HttpCase):
    """The HOOT unit tests of the website interactions (static/tests/interactions),
    in headless Chromium: debounced batches, refusals, retries, outlet caps."""

    def test_hoot_id_matches_odoo(self):
        self.assertEqual(hoot_job_id("@web/core"), "e39ce9ba")

    @no_retry
    def test_interactions(self):
        self.browser_js(
            f"/web/tests?headless&loglevel=2&preset=desktop&timeout=15000&id={hoot_job_id(SUITE)}",
            "",
            "",
            login="admin",
            timeout=600,
            success_signal="[HOOT] Test suite succeeded",
            error_checker=is_hoot_failure,
        )
