"""Locust scenario of the 137 Hotline on the cluster (issue 19, item 5).

Four kinds of users, as the city's day has them:

- operators save calls through Take a Call (JSON-RPC ``web_save`` on helpdesk.ticket with
  the intake's context, as the web client does) and read back the tracking code;
- citizens file a request on the portal form (/my/requests/new) and read My requests;
- the water company answers a referral on its portal (/my/referrals/<id>/answer);
- district managers open the ticket analysis pivot (``formatted_read_grouping_sets``,
  a read-only route: served by the PostgreSQL replica).

Every request the server said was saved goes to a ledger (LOAD_LEDGER, JSON lines: kind,
id, tracking code, the unique token written in its subject), every request to an event
log (LOAD_EVENTS: time, name, ok); benchmarks/cluster_load.py checks the ledger against
the database after the run and reads the error rate of the fault window from the log.

Run by scripts/load.sh; alone: locust -f benchmarks/locust_hotline.py --host URL.
"""

import json
import os
import random
import re
import threading
import time
import uuid

from locust import HttpUser, between, events, task

DB = os.environ.get("LOAD_DB", "hotline")
RUN_ID = os.environ.get("LOAD_RUN", uuid.uuid4().hex[:6])
PHASE = os.environ.get("LOAD_PHASE", "run")
_LOCK = threading.Lock()
_FILES = {}
# Take a Call's context, as the web client sends it
INTAKE_CONTEXT = {"lang": "fa_IR", "tz": "Asia/Tehran", "hotline_intake": 1}

CSRF_RE = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
OPTION_RE = r'<select[^>]*name="{name}"[^>]*>(.*?)</select>'
VALUE_RE = re.compile(r'<option[^>]*value="(\d+)"')
REQUEST_RE = re.compile(r"/my/requests/(\d+)")
REFERRAL_RE = re.compile(r'href="(/my/referrals/(\d+)[^"]*)"')
ANSWER_RE = re.compile(r'action="(/my/referrals/\d+/answer[^"]*)"')


def _append(env_name, record):
    path = os.environ.get(env_name)
    if not path:
        return
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with _LOCK:
        handle = _FILES.get(path)
        if handle is None:
            handle = _FILES[path] = open(path, "a", encoding="utf-8")  # noqa: SIM115
        handle.write(line)
        handle.flush()


@events.request.add_listener
def _log_request(request_type, name, response_time, exception, start_time=None, **kw):
    _append(
        "LOAD_EVENTS",
        {
            "t": round(start_time or time.time(), 3),
            "phase": PHASE,
            "name": name,
            "ok": exception is None,
            "ms": round(response_time or 0, 1),
        },
    )


def _token():
    return f"LT-{RUN_ID}-{uuid.uuid4().hex[:10]}"


def _phone():
    return "0912" + "".join(random.choices("0123456789", k=7))


class HotlineUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    login = password = None

    def on_start(self):
        # sessions opened by cluster_load.py before the phase (LOAD_SESSIONS): the
        # phases measure the work, not 20 password hashes at once
        session = json.loads(os.environ.get("LOAD_SESSIONS") or "{}").get(self.login)
        if session:
            self.client.cookies.set("session_id", session)
            self.logged_in = True
        else:
            self.logged_in = False
            self._login()

    def _login(self):
        with self.client.post(
            "/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"db": DB, "login": self.login, "password": self.password},
            },
            name="login",
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "error" in (response.text[:200]):
                response.failure(f"login {response.status_code}")
                return
            self.logged_in = True

    def call_kw(self, model, method, args, kwargs=None, name=None):
        """A JSON-RPC call as the web client makes it; the result, or None on error."""
        with self.client.post(
            f"/web/dataset/call_kw/{model}/{method}",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "id": random.randint(1, 10**9),
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": kwargs or {},
                },
            },
            name=name or f"{model}.{method}",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return None
            try:
                payload = response.json()
            except ValueError:
                response.failure("not JSON")
                return None
            if "error" in payload:
                message = payload["error"].get("data", {}).get("message", "")
                response.failure(f"RPC error: {message[:200]}")
                if "Session expired" in message or "SessionExpired" in str(payload):
                    self.logged_in = False
                return None
            return payload["result"]

    def ensure_login(self):
        if not self.logged_in:
            self._login()
        return self.logged_in


class Operator(HotlineUser):
    """A call taker saving calls through Take a Call."""

    weight = 4
    login = password = "operator"

    def on_start(self):
        super().on_start()
        self.categories = self.districts = []

    def _load_choices(self):
        categories = self.call_kw(
            "helpdesk.ticket.category",
            "search_read",
            [[("child_id", "=", False)]],
            {"fields": ["id"], "limit": 40},
            name="operator: categories",
        )
        districts = self.call_kw(
            "hotline.district",
            "search_read",
            [[]],
            {"fields": ["id"]},
            name="operator: districts",
        )
        self.categories = [c["id"] for c in categories or []]
        self.districts = [d["id"] for d in districts or []]

    @task
    def save_call(self):
        if not self.ensure_login():
            return
        if not self.categories or not self.districts:
            self._load_choices()
            if not self.categories or not self.districts:
                return
        token = _token()
        vals = {
            "caller_phone": _phone(),
            "partner_name": "شهروند آزمون بار",
            "category_id": random.choice(self.categories),
            "district_id": random.choice(self.districts),
            "request_kind": "request",
            "name": f"تماس آزمون بار {token}",
            "description": f"<p>چراغ کوچه خاموش است ({token})</p>",
            "address": "خیابان آزمون، کوچه ۱",
        }
        result = self.call_kw(
            "helpdesk.ticket",
            "web_save",
            [[], vals],
            {
                "specification": {"number": {}, "name": {}},
                "context": INTAKE_CONTEXT,
            },
            name="operator: save call",
        )
        if result:
            record = result[0]
            _append(
                "LOAD_LEDGER",
                {
                    "kind": "operator",
                    "id": record["id"],
                    "number": record["number"],
                    "token": token,
                    "t": time.time(),
                    "phase": PHASE,
                },
            )


class Citizen(HotlineUser):
    """A citizen files a request on the portal and reads My requests."""

    weight = 4
    login = password = "citizen"

    @task(2)
    def file_request(self):
        if not self.ensure_login():
            return
        with self.client.get(
            "/my/requests/new", name="citizen: request form", catch_response=True
        ) as response:
            csrf = CSRF_RE.search(response.text or "")
            if response.status_code != 200 or not csrf:
                response.failure(f"form {response.status_code}")
                return
            page = response.text
        category = re.search(OPTION_RE.format(name="category_id"), page, re.DOTALL)
        district = re.search(OPTION_RE.format(name="district_id"), page, re.DOTALL)
        categories = VALUE_RE.findall(category.group(1)) if category else []
        districts = VALUE_RE.findall(district.group(1)) if district else []
        if not categories or not districts:
            return
        token = _token()
        form = {
            "csrf_token": csrf.group(1),
            "request_kind": "request",
            "category_id": random.choice(categories),
            "district_id": random.choice(districts),
            "name": f"درخواست آزمون بار {token}",
            "description": f"آسفالت جلوی خانه خراب است ({token})",
            "address": "خیابان آزمون، پلاک ۲",
            "phone": _phone(),
        }
        with self.client.post(
            "/my/requests/new",
            data=form,
            allow_redirects=False,
            name="citizen: file request",
            catch_response=True,
        ) as response:
            match = REQUEST_RE.search(response.headers.get("Location", ""))
            if response.status_code not in (302, 303) or not match:
                response.failure(f"not filed ({response.status_code})")
                return
        _append(
            "LOAD_LEDGER",
            {
                "kind": "citizen",
                "id": int(match.group(1)),
                "number": None,
                "token": token,
                "t": time.time(),
                "phase": PHASE,
            },
        )
        self.client.get(f"/my/requests/{match.group(1)}", name="citizen: request page")

    @task(3)
    def my_requests(self):
        if self.ensure_login():
            self.client.get("/my/requests", name="citizen: my requests")


class Agency(HotlineUser):
    """The water company answers referrals on its portal."""

    weight = 2
    login = password = "agency"

    @task
    def answer_referral(self):
        if not self.ensure_login():
            return
        response = self.client.get("/my/referrals", name="agency: referrals")
        links = sorted({link for link, _id in REFERRAL_RE.findall(response.text or "")})
        if not links:
            return
        page = self.client.get(
            random.choice(links).replace("&amp;", "&"), name="agency: referral page"
        )
        action = ANSWER_RE.search(page.text or "")
        csrf = CSRF_RE.search(page.text or "")
        if not action or not csrf:
            return
        with self.client.post(
            action.group(1).replace("&amp;", "&"),
            data={
                "csrf_token": csrf.group(1),
                "response": f"لوله تعمیر شد ({_token()})",
                "agency_reference": f"W-{random.randint(1000, 9999)}",
            },
            allow_redirects=False,
            name="agency: answer referral",
            catch_response=True,
        ) as answer:
            if answer.status_code not in (302, 303):
                answer.failure(f"not answered ({answer.status_code})")


class Manager(HotlineUser):
    """A district manager opens the ticket analysis pivot."""

    weight = 2
    login = password = "manager1"

    @task
    def open_pivot(self):
        if not self.ensure_login():
            return
        self.call_kw(
            "hotline.ticket.report",
            "formatted_read_grouping_sets",
            [
                [],
                [
                    ["district_id", "jalali_month"],
                    ["district_id"],
                    ["jalali_month"],
                    [],
                ],
            ],
            {
                "aggregates": ["ticket_count:sum", "on_time_rate:avg"],
                "context": {"lang": "fa_IR", "tz": "Asia/Tehran"},
            },
            name="manager: analysis pivot",
        )
