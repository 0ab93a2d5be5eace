"""A deterministic generator of six months of demo calls (seeded random), consistent
with the demo requests: every request taken on the phone has the call that opened it
(ringing a few minutes before the request was created, from the number on it), some
callers call again about their request, and around them the calls a city's line
answers on the spot, the abandoned ones and the callbacks. Today has a live queue
(calls waiting, operators on a call) for the wallboard.

The calls go through the CDR import (``hotline.call.import.wizard._import_calls``), so
requests, callers, outcomes and the callback list are matched by the same SQL as a
real PBX's records. Called from demo/hotline_call_demo.xml.
"""

import random
from datetime import timedelta

from odoo import fields
from odoo.tools import SQL

from .asterisk_cdr import PbxCall

SEED = 137
DAYS = 182
# calls per hour of the day (city time), the 137 line's shape: a morning peak
HOURLY = {
    7: 3, 8: 8, 9: 12, 10: 12, 11: 11, 12: 9, 13: 7, 14: 7, 15: 6, 16: 5,
    17: 4, 18: 3, 19: 2, 20: 2,
}  # fmt: skip
# weekday (Monday 0) factor: Thursday half a day, Friday the weekend
WEEKDAY_FACTOR = {0: 1.0, 1: 1.0, 2: 1.0, 3: 0.55, 4: 0.2, 5: 1.1, 6: 1.05}
EXTENSIONS = ("101", "102", "103", "104")
TEHRAN_OFFSET = timedelta(hours=3, minutes=30)


def _phone(rng):
    return "09" + "".join(rng.choice("0123456789") for _ in range(9))


def _answered(rng, ring, call_id, phone, wait=None, talk=None):
    wait = wait if wait is not None else int(rng.triangular(3, 150, 15))
    talk = talk if talk is not None else int(rng.triangular(40, 600, 150))
    answer = ring + timedelta(seconds=wait)
    return PbxCall(
        pbx_call_id=call_id,
        ring_time=ring,
        caller_phone=phone,
        queue="137",
        extension=rng.choice(EXTENSIONS),
        answer_time=answer,
        end_time=answer + timedelta(seconds=talk),
        talk_seconds=talk,
        transferred=rng.random() < 0.04,
    )


def _abandoned(rng, ring, call_id, phone):
    return PbxCall(
        pbx_call_id=call_id,
        ring_time=ring,
        caller_phone=phone,
        queue="137",
        end_time=ring + timedelta(seconds=int(rng.triangular(5, 240, 40))),
    )


def demo_calls(env, seed=SEED, now=None):
    """The PbxCalls of the demo (not saved)."""
    rng = random.Random(seed)
    now = now or fields.Datetime.now()
    phone_channel = env.ref("helpdesk_mgmt.helpdesk_ticket_channel_phone")
    tickets = env["helpdesk.ticket"].search(
        [
            ("channel_id", "=", phone_channel.id),
            ("caller_phone_key", "!=", False),
            ("create_date", ">=", now - timedelta(days=DAYS)),
        ],
        order="create_date",
    )
    known = [p for p in tickets.partner_id.mapped("phone") if p]
    calls = []
    # the call that opened each phone request, and the caller's follow-ups
    for ticket in tickets:
        ring = ticket.create_date - timedelta(seconds=rng.randint(150, 420))
        calls.append(_answered(rng, ring, f"demo-t{ticket.id}", ticket.caller_phone))
        calls[-1].transferred = False
        if rng.random() < 0.22:
            later = ring + timedelta(hours=rng.uniform(6, 24 * 6))
            if later < now - timedelta(hours=1):
                calls.append(
                    _answered(rng, later, f"demo-f{ticket.id}", ticket.caller_phone)
                )
    # the rest of the line: answered on the spot, abandoned, a few from known callers
    first_day = (now + TEHRAN_OFFSET).date() - timedelta(days=DAYS)
    serial = 0
    for offset in range(DAYS + 1):
        day = first_day + timedelta(days=offset)
        factor = WEEKDAY_FACTOR[day.weekday()]
        for hour, volume in HOURLY.items():
            for _n in range(int(volume * factor * rng.uniform(0.6, 1.3))):
                local = fields.Datetime.to_datetime(day) + timedelta(
                    hours=hour, seconds=rng.randint(0, 3599)
                )
                ring = local - TEHRAN_OFFSET
                if ring > now - timedelta(minutes=10):
                    continue
                serial += 1
                phone = (
                    rng.choice(known) if known and rng.random() < 0.2 else _phone(rng)
                )
                # busier hours lose more callers
                lost = 0.03 + 0.006 * volume
                if rng.random() < lost:
                    calls.append(_abandoned(rng, ring, f"demo-{serial}", phone))
                else:
                    calls.append(_answered(rng, ring, f"demo-{serial}", phone))
    # now: two callers waiting in the queue, two operators on a call
    for i, seconds in enumerate((35, 80)):
        calls.append(
            PbxCall(
                pbx_call_id=f"demo-live-w{i}",
                ring_time=now - timedelta(seconds=seconds),
                caller_phone=_phone(rng),
                queue="137",
            )
        )
    for i, seconds in enumerate((95, 240)):
        ring = now - timedelta(seconds=seconds)
        calls.append(
            PbxCall(
                pbx_call_id=f"demo-live-c{i}",
                ring_time=ring,
                caller_phone=_phone(rng),
                queue="137",
                extension=EXTENSIONS[i],
                answer_time=ring + timedelta(seconds=12),
            )
        )
    return calls


def generate_demo_calls(env, seed=SEED):
    """Import the demo calls; the demo operators get the demo extensions."""
    calls = demo_calls(env, seed)
    Import = env["hotline.call.import.wizard"].sudo()
    ids = Import._import_calls(calls)
    operators = (
        env.ref("municipal_hotline.group_hotline_operator")
        .sudo()
        .all_user_ids.filtered(lambda u: not u.share and u.active)
        .sorted("id")
    )
    if operators and ids:
        # the operator of each extension (the screen pop's extensions, when the phone
        # line's users have them; the demo's own otherwise)
        mapping = {
            ext: operators[i % len(operators)].id for i, ext in enumerate(EXTENSIONS)
        }
        env.cr.execute(
            SQL(
                """UPDATE hotline_call c SET user_id = m.user_id
                     FROM (SELECT unnest(%s::varchar[]) AS ext,
                                  unnest(%s::int[]) AS user_id) m
                    WHERE c.id = ANY(%s) AND c.user_id IS NULL
                      AND c.extension = m.ext""",
                list(mapping),
                list(mapping.values()),
                ids,
            )
        )
        env["hotline.call"].invalidate_model(["user_id"])
    return ids
