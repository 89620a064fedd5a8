from datetime import timedelta

from odoo.fields import Command

from odoo.addons.preorder_campaign.tests.common import PreorderCommon


class PreorderPurchaseCommon(PreorderCommon):
    """Two vendors with price breaks, a vendor selling in packs of six, an
    expired price, a product without vendor, and the campaign received on its own
    receipt type (not the warehouse's default one).

    Vendor prices (per product unit unless said otherwise):
    - Garden table: Oakwood Supplies 100 / from 10: 90 / from 50: 80 (sequence 1),
      Sunny Trading 95 (sequence 2).
    - Garden chair: Oakwood Supplies from 12: 20, from 24: 18.
    - Parasol: Sunny Trading per pack of 6: 240 / from 2 packs: 216.
    - Shop display: Sunny Trading 5 (expired), Oakwood Supplies 6.
    - Sun lounger: no vendor.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.uom_unit = cls.env.ref("uom.product_uom_unit")
        cls.uom_pack6 = cls.env.ref("uom.product_uom_pack_6")
        cls.uom_dozen = cls.env.ref("uom.product_uom_dozen")
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        # Not the warehouse's default receipt type, which RFQs get anyway.
        cls.picking_type = cls._create_receipt_type(cls.warehouse, "Pre-order receipts")
        cls.campaign.picking_type_id = cls.picking_type

        cls.vendor_oak, cls.vendor_sun = cls.env["res.partner"].create(
            [
                {"name": "Oakwood Supplies", "is_company": True, "email": "oak@example.com"},
                {"name": "Sunny Trading", "is_company": True, "email": "sun@example.com"},
            ]
        )
        SupplierInfo = cls.env["product.supplierinfo"]
        cls.table_oak, cls.table_oak_10, cls.table_oak_50, cls.table_sun = SupplierInfo.create(
            [
                cls._seller_values(
                    cls.table, cls.vendor_oak, 0, 100, sequence=1, code="OAK-T", delay=14
                ),
                cls._seller_values(
                    cls.table, cls.vendor_oak, 10, 90, sequence=1, code="OAK-T", delay=14
                ),
                cls._seller_values(
                    cls.table, cls.vendor_oak, 50, 80, sequence=1, code="OAK-T", delay=14
                ),
                cls._seller_values(cls.table, cls.vendor_sun, 0, 95, sequence=2, code="SUN-T"),
            ]
        )
        cls.chair_oak_12, cls.chair_oak_24 = SupplierInfo.create(
            [
                cls._seller_values(cls.chair, cls.vendor_oak, 12, 20, code="OAK-C", delay=7),
                cls._seller_values(cls.chair, cls.vendor_oak, 24, 18, code="OAK-C", delay=7),
            ]
        )
        cls.parasol_sun_1, cls.parasol_sun_2 = SupplierInfo.create(
            [
                cls._seller_values(
                    cls.parasol, cls.vendor_sun, 1, 240, uom=cls.uom_pack6, code="SUN-P"
                ),
                cls._seller_values(
                    cls.parasol, cls.vendor_sun, 2, 216, uom=cls.uom_pack6, code="SUN-P"
                ),
            ]
        )
        SupplierInfo.create(
            [
                cls._seller_values(
                    cls.display,
                    cls.vendor_sun,
                    0,
                    5,
                    sequence=1,
                    date_end=cls.today - timedelta(days=1),
                ),
                cls._seller_values(cls.display, cls.vendor_oak, 0, 6, sequence=2),
            ]
        )

    @classmethod
    def _create_receipt_type(cls, warehouse, name):
        return cls.env["stock.picking.type"].create(
            {
                "name": name,
                "code": "incoming",
                "sequence_code": "PRE",
                "warehouse_id": warehouse.id,
                "company_id": warehouse.company_id.id,
                "default_location_dest_id": warehouse.lot_stock_id.id,
            }
        )

    @classmethod
    def _seller_values(
        cls, product, vendor, min_qty, price, sequence=1, uom=None, code=False, delay=1, **extra
    ):
        return {
            "partner_id": vendor.id,
            "product_tmpl_id": product.product_tmpl_id.id,
            "min_qty": min_qty,
            "price": price,
            "sequence": sequence,
            "product_uom_id": (uom or product.uom_id).id,
            "product_code": code,
            "delay": delay,
            **extra,
        }

    @classmethod
    def _preorder(cls, partner, quantities, confirm=False, campaign=None, uom=None):
        """A pre-order of `partner` with {product: qty} lines, confirmed or a quotation
        sent (a contact has one draft in progress per campaign: these are several)."""
        campaign = campaign or cls.campaign
        order = cls.env["sale.order"].create(
            {
                "state": "draft" if confirm else "sent",
                "partner_id": partner.id,
                "preorder_campaign_id": campaign.id,
                "company_id": campaign.company_id.id,
                "user_id": cls.preorder_user.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            **({"product_uom_id": uom.id} if uom else {}),
                        }
                    )
                    for product, qty in quantities.items()
                ],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    @classmethod
    def _close(cls, campaign=None):
        (campaign or cls.campaign).state = "closed"

    def _advice_by_product(self, include_unconfirmed=False, campaign=None):
        advice = (campaign or self.campaign)._prepare_purchase_advice(include_unconfirmed)
        return {values["product_id"]: values for values in advice}

    def _receive(self, purchase_order, quantities=None):
        """Validate the receipt of `purchase_order` ({product: qty}, default all)."""
        receipt = purchase_order.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        for move in receipt.move_ids:
            qty = move.product_uom_qty
            if quantities is not None:
                qty = quantities.get(move.product_id, 0.0)
            move.quantity = qty
            move.picked = True
        receipt.with_context(skip_backorder=True).button_validate()
        return receipt
