import base64
import binascii

from odoo import _, api, fields, models
from odoo.exceptions import UserError


class PreorderOrderImport(models.TransientModel):
    """A salesperson's import and export of one customer's pre-order: upload a file
    (reference or barcode, quantity), preview every row with its product or the
    reason it is refused, then apply it in one save (all or nothing); or download
    the pre-order, or the campaign's empty order form, as XLSX."""

    _name = "preorder.order.import"
    _description = "Pre-Order Import and Export"

    campaign_id = fields.Many2one(
        comodel_name="preorder.campaign",
        required=True,
        domain="[('state', 'in', ('open', 'closed'))]",
    )
    partner_id = fields.Many2one(comodel_name="res.partner", string="Customer", required=True)
    grid_id = fields.Many2one(comodel_name="preorder.order.grid", ondelete="cascade")
    file = fields.Binary(string="File", help="CSV or XLSX: reference or barcode, then quantity.")
    filename = fields.Char()
    line_ids = fields.One2many(
        comodel_name="preorder.order.import.line",
        inverse_name="import_id",
        string="Preview",
        readonly=True,
    )
    previewed = fields.Boolean(readonly=True)
    line_count = fields.Integer(string="Recognised Rows", readonly=True)
    refused_count = fields.Integer(string="Refused Rows", readonly=True)
    currency_id = fields.Many2one(comodel_name="res.currency", readonly=True)
    amount = fields.Monetary(string="Amount of the Rows", readonly=True)
    export_file = fields.Binary(readonly=True, attachment=False)
    export_filename = fields.Char(readonly=True)

    @api.constrains("campaign_id", "partner_id")
    def _check_partner_id(self):
        # As the grid: whoever opens it, only a customer the salesperson may serve.
        for wizard in self:
            wizard.partner_id._preorder_check_rep_customer(
                wizard.campaign_id.company_id, self.env.user
            )

    @api.onchange("file")
    def _onchange_file(self):
        # A new file: the preview of the previous one no longer applies.
        self.previewed = False
        self.line_ids = [fields.Command.clear()]

    def _get_entries(self):
        self.ensure_one()
        if not self.file:
            raise UserError(_("Choose a file to import."))
        try:
            data = base64.b64decode(self.file, validate=True)
        except (binascii.Error, ValueError):
            raise UserError(_("The file cannot be read: import a CSV or XLSX file.")) from None
        return self.campaign_id._preorder_read_spreadsheet(data, self.filename)

    def action_preview(self):
        """Resolve every row of the file and show them; nothing is saved."""
        self.ensure_one()
        preview = self.campaign_id._preorder_import(self.partner_id, self._get_entries())
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create(self._prepare_line_values(row)) for row in preview["rows"]
        ]
        self.write(
            {
                "previewed": True,
                "line_count": preview["line_count"],
                "refused_count": preview["refused_count"],
                "currency_id": preview["currency_id"],
                "amount": preview["amount"],
            }
        )
        return self._reopen()

    def _prepare_line_values(self, row):
        return {
            "row": row["row"],
            "reference": row["reference"],
            "quantity_text": str(row["quantity"]),
            "product_id": row["product_id"] or False,
            "product_quantity": row["product_quantity"],
            "current_quantity": row["current_quantity"],
            "is_capped": row["cap_remaining"] is not None,
            "cap_remaining": row["cap_remaining"] or 0.0,
            "price": row["price_unit"],
            "reason": row["reason"],
            "status": "ok" if row["ok"] else "refused",
        }

    def action_apply(self):
        """Save every quantity of the file in one save; any refused row refuses all."""
        self.ensure_one()
        preview = self.campaign_id._preorder_import(
            self.partner_id, self._get_entries(), apply=True
        )
        if self.grid_id:
            # The grid shows the new quantities.
            self.grid_id.order_id = preview["order_id"]
            return self.grid_id.action_open_grid()
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "res_id": preview["order_id"],
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_export(self):
        """Download the customer's pre-order in progress as XLSX."""
        return self._export(empty=False)

    def action_export_form(self):
        """Download the campaign's order form (every product, no quantity) as XLSX."""
        return self._export(empty=True)

    def _export(self, empty):
        self.ensure_one()
        campaign, partner = self.campaign_id, self.partner_id
        data = campaign._preorder_export_xlsx(partner, empty=empty)
        self.write(
            {
                "export_file": base64.b64encode(data),
                "export_filename": campaign._preorder_get_export_filename(partner, empty=empty),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": (
                f"/web/content?model={self._name}&id={self.id}&field=export_file"
                "&filename_field=export_filename&download=true"
            ),
            "target": "download",
        }

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Import or Export a Pre-Order"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }
