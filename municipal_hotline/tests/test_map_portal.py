from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import HotlinePortalCase


@tagged("post_install", "-at_install")
class TestMapPortal(HotlinePortalCase):
    """The citizen's point, the staff map's data and the public map's privacy."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the district given with the point wins over the point's (demo) district
        cls.ticket_a.write(
            {
                "latitude": 34.3142567,
                "longitude": 47.0650123,
                "district_id": cls.district_a.id,
            }
        )
        cls.ticket_b.write(
            {
                "latitude": 34.3201,
                "longitude": 47.0702,
                "district_id": cls.district_b.id,
            }
        )

    # -- the portal form's point ---------------------------------------------------------

    def test_point_saved_with_persian_digits(self):
        """The point the picker (or a phone keyboard) fills is saved."""
        self._login(self.citizen_a)
        response = self._post(
            "/my/requests/new",
            self._request_form(latitude="۳۴٫۳۱۴۲", longitude="47.065"),
        )
        self.assertEqual(response.status_code, 303, response.text[:500])
        ticket = self._last_request(self.citizen_a)
        self.assertAlmostEqual(ticket.latitude, 34.3142)
        self.assertAlmostEqual(ticket.longitude, 47.065)

    def test_bad_point_refused_nothing_lost(self):
        """Out of range, not a number or half a point: the form again with a clear
        error, what was typed kept, no request filed."""
        self._login(self.citizen_a)
        before = self.env["helpdesk.ticket"].search_count([])
        for latitude, longitude, error in [
            ("95", "47", "The location is not valid."),
            ("34.3", "abc", "The location is not valid."),
            ("34.3", "", "Give both latitude and longitude, or neither."),
        ]:
            with self.subTest(latitude=latitude, longitude=longitude):
                response = self._post(
                    "/my/requests/new",
                    self._request_form(latitude=latitude, longitude=longitude),
                )
                self.assertEqual(response.status_code, 400)
                self.assertIn(error, response.text)
                self.assertIn("A deep hole in front of the school", response.text)
                self.assertIn("Modares St, alley 12", response.text)
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), before)

    def test_form_carries_the_map_settings(self):
        """The picker gets the company's tiles, never its address search service."""
        self.env.company.write(
            {
                "hotline_map_tile_url": "https://tiles.example.city/{z}/{x}/{y}.png",
                "hotline_map_geocoder_url": "https://geo.example.city/search",
            }
        )
        self._login(self.citizen_a)
        page = self.url_open("/my/requests/new").text
        self.assertIn("tiles.example.city", page)
        self.assertNotIn("geo.example.city", page)
        self.assertIn("o_hotline_map_picker", page)

    def test_tile_url_checked(self):
        for url in ("javascript:alert(1)", "https://tiles.example.city/tile.png"):
            with self.subTest(url=url), self.assertRaises(ValidationError):
                self.env.company.hotline_map_tile_url = url

    # -- the staff map -------------------------------------------------------------------

    def test_staff_map_points_follow_record_rules(self):
        """A district manager's map shows their district's requests only, with no
        personal data; the list's filters apply."""
        Ticket = self.env["helpdesk.ticket"]
        data = Ticket.with_user(self.manager_a).hotline_map_points([])
        ids = {row[0] for row in data["points"]}
        self.assertIn(self.ticket_a.id, ids)
        self.assertNotIn(self.ticket_b.id, ids)
        row = next(r for r in data["points"] if r[0] == self.ticket_a.id)
        self.assertEqual(row[1:3], [34.3142567, 47.0650123])
        self.assertEqual(row[3], self.category.id)
        self.assertEqual(row[5], self.district_a.id)
        self.assertEqual(len(row), 7, "id, point, category, stage, district, age only")
        self.assertNotIn("A's pothole", str(data))
        # no point, not on the map
        self._create_ticket(self.citizen_b, "No point", district_id=self.district_b.id)
        supervisor = Ticket.with_user(self.supervisor)
        filtered = supervisor.hotline_map_points(
            [("district_id", "=", self.district_b.id)]
        )
        self.assertEqual([r[0] for r in filtered["points"]], [self.ticket_b.id])
        self.ticket_b.stage_id = self.env.ref(
            "municipal_hotline.helpdesk_ticket_stage_closed"
        )
        closed = supervisor.hotline_map_points([("id", "=", self.ticket_b.id)])
        self.assertFalse(closed["points"], "closed requests are not on the map")

    def test_staff_map_queries_do_not_grow(self):
        """The map's data costs the same queries for 2 and for 40 requests."""
        Ticket = self.env["helpdesk.ticket"].with_user(self.supervisor)
        domain = [("district_id", "=", self.district_a.id)]

        def queries():
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            data = Ticket.hotline_map_points(domain)
            return self.env.cr.sql_log_count - before, len(data["points"])

        queries()
        few, few_points = queries()
        self.env["helpdesk.ticket"].create(
            [
                {
                    "name": f"Pothole {i}",
                    "description": f"<p>Pothole {i}</p>",
                    "category_id": self.category.id,
                    "district_id": self.district_a.id,
                    "latitude": 34.3 + i / 1000,
                    "longitude": 47.0 + i / 1000,
                }
                for i in range(38)
            ]
        )
        many, many_points = queries()
        self.assertEqual(many_points, few_points + 38)
        self.assertEqual(many, few, "one batch of queries, whatever the number")

    def test_heat_map_for_supervisors_only(self):
        with self.assertRaises(AccessError):
            self.env["helpdesk.ticket"].with_user(self.operator).hotline_map_heat()
        data = self.env["helpdesk.ticket"].with_user(self.supervisor).hotline_map_heat()
        self.assertIn([34.3142567, 47.0650123], data["points"])
        self.assertEqual(data["month"], self.ticket_a.jalali_month)
        self.assertEqual(len(data["months"]), 12)

    # -- the public map ------------------------------------------------------------------

    def test_public_map_off_by_default(self):
        self.assertFalse(self.env.company.hotline_public_map)
        for url in ("/hotline/map", "/hotline/map/points"):
            with self.subTest(url=url):
                self.assertEqual(self.url_open(url).status_code, 404)

    def test_public_map_shows_no_person(self):
        """Category, status and a rounded point: never a name, phone, email, address
        or the exact point; staff-only categories stay off."""
        self.env.company.hotline_public_map = True
        self.ticket_a.write(
            {"caller_phone": "09121110001", "partner_email": "a.citizen@example.com"}
        )
        hidden = self._create_ticket(
            self.citizen_a,
            "Staff-only matter",
            category_id=self.category_hidden.id,
            latitude=34.33,
            longitude=47.08,
        )
        self.assertEqual(self.url_open("/hotline/map").status_code, 200)
        response = self.url_open("/hotline/map/points")
        self.assertEqual(response.status_code, 200)
        body = response.text
        for secret in (
            "A's pothole",
            self.citizen_a.partner_id.name,
            "09121110001",
            "a.citizen@example.com",
            self.ticket_a.address,
            "34.3142567",
            hidden.name,
        ):
            self.assertNotIn(secret, body)
        points = response.json()["points"]
        mine = [p for p in points if p["category"] == self.category.name]
        self.assertEqual(len(mine), 2)
        self.assertEqual(set(mine[0]), {"category", "status", "lat", "lon"})
        for point in mine:
            self.assertAlmostEqual(point["lat"] / 0.002, round(point["lat"] / 0.002))
        self.assertIn(34.314, [p["lat"] for p in mine])
