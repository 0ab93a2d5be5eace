import logging
import os
import re
import time

from odoo.tests import tagged

from .common import HotlineHttpCase

_logger = logging.getLogger(__name__)

# a tile served by Odoo itself: the tours do not depend on the internet
LOCAL_TILES = "/municipal_hotline/static/tests/tile.png?{z}/{x}/{y}"
# nothing listens on the discard port: every tile fails at once
DEAD_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"
STAFF_MAP_REQUESTS = 10000


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


class MapTourCase(HotlineHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.hotline_map_tile_url = LOCAL_TILES
        cls.category = cls.env.ref("municipal_hotline.category_waste_collection")


@tagged("post_install", "-at_install")
class TestCitizenPicksPoint(MapTourCase):
    """A Persian citizen on a phone picks the place of the problem on the map."""

    browser_size = "390x844"
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._speak_persian(cls.citizen_a)

    def _new_requests(self, before):
        return (
            self.env["helpdesk.ticket"].search(
                [("partner_id", "=", self.citizen_a.partner_id.id)]
            )
            - before
        )

    def test_tap_the_map(self):
        before = self.env["helpdesk.ticket"].search([])
        self.start_tour(
            f"/my/requests/new?tour_category={self.category.id}",
            "municipal_hotline_map_picker",
            login=self.citizen_a.login,
        )
        new = self._new_requests(before)
        self.assertEqual(len(new), 1)
        self.assertAlmostEqual(new.latitude, 34.3142, delta=0.05)
        self.assertAlmostEqual(new.longitude, 47.0650, delta=0.05)

    def test_tiles_down_address_only(self):
        """The tile server does not answer: a notice, and the request is filed with
        its address and no point."""
        self.env.company.hotline_map_tile_url = DEAD_TILES
        before = self.env["helpdesk.ticket"].search([])
        self.start_tour(
            f"/my/requests/new?tour_category={self.category.id}",
            "municipal_hotline_map_picker_degraded",
            login=self.citizen_a.login,
        )
        new = self._new_requests(before)
        self.assertEqual(len(new), 1)
        self.assertTrue(new.address)
        self.assertFalse(new.latitude)


@tagged("post_install", "-at_install")
class TestIntakeMap(MapTourCase):
    """An operator sets the point of a call on Take a Call's map."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_web_client_bundles()

    def test_operator_clicks_the_map(self):
        self.start_tour(
            "/odoo/action-municipal_hotline.helpdesk_ticket_action_intake",
            "municipal_hotline_intake_map",
            login=self.operator.login,
        )
        ticket = self.env["helpdesk.ticket"].search(
            [("caller_phone_key", "=", "9127771234")]
        )
        self.assertEqual(len(ticket), 1)
        self.assertAlmostEqual(ticket.latitude, 34.3142, delta=0.1)
        self.assertAlmostEqual(ticket.longitude, 47.0650, delta=0.1)


@tagged("post_install", "-at_install")
class TestStaffMap(MapTourCase):
    """The staff map of 10,000 open requests renders in Chromium."""

    browser_size = "1366x768"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_web_client_bundles()
        qweb = cls.env["ir.qweb"]
        qweb._get_asset_bundle("municipal_hotline.assets_leaflet", css=False).js()
        qweb._get_asset_bundle("municipal_hotline.assets_leaflet", js=False).css()
        cls._insert_open_requests(STAFF_MAP_REQUESTS)

    @classmethod
    def _insert_open_requests(cls, count):
        """`count` open requests spread over the city, copied in SQL from one made by
        the ORM (the ORM's create would take minutes for 10,000)."""
        model = cls._create_ticket(
            cls.citizen_a, "Map model", latitude=34.3, longitude=47.0
        )
        cls.env.flush_all()
        cls.env.cr.execute(
            """SELECT column_name FROM information_schema.columns
                WHERE table_name = 'helpdesk_ticket'
                  AND column_name NOT IN ('id', 'number', 'latitude', 'longitude',
                                          'create_date', 'access_token')"""
        )
        columns = ", ".join(f'"{c}"' for (c,) in cls.env.cr.fetchall())
        cls.env.cr.execute(
            f"""INSERT INTO helpdesk_ticket ({columns}, latitude, longitude, create_date)
                SELECT {columns},
                       34.28 + random() * 0.08, 47.0 + random() * 0.13,
                       now() - make_interval(days => (random() * 60)::int)
                  FROM helpdesk_ticket, generate_series(1, %s)
                 WHERE id = %s""",
            (count - 1, model.id),
        )
        cls.env.invalidate_all()

    def test_staff_map_renders_10000(self):
        self.assertGreaterEqual(
            self.env["helpdesk.ticket"].search_count(
                [("closed", "=", False), ("latitude", "!=", False)]
            ),
            STAFF_MAP_REQUESTS,
        )
        started = time.monotonic()
        # the browser's console, kept (and still logged) to read the tour's figures
        console = _Collect()
        logger = logging.getLogger(self._logger.name)
        level = logger.level
        logger.setLevel(logging.INFO)
        logger.addHandler(console)
        try:
            self.start_tour(
                "/odoo/action-municipal_hotline.helpdesk_ticket_action_staff_map",
                "municipal_hotline_staff_map",
                login=self.supervisor.login,
            )
        except AssertionError as e:
            raise AssertionError("\n".join([str(e), *console.lines])) from e
        finally:
            logger.removeHandler(console)
            logger.setLevel(level)
        figures = next(
            re.search(r"count=(\d+) fetch_ms=(\d+) render_ms=(\d+)", line)
            for line in console.lines
            if "hotline_staff_map count=" in line
        )
        count, fetch_ms, render_ms = (int(x) for x in figures.groups())
        self.assertGreaterEqual(count, STAFF_MAP_REQUESTS)
        summary = (
            f"staff map: {count} requests, fetch {fetch_ms} ms, clusters rendered in "
            f"{render_ms} ms, tour {time.monotonic() - started:.1f} s"
        )
        _logger.info(summary)
        if os.environ.get("HOTLINE_MAP_FIGURES"):
            with open(os.environ["HOTLINE_MAP_FIGURES"], "a", encoding="utf-8") as out:
                out.write(summary + "\n")
