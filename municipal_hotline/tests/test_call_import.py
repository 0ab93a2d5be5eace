import base64
import calendar
from datetime import datetime

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import SQL

from ..tools.asterisk_cdr import extension_of, parse_queue_log
from .common import CallCase, tehran


def day(hour, minute=0, second=0):
    """2020-01-15 on the PBX's (Tehran) wall clock."""
    return datetime(2020, 1, 15, hour, minute, second)


def epoch(hour, minute=0, second=0):
    """The queue_log's time (seconds since 1970) of day(...)."""
    return calendar.timegm(tehran(2020, 1, 15, hour, minute, second).timetuple())


@tagged("calls")
class TestCallImport(CallCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.citizen_a.partner_id.phone = "09121110001"
        cls.citizen_b.partner_id.phone = "+98 912 222 0002"
        cls.Call = cls.env["hotline.call"]
        # the request the first call opened, two minutes after it rang
        cls.ticket_c1 = cls._create_ticket(cls.citizen_a, "Call 1", "09121110001")
        # an earlier request from a number no contact has
        cls.ticket_c5 = cls._create_ticket(None, "Earlier request", "09350000005")
        for ticket, moment in (
            (cls.ticket_c1, tehran(2020, 1, 15, 9, 2)),
            (cls.ticket_c5, tehran(2020, 1, 10, 9, 0)),
        ):
            cls.env.cr.execute(
                SQL(
                    "UPDATE helpdesk_ticket SET create_date = %s WHERE id = %s",
                    moment,
                    ticket.id,
                )
            )
        cls.env["helpdesk.ticket"].invalidate_model(["create_date"])
        row = cls._cdr_row
        cls.master = "\n".join(
            [
                # answered by 101, opened a request
                row("c1", "09121110001", day(9), day(9, 0, 20), 200, 180,
                    dstchannel="SIP/101-0000000a"),
                # answered by 101, transferred to 102
                row("c2", "09350000002", day(10), day(10, 0, 10), 100, 90,
                    dstchannel="PJSIP/101-0000000b"),
                row("c2.5", "09350000002", day(10, 1, 40), day(10, 1, 45), 60, 55,
                    channel="PJSIP/101-0000000b", dstchannel="PJSIP/102-0000000c",
                    lastapp="Dial", lastdata="PJSIP/102", linkedid="c2"),
                # abandoned in the queue: citizen B (a known contact), an unknown
                row("c3", "09122220002", day(11), None, 45),
                row("c4", "09350000004", day(11, 5), None, 30),
                row("c4", "09350000004", day(11, 5), None, 30),  # the same row twice
                # abandoned by the number of an earlier request, which got through later
                row("c5", "09350000005", day(12), None, 80),
                row("c6", "09350000005", day(12, 30), day(12, 30, 5), 65, 60,
                    dstchannel="SIP/102-0000000d"),
            ]
        )  # fmt: skip

    def _calls(self):
        return {
            c.pbx_call_id: c
            for c in self.Call.search([("ring_time", "<", "2020-02-01")])
        }

    def test_calls_read_from_the_cdr(self):
        wizard = self._import_calls(self.master)
        self.assertEqual((wizard.call_count, wizard.imported_count), (6, 6))
        calls = self._calls()
        self.assertEqual(sorted(calls), ["c1", "c2", "c3", "c4", "c5", "c6"])
        c1, c2 = calls["c1"], calls["c2"]
        self.assertEqual(c1.ring_time, tehran(2020, 1, 15, 9))
        self.assertEqual(c1.answer_time, tehran(2020, 1, 15, 9, 0, 20))
        self.assertEqual((c1.wait_seconds, c1.talk_seconds), (20, 180))
        self.assertEqual(c1.extension, "101")
        self.assertEqual(c1.queue, "hotline")
        self.assertEqual(c1.caller_phone_key, "9121110001")
        self.assertEqual(c1.partner_id, self.citizen_a.partner_id)
        self.assertEqual((c1.outcome, c1.ticket_id), ("ticket", self.ticket_c1))
        self.assertEqual(c1.jalali_month, "1398-10")
        # the transfer: one call, the first operator's, both talks
        self.assertEqual(c2.outcome, "transferred")
        self.assertEqual(
            (c2.extension, c2.wait_seconds, c2.talk_seconds), ("101", 10, 145)
        )
        self.assertEqual(calls["c4"].outcome, "abandoned")
        self.assertEqual(calls["c4"].wait_seconds, 30)
        # a later call from a request's number is about that request
        self.assertEqual(calls["c6"].outcome, "information")
        self.assertEqual(calls["c6"].ticket_id, self.ticket_c5)

    def test_operator_found_by_extension(self):
        Users = self.env["res.users"]
        if "hotline_extension" not in Users._fields:
            self.skipTest(
                "the operators' extensions come with the phone line's screen pop"
            )
        self.operator.hotline_extension = "101"
        self._import_calls(self.master)
        self.assertEqual(self._calls()["c1"].user_id, self.operator)

    def test_import_twice_duplicates_nothing(self):
        self._import_calls(self.master)
        before = self.Call.search_count([])
        again = self._import_calls(self.master)
        self.assertEqual((again.call_count, again.imported_count), (6, 0))
        self.assertEqual(self.Call.search_count([]), before)
        # the queue_log of the same day: the calls it shares with the CDR are not added
        queue_log = "\n".join(
            [
                f"{epoch(9)}|c1|hotline|NONE|ENTERQUEUE||09121110001|1",
                f"{epoch(9, 0, 20)}|c1|hotline|SIP/101|CONNECT|20|c1.1|3",
                f"{epoch(14)}|q9|hotline|NONE|ENTERQUEUE||09350000009|1",
                f"{epoch(14, 1)}|q9|hotline|NONE|ABANDON|1|1|60",
            ]
        )
        wizard = self._import_calls(queue_log, "queue_log")
        self.assertEqual((wizard.call_count, wizard.imported_count), (2, 1))
        self.assertEqual(self.Call.search_count([]), before + 1)
        q9 = self._calls()["q9"]
        self.assertEqual((q9.outcome, q9.wait_seconds), ("abandoned", 60))

    def test_callback_list(self):
        self._import_calls(self.master)
        calls = self._calls()
        # known (a contact): to call back; unknown: not; got through later: not
        self.assertEqual(calls["c3"].callback_state, "needed")
        self.assertFalse(calls["c4"].callback_state)
        self.assertFalse(calls["c5"].callback_state)
        self.assertFalse(calls["c1"].callback_state)
        # the operator called citizen B back from extension 103: off the list
        callback = self._cdr_row(
            "o7", "103", day(13), day(13, 0, 5), 50, 45, dst="09122220002",
            channel="SIP/103-0000000e", dstchannel="SIP/trunk-0000000f",
            lastapp="Dial", lastdata="SIP/trunk/09122220002",
        )  # fmt: skip
        self._import_calls(callback)
        o7 = self._calls()["o7"]
        self.assertEqual((o7.direction, o7.caller_phone), ("outbound", "09122220002"))
        self.assertEqual(calls["c3"].callback_state, "done")

    def test_called_back_button(self):
        self._import_calls(self.master)
        c3 = self._calls()["c3"]
        action = self.env.ref("municipal_hotline.hotline_call_action_callback_done")
        action.with_user(self.operator).with_context(
            active_model="hotline.call", active_ids=c3.ids
        ).run()
        self.assertEqual(c3.callback_state, "done")
        listed = self.env.ref("municipal_hotline.hotline_call_action_callback")
        self.assertEqual(listed.domain, "[('callback_state', '!=', False)]")

    def test_malformed_files_are_refused_whole(self):
        before = self.Call.search_count([])
        bad_date = (
            self.master
            + "\n"
            + self._cdr_row("c9", "0912", day(15)).replace(
                "2020-01-15 15:00:00", "yesterday"
            )
        )
        cases = [
            (bad_date, "Line 9: yesterday is not a date and time."),
            ('"a","b"\n', "Line 1 has 2 columns"),
            ("hello world", "neither an Asterisk call record"),
            (
                "notatime|c1|q|NONE|ENTERQUEUE||0912|1",
                "neither an Asterisk call record",
            ),
            ("1579070000|c1|q", "Line 1 is not a queue_log line"),
        ]
        for text, message in cases:
            with self.subTest(message=message), self.assertRaises(UserError) as caught:
                self._import_calls(text, "bad.csv")
            self.assertIn(message, str(caught.exception))
            self.assertIn("bad.csv", str(caught.exception))
        with self.assertRaises(UserError):
            wizard = self.env["hotline.call.import.wizard"].with_user(self.supervisor)
            wizard.create({"file_data": "////", "file_name": "x.bin"}).action_import()
        self.assertEqual(self.Call.search_count([]), before, "nothing half-imported")

    def test_error_in_persian(self):
        """The reason is given in the reader's language (the line, the value)."""
        self._speak_persian(self.supervisor)
        wizard = (
            self.env["hotline.call.import.wizard"]
            .with_user(self.supervisor)
            .with_context(lang="fa_IR")
            .create(
                {
                    "file_data": base64.b64encode(b"hello world"),
                    "file_name": "bad.csv",
                }
            )
        )
        with self.assertRaises(UserError) as caught:
            wizard.action_import()
        self.assertEqual(
            str(caught.exception),
            "پروندهٔ bad.csv وارد نشد: این پرونده نه سوابق تماس استریسک (Master.csv) "
            "است و نه queue_log.",
        )

    def test_only_supervisors_import(self):
        for user in (self.operator, self.manager_a, self.expert):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._import_calls(self.master, user=user)

    def test_channel_names(self):
        for channel, extension in (
            ("SIP/101-0000000a", "101"),
            ("PJSIP/2045-00000001", "2045"),
            ("Local/101@from-queue-00000001;1", "101"),
            ("Agent/101", "101"),
            ("SIP/trunk-0000001", ""),
            ("", ""),
        ):
            self.assertEqual(extension_of(channel), extension, channel)

    def test_queue_log_events(self):
        t = 1579070000
        calls = {
            c.pbx_call_id: c
            for c in parse_queue_log(
                "\n".join(
                    [
                        f"{t}|NONE|NONE|NONE|QUEUESTART|",
                        f"{t}|a|q|NONE|ENTERQUEUE||0912|1",
                        f"{t + 5}|a|q|SIP/101|CONNECT|5|a.1|2",
                        f"{t + 65}|a|q|SIP/101|TRANSFER|300|from-internal|5|60",
                        f"{t}|b|q|NONE|ENTERQUEUE||0913|1",
                        f"{t + 300}|b|q|NONE|EXITWITHTIMEOUT|1|1|300",
                        f"{t}|c|q|NONE|ENTERQUEUE||0914|1",
                        f"{t + 3}|c|q|PJSIP/102|CONNECT|3|c.1|1",
                        f"{t + 93}|c|q|PJSIP/102|COMPLETECALLER|3|90|1",
                    ]
                )
            )
        }
        self.assertEqual(sorted(calls), ["a", "b", "c"])
        self.assertEqual(
            (calls["a"].outcome, calls["a"].talk_seconds, calls["a"].wait_seconds),
            ("transferred", 60, 5),
        )
        self.assertEqual(
            (calls["b"].outcome, calls["b"].wait_seconds), ("abandoned", 300)
        )
        self.assertEqual(
            (calls["c"].outcome, calls["c"].extension, calls["c"].talk_seconds),
            (None, "102", 90),
        )
