"""A browser session of Odoo, speaking JSON-RPC: sign in, call a model. Used by the
contention check and the screenshots; it needs ``requests`` (an Odoo requirement)."""

import requests


class Client:
    """One browser session, speaking JSON-RPC."""

    def __init__(self, base_url, db):
        self.base_url = base_url
        self.db = db
        self.http = requests.Session()

    def call(self, route, params, timeout=120):
        response = self.http.post(
            self.base_url + route,
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
            timeout=timeout,
        )
        response.raise_for_status()
        return response.json()

    def login(self, login, password):
        answer = self.call(
            "/web/session/authenticate", {"db": self.db, "login": login, "password": password}
        )
        if "error" in answer:
            raise RuntimeError(f"cannot sign in as {login}: {answer['error']}")
        return answer["result"]

    def model(self, model, method, *args, **kwargs):
        answer = self.call(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )
        if "error" in answer:
            raise RuntimeError(f"{model}.{method}: {answer['error'].get('message')}")
        return answer["result"]
