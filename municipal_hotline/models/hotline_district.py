from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import geo


class HotlineDistrict(models.Model):
    """A municipal district (منطقه): its manager sees its requests and hosts its meetings.

    Its boundary (a GeoJSON polygon the city edits or imports) puts a request's point in
    the district; a point on the edge two districts share goes to the first of them in
    the districts' order (sequence, code, id).
    """

    _name = "hotline.district"
    _description = "Municipal District"
    _order = "sequence, code, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True, help="Short code used in reports, e.g. 1 for District 1."
    )
    manager_id = fields.Many2one(
        "res.users",
        string="District Manager",
        index=True,
        domain="[('share', '=', False)]",
        help="Sees this district's requests and hosts its weekly public meetings.",
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        help="The team that serves this district's municipal requests.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)

    # boundary
    # performance: kilobytes of polygon, read only to place a point or check it, not
    # with the other columns whenever a district's name is shown
    boundary_geojson = fields.Text(
        string="Boundary (GeoJSON)",
        prefetch=False,
        help="The district's boundary: a GeoJSON Polygon or MultiPolygon geometry, "
        "positions as [longitude, latitude]. A request's point inside it is placed in "
        "this district.",
    )
    # the boundary's bounding box: a cheap first filter before point-in-polygon
    bbox_min_lat = fields.Float(compute="_compute_bbox", store=True, string="South")
    bbox_max_lat = fields.Float(compute="_compute_bbox", store=True, string="North")
    bbox_min_lon = fields.Float(compute="_compute_bbox", store=True, string="West")
    bbox_max_lon = fields.Float(compute="_compute_bbox", store=True, string="East")
    has_boundary = fields.Boolean(compute="_compute_bbox", store=True)

    _code_uniq = models.UniqueIndex(
        "(company_id, code)", "Two districts cannot share the same code."
    )

    @api.depends("boundary_geojson")
    def _compute_bbox(self):
        for district in self:
            polys = district._hotline_polygons()
            box = geo.bounding_box(polys) if polys else (False,) * 4
            district.has_boundary = bool(polys)
            (
                district.bbox_min_lat,
                district.bbox_max_lat,
                district.bbox_min_lon,
                district.bbox_max_lon,
            ) = box

    @api.constrains("boundary_geojson")
    def _check_boundary_geojson(self):
        for district in self:
            try:
                district._hotline_polygons()
            except geo.GeoJSONError as exc:
                raise ValidationError(
                    self.env._(
                        "District %(district)s: %(error)s",
                        district=district.display_name,
                        error=self._hotline_geojson_message(exc),
                    )
                ) from exc

    @api.model_create_multi
    def create(self, vals_list):
        districts = super().create(vals_list)
        if any(vals.get("manager_id") for vals in vals_list):
            self.env.registry.clear_cache()  # record rules, see write
        return districts

    def write(self, vals):
        if "manager_id" not in vals:
            return super().write(vals)
        previous = {district: district.manager_id for district in self}
        res = super().write(vals)
        # the record rules name each manager's districts by id
        # (res.users.hotline_managed_district_ids): the cached rules are stale
        self.env.registry.clear_cache()
        self._hotline_leave_teams(previous)
        return res

    def unlink(self):
        managed = any(self.mapped("manager_id"))
        res = super().unlink()
        if managed:
            self.env.registry.clear_cache()  # record rules, see write
        return res

    def _hotline_leave_teams(self, previous):
        """A replaced manager leaves the district's team, unless they still manage
        another district served by that team (district access comes from manager_id;
        the team would otherwise keep its tickets in their lists)."""
        for district, old_manager in previous.items():
            team = district.team_id
            if not old_manager or old_manager == district.manager_id or not team:
                continue
            still_manages = self.search_count(
                [("manager_id", "=", old_manager.id), ("team_id", "=", team.id)],
                limit=1,
            )
            if not still_manages and old_manager in team.user_ids:
                team.sudo().user_ids = [Command.unlink(old_manager.id)]

    # ------------------------------------------------------------------
    # BOUNDARIES
    # ------------------------------------------------------------------

    def _hotline_polygons(self):
        """The boundary's polygons (tools.geo), [] without a boundary; raises
        geo.GeoJSONError when it is not a valid Polygon/MultiPolygon."""
        self.ensure_one()
        text = (self.boundary_geojson or "").strip()
        if not text:
            return []
        geometry = geo.parse_json(text)
        if isinstance(geometry, dict) and geometry.get("type") == "Feature":
            geometry = geometry.get("geometry")
        return geo.polygons(geometry)

    @api.model
    def _hotline_geojson_message(self, error):
        """The translated message of a geo.GeoJSONError."""
        messages = {
            "not_json": self.env._(
                "The file is not valid JSON: %(detail)s", **error.params
            ),
            "not_collection": self.env._(
                "Expected a GeoJSON FeatureCollection of Features."
            ),
            "not_polygon": self.env._(
                "A boundary must be a GeoJSON Polygon or MultiPolygon geometry."
            ),
            "bad_coordinates": self.env._(
                "A boundary's coordinates are not lists of [longitude, latitude]."
            ),
            "bad_ring": self.env._("A boundary ring needs at least four positions."),
            "ring_not_closed": self.env._("A boundary ring must end where it starts."),
            "out_of_range": self.env._(
                "A longitude must be within -180..180 and a latitude within -90..90."
            ),
        }
        return messages.get(error.code, error.code)

    @api.model
    def _hotline_districts_at(self, points):
        """{(lat, lon): district} for the points inside a district's boundary (on a
        shared edge: the first district in the districts' order). One query for all
        the points; districts are public data (portal users read them too)."""
        points = {p for p in points if p[0] or p[1]}
        if not points:
            return {}
        lats = [p[0] for p in points]
        lons = [p[1] for p in points]
        districts = self.sudo().search(
            [
                ("has_boundary", "=", True),
                ("bbox_min_lat", "<=", max(lats)),
                ("bbox_max_lat", ">=", min(lats)),
                ("bbox_min_lon", "<=", max(lons)),
                ("bbox_max_lon", ">=", min(lons)),
            ]
        )
        shapes = [(district, district._hotline_polygons()) for district in districts]
        found = {}
        for lat, lon in points:
            for district, polys in shapes:
                if (
                    district.bbox_min_lat <= lat <= district.bbox_max_lat
                    and district.bbox_min_lon <= lon <= district.bbox_max_lon
                    and geo.contains(polys, lat, lon)
                ):
                    found[(lat, lon)] = district.sudo(False)
                    break
        return found
