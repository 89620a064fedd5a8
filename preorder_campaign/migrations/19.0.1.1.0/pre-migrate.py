"""19.0.1.1.0: one pre-order in progress per ordering contact and campaign (the unique
index ``sale_order_preorder_one_in_progress``). Fill the new column before the ORM
computes it with a partial registry (``preorder_website``, which knows the finalized
drafts, is not loaded yet), and keep only the newest of several drafts in progress of a
contact: the index could not be created otherwise. Those contacts are named in the log."""

import logging

from odoo.tools import SQL
from odoo.tools.sql import column_exists

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    cr.execute("ALTER TABLE sale_order ADD COLUMN IF NOT EXISTS preorder_in_progress boolean")
    not_finalized = (
        SQL("AND NOT COALESCE(preorder_finalized, FALSE)")
        if column_exists(cr, "sale_order", "preorder_finalized")
        else SQL()
    )
    cr.execute(
        SQL(
            """UPDATE sale_order
                  SET preorder_in_progress = (
                      preorder_campaign_id IS NOT NULL AND state = 'draft' %s
                  )""",
            not_finalized,
        )
    )
    cr.execute(
        """SELECT preorder_campaign_id, partner_id, ARRAY_AGG(id ORDER BY id DESC)
             FROM sale_order
            WHERE preorder_in_progress
         GROUP BY preorder_campaign_id, partner_id
           HAVING COUNT(*) > 1"""
    )
    for campaign_id, partner_id, order_ids in cr.fetchall():
        cr.execute(
            "UPDATE sale_order SET preorder_in_progress = FALSE WHERE id IN %s",
            [tuple(order_ids[1:])],
        )
        _logger.warning(
            "Partner %s has %s draft pre-orders in campaign %s (sale.order %s): the newest "
            "is the one in progress; send or cancel the others.",
            partner_id,
            len(order_ids),
            campaign_id,
            order_ids,
        )
