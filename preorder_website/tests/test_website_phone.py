import base64
import pathlib
import struct
from unittest.mock import patch

from odoo.tests import HttpCase, tagged
from odoo.tests.common import ChromeBrowser, get_db_name
from odoo.tools import config

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class PhoneLayoutCommon(HttpCase):
    """The demo's spring campaign (two delivery drops, variant matrices) as its demo
    customer at one screen size: the tour checks the layout, the test saves a
    screenshot of the end of the tour in Odoo's --screenshots directory."""

    tour = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.spring = cls.env.ref("preorder_campaign.campaign_spring", raise_if_not_found=False)
        cls.customer_user = cls.env["res.users"].search([("login", "=", "customer")])

    def setUp(self):
        super().setUp()
        if not self.spring or not self.customer_user:
            self.skipTest("needs the demo data (spring campaign, portal login 'customer')")

    def _spring_amount(self):
        orders = self.env["sale.order"].search(
            [
                ("preorder_campaign_id", "=", self.spring.id),
                ("partner_id", "=", self.customer_user.partner_id.id),
            ]
        )
        return sum(orders.mapped("amount_untaxed"))

    def _tour_with_screenshot(self):
        """Run the tour, then capture the screen it ends on; the path of the PNG."""
        captured = []
        wait_code_ok = ChromeBrowser._wait_code_ok

        def wait_then_capture(browser, *args, **kwargs):
            wait_code_ok(browser, *args, **kwargs)
            shot = browser._websocket_request(
                "Page.captureScreenshot", params={"format": "png"}, timeout=30
            )
            captured.append(base64.b64decode(shot["data"]))

        with patch.object(ChromeBrowser, "_wait_code_ok", wait_then_capture):
            self.start_tour(f"/preorder/{self.spring.id}", self.tour, login="customer")
        self.assertEqual(len(captured), 1, "one screenshot at the end of the tour")
        folder = pathlib.Path(config["screenshots"]) / get_db_name() / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.tour}_{self.browser_size.replace(',', 'x')}.png"
        path.write_bytes(captured[0])
        return path

    def _assert_png_of_screen(self, path):
        content = path.read_bytes()
        self.assertEqual(content[:8], PNG_SIGNATURE)
        # The IHDR chunk: the picture is the emulated screen
        width, height = struct.unpack(">II", content[16:24])
        expected = tuple(int(size) for size in self.browser_size.replace(",", "x").split("x"))
        self.assertEqual((width, height), expected)

    def _check_tour(self):
        amount = self._spring_amount()
        path = self._tour_with_screenshot()
        self._assert_png_of_screen(path)
        self.assertGreater(self._spring_amount(), amount, "the + button saved a quantity")


@tagged("post_install", "-at_install")
class TestPreorderPhoneLayout(PhoneLayoutCommon):
    browser_size = "390x844"
    touch_enabled = True
    tour = "preorder_website_phone"

    def test_phone_grid_cards_and_bottom_bar(self):
        """At 390 px the first quantity is on screen without sideways scrolling,
        the bottom bar's total follows a save, it opens scan, filters and the
        full summary with its finalize button."""
        self._check_tour()


@tagged("post_install", "-at_install")
class TestPreorderDesktopLayout(PhoneLayoutCommon):
    browser_size = "1400x1000"
    tour = "preorder_website_phone_desktop"

    def test_desktop_grid_keeps_its_table(self):
        """At 1400 px no bottom bar: the summary beside the grid follows a save,
        scan, quick entry and filters are on the page."""
        self._check_tour()
