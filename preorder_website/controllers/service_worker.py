from odoo.http import Controller, request, route
from odoo.tools import file_open

SERVICE_WORKER_PATH = "preorder_website/static/src/service_worker/preorder_service_worker.js"


class PreorderServiceWorker(Controller):
    """The service worker that keeps campaign pages for use without a connection,
    served like Odoo's own (/web/service-worker.js, /pos/service-worker.js): from
    a route, so that its scope may be the campaign pages' folder (/preorder/,
    /outlet/, with a language prefix) rather than /web/static/."""

    @route(
        "/preorder/service-worker.js", type="http", auth="public", methods=["GET"], readonly=True
    )
    def preorder_service_worker(self):
        with file_open(SERVICE_WORKER_PATH) as worker:
            body = worker.read()
        return request.make_response(
            body,
            [
                ("Content-Type", "text/javascript"),
                ("Service-Worker-Allowed", "/"),
                # Browsers check for a new worker at least daily; no stale copy in between
                ("Cache-Control", "no-cache"),
            ],
        )
