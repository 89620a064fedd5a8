import re
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

BATCH_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
KEEP_DAYS = 30  # a device offline longer than this replays its batches as new ones


class PreorderSaveBatch(models.Model):
    """A batch of quantities a device saved (contract): the id the device gave it,
    remembered per customer and campaign so that sending the batch again (a device
    back online, a response lost on the way) writes nothing a second time.

    Rows are claimed by ``_preorder_claim`` with one SQL query in the save's own
    transaction: a refused save rolls its claim back with it."""

    _name = "preorder.save.batch"
    _description = "Pre-Order Saved Batch"
    _order = "id desc"

    name = fields.Char(string="Batch", required=True, readonly=True)
    campaign_id = fields.Many2one(
        comodel_name="preorder.campaign",
        string="Campaign",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    drop_id = fields.Many2one(
        comodel_name="preorder.delivery.drop",
        string="Delivery",
        readonly=True,
        ondelete="set null",
    )

    _campaign_partner_name_uniq = models.Constraint(
        "UNIQUE (campaign_id, partner_id, name)",
        "A batch is saved once per customer and campaign.",
    )

    @api.model
    def _preorder_check_name(self, batch_id):
        """Refuse a batch id that is not 8 to 64 letters, digits, "-" or "_"."""
        if not isinstance(batch_id, str) or not BATCH_ID.fullmatch(batch_id):
            raise UserError(
                _(
                    "This save cannot be sent: its batch id must be 8 to 64 letters, "
                    "digits, dashes or underscores."
                )
            )

    @api.model
    def _preorder_claim(self, campaign, partner, batch_id, drop=None, lock_order=None):
        """Claim `batch_id` for `partner` in `campaign`: True when it is new (the
        caller saves it now, in this transaction), False when it was saved before.

        One query, which also takes the lock of `lock_order` when given (the save's
        ``sale.order._preorder_lock``, which it then skips): a save into an existing
        order pays no query for its batch. The row's time is the database's
        (``cr.now()`` would cost a query before the save's first write). A
        concurrent claim of the same id waits for the other transaction, then fails
        with a serialization error under Odoo's repeatable read; Odoo retries the
        request, which then finds the batch saved."""
        self._preorder_check_name(batch_id)
        lock = SQL("NULL")
        if lock_order:
            lock = SQL("(%s)", lock_order._preorder_get_lock_query())
        self.env.cr.execute(
            SQL(
                """
                WITH claim AS (
                    INSERT INTO preorder_save_batch
                        (name, campaign_id, company_id, partner_id, drop_id,
                         create_uid, create_date, write_uid, write_date)
                    VALUES (%(name)s, %(campaign)s, %(company)s, %(partner)s, %(drop)s,
                            %(uid)s, NOW() AT TIME ZONE 'UTC', %(uid)s,
                            NOW() AT TIME ZONE 'UTC')
                    ON CONFLICT (campaign_id, partner_id, name) DO NOTHING
                    RETURNING id
                )
                SELECT EXISTS (SELECT FROM claim), %(lock)s
                """,
                name=batch_id,
                campaign=campaign.id,
                company=campaign.company_id.id,
                partner=partner.id,
                drop=drop.id if drop else None,
                uid=self.env.uid,
                lock=lock,
            )
        )
        return self.env.cr.fetchone()[0]

    @api.autovacuum
    def _gc_old_batches(self):
        """Forget batches older than KEEP_DAYS. In SQL: rows written by SQL, nothing
        hangs on them, and there are many (one per save that sent an id)."""
        self.env.cr.execute(
            SQL(
                "DELETE FROM preorder_save_batch WHERE create_date < %s",
                self.env.cr.now() - timedelta(days=KEEP_DAYS),
            )
        )
