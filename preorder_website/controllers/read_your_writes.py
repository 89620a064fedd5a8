"""Read-your-writes for the pages served from a PostgreSQL read replica.

With ``--db_replica_host``, Odoo serves the routes marked ``readonly`` on a
cursor of the replica, which lags the primary by a little. A customer who saves
and then reloads must not see an older quantity than the one the save answered,
so:

- every route of the grid that writes marks the browser, on success, with a
  cookie holding the time until which its reads should go to the primary
  (``mark_write``);
- the grid's read routes take ``readonly=readonly_unless_recent_write``: read
  from the replica, unless the request carries a marker still running.

The decision reads one cookie and the clock: no query, no session write. The
marker is not signed: a forged one only sends its own requests to the primary,
which every read/write route does anyway; it grants nothing and reads nothing
the same request would not read on the replica. Odoo nodes compare the marker
with their own clock: keep them synchronised (NTP), a node running late only
keeps a browser on the primary a little longer.

Writes made elsewhere (a rep's backoffice grid, another device) are not
covered: those readers see them once the replica has replayed them, usually
within milliseconds (see the README's Deployment section)."""

import time

from odoo.http import request

COOKIE = "preorder_rw"
# How long a browser that wrote reads from the primary: far above a healthy
# streaming replica's lag (milliseconds), short enough to leave the reads of a
# customer who stopped typing to the replica.
SECONDS = 30


def mark_write():
    """Send this request's browser to the primary for the next ``SECONDS``."""
    request.future_response.set_cookie(
        COOKIE,
        str(int(time.time()) + SECONDS),
        max_age=SECONDS,
        httponly=True,
        samesite="Lax",
        secure=request.httprequest.scheme == "https",
    )


def has_recent_write(cookies):
    """Whether `cookies` carry a marker of ours that has not run out yet."""
    value = cookies.get(COOKIE)
    if not value or len(value) > 12 or not (value.isascii() and value.isdigit()):
        return False  # not ours: the replica
    return int(value) > time.time()


def readonly_unless_recent_write(controller, rule, args):
    """``readonly`` of the grid's read routes (Odoo calls it before the request
    is served): the replica, unless this browser wrote a moment ago."""
    return not has_recent_write(request.httprequest.cookies)
