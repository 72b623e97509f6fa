"""What the end-to-end drivers share: Odoo's external API, portal sessions,
the SMTP sink's mailbox and the list of checks with their results."""

import email
import re
import time
from email import policy
from email.utils import getaddresses
from pathlib import Path

import requests

CSRF_INPUT = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
HTTP_TIMEOUT = 60
# As a reverse proxy talks to Odoo: a worker serves one connection at a time, and
# an idle keep-alive connection would hold it until its socket timeout.
HEADERS = {"Connection": "close"}


class CheckFailed(Exception):
    """A check of the run failed: its message says what was expected."""


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def wait_until(probe, timeout, what, interval=0.5):
    """Call ``probe`` until it returns something truthy; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise CheckFailed(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


class RpcError(Exception):
    """An error Odoo's API answered, with the server's message."""


class Rpc:
    """Odoo's JSON-RPC API as one user: ``rpc("sale.order", "read", ids, [...])``.
    (JSON, not XML-RPC: actions answer None values, which XML-RPC cannot carry.)"""

    def __init__(self, url, db, login, password):
        self.url, self.db, self.password = url, db, password
        self.uid = self.call("common", "authenticate", db, login, password, {})
        check(self.uid, f"API login of {login} refused")

    def call(self, service, method, *args):
        # No shared session: the load creates its customers from several threads.
        response = requests.post(
            f"{self.url}/jsonrpc",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"service": service, "method": method, "args": args},
            },
            headers=HEADERS,
            timeout=HTTP_TIMEOUT,
        )
        response.raise_for_status()
        answer = response.json()
        if "error" in answer:
            data = answer["error"].get("data", {})
            raise RpcError(data.get("message") or answer["error"].get("message"))
        # Odoo leaves "result" out when the method returned None.
        return answer.get("result")

    def __call__(self, model, method, *args, **kwargs):
        return self.call(
            "object",
            "execute_kw",
            *(self.db, self.uid, self.password, model, method, list(args), kwargs),
        )

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        domain = [("module", "=", module), ("name", "=", name)]
        found = self("ir.model.data", "search_read", domain, ["res_id"])
        check(found, f"no record {xmlid}")
        return found[0]["res_id"]

    def read_one(self, model, record_id, fields):
        return self(model, "read", [record_id], fields)[0]


class Portal:
    """A browser-like session of one portal user."""

    def __init__(self, url):
        self.url = url
        self.session = requests.Session()
        self.session.headers.update(HEADERS)

    def csrf_token(self, page_text):
        match = CSRF_INPUT.search(page_text)
        check(match, "no csrf_token in the page")
        return match.group(1)

    def login(self, login, password):
        page = self.get("/web/login")
        response = self.session.post(
            f"{self.url}/web/login",
            data={
                "login": login,
                "password": password,
                "csrf_token": self.csrf_token(page.text),
                "redirect": "/my",
            },
            timeout=HTTP_TIMEOUT,
        )
        check(
            response.status_code == 200 and "/web/login" not in response.url,
            f"portal login of {login} failed ({response.status_code} {response.url})",
        )
        return self

    def get(self, path, **kwargs):
        url = path if path.startswith("http") else f"{self.url}{path}"
        return self.session.get(url, timeout=HTTP_TIMEOUT, **kwargs)

    def post(self, path, data, **kwargs):
        return self.session.post(
            f"{self.url}{path}", data=data, timeout=HTTP_TIMEOUT, **kwargs
        )


class Mailbox:
    """The messages the SMTP sink kept, parsed."""

    def __init__(self, folder):
        self.folder = Path(folder)
        # The sink never changes a message once written: each is parsed once
        # (hundreds of them, with PDFs, are polled every half second).
        self.parsed = {}

    def messages(self):
        for path in sorted(self.folder.glob("*.eml")):
            if path not in self.parsed:
                self.parsed[path] = email.message_from_bytes(
                    path.read_bytes(), policy=policy.default
                )
        return [self.parsed[path] for path in sorted(self.parsed)]

    def to(self, address):
        return [
            message
            for message in self.messages()
            if address
            in {addr for _name, addr in getaddresses(message.get_all("To", []))}
        ]

    def wait_for(self, address, subject, timeout):
        """The messages to ``address`` with ``subject``, once there is one."""

        def probe():
            return [m for m in self.to(address) if m["Subject"] == subject]

        return wait_until(probe, timeout, f"the e-mail '{subject}' to {address}")


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]
