from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, formatLang


class SaleOrder(models.Model):
    _inherit = "sale.order"

    preorder_finalized = fields.Boolean(
        string="Finalized by the Customer",
        copy=False,
        readonly=True,
        tracking=True,
        help="The customer finalized the pre-order on the website: "
        "they can no longer change it there.",
    )
    preorder_finalized_date = fields.Datetime(
        string="Finalized On",
        copy=False,
        readonly=True,
    )

    @api.depends("preorder_finalized")
    def _compute_preorder_in_progress(self):
        # A finalized draft waits for the salesperson (or the payment): a new
        # pre-order may be started next to it when the campaign allows several.
        result = super()._compute_preorder_in_progress()
        for order in self.filtered("preorder_finalized"):
            order.preorder_in_progress = False
        return result

    def _preorder_may_be_approved(self):
        # In "online payment" mode finalizing is the approval step: pay at once.
        return super()._preorder_may_be_approved() or (
            self.preorder_finalized and self.preorder_campaign_id.finalize_mode == "payment"
        )

    @api.model
    def _preorder_get_finalized_domain(self):
        """Also done: the pre-orders the customer finalized on the website."""
        return super()._preorder_get_finalized_domain() | Domain("preorder_finalized", "=", True)

    @api.model
    def _preorder_finalizes(self, vals):
        """Finalizing on the website finalizes too (the early-booking lock-in)."""
        return super()._preorder_finalizes(vals) or bool(vals.get("preorder_finalized"))

    def _preorder_website_finalize(self, finalized_by):
        """Finalize the pre-order as its campaign says and notify the salesperson.

        Quotation mode: the order stays a draft quotation, marked finalized, with the
        campaign's signature / prepayment settings for the portal approval.
        Payment mode: the customer pays the whole prepayment online at once.
        `finalized_by` is the user who clicked (the customer or a rep).

        On a campaign with delivery drops, ``self`` is the customer's orders of every
        drop: each one with quantities becomes its own quotation, the minimum order
        value counts them together; a drop without quantities stays open."""
        if len(self) > 1 or self.preorder_drop_id:
            return self._preorder_website_finalize_drops(finalized_by)
        self.ensure_one()
        campaign = self.preorder_campaign_id
        if not campaign or self.state != "draft" or self.preorder_finalized:
            raise UserError(_("This pre-order can no longer be finalized."))
        if not self.order_line:
            raise UserError(_("Enter at least one quantity before finalizing."))
        campaign._check_open_for_customers()
        self._preorder_check_finalize_minimum(self._preorder_get_min_order_shortfall())
        self._preorder_website_write_finalized(finalized_by)
        return True

    def _preorder_website_finalize_drops(self, finalized_by):
        """``_preorder_website_finalize`` of the orders of a customer's drops."""
        campaign = self.preorder_campaign_id
        if len(campaign) != 1 or any(
            order.state != "draft" or order.preorder_finalized for order in self
        ):
            raise UserError(_("This pre-order can no longer be finalized."))
        orders = self.filtered("order_line")
        if not orders:
            raise UserError(_("Enter at least one quantity before finalizing."))
        campaign._check_open_for_customers()
        self._preorder_check_finalize_minimum(orders._preorder_get_drops_shortfall())
        for order in orders:
            order._preorder_website_write_finalized(finalized_by)
        return True

    def _preorder_get_drops_shortfall(self):
        """What the untaxed amount of the orders together (a customer's drops) still
        lacks to reach the campaign's minimum order value, in its currency."""
        campaign = self.preorder_campaign_id
        if not campaign.min_order_amount or any(self.mapped("preorder_own_shop")):
            return 0.0
        untaxed = sum(order._preorder_to_campaign_currency(order.amount_untaxed) for order in self)
        return max(campaign.currency_id.round(campaign.min_order_amount - untaxed), 0.0)

    def _preorder_check_finalize_minimum(self, shortfall):
        campaign = self.preorder_campaign_id
        if shortfall:
            currency = campaign.currency_id
            raise UserError(
                _(
                    "The minimum order of this campaign is %(minimum)s: add %(shortfall)s "
                    "before finalizing.",
                    minimum=formatLang(self.env, campaign.min_order_amount, currency_obj=currency),
                    shortfall=formatLang(self.env, shortfall, currency_obj=currency),
                )
            )

    def _preorder_website_write_finalized(self, finalized_by):
        self.ensure_one()
        campaign = self.preorder_campaign_id
        values = {
            "preorder_finalized": True,
            "preorder_finalized_date": fields.Datetime.now(),
        }
        if campaign.finalize_mode == "payment":
            values.update(
                require_signature=False,
                require_payment=True,
                prepayment_percent=campaign.prepayment_percent,
            )
        else:
            values.update(
                require_signature=campaign.require_signature,
                require_payment=campaign.require_payment,
                prepayment_percent=(
                    campaign.prepayment_percent if campaign.require_payment else 1.0
                ),
            )
        self.write(values)
        self._portal_ensure_token()
        self._preorder_notify_finalized(finalized_by)

    def _preorder_notify_finalized(self, finalized_by):
        self.ensure_one()
        campaign = self.preorder_campaign_id
        salesperson = self.user_id or campaign.user_id
        if campaign.finalize_mode == "payment":
            summary = _("Pre-order finalized: awaiting online payment")
        else:
            summary = _("Review and send the pre-order quotation")
        self.message_post(
            body=Markup("<p>%s</p>")
            % _(
                "%(user)s finalized the pre-order of campaign %(campaign)s.",
                user=finalized_by.name,
                campaign=campaign.name,
            ),
            author_id=finalized_by.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        if salesperson:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                user_id=salesperson.id,
            )

    def _preorder_website_state(self):
        """'in_progress', 'finalized', 'confirmed' or 'cancelled', as the customer sees it."""
        self.ensure_one()
        if self.state == "sale":
            return "confirmed"
        if self.state == "cancel":
            return "cancelled"
        return "finalized" if self.preorder_finalized else "in_progress"

    # ------------------------------------------------------------------
    # Shipping weight (delivery, through website_sale) summed in SQL
    # ------------------------------------------------------------------
    def _preorder_get_summable_fields(self):
        return super()._preorder_get_summable_fields() | {"shipping_weight"}

    def _preorder_get_summed_values(self, names):
        values = super()._preorder_get_summed_values(names)
        if "shipping_weight" in names:
            weight = self._preorder_get_weight_from_sums()
            if weight is not None:
                values["shipping_weight"] = weight
        return values

    def _preorder_get_weight_from_sums(self):
        """delivery's ``_get_estimated_weight`` (goods lines with a positive quantity,
        delivery lines aside) as one SQL sum; ``None`` when a line is in another unit
        than its product, whose conversion the ORM rounds line by line."""
        self.env["product.product"].flush_model(["weight"])
        self.env.cr.execute(
            SQL(
                """
                SELECT SUM(line.product_uom_qty * COALESCE(product.weight, 0)),
                       COUNT(*) FILTER (WHERE line.product_uom_id != template.uom_id)
                  FROM sale_order_line line
                  JOIN product_product product ON product.id = line.product_id
                  JOIN product_template template ON template.id = product.product_tmpl_id
                 WHERE line.order_id = %s
                   AND line.display_type IS NULL
                   AND NOT COALESCE(line.is_delivery, FALSE)
                   AND line.product_uom_qty > 0
                   AND template.type = 'consu'
                """,
                self.id,
            )
        )
        weight, converted_count = self.env.cr.fetchone()
        if converted_count:
            return None
        return float(weight or 0.0)
