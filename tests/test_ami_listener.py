"""scripts/ami_listener.py against a fake Asterisk Manager Interface over TCP and a
stub of Odoo's PBX endpoint: the events it posts, their signatures, the refusals."""

import asyncio
import hashlib
import hmac
import importlib.util
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "ami_listener.py"
spec = importlib.util.spec_from_file_location("ami_listener", SCRIPT)
ami_listener = importlib.util.module_from_spec(spec)
spec.loader.exec_module(ami_listener)

SECRET = "pbx-secret-137"


def ami(**fields):
    return "".join(f"{k}: {v}\r\n" for k, v in fields.items()) + "\r\n"


# call A: queued, rung at 101, answered, hung up; call B: rung at 102, abandoned;
# call C: abandoned before any operator rang (the CDR import records it)
SCRIPT_EVENTS = [
    ami(Event="FullyBooted", Privilege="system,all", Status="Fully Booted"),
    ami(Event="Newchannel", Channel="SIP/trunk-01", CallerIDNum="09121110001",
        Uniqueid="1700000000.1", Linkedid="1700000000.1"),
    ami(Event="QueueCallerJoin", Channel="SIP/trunk-01", Queue="137",
        CallerIDNum="09121110001", Uniqueid="1700000000.1", Linkedid="1700000000.1"),
    ami(Event="AgentCalled", Queue="137", Interface="SIP/101",
        DestChannel="SIP/101-02", CallerIDNum="09121110001",
        Uniqueid="1700000000.1", Linkedid="1700000000.1"),
    ami(Event="AgentCalled", Queue="137", Interface="SIP/101",
        DestChannel="SIP/101-03", Uniqueid="1700000000.1", Linkedid="1700000000.1"),
    ami(Event="Newchannel", Channel="SIP/101-02", CallerIDNum="101",
        Uniqueid="1700000000.2", Linkedid="1700000000.1"),
    ami(Event="AgentConnect", Queue="137", Interface="SIP/101", HoldTime="12",
        Uniqueid="1700000000.1", Linkedid="1700000000.1"),
    ami(Event="Hangup", Channel="SIP/101-02", Uniqueid="1700000000.2",
        Linkedid="1700000000.1", Cause="16"),
    ami(Event="Hangup", Channel="SIP/trunk-01", Uniqueid="1700000000.1",
        Linkedid="1700000000.1", Cause="16"),
    ami(Event="Newchannel", Channel="SIP/trunk-04", CallerIDNum="09122220002",
        Uniqueid="1700000000.4", Linkedid="1700000000.4"),
    ami(Event="QueueCallerJoin", Queue="137", CallerIDNum="09122220002",
        Uniqueid="1700000000.4", Linkedid="1700000000.4"),
    ami(Event="AgentCalled", Queue="137", Interface="PJSIP/102",
        Uniqueid="1700000000.4", Linkedid="1700000000.4"),
    ami(Event="QueueCallerAbandon", Queue="137", Uniqueid="1700000000.4",
        Linkedid="1700000000.4"),
    ami(Event="Hangup", Channel="SIP/trunk-04", Uniqueid="1700000000.4",
        Linkedid="1700000000.4"),
    ami(Event="Newchannel", Channel="SIP/trunk-05", CallerIDNum="09350000005",
        Uniqueid="1700000000.5", Linkedid="1700000000.5"),
    ami(Event="Hangup", Channel="SIP/trunk-05", Uniqueid="1700000000.5",
        Linkedid="1700000000.5"),
]  # fmt: skip


class FakeAmi:
    """A TCP server speaking enough AMI: banner, Login (checks the secret), events."""

    def __init__(self, events, secret="ami-secret"):
        self.events = events
        self.secret = secret
        self.logins = []

    async def handle(self, reader, writer):
        writer.write(b"Asterisk Call Manager/5.0.2\r\n")
        login = await ami_listener.read_message(reader)
        self.logins.append(login)
        if login.get("Secret") != self.secret:
            writer.write(
                ami(Response="Error", Message="Authentication failed").encode()
            )
            await writer.drain()
            writer.close()
            return
        writer.write(
            ami(Response="Success", Message="Authentication accepted").encode()
        )
        for event in self.events:
            writer.write(event.encode())
            await writer.drain()
        writer.close()


class StubOdoo(BaseHTTPRequestHandler):
    posts: ClassVar[list] = []
    status = 200

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).posts.append((self.path, dict(self.headers), body))
        self.send_response(type(self).status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"status": "ok"}')

    def log_message(self, *args):
        pass


@pytest.fixture
def odoo_stub():
    StubOdoo.posts = []
    StubOdoo.status = 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), StubOdoo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", StubOdoo
    server.shutdown()
    server.server_close()


def run_session(events, url, ami_secret="ami-secret"):
    fake = FakeAmi(events)

    async def session():
        server = await asyncio.start_server(fake.handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        async with server:
            poster = ami_listener.HotlinePoster(url, SECRET, timeout=5, retries=2)
            return await asyncio.wait_for(
                ami_listener.listen("127.0.0.1", port, "hotline", ami_secret, poster),
                timeout=20,
            )

    return asyncio.run(session()), fake


def test_events_posted_signed(odoo_stub):
    url, stub = odoo_stub
    posted, fake = run_session(SCRIPT_EVENTS, url)
    assert fake.logins[0]["Action"] == "Login"
    assert fake.logins[0]["Username"] == "hotline"
    bodies = [json.loads(body) for _path, _headers, body in stub.posts]
    assert bodies == [
        {"event": "ring", "call_id": "1700000000.1", "caller": "09121110001",
         "extension": "101", "queue": "137"},
        {"event": "answer", "call_id": "1700000000.1"},
        {"event": "hangup", "call_id": "1700000000.1"},
        {"event": "ring", "call_id": "1700000000.4", "caller": "09122220002",
         "extension": "102", "queue": "137"},
        {"event": "hangup", "call_id": "1700000000.4"},
    ]  # fmt: skip
    assert posted == 5
    for path, headers, body in stub.posts:
        assert path == "/hotline/pbx/event"
        assert headers["Content-Type"] == "application/json"
        timestamp = headers["X-Hotline-Timestamp"]
        assert timestamp.isdigit()
        expected = hmac.new(
            SECRET.encode(), timestamp.encode() + b"." + body, hashlib.sha256
        ).hexdigest()
        assert headers["X-Hotline-Signature"] == "sha256=" + expected


def test_wrong_ami_secret_is_refused(odoo_stub):
    url, stub = odoo_stub
    with pytest.raises(PermissionError):
        run_session(SCRIPT_EVENTS, url, ami_secret="wrong")
    assert stub.posts == []


def test_refused_event_is_not_retried(odoo_stub):
    url, stub = odoo_stub
    stub.status = 409  # a replay: final
    poster = ami_listener.HotlinePoster(url, SECRET, timeout=5, retries=3)
    assert poster.post({"event": "answer", "call_id": "x"}) == 409
    assert len(stub.posts) == 1
    stub.status = 503  # Odoo restarting: retried
    stub.posts.clear()
    assert poster.post({"event": "answer", "call_id": "x"}) is None
    assert len(stub.posts) == 3


def test_extension_of_channels():
    assert ami_listener.extension_of("SIP/101") == "101"
    assert ami_listener.extension_of("PJSIP/2045-0000001") == "2045"
    assert ami_listener.extension_of("Local/101@from-queue/n") == "101"
    assert ami_listener.extension_of("SIP/trunk-01") == ""
