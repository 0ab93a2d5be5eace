from bisect import bisect_right
from datetime import timedelta

import pytz

from odoo import models


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def _hotline_plan_hours_batch(self, plans):
        """Deadlines on this working calendar, official holidays (global leaves)
        included: what ``plan_hours(hours, start, compute_leaves=True)`` gives for each
        plan, from one read of the leaves for all of them.

        :param plans: a list of (start, hours), ``start`` a naive UTC datetime
        :return: the list of deadlines, naive UTC (None for a plan without hours)
        """
        self.ensure_one()
        todo = [(start, hours) for start, hours in plans if hours]
        if not todo:
            return [None] * len(plans)
        first = pytz.utc.localize(min(start for start, _hours in todo))
        last = pytz.utc.localize(max(start for start, _hours in todo))
        # at least 5.5 working days a week: hours / 24 weeks cover the hours, a month
        # more covers the Nowruz holidays
        horizon = timedelta(weeks=max(hours for _start, hours in todo) / 24 + 5)
        intervals = [
            (start, stop)
            for start, stop, _meta in self._work_intervals_batch(first, last + horizon)[
                False
            ]
        ]
        stops = [stop for _start, stop in intervals]
        deadlines = []
        for start, hours in plans:
            if not hours:
                deadlines.append(None)
                continue
            moment = pytz.utc.localize(start)
            deadline = None
            left = float(hours)
            for begin, stop in intervals[bisect_right(stops, moment) :]:
                begin = max(begin, moment)
                available = (stop - begin).total_seconds() / 3600
                if left <= available:
                    deadline = begin + timedelta(hours=left)
                    break
                left -= available
            if deadline is None:  # beyond the horizon: the calendar's own way
                deadline = self.plan_hours(hours, moment, compute_leaves=True)
            if deadline:
                # to the minute: the calendar ends days at 23:59:59.999999 and the
                # holidays at 23:59:59
                deadline = deadline.astimezone(pytz.utc).replace(tzinfo=None)
                deadline = (deadline + timedelta(seconds=30)).replace(
                    second=0, microsecond=0
                )
            deadlines.append(deadline)
        return deadlines
