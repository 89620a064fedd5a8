import re

from psycopg2.errors import DeadlockDetected, LockNotAvailable, SerializationFailure
from werkzeug.exceptions import HTTPException

from odoo import models
from odoo.exceptions import ConcurrencyError
from odoo.http import JsonRPCDispatcher, SessionExpiredException, request

# The JSON routes of the order grid (controllers/main.py).
PREORDER_JSON_ROUTE = re.compile(
    r"^/(?:preorder|outlet)/\d+/(?:save|state|scan|suggest|delivery_date)$"
)
# What is left of a concurrent edit once Odoo's own retries are used up.
CONCURRENCY_ERRORS = (SerializationFailure, LockNotAvailable, DeadlockDetected, ConcurrencyError)


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _handle_error(cls, exception):
        """The grid's JSON routes answer every failure as ``{"error": message}``:
        never a traceback with server paths (Odoo's JSON-RPC errors carry one), and
        ``"retry": true`` when another save of the same order won the race, so that
        the grid sends the batch again by itself."""
        if not cls._preorder_is_grid_json_request() or isinstance(
            exception, (HTTPException, SessionExpiredException)
        ):
            return super()._handle_error(exception)
        env = request.env
        if isinstance(exception, CONCURRENCY_ERRORS):
            result = {
                "error": env._("The order was being saved from elsewhere at the same time."),
                "retry": True,
            }
        else:
            result = {"error": env._("This request could not be understood.")}
        return request.dispatcher._response(result=result)

    @classmethod
    def _preorder_is_grid_json_request(cls):
        return isinstance(request.dispatcher, JsonRPCDispatcher) and bool(
            PREORDER_JSON_ROUTE.match(request.httprequest.path)
        )
