from datetime import date

from odoo.tests import TransactionCase

from ..tools import format_jalali, gregorian_to_jalali, normalize_phone


class TestPhoneNormalization(TransactionCase):
    def test_every_way_of_typing_a_number_gives_one_key(self):
        cases = [
            ("09123456789", "9123456789"),
            ("0912 345 6789", "9123456789"),
            ("0912-345-6789", "9123456789"),
            ("+989123456789", "9123456789"),
            ("+98 912 345 6789", "9123456789"),
            ("+98 (0) 912 345 6789", "9123456789"),
            ("00989123456789", "9123456789"),
            ("0098-912-345-6789", "9123456789"),
            ("989123456789", "9123456789"),
            ("9123456789", "9123456789"),
            ("۰۹۱۲۳۴۵۶۷۸۹", "9123456789"),  # Persian digits
            ("+۹۸ ۹۱۲ ۳۴۵ ۶۷۸۹", "9123456789"),
            ("٠٩١٢٣٤٥٦٧٨٩", "9123456789"),  # Arabic-Indic digits
            ("٠٠٩٨٩١٢٣٤٥٦٧٨٩", "9123456789"),
            (" 0912 ۳۴۵ 67-89 ", "9123456789"),  # mixed, as dictated
            ("083 3723 4567", "8337234567"),  # Kermanshah landline
            ("+1 555 010 9999", "+15550109999"),  # foreign numbers keep their code
            ("137", "137"),
            ("", ""),
            (None, ""),
            (False, ""),
            ("+", ""),
            ("---", ""),
            ("000", ""),
        ]
        for raw, key in cases:
            with self.subTest(raw=raw):
                self.assertEqual(normalize_phone(raw), key)

    def test_partner_phone_key_is_stored_and_searchable(self):
        Partner = self.env["res.partner"]
        field = Partner._fields["hotline_phone_key"]
        self.assertTrue(field.store and field.index, "the key must be stored, indexed")
        partner = Partner.create({"name": "Caller", "phone": "۰۹۱۸ ۱۱۱ ۲۲۳۳"})
        self.assertEqual(partner.hotline_phone_key, "9181112233")
        self.assertEqual(
            Partner.search(
                [("hotline_phone_key", "=", normalize_phone("+98 918 111 2233"))]
            ),
            partner,
        )
        partner.phone = False
        self.assertFalse(partner.hotline_phone_key)


class TestJalali(TransactionCase):
    def test_gregorian_to_jalali(self):
        cases = [
            ((2024, 3, 20), (1403, 1, 1)),  # Nowruz 1403
            ((2025, 3, 21), (1404, 1, 1)),
            ((2026, 3, 20), (1404, 12, 29)),
            ((2026, 3, 21), (1405, 1, 1)),
            ((2026, 11, 29), (1405, 9, 8)),
            ((1979, 2, 11), (1357, 11, 22)),
            ((2000, 2, 29), (1378, 12, 10)),
            ((2025, 3, 20), (1403, 12, 30)),  # last day of a leap year
            ((2020, 1, 1), (1398, 10, 11)),
        ]
        for gregorian, jalali in cases:
            with self.subTest(gregorian=gregorian):
                self.assertEqual(gregorian_to_jalali(*gregorian), jalali)
        self.assertEqual(format_jalali(date(2020, 1, 1)), "۱۳۹۸/۱۰/۱۱")
