from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import HotlineCase, HotlineHttpCase

CALLER = "09183334455"


class PhoneSearchCase(HotlineCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calls = cls.Ticket.browse()
        for n in range(3):
            cls.calls |= cls._create_ticket(
                name=f"Tour phone request {n}", phone=CALLER
            )
        # another caller, whose number only shares the first digits
        cls.other = cls._create_ticket(name="Another caller", phone="09183334400")


class TestIntakePhoneSearch(PhoneSearchCase):
    """A phone number typed in the requests' search box finds the caller's requests."""

    def _search_box_domain(self, text):
        """The domain Enter in the requests' search box applies: its first field's."""
        view = self.env.ref("helpdesk_mgmt.helpdesk_ticket_view_search")
        arch = self.Ticket.get_views([(view.id, "search")])["views"]["search"]["arch"]
        field = etree.fromstring(arch).find(".//field")
        if field.get("filter_domain"):
            return safe_eval(field.get("filter_domain"), {"self": text})
        return [(field.get("name"), "ilike", text)]

    def test_phone_in_any_format_finds_the_callers_requests(self):
        for typed in (
            "09183334455",
            "0918 333 4455",
            "+989183334455",
            "+98 918 333 4455",
            "00989183334455",
            "9183334455",
            "۰۹۱۸۳۳۳۴۴۵۵",
            "۰۹۱۸ ۳۳۳ ۴۴۵۵",
        ):
            with self.subTest(typed=typed):
                found = self.Ticket.search(self._search_box_domain(typed))
                self.assertEqual(found, self.calls)

    def test_part_of_a_number_finds_the_numbers_starting_with_it(self):
        found = self.Ticket.search(self._search_box_domain("0918 333 44"))
        self.assertEqual(found, self.calls | self.other)

    def test_title_and_tracking_code_still_found(self):
        self.assertEqual(
            self.Ticket.search(self._search_box_domain("Another caller")), self.other
        )
        number = self.calls[0].number
        self.assertEqual(
            self.Ticket.search(self._search_box_domain(number)), self.calls[0]
        )

    def test_phone_search_reads_the_indexed_key(self):
        """No full scan at a million requests: a number is looked up by equality (or
        a prefix) on the normalized key, the first column of _repeat_phone_idx, and
        not by ILIKE on the titles. (EXPLAIN is not asserted: on a shared test
        server, other sessions' open transactions keep fresh indexes unused.)"""
        for typed, where in (
            ("0918 333 4455", ('"caller_phone_key" IN %s', "9183334455")),
            ("0918 333 44", ('"caller_phone_key" LIKE %s', "91833344%")),
        ):
            with self.subTest(typed=typed):
                query = self.Ticket._search(self._search_box_domain(typed))
                sql = query.where_clause
                self.assertIn(where[0], sql.code)
                self.assertIn(where[1], str(sql.params))
                self.assertNotIn("ILIKE", sql.code)


@tagged("post_install", "-at_install")
class TestIntakePhoneSearchTour(PhoneSearchCase, HotlineHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._speak_persian(cls.operator)

    def test_phone_typed_in_the_search_box(self):
        """In Chromium, in Persian: a number in Persian digits, Enter, the caller's
        requests."""
        self.start_tour(
            "/odoo/action-municipal_hotline.helpdesk_ticket_action_hotline",
            "municipal_hotline_phone_search",
            login=self.operator.login,
        )
