import re
import threading

from psycopg2 import IntegrityError

from odoo import SUPERUSER_ID, api
from odoo.tools import mute_logger

from ..tools import gregorian_to_jalali
from .common import HotlineCase

CODE = re.compile(r"^\d{2}-\d{6,}$")


class TestTrackingCode(HotlineCase):
    def test_code_is_digits_and_a_dash_with_the_jalali_year(self):
        ticket = self._create_ticket(user=self.operator)
        self.assertRegex(ticket.number, CODE)
        self.assertLessEqual(len(ticket.number), 10, "short enough to read out")
        today = ticket.create_date.date()
        year = gregorian_to_jalali(today.year, today.month, today.day)[0]
        # the creation day in Tehran may already be the next Jalali year
        self.assertIn(
            ticket.number[:2], {f"{year % 100:02d}", f"{(year + 1) % 100:02d}"}
        )

    def test_codes_follow_each_other(self):
        first, second = self.Ticket.create(
            [
                {"name": "one", "description": "x", "category_id": self.cat_pothole.id},
                {"name": "two", "description": "x", "category_id": self.cat_pothole.id},
            ]
        )
        self.assertEqual(int(second.number[3:]), int(first.number[3:]) + 1)

    def test_sequence_is_lock_free(self):
        sequence = self.env.ref("municipal_hotline.ir_sequence_ticket_tracking")
        self.assertEqual(sequence.implementation, "standard")

    def test_copy_gets_a_new_code(self):
        ticket = self._create_ticket()
        self.assertNotEqual(ticket.copy().number, ticket.number)

    @mute_logger("odoo.sql_db")
    def test_unique_index_refuses_a_duplicate_code(self):
        ticket = self._create_ticket()
        other = self._create_ticket()
        with self.assertRaises(IntegrityError):
            other.number = ticket.number
            other.flush_recordset()

    def test_concurrent_operators_get_distinct_codes(self):
        """Two operators save at the same moment, in two transactions: both succeed at
        once (no lock waited on), with two different codes."""
        category_id = self.cat_pothole.id
        started = threading.Barrier(2, timeout=30)
        created = threading.Barrier(2, timeout=30)
        results, errors = {}, []

        def take_call(index):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(
                        cr,
                        SUPERUSER_ID,
                        {"tracking_disable": True, "mail_create_nolog": True},
                    )
                    started.wait()
                    ticket = env["helpdesk.ticket"].create(
                        {"name": f"concurrent {index}", "description": "x",
                         "category_id": category_id, "caller_phone": f"0912000000{index}"}
                    )  # fmt: skip
                    env.flush_all()
                    results[index] = (ticket.id, ticket.number)
                    # both transactions are open here: neither waited for the other
                    created.wait()
            except Exception as error:  # noqa: BLE001 - reported by the main thread
                errors.append(error)

        threads = [threading.Thread(target=take_call, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        try:
            self.assertFalse(errors, errors)
            numbers = [number for _id, number in results.values()]
            self.assertEqual(len(numbers), 2)
            self.assertEqual(len(set(numbers)), 2, "two operators got the same code")
            for number in numbers:
                self.assertRegex(number, CODE)
        finally:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["helpdesk.ticket"].browse(
                    [ticket_id for ticket_id, _n in results.values()]
                ).exists().unlink()
