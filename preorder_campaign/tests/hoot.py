"""Running an addon's HOOT unit tests from Python, in headless Chromium."""

from odoo.tests import HttpCase


def hoot_job_id(name):
    """The id HOOT gives a suite or test, to run only ours (as web's HOOTCommon)."""
    value = 0
    for char in name:
        value = ((value << 5) - value + ord(char)) & 0xFFFFFFFF
    return f"{value:08x}"


def is_hoot_failure(message):
    return "[HOOT]" not in message


class HootCase(HttpCase):
    """Runs the HOOT suite `suite` (for example "@preorder_website") as admin."""

    suite = None

    def _run_hoot_suite(self):
        self.browser_js(
            f"/web/tests?headless&loglevel=2&preset=desktop&timeout=15000"
            f"&id={hoot_job_id(self.suite)}",
            "",
            "",
            login="admin",
            timeout=600,
            success_signal="[HOOT] Test suite succeeded",
            error_checker=is_hoot_failure,
        )
