from odoo import api, fields, models


class PreorderCampaignCap(models.Model):
    """The most all customers together may pre-order of one product in a campaign
    (what the vendor can deliver), in the product's unit. Customers' saves are
    refused above it; salespeople may go beyond (the allocation wizard then shares
    what comes)."""

    _name = "preorder.campaign.cap"
    _inherit = ["preorder.cached.setting"]
    _description = "Pre-Order Campaign Cap"
    _order = "campaign_id, product_id"

    campaign_id = fields.Many2one(
        comodel_name="preorder.campaign",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="campaign_id.company_id", store=True)
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Product",
        required=True,
        ondelete="cascade",
        domain="[('sale_ok', '=', True), ('company_id', 'in', [False, company_id])]",
    )
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    cap_qty = fields.Float(
        string="Cap",
        digits="Product Unit",
        required=True,
        help="The most all customers together may pre-order, in the product's unit.",
    )
    ordered_qty = fields.Float(
        string="Ordered",
        digits="Product Unit",
        compute="_compute_ordered_qty",
        help="What the campaign's orders that are not cancelled hold.",
    )
    remaining_qty = fields.Float(
        string="Still Available",
        digits="Product Unit",
        compute="_compute_ordered_qty",
    )

    _campaign_product_uniq = models.UniqueIndex(
        "(campaign_id, product_id)", "A campaign has one cap per product."
    )
    _cap_positive = models.Constraint("CHECK (cap_qty >= 0)", "A cap cannot be negative.")

    @api.depends("campaign_id", "product_id", "cap_qty")
    def _compute_ordered_qty(self):
        self.ordered_qty = self.remaining_qty = 0.0
        for campaign in self.campaign_id:
            caps = self.filtered(lambda cap, campaign=campaign: cap.campaign_id == campaign)
            held = campaign._preorder_get_capped_ordered(caps.product_id)
            for cap in caps:
                cap.ordered_qty = held.get(cap.product_id.id, 0.0)
                cap.remaining_qty = max(cap.cap_qty - cap.ordered_qty, 0.0)
