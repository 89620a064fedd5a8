from odoo.fields import Command

from odoo.addons.preorder_purchase.tests.common import PreorderPurchaseCommon


class PreorderMrpCommon(PreorderPurchaseCommon):
    """Products made in-house next to the bought ones of the purchase tests:

    - Planter box: Manufacture route, a bill of materials (4 planks), no vendor.
    - Bench kit: Manufacture route only, no bill of materials, no vendor.
    - Plank: bought from Oakwood Supplies (a component, not pre-ordered).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.route_manufacture = cls.env.ref("mrp.route_warehouse0_manufacture")
        cls.plank = cls.env["product.product"].create(
            {"name": "Oak plank", "is_storable": True, "standard_price": 6}
        )
        cls.env["product.supplierinfo"].create(cls._seller_values(cls.plank, cls.vendor_oak, 0, 6))
        cls.planter, cls.bench_kit = cls._create_manufactured(["Planter box", "Bench kit"])
        cls.planter_bom = cls._create_bom(cls.planter)

    @classmethod
    def _create_manufactured(cls, names):
        return cls.env["product.product"].create(
            [
                {
                    "name": name,
                    "categ_id": cls.categ_garden.id,
                    "is_storable": True,
                    "list_price": 90,
                    "standard_price": 30,
                    "route_ids": [Command.set(cls.route_manufacture.ids)],
                }
                for name in names
            ]
        )

    @classmethod
    def _create_bom(cls, product):
        return cls.env["mrp.bom"].create(
            {
                "product_tmpl_id": product.product_tmpl_id.id,
                "product_qty": 1,
                "type": "normal",
                "bom_line_ids": [
                    Command.create({"product_id": cls.plank.id, "product_qty": 4}),
                ],
            }
        )

    def _campaign_productions(self, product=None):
        productions = self.env["mrp.production"].search(
            [("preorder_campaign_id", "=", self.campaign.id)], order="id"
        )
        if product:
            productions = productions.filtered(lambda mo: mo.product_id == product)
        return productions
