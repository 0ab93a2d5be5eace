#!/usr/bin/env python3
"""Asterisk AMI -> the hotline's signed PBX events (issue 16).

A small process that runs next to Asterisk (or anywhere that reaches its AMI port):
it logs in to the Asterisk Manager Interface, follows the calls of the 137 queue, and
posts one signed event per step of a call to Odoo's ``POST /hotline/pbx/event``:

- ``ring``   when the queue first rings an operator (AMI ``AgentCalled``): the call id,
  the caller's number, the operator's extension and the queue. Odoo records the call
  and pops the intake form on that operator's screen;
- ``answer`` when an operator picks it up (``AgentConnect``);
- ``hangup`` when the caller's channel hangs up (``Hangup`` of the call's first
  channel), for a call that rang.

The call id is Asterisk's ``Linkedid`` (the caller channel's uniqueid): the same id the
CDR import (Master.csv, queue_log) gives the call, so an imported day completes the
events and never doubles them. Calls abandoned before any operator rang come from the
CDR import only.

Each body is signed as the endpoint expects: ``X-Hotline-Timestamp`` (Unix seconds)
and ``X-Hotline-Signature: sha256=HMAC-SHA256(secret, "<timestamp>.<body>")``, the
secret being the company's PBX secret (Settings > 137 Hotline > Telephone).

Only the Python standard library (asyncio): panoramisk, the usual asyncio AMI
library, has had no release since 2021 and is not needed for four events.

Configuration, environment variables (or the matching --options):

    HOTLINE_AMI_HOST=127.0.0.1  HOTLINE_AMI_PORT=5038
    HOTLINE_AMI_USER=hotline    HOTLINE_AMI_SECRET=...     (manager.conf, read=call,agent)
    HOTLINE_URL=https://hotline.example.org                (Odoo's base URL)
    HOTLINE_PBX_SECRET=...                                 (the company's PBX secret)

Run: ``python3 scripts/ami_listener.py`` (a systemd unit is in readme/CONFIGURE.md).
It reconnects to the AMI after a drop, and retries a post the endpoint did not answer.
"""

import argparse
import asyncio
import hashlib
import hmac
import json
import logging
import os
import re
import time
import urllib.error
import urllib.request

_logger = logging.getLogger("hotline.ami")

ENDPOINT = "/hotline/pbx/event"
# SIP/101, PJSIP/101-00000001, Local/101@from-queue/n, Agent/101
_EXTENSION = re.compile(r"^(?:PJSIP|SIP|IAX2|Local|Agent)/(\d{2,6})(?:[-@;/]|$)")
POST_TIMEOUT = 10
POST_RETRIES = 3
RECONNECT_SECONDS = 5


def extension_of(channel):
    match = _EXTENSION.match((channel or "").strip())
    return match.group(1) if match else ""


def sign(secret, timestamp, body):
    """HMAC-SHA256 of "<timestamp>.<body>" in hex (body: bytes)."""
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class CallTracker:
    """Turns AMI events into the endpoint's events: remembers, per call id, what was
    already sent, so each call rings, answers and hangs up once."""

    def __init__(self):
        self.calls = {}  # linkedid -> {"caller", "queue", "rang", "answered"}

    def feed(self, event):
        """The endpoint events (dicts) an AMI event gives, usually none or one."""
        name = event.get("Event", "")
        call_id = event.get("Linkedid") or event.get("Uniqueid")
        if not call_id:
            return []
        if name in ("Newchannel", "QueueCallerJoin"):
            call = self.calls.setdefault(call_id, {"rang": False, "answered": False})
            if event.get("Uniqueid") == call_id and event.get("CallerIDNum"):
                call.setdefault("caller", event["CallerIDNum"])
            if event.get("Queue"):
                call["queue"] = event["Queue"]
            return []
        call = self.calls.get(call_id)
        if call is None:
            return []
        if name == "AgentCalled" and not call["rang"]:
            extension = extension_of(
                event.get("Interface") or event.get("DestChannel") or ""
            )
            caller = call.get("caller") or event.get("CallerIDNum")
            if not (extension and caller):
                return []
            call["rang"] = True
            return [
                {
                    "event": "ring",
                    "call_id": call_id,
                    "caller": caller,
                    "extension": extension,
                    "queue": event.get("Queue") or call.get("queue") or "",
                }
            ]
        if name == "AgentConnect" and call["rang"] and not call["answered"]:
            call["answered"] = True
            return [{"event": "answer", "call_id": call_id}]
        if name == "Hangup" and event.get("Uniqueid") == call_id:
            self.calls.pop(call_id, None)
            if call["rang"]:
                return [{"event": "hangup", "call_id": call_id}]
        return []


class HotlinePoster:
    """Posts events to Odoo, signed; blocking I/O run in a thread."""

    def __init__(self, url, secret, timeout=POST_TIMEOUT, retries=POST_RETRIES):
        self.url = url.rstrip("/") + ENDPOINT
        self.secret = secret
        self.timeout = timeout
        self.retries = retries

    def request(self, data, timestamp=None):
        body = json.dumps(data, separators=(",", ":")).encode()
        timestamp = int(timestamp or time.time())
        return urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "X-Hotline-Timestamp": str(timestamp),
                "X-Hotline-Signature": "sha256=" + sign(self.secret, timestamp, body),
            },
        )

    def post(self, data):
        """The endpoint's HTTP status; 4xx answers are final (logged), network errors
        and 5xx are retried."""
        for attempt in range(1, self.retries + 1):
            try:
                with urllib.request.urlopen(
                    self.request(data), timeout=self.timeout
                ) as response:
                    return response.status
            except urllib.error.HTTPError as error:
                if error.code < 500:
                    _logger.warning(
                        "event %s of %s refused: %s %s",
                        data["event"],
                        data["call_id"],
                        error.code,
                        error.read()[:200],
                    )
                    return error.code
                _logger.warning("Odoo answered %s (attempt %s)", error.code, attempt)
            except OSError as error:
                _logger.warning("Odoo unreachable (attempt %s): %s", attempt, error)
            if attempt < self.retries:
                time.sleep(min(attempt, 3) * 0.5)
        return None


async def read_message(reader):
    """One AMI message (a dict), None at the end of the stream."""
    message = {}
    while True:
        line = await reader.readline()
        if not line:
            return None
        line = line.decode("utf-8", "replace").rstrip("\r\n")
        if not line:
            if message:
                return message
            continue
        key, _sep, value = line.partition(":")
        message[key.strip()] = value.strip()


async def listen(host, port, username, secret, poster, stop=None):
    """One AMI session: log in, then forward events until the connection closes or
    ``stop`` (an asyncio.Event) is set. Returns the number of events posted."""
    reader, writer = await asyncio.open_connection(host, port)
    posted = 0
    tracker = CallTracker()
    try:
        banner = await reader.readline()  # "Asterisk Call Manager/5.0.x"
        _logger.info("connected to %s", banner.decode().strip())
        writer.write(
            (
                "Action: Login\r\n"
                f"Username: {username}\r\nSecret: {secret}\r\n"
                "Events: call,agent\r\n\r\n"
            ).encode()
        )
        await writer.drain()
        loop = asyncio.get_running_loop()
        while not (stop and stop.is_set()):
            message = await read_message(reader)
            if message is None:
                break
            if message.get("Response") == "Error":
                raise PermissionError(message.get("Message", "AMI login refused"))
            for data in tracker.feed(message):
                await loop.run_in_executor(None, poster.post, data)
                posted += 1
    finally:
        writer.close()
    return posted


async def run_forever(args, poster):
    while True:
        try:
            await listen(
                args.ami_host, args.ami_port, args.ami_user, args.ami_secret, poster
            )
            _logger.warning("AMI connection closed, reconnecting")
        except PermissionError:
            raise
        except OSError as error:
            _logger.warning("AMI unreachable: %s", error)
        await asyncio.sleep(RECONNECT_SECONDS)


def main(argv=None):
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ami-host", default=env("HOTLINE_AMI_HOST", "127.0.0.1"))
    parser.add_argument(
        "--ami-port", type=int, default=int(env("HOTLINE_AMI_PORT", "5038"))
    )
    parser.add_argument("--ami-user", default=env("HOTLINE_AMI_USER", "hotline"))
    parser.add_argument("--ami-secret", default=env("HOTLINE_AMI_SECRET", ""))
    parser.add_argument("--url", default=env("HOTLINE_URL", "http://127.0.0.1:8069"))
    parser.add_argument("--pbx-secret", default=env("HOTLINE_PBX_SECRET", ""))
    args = parser.parse_args(argv)
    if not args.pbx_secret:
        parser.error("the company's PBX secret is needed (HOTLINE_PBX_SECRET)")
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s"
    )
    asyncio.run(run_forever(args, HotlinePoster(args.url, args.pbx_secret)))


if __name__ == "__main__":
    main()
