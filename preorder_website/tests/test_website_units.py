from odoo.tests import tagged

from .common import PreorderWebsiteCommon


@tagged("post_install", "-at_install")
class TestPreorderWebsiteUnits(PreorderWebsiteCommon):
    def test_grid_shows_and_takes_units_for_a_line_in_dozens(self):
        self._login()
        self._save({self.table.id: 24})
        line = self._orders().order_line
        dozen = self.env.ref("uom.product_uom_dozen")
        line.write({"product_uom_id": dozen.id, "product_uom_qty": 2})  # by the salesperson
        html = self.url_open(f"/preorder/{self.campaign.id}").text
        self.assertIn('value="24"', self._row(html, self.table))
        state = self._rpc(f"/preorder/{self.campaign.id}/state", product_ids=[self.table.id])
        self.assertEqual(state["lines"][str(self.table.id)], 24)
        result = self._save({self.table.id: 30})
        self.assertEqual(result["lines"][str(self.table.id)], 30)
        self.assertEqual((line.product_uom_id, line.product_uom_qty), (dozen, 2.5))
        # A scan adds one unit, not one dozen.
        result = self._rpc(f"/preorder/{self.campaign.id}/scan", barcode=self.table.barcode)
        self.assertEqual(result["quantity"], 31)
        self.assertAlmostEqual(line._preorder_get_product_qty(), 31)
