from collections import defaultdict

from markupsafe import Markup

from odoo import _, fields, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    preorder_arrival_notified = fields.Boolean(
        string="Pre-Order Customers Notified",
        copy=False,
        readonly=True,
        help="The customers waiting for these goods got their arrival message.",
    )

    def _action_done(self):
        res = super()._action_done()
        self._preorder_notify_arrival()
        return res

    def _preorder_notify_arrival(self):
        """Tell the customers waiting for the goods of validated receipts: campaign
        receipts in the main warehouse, and own shops' transfers reaching the shop."""
        self._preorder_notify_campaign_arrival()
        self._preorder_notify_shop_arrival()

    def _preorder_notify_campaign_arrival(self):
        """Once per validated receipt of a campaign purchase order: one message
        to each customer whose confirmed pre-order holds the products received,
        one summary activity per salesperson, and the waiting deliveries of
        those orders reserved.

        Runs as superuser: the warehouse user validating the receipt may not
        read sales orders; nothing here depends on user input."""
        receipts_sudo = self.sudo().filtered(
            lambda picking: (
                picking.state == "done"
                and picking.picking_type_code == "incoming"
                and not picking.preorder_arrival_notified
                and picking.move_ids.purchase_line_id.order_id.preorder_campaign_id
            )
        )
        for receipt_sudo in receipts_sudo:
            receipt_sudo._preorder_notify_arrival_one()
        receipts_sudo.preorder_arrival_notified = True

    def _preorder_notify_arrival_one(self):
        self.ensure_one()
        moves = self.move_ids.filtered(lambda move: move.state == "done" and move.quantity > 0)
        campaigns = moves.purchase_line_id.order_id.preorder_campaign_id
        products = moves.product_id
        lines = campaigns._get_confirmed_preorder_lines(products)
        if not lines:
            return
        lines_by_customer = self._preorder_post_arrival_messages(
            lines, self.env.ref("preorder_purchase.mail_template_preorder_arrival")
        )
        customers_by_user = defaultdict(lambda: self.env["res.partner"])
        for customer, customer_lines in lines_by_customer.items():
            for user in customer_lines.order_id.user_id or campaigns.user_id[:1]:
                customers_by_user[user] |= customer
        self._preorder_schedule_arrival_activities(campaigns[:1], customers_by_user, products)
        self._preorder_reserve_deliveries(lines.order_id, products)

    def _preorder_schedule_arrival_activities(self, campaign, customers_by_user, products):
        self.ensure_one()
        for user, customers in customers_by_user.items():
            note = Markup("<p>%s</p><ul>%s</ul><p>%s</p><ul>%s</ul>") % (
                _("Arrived with %(receipt)s:", receipt=self.name),
                Markup().join(
                    Markup("<li>%s</li>") % name for name in products.mapped("display_name")
                ),
                _("Customers told:"),
                Markup().join(
                    Markup("<li>%s</li>") % name for name in customers.mapped("display_name")
                ),
            )
            campaign.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=user.id,
                summary=_(
                    "Pre-order goods arrived: %(count)s customers told", count=len(customers)
                ),
                note=note,
            )

    def _preorder_reserve_deliveries(self, orders, products):
        """Reserve the waiting deliveries of confirmed pre-orders (own shops
        included) now that the goods are in stock."""
        deliveries = orders.picking_ids.filtered(
            lambda picking: (
                picking.picking_type_code == "outgoing"
                and picking.state in ("confirmed", "waiting")
                and picking.move_ids.product_id & products
            )
        )
        if deliveries:
            deliveries.action_assign()

    def _preorder_post_arrival_messages(self, lines, template):
        """Post `template` once per customer of `lines` (sale order lines whose
        goods arrived), on the customer's first order, listing his lines.

        :return: ``{customer: his lines}``"""
        lines_by_customer = defaultdict(lambda: self.env["sale.order.line"])
        for line in lines:
            lines_by_customer[line.order_id.partner_id] |= line
        for customer_lines in lines_by_customer.values():
            order = customer_lines.order_id.sorted("id")[:1]
            order.with_context(
                preorder_arrival_line_ids=customer_lines.ids
            ).message_post_with_source(
                template,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return lines_by_customer

    def _preorder_notify_shop_arrival(self):
        """Once per validated receipt of an own shop's pre-order in the shop's
        warehouse: one message to each customer who reserved its goods in the shop
        (``sale.order.preorder_shop_order_id``), on his reservation.

        Runs as superuser, like the campaign's arrival: nothing depends on user input."""
        receipts_sudo = self.sudo().filtered(
            lambda picking: (
                picking.state == "done"
                and picking.picking_type_code == "incoming"
                and not picking.preorder_arrival_notified
                and picking.move_ids.sale_line_id.order_id.preorder_reservation_ids
            )
        )
        template = self.env.ref("preorder_purchase.mail_template_preorder_shop_arrival")
        for receipt_sudo in receipts_sudo:
            moves = receipt_sudo.move_ids.filtered(
                lambda move: move.state == "done" and move.quantity > 0
            )
            reservations = moves.sale_line_id.order_id.preorder_reservation_ids.filtered(
                lambda order: order.state != "cancel"
            )
            products = moves.product_id
            lines = reservations.order_line.filtered(
                lambda line, products=products: (
                    line.product_id in products and not line.display_type
                )
            )
            self._preorder_post_arrival_messages(lines, template)
        receipts_sudo.preorder_arrival_notified = True
