"""The district from the request's point (issue 18): boundaries, the shared edge, holes,
the GeoJSON import and its refusals."""

import base64
import json

from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools import geo
from .common import MAP_ORIGIN, MAP_STEP, HotlineMapCase, map_square

# ruff: noqa: E501 - GeoJSON samples kept whole
OPEN_RING = '{"type": "Polygon", "coordinates": [[[47, 34], [47.1, 34], [47.1, 34.1], [47, 34.1]]]}'
OUT_OF_RANGE = '{"type": "Polygon", "coordinates": [[[470, 34], [47.1, 34], [47.1, 34.1], [470, 34]]]}'


class TestLocationDistrict(HotlineMapCase):
    def _at(self, point, **vals):
        return self._create_ticket(
            user=self.operator, latitude=point[0], longitude=point[1], **vals
        )

    def test_district_from_point_on_create(self):
        """A point inside a boundary puts the request in that district."""
        for point, district in [
            (self.point_a, self.district_a),
            (self.point_b, self.district_b),
        ]:
            with self.subTest(district=district.code):
                ticket = self._at(point, district_id=False)
                self.assertEqual(ticket.district_id, district)
                # the team follows the district (its compute)
                self.assertEqual(ticket.team_id, district.team_id)

    def test_point_on_shared_edge_goes_to_first_district(self):
        """On the edge A and B share: the first district in the districts' order
        (sequence, code, id); change the order and the point follows."""
        self.assertEqual(
            self._at(self.point_edge, district_id=False).district_id, self.district_a
        )
        # a shared vertex too
        corner = (MAP_ORIGIN[0], MAP_ORIGIN[1] + MAP_STEP)
        self.assertEqual(
            self._at(corner, district_id=False).district_id, self.district_a
        )
        self.district_b.sequence = 1
        self.assertEqual(
            self._at(self.point_edge, district_id=False).district_id, self.district_b
        )

    def test_point_outside_every_district_and_override(self):
        """Outside every boundary: no district; a district given with the point stays
        (the operator's choice)."""
        self.assertFalse(self._at((0.5, 0.5), district_id=False).district_id)
        ticket = self._at(self.point_b, district_id=self.district_a.id)
        self.assertEqual(ticket.district_id, self.district_a)

    def test_point_moved_district_follows(self):
        """Moving the point moves the request; a district written with it wins."""
        ticket = self._at(self.point_a, district_id=False)
        ticket.write({"latitude": self.point_b[0], "longitude": self.point_b[1]})
        self.assertEqual(ticket.district_id, self.district_b)
        ticket.write(
            {"latitude": self.point_a[0], "longitude": self.point_a[1],
             "district_id": self.district_b.id}
        )  # fmt: skip
        self.assertEqual(ticket.district_id, self.district_b)
        # a point outside every district leaves the district as it was
        ticket.write({"latitude": 0.5, "longitude": 0.5})
        self.assertEqual(ticket.district_id, self.district_b)

    def test_multipolygon_with_hole(self):
        """A hole is outside (its edge counts as the boundary); a second polygon is in."""
        lat, lon = 20.0, 20.0
        outer = json.loads(map_square(lat, lon, 0.03))["coordinates"][0]
        hole = json.loads(map_square(lat + 0.01, lon + 0.01, 0.01))["coordinates"][0]
        island = json.loads(map_square(lat, lon + 0.05, 0.01))["coordinates"][0]
        self.district_a.boundary_geojson = json.dumps(
            {"type": "MultiPolygon", "coordinates": [[outer, hole], [island]]}
        )
        District = self.env["hotline.district"]
        cases = [
            ((lat + 0.005, lon + 0.005), True),  # in the ring
            ((lat + 0.015, lon + 0.015), False),  # in the hole
            ((lat + 0.01, lon + 0.015), True),  # on the hole's edge
            ((lat + 0.005, lon + 0.055), True),  # in the island
            ((lat + 0.005, lon + 0.04), False),  # between them
        ]
        found = District._hotline_districts_at([point for point, _in in cases])
        for point, inside in cases:
            with self.subTest(point=point):
                self.assertEqual(found.get(point) == self.district_a, inside)
        self.assertAlmostEqual(self.district_a.bbox_min_lat, lat)
        self.assertAlmostEqual(self.district_a.bbox_max_lon, lon + 0.06)

    def test_bad_boundary_refused(self):
        """A boundary that is not a closed polygon is refused with a clear message."""
        for text, message in [
            ("{not json", "not valid JSON"),
            ('{"type": "Point", "coordinates": [47, 34]}', "Polygon or MultiPolygon"),
            (OPEN_RING, "end where it starts"),
            (OUT_OF_RANGE, "-180..180"),
        ]:  # fmt: skip
            with (
                self.subTest(text=text),
                self.assertRaisesRegex(ValidationError, message),
            ):
                self.district_a.boundary_geojson = text

    def _import(self, collection, user=None):
        text = collection if isinstance(collection, str) else json.dumps(collection)
        wizard = (
            self.env["hotline.district.import"]
            .with_user(user or self.supervisor)
            .create({"file": base64.b64encode(text.encode()), "filename": "d.geojson"})
        )
        return wizard.action_import()

    def _feature(self, props, lat, lon):
        return {"type": "Feature", "properties": props,
                "geometry": json.loads(map_square(lat, lon))}  # fmt: skip

    def test_import_geojson(self):
        """A FeatureCollection sets the boundaries of the districts it names (by code,
        else by name); points then fall in the new boundaries."""
        self._import(
            {"type": "FeatureCollection", "features": [
                self._feature({"code": "TA"}, 30.0, 30.0),
                self._feature({"name": "Test district B"}, 30.0, 30.01),
            ]}
        )  # fmt: skip
        self.assertEqual(self.district_a.bbox_min_lat, 30.0)
        self.assertEqual(self.district_b.bbox_min_lon, 30.01)
        found = self.env["hotline.district"]._hotline_districts_at([(30.005, 30.015)])
        self.assertEqual(found[(30.005, 30.015)], self.district_b)

    def test_import_refuses_bad_files_and_changes_nothing(self):
        """Not JSON, not a collection, a bad geometry or an unknown district: a clear
        error, and no district changed (even those of the file's good features)."""
        before = (self.district_a.boundary_geojson, self.district_b.boundary_geojson)
        good = self._feature({"code": "TA"}, 40.0, 40.0)
        bad_ring = self._feature({"code": "TB"}, 40.0, 40.01)
        bad_ring["geometry"]["coordinates"][0].pop()
        for collection, message in [
            ("not json at all", "not valid JSON"),
            ({"type": "Polygon", "coordinates": []}, "FeatureCollection"),
            ({"type": "FeatureCollection", "features": [good, bad_ring]}, "end where it starts"),
            ({"type": "FeatureCollection",
              "features": [good, self._feature({"code": "ZZ"}, 1, 1)]}, "ZZ"),
            ({"type": "FeatureCollection", "features": []}, "no feature"),
        ]:  # fmt: skip
            with (
                self.subTest(message=message),
                self.assertRaisesRegex(UserError, message),
            ):
                self._import(collection)
        self.assertEqual(
            (self.district_a.boundary_geojson, self.district_b.boundary_geojson), before
        )

    def test_import_refused_to_staff_but_supervisors(self):
        """Only supervisors import boundaries (or edit districts)."""
        for user in (self.operator, self.manager_a, self.citizen_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._import({"type": "FeatureCollection", "features": []}, user=user)
        with self.assertRaises(AccessError):
            self.district_a.with_user(self.operator).boundary_geojson = map_square(1, 1)

    def test_geo_ray_casting(self):
        """tools.geo on its own: inside, outside, edges and vertices count as inside."""
        polys = geo.polygons(json.loads(map_square(0, 0, 1)))
        for (lat, lon), inside in [
            ((0.5, 0.5), True), ((0.5, 1.5), False), ((0, 0.5), True), ((1, 1), True),
            ((1.0000001, 0.5), False), ((0.5, -0.0000001), False),
        ]:  # fmt: skip
            with self.subTest(point=(lat, lon)):
                self.assertEqual(geo.contains(polys, lat, lon), inside)

    def test_portal_request_district_from_point(self):
        """On the portal, a point on the map stands for the district; no district and
        no point (or a point outside the city) is still refused."""
        category = self.env["helpdesk.ticket.category"].create(
            {"name": "Map test light", "show_in_portal": True}
        )
        Ticket = self.env["helpdesk.ticket"].with_user(self.citizen_a)
        form = {
            "request_kind": "request",
            "category_id": str(category.id),
            "description": "The lamp is out",
            "address": "Test street",
            "phone": "09121234567",
            "latitude": "۱۰٫۰۰۵",  # Persian digits, as typed on a phone
            "longitude": str(self.point_b[1]),
        }
        vals, _files, errors = Ticket._portal_prepare_request(form, [])
        self.assertFalse(errors)
        self.assertEqual(vals["district_id"], self.district_b.id)
        for latitude in ("", "0.5"):
            with self.subTest(latitude=latitude):
                _vals, _files, errors = Ticket._portal_prepare_request(
                    dict(form, latitude=latitude, longitude=latitude), []
                )
                self.assertEqual(errors["district_id"][0], "district_required")
