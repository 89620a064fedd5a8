from contextlib import contextmanager
from unittest.mock import patch

from .common import PreorderCommon


class PreorderOrderCommon(PreorderCommon):
    """Helpers to change a pre-order the way the website does: as the portal
    customer, on a sudo'ed order (the controller checked the access first)."""

    @classmethod
    def _as_portal(cls, order, user=None):
        return order.with_user(user or cls.portal_user).sudo()

    @classmethod
    def _set_quantities(cls, order, quantities, user=None):
        return cls._as_portal(order, user)._preorder_set_quantities(quantities)

    def _watch_odoo_totals(self):
        """A spy on sale's ``_compute_amounts`` that still computes: ``.called`` tells
        whether Odoo recomputed the order totals over every line."""
        SaleOrder = type(self.env["sale.order"])
        return patch.object(
            SaleOrder, "_compute_amounts", autospec=True, side_effect=SaleOrder._compute_amounts
        )

    @staticmethod
    def _line(order, product):
        return order.order_line.filtered(lambda line: line.product_id == product)

    @staticmethod
    def _quantities(order):
        return {line.product_id: line.product_uom_qty for line in order.order_line}

    @contextmanager
    def assertRaisesMessage(self, exception, pattern):
        """assertRaises (which rolls back to a savepoint) + a check of the message."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), pattern)
