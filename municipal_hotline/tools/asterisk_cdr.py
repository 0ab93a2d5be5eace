"""Asterisk's call records read as calls of the 137 line (no Odoo here: plain Python).

Three sources, one result, a list of :class:`PbxCall`:

- ``Master.csv`` of cdr_csv (one row per channel leg: accountcode, src, dst, dcontext,
  clid, channel, dstchannel, lastapp, lastdata, start, answer, end, duration, billsec,
  disposition, amaflags, uniqueid, userfield, then linkedid and sequence when the PBX
  writes them). A first row of column names is read as the header.
- ``queue_log`` (``time|callid|queuename|agent|event|data1|data2|data3``): the queue's
  view of a call (ENTERQUEUE, CONNECT, COMPLETEAGENT/COMPLETECALLER, ABANDON,
  EXITWITHTIMEOUT, TRANSFER...).
- the ``cdr`` table Asterisk writes to PostgreSQL (cdr_pgsql / cdr_adaptive_odbc: calldate,
  clid, src, dst, ..., duration, billsec, disposition, uniqueid, linkedid).

The legs of one call (a queue leg, a transfer to another operator) share the caller's
``linkedid`` (``uniqueid`` on older PBXs): they become one call whose id, the
``pbx_call_id``, is that linkedid, so importing a file again or importing the same day
from the queue_log and the CDR gives the same ids. Times are the PBX's wall clock
(``pbx_tz``) in the CSV files, converted to naive UTC.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytz

from odoo.tools.translate import LazyTranslate

from .phone import normalize_phone

_lt = LazyTranslate(__name__)

CDR_COLUMNS = (
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
    "linkedid",
    "sequence",
)
# the columns without which a row is not a call record
CDR_REQUIRED = 17
QUEUE_LOG_EVENTS = {
    "ENTERQUEUE",
    "CONNECT",
    "COMPLETEAGENT",
    "COMPLETECALLER",
    "ABANDON",
    "EXITWITHTIMEOUT",
    "EXITWITHKEY",
    "EXITEMPTY",
    "TRANSFER",
    "BLINDTRANSFER",
    "ATTENDEDTRANSFER",
    "RINGNOANSWER",
    "AGENTCALLED",
}
# PJSIP/101-0000002a, SIP/101-0a1b, IAX2/101-3, Local/101@from-queue-0001;1,
# and the agent of queue_log: SIP/101, PJSIP/101, Agent/101, Local/101@from-queue/n
_EXTENSION = re.compile(r"^(?:PJSIP|SIP|IAX2|Local|Agent|DAHDI)/(\d{2,6})(?:[-@;/]|$)")
_MAX_LEN = 64


class PbxFileError(ValueError):
    """A file that is not a call record of a known kind: ``message`` is a lazy
    translatable text with ``%(name)s`` placeholders, ``params`` their values (the
    caller translates it in the user's language: ``env._(error.message, **params)``)."""

    def __init__(self, message, **params):
        super().__init__(str(message) % params if params else str(message))
        self.message = message
        self.params = params


@dataclass
class PbxCall:
    pbx_call_id: str
    ring_time: datetime
    caller_phone: str = ""
    direction: str = "inbound"
    extension: str = ""
    queue: str = ""
    answer_time: datetime | None = None
    end_time: datetime | None = None
    talk_seconds: int = 0
    transferred: bool = False

    @property
    def caller_phone_key(self):
        return normalize_phone(self.caller_phone) or None

    @property
    def wait_seconds(self):
        """Ringing to answer, or to hang-up for a call never answered."""
        until = self.answer_time or self.end_time
        return max(int((until - self.ring_time).total_seconds()), 0) if until else 0

    @property
    def outcome(self):
        """What the PBX alone can tell: transferred, abandoned, or None (answered: the
        import decides between a request and information)."""
        if not self.answer_time:
            return "abandoned"
        return "transferred" if self.transferred else None


def extension_of(channel):
    """The operator's extension in a channel or agent name, "" for a trunk."""
    match = _EXTENSION.match((channel or "").strip())
    return match.group(1) if match else ""


def _text(value):
    return (value or "").strip()[:_MAX_LEN]


def _to_int(value, line):
    try:
        return int(float(value or 0))
    except ValueError:
        raise PbxFileError(
            _lt("Line %(line)s: %(value)s is not a number of seconds."),
            line=line,
            value=value,
        ) from None


# ----------------------------------------------------------------------------
# CDR legs (Master.csv and the cdr table)
# ----------------------------------------------------------------------------


@dataclass
class _Leg:
    key: str
    src: str
    dst: str
    channel: str
    dstchannel: str
    lastapp: str
    lastdata: str
    start: datetime
    answer: datetime | None
    end: datetime | None
    billsec: int
    disposition: str


def _parse_local(value, tz, line):
    """A PBX wall-clock time ("2026-11-01 08:00:03") as naive UTC; None when empty."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise PbxFileError(
            _lt("Line %(line)s: %(value)s is not a date and time."),
            line=line,
            value=value,
        ) from None
    if moment.tzinfo is None:
        moment = tz.localize(moment)
    return moment.astimezone(UTC).replace(tzinfo=None)


def _csv_rows(text):
    reader = csv.reader(io.StringIO(text))
    header = None
    for number, row in enumerate(reader, start=1):
        if not row or not any(cell.strip() for cell in row):
            continue
        if (
            header is None
            and number == 1
            and {"src", "uniqueid"} <= {c.strip().lower() for c in row}
        ):
            header = [c.strip().lower() for c in row]
            continue
        if header:
            yield number, dict(zip(header, row, strict=False))
        else:
            if len(row) < CDR_REQUIRED:
                raise PbxFileError(
                    _lt(
                        "Line %(line)s has %(count)s columns: a call record (Master.csv) "
                        "has at least %(required)s."
                    ),
                    line=number,
                    count=len(row),
                    required=CDR_REQUIRED,
                )
            yield number, dict(zip(CDR_COLUMNS, row, strict=False))


def parse_cdr_csv(text, pbx_tz="Asia/Tehran"):
    """The calls of a Master.csv file."""
    tz = pytz.timezone(pbx_tz)
    legs = []
    for line, row in _csv_rows(text):
        uniqueid = _text(row.get("uniqueid"))
        start = _parse_local(row.get("start"), tz, line)
        if not uniqueid or not start:
            raise PbxFileError(
                _lt("Line %(line)s has no call id or no start time."), line=line
            )
        legs.append(
            _Leg(
                key=_text(row.get("linkedid")) or uniqueid,
                src=_text(row.get("src")),
                dst=_text(row.get("dst")),
                channel=_text(row.get("channel")),
                dstchannel=_text(row.get("dstchannel")),
                lastapp=_text(row.get("lastapp")),
                lastdata=_text(row.get("lastdata")),
                start=start,
                answer=_parse_local(row.get("answer"), tz, line),
                end=_parse_local(row.get("end"), tz, line),
                billsec=_to_int(row.get("billsec"), line),
                disposition=_text(row.get("disposition")).upper(),
            )
        )
    return _calls_from_legs(legs)


def legs_from_cdr_table_rows(rows, pbx_tz="Asia/Tehran"):
    """Legs of rows of the ``cdr`` table (dicts by column name). ``calldate`` is when
    the leg began; answer and end follow from duration and billsec."""
    tz = pytz.timezone(pbx_tz)
    legs = []
    for line, row in enumerate(rows, start=1):
        start = row["calldate"]
        if isinstance(start, str):
            start = _parse_local(start, tz, line)
        elif start.tzinfo is not None:
            start = start.astimezone(UTC).replace(tzinfo=None)
        else:
            start = tz.localize(start).astimezone(UTC).replace(tzinfo=None)
        duration = _to_int(row.get("duration"), line)
        billsec = _to_int(row.get("billsec"), line)
        disposition = _text(row.get("disposition")).upper()
        legs.append(
            _Leg(
                key=_text(row.get("linkedid")) or _text(row.get("uniqueid")),
                src=_text(row.get("src")),
                dst=_text(row.get("dst")),
                channel=_text(row.get("channel")),
                dstchannel=_text(row.get("dstchannel")),
                lastapp=_text(row.get("lastapp")),
                lastdata=_text(row.get("lastdata")),
                start=start,
                answer=start + timedelta(seconds=duration - billsec)
                if disposition == "ANSWERED"
                else None,
                end=start + timedelta(seconds=duration),
                billsec=billsec,
                disposition=disposition,
            )
        )
    return legs


def read_cdr_table(dsn, date_from, date_to, pbx_tz="Asia/Tehran", table="cdr"):
    """The calls of Asterisk's PostgreSQL ``cdr`` table between two datetimes (the
    PBX's wall clock), read with its own connection (``dsn``, a libpq string)."""
    # only this reader talks to the PBX's database
    import psycopg2
    from psycopg2 import sql

    with psycopg2.connect(dsn) as conn, conn.cursor() as cur:
        cur.execute(
            sql.SQL(
                "SELECT * FROM {} WHERE calldate >= %s AND calldate < %s "
                "ORDER BY calldate"
            ).format(sql.Identifier(table)),
            (date_from, date_to),
        )
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, row, strict=True)) for row in cur]
    return _calls_from_legs(legs_from_cdr_table_rows(rows, pbx_tz))


def _calls_from_legs(legs):
    by_key = {}
    for leg in legs:
        by_key.setdefault(leg.key, []).append(leg)
    return [_call_of(key, group) for key, group in by_key.items()]


def _call_of(key, legs):
    legs.sort(key=lambda leg: leg.start)
    first = legs[0]
    caller_ext = extension_of(first.channel)
    queue_leg = next((leg for leg in legs if leg.lastapp.lower() == "queue"), None)
    # an operator dialling out (a callback): the first leg starts on a phone of the
    # centre, the citizen's number is the one dialled, the operator the caller
    outbound = bool(caller_ext) and not queue_leg
    answered = sorted(
        (
            leg
            for leg in legs
            if leg.disposition == "ANSWERED"
            and leg.answer
            and (outbound or extension_of(leg.dstchannel))
        ),
        key=lambda leg: leg.answer,
    )
    ends = [leg.end for leg in legs if leg.end]
    call = PbxCall(
        pbx_call_id=key,
        ring_time=first.start,
        caller_phone=first.dst if outbound else first.src,
        direction="outbound" if outbound else "inbound",
        queue=queue_leg.lastdata.split(",")[0] if queue_leg else "",
        end_time=max(ends) if ends else None,
    )
    if outbound:
        call.extension = caller_ext
    if answered:
        call.answer_time = answered[0].answer
        call.talk_seconds = sum(leg.billsec for leg in answered)
        if not outbound:
            call.extension = extension_of(answered[0].dstchannel)
            extensions = {extension_of(leg.dstchannel) for leg in answered}
            call.transferred = len(extensions) > 1 or any(
                leg.lastapp.lower() == "transfer" for leg in legs
            )
    return call


# ----------------------------------------------------------------------------
# queue_log
# ----------------------------------------------------------------------------


def _epoch(value, line):
    try:
        return datetime.fromtimestamp(int(float(value)), UTC).replace(tzinfo=None)
    except (TypeError, ValueError, OverflowError):
        raise PbxFileError(
            _lt(
                "Line %(line)s: %(value)s is not a queue_log time (seconds since 1970)."
            ),
            line=line,
            value=value,
        ) from None


def parse_queue_log(text):
    """The calls of a queue_log file (one per callid that entered a queue)."""
    calls = {}
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        parts = raw.split("|")
        if len(parts) < 5:
            raise PbxFileError(
                _lt(
                    "Line %(line)s is not a queue_log line "
                    "(time|callid|queue|agent|event|data...)."
                ),
                line=line,
            )
        moment = _epoch(parts[0], line)
        callid, queue, agent, event = (p.strip() for p in parts[1:5])
        data = [p.strip() for p in parts[5:]] + ["", "", "", ""]
        if event not in QUEUE_LOG_EVENTS or callid in ("", "NONE"):
            continue  # QUEUESTART, agent logins, pauses: not a call
        call = calls.get(callid)
        if call is None:
            call = calls[callid] = PbxCall(
                pbx_call_id=callid[:_MAX_LEN], ring_time=moment, queue=queue[:_MAX_LEN]
            )
        if event == "ENTERQUEUE":
            call.ring_time = min(call.ring_time, moment)
            call.caller_phone = data[1][:_MAX_LEN]
        elif event == "CONNECT":
            call.answer_time = moment
            call.extension = extension_of(agent)
        elif event in ("COMPLETEAGENT", "COMPLETECALLER"):
            call.end_time = moment
            call.talk_seconds = _to_int(data[1], line)
            call.extension = call.extension or extension_of(agent)
        elif event in ("TRANSFER", "BLINDTRANSFER", "ATTENDEDTRANSFER"):
            call.end_time = moment
            call.transferred = True
            call.extension = call.extension or extension_of(agent)
            call.talk_seconds = _to_int(data[3] if event == "TRANSFER" else "", line)
        elif event in ("ABANDON", "EXITWITHTIMEOUT", "EXITWITHKEY", "EXITEMPTY"):
            call.end_time = moment
    # a CONNECT without the queue's ring (log rotated): ring at answer minus hold
    return list(calls.values())


def sniff_kind(text):
    """ "queue_log" or "cdr" from the file's first line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "|" in first and first.split("|")[0].strip().isdigit():
        return "queue_log"
    if "," in first or '"' in first:
        return "cdr"
    raise PbxFileError(
        _lt("The file is neither an Asterisk call record (Master.csv) nor a queue_log.")
    )


def parse_pbx_file(text, pbx_tz="Asia/Tehran"):
    """The calls of a Master.csv or queue_log text, whichever it is."""
    if sniff_kind(text) == "queue_log":
        return parse_queue_log(text)
    return parse_cdr_csv(text, pbx_tz)
