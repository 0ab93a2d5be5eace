"""SMS gateways of the 137 hotline, on Odoo's own `sms` module.

Each gateway is an `SmsApiBase` (odoo/addons/sms/tools/sms_api.py), the class Odoo's
sms.sms queue hands its batches to (`_send_sms_batch`), chosen per company by
`res.company._get_sms_api_class` as `sms_twilio` does. They speak the providers' REST
protocols with `requests` and a timeout, no SDK:

* Kavenegar: POST https://api.kavenegar.com/v1/{API-KEY}/sms/send.json, form fields
  receptor, message, sender and localid (Kavenegar refuses a second message with the
  same localid: a retry after a lost answer does not reach the citizen twice);
* sms.ir (REST v1): POST https://api.sms.ir/v1/send/bulk, header X-API-KEY, JSON
  {lineNumber, messageText, mobiles};
* the city's own SMS centre: any URL, method and parameter names, success when the
  answer is a 2xx and matches a pattern;
* log only: nothing leaves the server (demo, tests).

Every answer becomes one result per SMS, in the states sms.sms knows ("success",
"server_error", "wrong_number_format", ...). A gateway that is down, slow or answers an
error never raises: the SMS gets "server_error" (or the provider's refusal) and the
hotline's queue retries it (models/sms_sms.py). The API key is never logged nor put in a
failure reason: Kavenegar carries it in the URL, so request errors are reported by their
kind only, never by their text (which quotes the URL).

Each gateway also reads what its provider posts back (controllers/sms.py): a message a
citizen sent (`_parse_inbound`) and a delivery report (`_parse_status`, its STATUS_MAP
from the provider's codes to sms.sms states); the provider's id of each message sent
(`_provider_id`, from its answer) is kept on the message's sms.tracker, which the
reports quote.
"""

import logging
import re
from typing import ClassVar

import requests

from odoo.addons.sms.tools.sms_api import SmsApiBase

from .phone import normalize_phone

_logger = logging.getLogger(__name__)

TIMEOUT_PARAM = "municipal_hotline.sms_timeout"
DEFAULT_TIMEOUT = 10  # seconds, connecting and reading each
KAVENEGAR_ENDPOINT_PARAM = "municipal_hotline.sms_kavenegar_endpoint"
KAVENEGAR_ENDPOINT = "https://api.kavenegar.com"
SMSIR_ENDPOINT_PARAM = "municipal_hotline.sms_smsir_endpoint"
SMSIR_ENDPOINT = "https://api.sms.ir"

# GSM 03.38: the basic alphabet (one unit) and its extension (two units, an escape first)
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("^{}\\[~]|€\f")

# Kavenegar's return.status codes (the HTTP status is the same)
KAVENEGAR_STATES = {
    401: "unregistered",  # account disabled
    403: "unregistered",  # wrong API key
    411: "wrong_number_format",  # invalid receptor
    418: "insufficient_credit",
}
# sms.ir's status codes besides 1 (success)
SMSIR_STATES = {
    0: "server_error",
    10: "unregistered",  # invalid API key
    11: "unregistered",  # API key disabled
    13: "unregistered",  # line not found / not active
    101: "unregistered",  # line number not valid
    102: "insufficient_credit",
    103: "insufficient_credit",
    104: "wrong_number_format",
}


def sms_segments(text):
    """How an SMS of `text` travels: (encoding, length in units, number of parts).

    GSM-7 when every character is in the GSM alphabet: 160 units in one SMS, 153 per
    part of a longer one (extension characters count two). Otherwise UCS-2, as every
    Persian text: 70 characters in one SMS, 67 per part (a character outside the basic
    plane counts two).
    """
    text = text or ""
    if all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text):
        encoding, single, part = "gsm7", 160, 153
        units = sum(2 if c in GSM7_EXTENSION else 1 for c in text)
    else:
        encoding, single, part = "ucs2", 70, 67
        units = sum(2 if ord(c) > 0xFFFF else 1 for c in text)
    if not units:
        return encoding, 0, 0
    return encoding, units, 1 if units <= single else -(-units // part)


def iranian_mobile(number):
    """The number as Iranian operators take it (09xxxxxxxxx), or "" when it is not an
    Iranian mobile (a landline, a foreign or a broken number cannot get an SMS)."""
    key = normalize_phone(number)
    return "0" + key if re.fullmatch(r"9\d{9}", key or "") else ""


class HotlineSmsApi(SmsApiBase):
    """The hotline's gateways' common part: one request per SMS, one result each."""

    PROVIDER_TO_SMS_FAILURE_TYPE = SmsApiBase.PROVIDER_TO_SMS_FAILURE_TYPE | {
        "insufficient_credit": "sms_credit",
        "unregistered": "sms_acc",
    }
    name = "hotline"

    def _company(self):
        return (self.company or self.env.company).sudo()

    def _param(self, key, default):
        return self.env["ir.config_parameter"].sudo().get_param(key) or default

    def _timeout(self):
        try:
            return float(self._param(TIMEOUT_PARAM, DEFAULT_TIMEOUT))
        except ValueError:
            return DEFAULT_TIMEOUT

    def _send_sms_batch(self, messages, delivery_reports_url=False):
        results = []
        for message in messages:
            body = message.get("content") or ""
            for number_info in message.get("numbers") or []:
                uuid = number_info["uuid"]
                number = iranian_mobile(number_info["number"])
                provider_id = False
                if not number:
                    state, reason = "wrong_number_format", False
                else:
                    state, reason, provider_id = self._send_one(number, body, uuid)
                results.append(
                    {
                        "uuid": uuid,
                        "state": state,
                        "failure_reason": reason,
                        "provider_id": provider_id,
                    }
                )
        return results

    def _send_one(self, number, body, uuid):
        """Send one SMS; (state, failure reason, the provider's id of the message) in
        sms.sms's terms: the id is what the provider's delivery reports quote."""
        try:
            response = self._request(number, body, uuid)
        except requests.exceptions.Timeout as e:
            return self._request_failed(e, uuid, "timeout") + (False,)
        except requests.exceptions.RequestException as e:
            return self._request_failed(e, uuid, "connection") + (False,)
        state, reason = self._parse(response)
        provider_id = self._provider_id(response) if state == "success" else False
        return state, reason, provider_id

    def _provider_id(self, response):
        """The provider's id of the message sent, from its answer (False if none)."""
        return False

    # the provider's posts to the hotline (controllers/sms.py) ------------------------

    # inbound: the names the provider gives the message's id, sender and text
    INBOUND_KEYS: ClassVar[dict] = {
        "message_id": ("messageid", "id", "message_id"),
        "number": ("from", "mobile", "sender"),
        "text": ("message", "messagetext", "text", "body"),
    }
    # delivery reports: the message's id (ours: the SMS uuid, or the provider's) and
    # the provider's status, mapped by STATUS_MAP to (sms state, provider error)
    STATUS_ID_KEYS = ("localid", "uuid", "ref")
    STATUS_PROVIDER_ID_KEYS = ("messageid", "message_id", "id")
    STATUS_KEYS = ("status", "deliverystate", "state")
    STATUS_MAP: ClassVar[dict] = {
        "delivered": ("sent", False),
        "sent": ("pending", False),
        "failed": ("error", "not_delivered"),
        "undelivered": ("error", "not_delivered"),
        "expired": ("error", "expired"),
        "rejected": ("error", "rejected"),
        "blocked": ("error", "not_allowed"),
        "canceled": ("canceled", False),
    }

    @staticmethod
    def _pick(params, keys):
        """The first of `keys` in `params` (names compared without case)."""
        lowered = {str(k).lower(): v for k, v in params.items()}
        for key in keys:
            value = lowered.get(key)
            if value not in (None, ""):
                return str(value).strip()
        return ""

    def _parse_inbound(self, params):
        """{message_id, number, text} of a message a citizen sent, from the provider's
        post; ValueError when it is not one."""
        values = {
            name: self._pick(params, keys) for name, keys in self.INBOUND_KEYS.items()
        }
        if not values["number"] or not values["text"]:
            raise ValueError(
                self.env._("An inbound message needs a sender number and a text.")
            )
        return values

    def _parse_status(self, params):
        """(our uuid or "", the provider's id or "", sms state, provider error) of a
        delivery report; ValueError when it is not one."""
        uuid = self._pick(params, self.STATUS_ID_KEYS)
        provider_id = self._pick(params, self.STATUS_PROVIDER_ID_KEYS)
        status = self._pick(params, self.STATUS_KEYS).lower()
        if not (uuid or provider_id) or status not in self.STATUS_MAP:
            raise ValueError(
                self.env._(
                    "Not a delivery report: a message id and a known status are "
                    "needed (status %(status)r).",
                    status=status[:40],
                )
            )
        return (uuid, provider_id, *self.STATUS_MAP[status])

    def _request_failed(self, error, uuid, kind):
        # the exception's text quotes the URL, which may hold the key: its kind only
        _logger.warning(
            "SMS gateway %s: %s for SMS %s (%s)",
            self.name,
            kind,
            uuid,
            type(error).__name__,
        )
        reason = {
            "timeout": self.env._("The SMS gateway did not answer in time."),
            "connection": self.env._("The SMS gateway could not be reached."),
        }[kind]
        return "server_error", reason

    def _request(self, number, body, uuid):
        raise NotImplementedError()

    def _parse(self, response):
        raise NotImplementedError()

    @staticmethod
    def _json(response):
        try:
            data = response.json()
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    def _http_error_state(self, status):
        """A provider's HTTP error: its SMS state (server errors are retried)."""
        if status in (401, 403):
            return "unregistered"
        if status >= 500 or status in (408, 429):
            return "server_error"
        return "unknown"


class SmsApiLog(HotlineSmsApi):
    """Nothing leaves the server: the SMS is logged as sent (demo, tests)."""

    name = "log"

    def _send_one(self, number, body, uuid):
        _logger.info(
            "SMS gateway log: SMS %s of %s characters to %s (not sent: log-only gateway)",
            uuid,
            len(body),
            number[:4] + "***" + number[-2:],
        )
        return "success", False, False


class SmsApiKavenegar(HotlineSmsApi):
    """Kavenegar's REST API (https://kavenegar.com/rest.html), sms/send.json."""

    name = "kavenegar"

    def _request(self, number, body, uuid):
        company = self._company()
        endpoint = self._param(KAVENEGAR_ENDPOINT_PARAM, KAVENEGAR_ENDPOINT)
        data = {"receptor": number, "message": body, "localid": uuid}
        if company.hotline_sms_sender:
            data["sender"] = company.hotline_sms_sender
        return requests.post(
            f"{endpoint.rstrip('/')}/v1/{company.hotline_sms_api_key or ''}"
            "/sms/send.json",
            data=data,
            timeout=self._timeout(),
        )

    def _parse(self, response):
        answer = self._json(response).get("return") or {}
        status = answer.get("status", response.status_code)
        if status == 200 and response.ok:
            return "success", False
        reason = self.env._(
            "Kavenegar refused the SMS (%(status)s): %(message)s",
            status=status,
            message=answer.get("message") or response.reason,
        )
        if status in KAVENEGAR_STATES:
            return KAVENEGAR_STATES[status], reason
        return self._http_error_state(response.status_code), reason

    def _provider_id(self, response):
        entries = self._json(response).get("entries") or [{}]
        entry = entries[0] if isinstance(entries, list) and entries else {}
        return str(entry.get("messageid") or "") if isinstance(entry, dict) else False

    # Kavenegar's posts: a received message (messageid, from, to, message) and a
    # delivery report (messageid, status: 10 delivered, 11 undelivered, ...)
    STATUS_MAP: ClassVar[dict] = {
        "1": ("pending", False),  # in the queue
        "2": ("pending", False),  # scheduled
        "4": ("pending", False),  # sent to the operator
        "5": ("pending", False),
        "6": ("error", "not_delivered"),  # failed
        "10": ("sent", False),  # delivered
        "11": ("error", "not_delivered"),  # not delivered
        "13": ("canceled", False),
        "14": ("error", "not_allowed"),  # the citizen blocked advertising lines
        "100": ("error", "rejected"),  # unknown message
    }


class SmsApiSmsIr(HotlineSmsApi):
    """sms.ir's REST API v1 (https://app.sms.ir/developer), send/bulk."""

    name = "smsir"

    def _request(self, number, body, uuid):
        company = self._company()
        endpoint = self._param(SMSIR_ENDPOINT_PARAM, SMSIR_ENDPOINT)
        sender = company.hotline_sms_sender or ""
        return requests.post(
            f"{endpoint.rstrip('/')}/v1/send/bulk",
            json={
                "lineNumber": int(sender) if sender.isdigit() else sender,
                "messageText": body,
                "mobiles": [number],
            },
            headers={
                "X-API-KEY": company.hotline_sms_api_key or "",
                "Accept": "application/json",
            },
            timeout=self._timeout(),
        )

    def _parse(self, response):
        data = self._json(response)
        status = data.get("status")
        if status == 1 and response.ok:
            return "success", False
        reason = self.env._(
            "sms.ir refused the SMS (%(status)s): %(message)s",
            status=status if status is not None else response.status_code,
            message=data.get("message") or response.reason,
        )
        if status in SMSIR_STATES:
            return SMSIR_STATES[status], reason
        return self._http_error_state(response.status_code), reason

    def _provider_id(self, response):
        data = self._json(response).get("data") or {}
        ids = data.get("messageIds") if isinstance(data, dict) else None
        return str(ids[0]) if isinstance(ids, list) and ids else False

    # sms.ir's webhooks (JSON): a received message {MessageId, Mobile, MessageText,
    # Number} and a delivery report {MessageId, DeliveryState: 1 delivered, 2 not
    # delivered to the phone, 3 at the operator, 4 not delivered to the operator,
    # 5 delivered to the operator, 6 failed, 7 the citizen's number on the blacklist}
    STATUS_MAP: ClassVar[dict] = {
        "1": ("sent", False),
        "2": ("error", "not_delivered"),
        "3": ("pending", False),
        "4": ("error", "not_delivered"),
        "5": ("pending", False),
        "6": ("error", "not_delivered"),
        "7": ("error", "not_allowed"),
    }


class SmsApiHttp(HotlineSmsApi):
    """The city's own SMS centre: URL, method and parameter names from the settings.

    The parameters go in the query string (GET), a form (POST) or a JSON body (JSON).
    Success: a 2xx answer whose body matches the success pattern (any 2xx without one).
    """

    name = "http"

    def _request(self, number, body, uuid):
        company = self._company()
        params = {
            company.hotline_sms_http_number_param or "to": number,
            company.hotline_sms_http_text_param or "text": body,
        }
        optional = (
            (company.hotline_sms_http_sender_param, company.hotline_sms_sender),
            (company.hotline_sms_http_key_param, company.hotline_sms_api_key),
            (company.hotline_sms_http_id_param, uuid),
        )
        params.update({name: value for name, value in optional if name and value})
        method = company.hotline_sms_http_method or "post"
        kwargs = {"get": "params", "post": "data", "json": "json"}[method]
        return requests.request(
            "GET" if method == "get" else "POST",
            company.hotline_sms_http_url,
            timeout=self._timeout(),
            **{kwargs: params},
        )

    def _send_one(self, number, body, uuid):
        if not self._company().hotline_sms_http_url:
            return "unregistered", self.env._("The SMS centre's URL is not set."), False
        return super()._send_one(number, body, uuid)

    def _parse(self, response):
        pattern = self._company().hotline_sms_http_success_pattern
        text = response.text or ""
        if response.ok and (not pattern or re.search(pattern, text)):
            return "success", False
        reason = self.env._(
            "The SMS centre refused the SMS (%(status)s): %(answer)s",
            status=response.status_code,
            answer=text[:200],
        )
        if response.ok:
            # a 2xx that does not say success: an error the centre reports in its body
            return "unknown", reason
        return self._http_error_state(response.status_code), reason


GATEWAYS = {
    "log": SmsApiLog,
    "kavenegar": SmsApiKavenegar,
    "smsir": SmsApiSmsIr,
    "http": SmsApiHttp,
}
