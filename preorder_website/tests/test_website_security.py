import json

from odoo.exceptions import AccessError
from odoo.tests import JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteSecurity(PreorderWebsiteCommon):
    """The fifteen abuse cases of PERF_SECURITY_NOTES.md C4: each gets a clear
    error (or is ignored) and changes nothing."""

    def setUp(self):
        super().setUp()
        # Another allowed customer with a pre-order of their own
        self.gold_order = self._new_preorder(partner=self.customer_gold)
        self.gold_order._preorder_set_quantity(self.parasol, 4, rules="salesperson")

    def _assert_untouched(self):
        self.assertEqual(self._quantities(self.gold_order), {self.parasol: 4})

    def test_01_foreign_order_or_line_ids_are_ignored(self):
        self._login()
        with mute_logger("odoo.http"):  # "called ignoring args"
            result = self._save(
                {self.table.id: 2},
                order_id=self.gold_order.id,
                line_id=self.gold_order.order_line.id,
            )
        self.assertNotIn("error", result)
        self._assert_untouched()
        self.assertEqual(
            self._quantities(self._orders()),
            {self.table: 2},
            "the order is resolved from the user and the campaign",
        )
        # A foreign order page gives no access either
        response = self.url_open(f"/my/orders/{self.gold_order.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        # Missing and forbidden campaigns give the same answer (no existence oracle)
        missing = self._save({self.table.id: 1}, campaign=self.campaign.browse(999999))
        self._login("preorder_outsider")
        forbidden = self._save({self.table.id: 1})
        self.assertEqual(missing["error"], forbidden["error"])
        self.assertFalse(self._orders(partner=self.outsider))

    def test_02_product_outside_campaign(self):
        self._login()
        other_company = self.env["res.company"].create({"name": "Other Co"})
        archived, foreign = self.env["product.product"].create(
            [
                {"name": "Archived lounger", "categ_id": self.categ_chairs.id, "active": False},
                {
                    "name": "Foreign table",
                    "categ_id": self.categ_garden.id,
                    "company_id": other_company.id,
                },
            ]
        )
        for product in (self.lamp, archived, foreign):
            result = self._save({self.table.id: 1, product.id: 1})
            self.assertIn("not offered in campaign", result["error"], product.name)
        # Named only when the customer may know it: never a product of another company.
        self.assertNotIn("Foreign table", result["error"])
        result = self._save({"999999999": 1})
        self.assertIn("error", result)
        self.assertFalse(self._orders(), "nothing saved, not even the valid product")

    def test_02_campaign_of_another_company(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        foreign_campaign = self.campaign.copy(
            {
                "name": "Foreign campaign",
                "code": "FOREIGN",
                "company_id": other_company.id,
                "audience": "all",
                "pricelist_id": False,
                "is_published": True,
            }
        )
        foreign_campaign.state = "open"
        self._login()
        self.assertNotIn("Foreign campaign", self.url_open("/preorder").text)
        result = self._save({self.table.id: 1}, campaign=foreign_campaign)
        self.assertIn("not available to you", result["error"])
        self.assertFalse(self._orders(campaign=foreign_campaign))

    def test_03_extra_keys_do_not_change_prices(self):
        self._login()
        with mute_logger("odoo.http"):
            result = self._save(
                {self.table.id: 2},
                price_unit=0.01,
                discount=99,
                technical_price_unit=0.01,
                tax_ids=[],
                pricelist_id=0,
                state="sale",
                amount_total=1,
            )
        self.assertNotIn("error", result)
        line = self._orders().order_line
        self.assertEqual(line.price_unit, 200.0)
        self.assertEqual(line.technical_price_unit, 200.0)
        self.assertEqual(line.discount, 0.0)
        self.assertEqual(self._orders().state, "draft")
        # A dict as quantity value does not smuggle fields either
        result = self._save({self.table.id: {"price_unit": 1}})
        self.assertIn("error", result)
        self.assertEqual(line.price_unit, 200.0)

    def test_04_non_numeric_quantities(self):
        self._login()
        for bad in ("abc", None, [], {}, True, "1e3", 3.7, "NaN", "Infinity", "1,5", ""):
            result = self._save({self.table.id: bad})
            self.assertIn("error", result, f"{bad!r} must be refused")
        # JSON NaN / Infinity literals (json.loads accepts them)
        for literal in ("NaN", "Infinity", "-Infinity"):
            quantities = f'{{"{self.table.id}": {literal}}}'
            body = f'{{"jsonrpc": "2.0", "params": {{"quantities": {quantities}}}}}'
            response = self.opener.post(
                f"{self.base_url()}/preorder/{self.campaign.id}/save",
                data=body,
                headers={"Content-Type": "application/json"},
                timeout=30,
            )
            self.assertEqual(response.status_code, 200)
            self.assertIn("error", response.json()["result"])
        self.assertFalse(self._orders())

    def test_05_negative_zero_huge(self):
        self._login()
        for bad in (-1, "-3", 1e9, 2**63, "99999999999999999999"):
            result = self._save({self.table.id: bad})
            self.assertIn("error", result, f"{bad!r} must be refused")
        self.assertFalse(self._orders())
        self._save({self.table.id: 3})
        self._save({self.table.id: 0})
        order = self._orders()
        self.assertFalse(order.order_line, "0 removes the line")
        self.assertEqual(order.amount_total, 0.0)

    def test_06_late_or_confirmed_orders(self):
        self._login()
        self._save({self.table.id: 2})
        order = self._orders()
        order.action_confirm()
        self.campaign.allow_multiple_orders = False
        result = self._save({self.table.id: 9})
        self.assertIn("error", result)
        self.assertEqual(self._quantities(order), {self.table: 2})
        self.campaign.state = "closed"
        result = self._save({self.table.id: 9})
        self.assertIn("deadline", result["error"])
        self.assertEqual(len(self._orders()), 1)

    def test_07_tier_and_discount_come_from_the_server(self):
        self._login()
        with mute_logger("odoo.http"):
            result = self._save({self.table.id: 5}, tier="Gold", discount=8, amount_total=0)
        self.assertEqual(result["summary"]["tier_name"], "Bronze")
        line = self._orders().order_line
        self.assertEqual(line.discount, 2.0)
        # The quantities dict only takes product ids: a line id is an unknown product
        result = self._save({f"line_{line.id}": 0})
        self.assertIn("error", result)
        self.assertEqual(line.product_uom_qty, 5)

    def test_08_order_pages_need_the_right_token(self):
        self._login()
        self._save({self.table.id: 2})
        own = self._orders()
        own._portal_ensure_token()
        self.gold_order._portal_ensure_token()
        for token in ("", "wrong", own.access_token):
            response = self.url_open(
                f"/my/orders/{self.gold_order.id}?access_token={token}", allow_redirects=False
            )
            self.assertEqual(response.status_code, 303, "token A never unlocks order B")
        # Being entered, it opens in the grid; finalized, on the quotation portal.
        response = self.url_open(f"/my/orders/{own.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith(f"/preorder/{self.campaign.id}"))
        own.preorder_finalized = True
        response = self.url_open(f"/my/orders/{own.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 200)

    def test_09_anonymous_calls(self):
        with self.assertRaises(JsonRpcException) as error, mute_logger("odoo.http"):
            self._save({self.table.id: 1})
        self.assertIn("SessionExpired", error.exception.args[0])
        for route in ("state", "scan", "delivery_date"):
            with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
                self._rpc(
                    f"/preorder/{self.campaign.id}/{route}",
                    product_ids=[],
                    barcode="x",
                    delivery_date="2030-01-01",
                )
        response = self.url_open(f"/preorder/{self.campaign.id}/rows", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        public_partner = self.env.ref("base.public_partner")
        self.assertFalse(self._orders(partner=public_partner))

    def test_10_cross_site_posts(self):
        self._login()
        response = self.opener.post(
            f"{self.base_url()}/preorder/{self.campaign.id}/save",
            data=json.dumps({"params": {"quantities": {str(self.table.id): 1}}}),
            headers={"Content-Type": "text/plain"},
            timeout=30,
        )
        self.assertEqual(response.status_code, 415)
        response = self.opener.post(
            f"{self.base_url()}/preorder/{self.campaign.id}/save",
            data={"quantities": "1"},
            timeout=30,
        )
        self.assertEqual(response.status_code, 415)
        self.assertFalse(self._orders())

    def test_11_injected_context_and_search(self):
        self._login()
        with mute_logger("odoo.http"):
            result = self._save(
                {self.table.id: 1}, context={"active_test": False, "allowed_company_ids": [999]}
            )
        self.assertNotIn("error", result)
        with mute_logger("odoo.http"):  # "called ignoring args {'order', 'domain'}"
            response = self.url_open(
                f"/preorder/{self.campaign.id}?search=%27%29%3B%20DROP%20TABLE%20sale_order%3B--"
                "&order=id%20desc&domain=[]"
            )
        self.assertEqual(response.status_code, 200)
        self.assertIn("No product matches your search", response.text)

    def test_12_portal_cannot_call_model_methods(self):
        self._login()
        self._save({self.table.id: 1})
        order = self._orders()
        for method, args in (
            ("action_confirm", []),
            ("_preorder_set_quantities", [{}]),
            ("_preorder_website_finalize", [1]),
            ("write", [{"note": "x"}]),
        ):
            with self.assertRaises(JsonRpcException), mute_logger("odoo.http"):
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {
                        "model": "sale.order",
                        "method": method,
                        "args": [[order.id], *args],
                        "kwargs": {},
                    },
                )
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.preorder_finalized)
        with self.assertRaises(AccessError):
            order.with_user(self.portal_user).write({"preorder_finalized": True})

    def test_13_stored_xss_is_escaped(self):
        self.table.name = '<script>alert("x")</script><img src=x onerror=alert(1)>'
        self.campaign.description = '<p>Hi</p><script>alert("x")</script>'
        self._login()
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        self.assertNotIn('<script>alert("x")</script>', html)
        self.assertNotIn("<img src=x onerror", html)
        self.assertIn("&lt;script&gt;", html)
        result = self._rpc(f"/preorder/{self.campaign.id}/scan", barcode=self.table.barcode)
        self.assertNotIn("<script>", result["row_html"])

    def test_14_flood_limits(self):
        self._login()
        many = {str(product_id): 1 for product_id in range(1, 202)}
        result = self._save(many)
        self.assertIn("At most 200", result["error"])
        big_body = json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "id": 0,
                "params": {
                    "quantities": {str(self.table.id): 1},
                    "padding": "x" * 100_000,
                },
            }
        )
        with mute_logger("odoo.http"):
            response = self.opener.post(
                f"{self.base_url()}/preorder/{self.campaign.id}/save",
                data=big_body,
                headers={"Content-Type": "application/json"},
                timeout=30,
            )
        # 413 from the route's max_content_length, or our own check
        self.assertTrue(response.status_code == 413 or "error" in response.json()["result"])
        self.assertFalse(self._orders())
        # One draft per customer: saves reuse it
        for quantity in (1, 2, 3):
            self._save({self.table.id: quantity})
        self.assertEqual(len(self._orders()), 1)

    def test_15_conflicting_saves_keep_one_line(self):
        self._login()
        self._save({self.table.id: 1})
        # The same product twice in one save: refused, nothing changed.
        result = self._save({self.table.id: 4, str(self.table.id) + " ": 5})
        self.assertIn("given twice", result["error"])
        order = self._orders()
        self.assertEqual(len(order.order_line), 1)
        self.assertEqual(order.order_line.product_uom_qty, 1.0)
        self._save({self.table.id: 7})
        self.assertEqual(order.order_line.product_uom_qty, 7.0)
        self.assertAlmostEqual(order.amount_untaxed, 7 * 200.0 * 0.98, msg="Bronze tier")
