from odoo.fields import Command

from .common import PreorderCommon


class PreorderOwnShopCommon(PreorderCommon):
    """An own shop of the company: its warehouse resupplied from the main one, a
    zero pricelist of its own, a manager's login, and a customer of the shop."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.main_warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.shop_warehouse = cls.env["stock.warehouse"].create(
            {
                "name": "Test Shop Bruges",
                "code": "TSHB",
                "sequence": 99,
                "resupply_wh_ids": [Command.set(cls.main_warehouse.ids)],
            }
        )
        cls.resupply_route = cls.shop_warehouse.resupply_route_ids
        cls.zero_pricelist = cls.env["product.pricelist"].create(
            {
                "name": "Own Shops 0",
                "item_ids": [
                    Command.create(
                        {"applied_on": "3_global", "compute_price": "fixed", "fixed_price": 0.0}
                    )
                ],
            }
        )
        cls.shop = cls.env["res.partner"].create(
            {
                "name": "Our Shop Bruges",
                "is_company": True,
                "email": "bruges@example.com",
                "category_id": [Command.set(cls.label_vip.ids)],
                "preorder_own_shop": True,
                "preorder_shop_warehouse_id": cls.shop_warehouse.id,
                "property_product_pricelist": cls.zero_pricelist.id,
            }
        )
        cls.shop_manager = cls.env["res.partner"].create(
            {"name": "Lien Claeys", "parent_id": cls.shop.id, "email": "lien@example.com"}
        )
        cls.shop_customer = cls.env["res.partner"].create(
            {"name": "Lotte Maes", "email": "lotte@example.com"}
        )

    @classmethod
    def _reserve(cls, quantities, warehouse=None, customer=None):
        """A classic sales order of a customer in the shop (``{product: qty}``),
        flushed as at the end of the request that makes it."""
        order = cls.env["sale.order"].create(
            {
                "partner_id": (customer or cls.shop_customer).id,
                "warehouse_id": (warehouse or cls.shop_warehouse).id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                    for product, qty in quantities.items()
                ],
            }
        )
        order.flush_recordset()
        return order
