from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _preorder_get_arrival_lines(self):
        """Pre-order lines whose goods just arrived, for the arrival mail
        (the receipt puts their ids in the context)."""
        line_ids = self.env.context.get("preorder_arrival_line_ids") or []
        return (
            self.env["sale.order.line"]
            .browse(line_ids)
            .sorted(lambda line: (line.order_id.id, line.sequence, line.id))
        )
