from odoo.fields import Command
from odoo.tests import tagged

from .common import PreorderPurchaseCommon

FIGURES = ["purchase_qty_ordered", "purchase_qty_received", "purchase_state"]


@tagged("post_install", "-at_install")
class TestPurchaseUnits(PreorderPurchaseCommon):
    """The campaign's purchased and received quantities add up each line in its
    product's unit, whatever unit the purchase lines use."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Two dozen tables (24 units) and ten chairs on one purchase order.
        cls.purchase = cls.env["purchase.order"].create(
            {
                "partner_id": cls.vendor_oak.id,
                "preorder_campaign_id": cls.campaign.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": cls.table.id,
                            "product_qty": 2,
                            "product_uom_id": cls.uom_dozen.id,
                            "price_unit": 1000,
                        }
                    ),
                    Command.create(
                        {
                            "product_id": cls.chair.id,
                            "product_qty": 10,
                            "product_uom_id": cls.uom_unit.id,
                            "price_unit": 20,
                        }
                    ),
                ],
            }
        )
        cls.purchase.button_confirm()

    def _receive_units(self, units):
        """Validate the pending receipt with ``{product: quantity in units}``."""
        receipt = self.purchase.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        for move in receipt.move_ids:
            move.quantity = self.uom_unit._compute_quantity(
                units.get(move.product_id, 0.0), move.product_uom
            )
            move.picked = True
        receipt.with_context(skip_backorder=True).button_validate()
        self.campaign.invalidate_recordset(FIGURES)

    def _figures(self):
        return [self.campaign[name] for name in FIGURES]

    def test_partial_receipt_in_product_units(self):
        self.assertEqual(self._figures(), [34.0, 0.0, "ordered"])
        self._receive_units({self.table: 12, self.chair: 4})
        self.assertEqual(self._figures(), [34.0, 16.0, "partial"])

    def test_received_when_every_product_is(self):
        # Three dozen tables (one too many) do not make up for the chairs.
        self._receive_units({self.table: 36})
        self.assertEqual(self._figures(), [34.0, 36.0, "partial"])
        self._receive_units({self.chair: 10})  # the backorder
        self.assertEqual(self._figures(), [34.0, 46.0, "received"])
