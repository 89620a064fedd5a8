from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import new_test_user

from odoo.addons.product.tests.common import ProductCommon

# A 1x1 PNG, for a campaign's picture (base64, as image fields take it).
PIXEL_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5E"
    "rkJggg=="
)


class PreorderCommon(ProductCommon):
    """A small wholesaler: two brands, nested categories, six products, customers
    with labels (one company with two branches), an open campaign with three tiers.

    Shared by the tests of the three pre-order addons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.now = fields.Datetime.now()
        cls.today = fields.Date.context_today(cls.env["res.partner"])
        cls.pricelist.write({"item_ids": [Command.clear()]})
        # Demo campaigns (published, some for every customer) must not leak into the tests.
        cls.env["preorder.campaign"].search([]).write({"active": False})

        Category = cls.env["product.category"]
        cls.categ_garden = Category.create({"name": "Garden"})
        cls.categ_chairs = Category.create({"name": "Chairs", "parent_id": cls.categ_garden.id})
        cls.categ_promo = Category.create({"name": "Promotional material"})
        cls.categ_other = Category.create({"name": "Other"})

        Brand = cls.env["product.brand"]
        cls.brand_sun, cls.brand_oak = Brand.create([{"name": "Sunny"}, {"name": "Oakwood"}])

        Product = cls.env["product.product"]
        product_values = [
            ("Garden table", cls.categ_garden, cls.brand_oak, 200.0, "PO-TABLE", "5400000000011"),
            ("Garden chair", cls.categ_chairs, cls.brand_oak, 50.0, "PO-CHAIR", "5400000000028"),
            ("Parasol", cls.categ_garden, cls.brand_sun, 80.0, "PO-PARASOL", "5400000000035"),
            ("Sun lounger", cls.categ_chairs, cls.brand_sun, 120.0, "PO-LOUNGER", "5400000000042"),
            ("Shop display", cls.categ_promo, cls.brand_sun, 10.0, "PO-DISPLAY", "5400000000059"),
            ("Unrelated lamp", cls.categ_other, False, 30.0, "PO-LAMP", "5400000000066"),
        ]
        products = Product.create(
            [
                {
                    "name": name,
                    "categ_id": categ.id,
                    "product_brand_id": brand.id if brand else False,
                    "list_price": price,
                    "standard_price": price / 2,
                    "default_code": code,
                    "barcode": barcode,
                    "type": "consu",
                    "is_storable": True,
                    "sale_ok": True,
                    "purchase_ok": True,
                    "taxes_id": [Command.clear()],
                }
                for name, categ, brand, price, code, barcode in product_values
            ]
        )
        (cls.table, cls.chair, cls.parasol, cls.lounger, cls.display, cls.lamp) = products

        PartnerCategory = cls.env["res.partner.category"]
        cls.label_vip = PartnerCategory.create({"name": "VIP"})
        cls.label_vip_gold = PartnerCategory.create({"name": "Gold", "parent_id": cls.label_vip.id})
        cls.label_other = PartnerCategory.create({"name": "Prospect"})

        Partner = cls.env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Garden Center Green",
                "is_company": True,
                "email": "green@example.com",
                "category_id": [Command.set(cls.label_vip.ids)],
            }
        )
        cls.customer_gold = Partner.create(
            {
                "name": "Gold Garden",
                "is_company": True,
                "email": "gold@example.com",
                "category_id": [Command.set(cls.label_vip_gold.ids)],
            }
        )
        cls.outsider = Partner.create(
            {
                "name": "Not Invited Shop",
                "is_company": True,
                "email": "outsider@example.com",
                "category_id": [Command.set(cls.label_other.ids)],
            }
        )
        cls.branch_a, cls.branch_b = Partner.create(
            [
                {
                    "name": "Green Antwerp",
                    "parent_id": cls.customer.id,
                    "type": "other",
                    "email": "antwerp@example.com",
                },
                {
                    "name": "Green Ghent",
                    "parent_id": cls.customer.id,
                    "type": "other",
                    "email": "ghent@example.com",
                },
            ]
        )

        cls.portal_user = new_test_user(
            cls.env,
            login="preorder_portal",
            groups="base.group_portal",
            partner_id=cls.customer.id,
            password="preorder_portal",
        )
        cls.portal_outsider = new_test_user(
            cls.env,
            login="preorder_outsider",
            groups="base.group_portal",
            partner_id=cls.outsider.id,
            password="preorder_outsider",
        )
        cls.preorder_user = new_test_user(
            cls.env,
            login="preorder_rep",
            password="preorder_rep",
            groups="preorder_campaign.group_preorder_user",
        )
        cls.preorder_manager = new_test_user(
            cls.env,
            login="preorder_manager",
            password="preorder_manager",
            groups="preorder_campaign.group_preorder_manager",
        )

        cls.campaign = cls.env["preorder.campaign"].create(
            {
                "name": "Garden 2027",
                "code": "GARDEN27",
                "campaign_type": "preorder",
                "user_id": cls.preorder_user.id,
                "date_start": cls.now - timedelta(days=1),
                "date_end": cls.now + timedelta(days=10),
                "earliest_delivery_date": cls.today + timedelta(days=30),
                "min_days_between_deliveries": 7,
                "allow_multiple_orders": True,
                "product_categ_ids": [Command.set(cls.categ_garden.ids)],
                "product_ids": [Command.set(cls.display.ids)],
                "audience": "selected",
                "partner_category_ids": [Command.set(cls.label_vip.ids)],
                "discount_rule_ids": [
                    Command.create({"name": "Bronze", "min_amount": 1000, "discount_percent": 2}),
                    Command.create({"name": "Silver", "min_amount": 5000, "discount_percent": 5}),
                    Command.create({"name": "Gold", "min_amount": 10000, "discount_percent": 8}),
                ],
                "discount_excluded_categ_ids": [Command.set(cls.categ_promo.ids)],
                "pricelist_id": cls.pricelist.id,
                "is_published": True,
            }
        )
        cls.campaign.state = "open"

    @classmethod
    def _create_foreign_currency(cls, rate):
        """A currency "PRE" (symbol ¤) worth `rate` per unit of the company's currency."""
        currency = cls.env["res.currency"].create(
            {"name": "PRE", "symbol": "¤", "rounding": 0.01, "active": True}
        )
        cls.env["res.currency.rate"].create(
            {"currency_id": currency.id, "rate": rate, "company_id": cls.env.company.id}
        )
        return currency

    @classmethod
    def _create_march_and_may_drops(cls, march=None, may=None):
        """Two delivery drops of the campaign: March, delivered in 40 days, and May, in
        100 days; `march` and `may` add or override their values."""
        return cls.env["preorder.delivery.drop"].create(
            [
                {
                    "campaign_id": cls.campaign.id,
                    "name": "March",
                    "sequence": 1,
                    "date": cls.today + timedelta(days=40),
                    **(march or {}),
                },
                {
                    "campaign_id": cls.campaign.id,
                    "name": "May",
                    "sequence": 2,
                    "date": cls.today + timedelta(days=100),
                    **(may or {}),
                },
            ]
        )

    @classmethod
    def _new_preorder(cls, partner=None, campaign=None):
        campaign = campaign or cls.campaign
        return cls.env["sale.order"].create(
            {
                "partner_id": (partner or cls.customer).id,
                "preorder_campaign_id": campaign.id,
            }
        )

    @classmethod
    def _create_rep_partners(cls):
        """Partners for the rule of whom a rep may enter pre-orders for
        (res.partner._preorder_rep_customer_domain): customers he may pick, and one
        partner of each kind he may not (``cls.refused_partners``, by kind)."""
        cls.other_company = cls.env["res.company"].create({"name": "Other Co"})
        Partner = cls.env["res.partner"]
        cls.vendor, cls.vendor_customer, cls.new_customer = Partner.create(
            [
                {"name": "Rules Vendor", "is_company": True, "supplier_rank": 1},
                {
                    "name": "Rules Trader",
                    "is_company": True,
                    "supplier_rank": 1,
                    "customer_rank": 1,
                },
                {"name": "Rules Newcomer", "is_company": True},
            ]
        )
        cls.foreign = Partner.create(
            {"name": "Rules Foreign", "is_company": True, "company_id": cls.other_company.id}
        )
        cls.foreign_contact = Partner.create(
            {"name": "Rules Foreign Contact", "parent_id": cls.foreign.id}
        )
        cls.company_contact = Partner.create(
            {"name": "Rules Own Accountant", "parent_id": cls.env.company.partner_id.id}
        )
        cls.secret = Partner.create({"name": "Rules Secret", "is_company": True, "ref": "SECRET"})
        # A partner the reps may not read in the backoffice
        cls.env["ir.rule"].create(
            {
                "name": "Reps do not see secret partners",
                "model_id": cls.env["ir.model"]._get_id("res.partner"),
                "groups": [Command.link(cls.env.ref("preorder_campaign.group_preorder_user").id)],
                "domain_force": "['|', ('ref', '=', False), ('ref', '!=', 'SECRET')]",
            }
        )
        cls.employee = new_test_user(cls.env, login="rules_employee", groups="base.group_user")
        cls.refused_partners = {
            "vendor": cls.vendor,
            "employee": cls.employee.partner_id,
            "the rep himself": cls.preorder_user.partner_id,
            "the company": cls.env.company.partner_id,
            "a contact of the company": cls.company_contact,
            "another company's": cls.foreign,
            "a contact of another company's": cls.foreign_contact,
            "unreadable to the rep": cls.secret,
        }
