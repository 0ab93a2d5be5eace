"""Quiet hours: no message that can wait reaches a citizen at night, in the city's
time zone (``city_tz``: the company's, else Tehran's)."""

from datetime import datetime, time, timedelta

import pytz

QUIET_START = time(22, 0)
QUIET_END = time(7, 0)


def next_allowed_time(when, tz):
    """`when` (naive UTC) itself outside the quiet hours (22:00-07:00 in `tz`), else
    the 07:00 that ends them, as naive UTC."""
    zone = pytz.timezone(tz)
    local = pytz.utc.localize(when).astimezone(zone)
    if QUIET_END <= local.time() < QUIET_START:
        return when
    day = local.date() if local.time() < QUIET_END else local.date() + timedelta(days=1)
    morning = zone.localize(datetime.combine(day, QUIET_END))
    return morning.astimezone(pytz.utc).replace(tzinfo=None)
