"""District boundaries: GeoJSON geometries, their bounding boxes, point in polygon.

Pure functions (no Odoo): a district's boundary is a GeoJSON ``Polygon`` or
``MultiPolygon`` geometry, positions ``[longitude, latitude]`` (RFC 7946). A point on a
boundary (an edge or a vertex) counts as inside, so a point on the edge two districts
share is in both; the caller picks one deterministically (see hotline.district).
"""

import itertools
import json

GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
# an edge within this many degrees of the point (about a millimetre) passes through it
ON_EDGE_TOLERANCE = 1e-9


class GeoJSONError(ValueError):
    """Bad GeoJSON; ``code`` names the problem, ``params`` its details (translated by
    the caller)."""

    def __init__(self, code, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def parse_json(text):
    try:
        return json.loads(text)
    except (TypeError, ValueError) as exc:
        raise GeoJSONError("not_json", detail=str(exc)) from exc


def polygons(geometry):
    """The polygons of a geometry (each a list of rings, the first the outer one),
    checked: a ring is closed, has 4 positions or more, numbers within bounds."""
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        raise GeoJSONError("not_polygon")
    coordinates = geometry.get("coordinates")
    parts = [coordinates] if geometry["type"] == "Polygon" else coordinates
    if not isinstance(parts, list) or not parts:
        raise GeoJSONError("bad_coordinates")
    result = []
    for rings in parts:
        if not isinstance(rings, list) or not rings:
            raise GeoJSONError("bad_coordinates")
        result.append([_ring(ring) for ring in rings])
    return result


def _ring(ring):
    if not isinstance(ring, list) or len(ring) < 4:
        raise GeoJSONError("bad_ring")
    points = []
    for position in ring:
        if (
            not isinstance(position, list | tuple)
            or len(position) < 2
            or not all(isinstance(v, int | float) for v in position[:2])
        ):
            raise GeoJSONError("bad_coordinates")
        lon, lat = float(position[0]), float(position[1])
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise GeoJSONError("out_of_range")
        points.append((lon, lat))
    if points[0] != points[-1]:
        raise GeoJSONError("ring_not_closed")
    return points


def bounding_box(polys):
    """(min_lat, max_lat, min_lon, max_lon) of the outer rings."""
    lons = [lon for poly in polys for lon, _lat in poly[0]]
    lats = [lat for poly in polys for _lon, lat in poly[0]]
    return min(lats), max(lats), min(lons), max(lons)


def _on_segment(x, y, a, b):
    (x1, y1), (x2, y2) = a, b
    if not (
        min(x1, x2) - ON_EDGE_TOLERANCE <= x <= max(x1, x2) + ON_EDGE_TOLERANCE
        and min(y1, y2) - ON_EDGE_TOLERANCE <= y <= max(y1, y2) + ON_EDGE_TOLERANCE
    ):
        return False
    cross = (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1)
    length = max(abs(x2 - x1), abs(y2 - y1)) or 1.0
    return abs(cross) / length <= ON_EDGE_TOLERANCE


def _ring_position(x, y, ring):
    """1 inside, 0 on the ring, -1 outside (ray casting, even-odd rule)."""
    inside = False
    for a, b in itertools.pairwise(ring):
        if _on_segment(x, y, a, b):
            return 0
        (x1, y1), (x2, y2) = a, b
        if (y1 > y) != (y2 > y):
            x_cross = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
            if x < x_cross:
                inside = not inside
    return 1 if inside else -1


def contains(polys, lat, lon):
    """Whether the point is inside one of the polygons or on its boundary; a point in
    a hole is outside, on a hole's edge on the boundary (inside)."""
    for outer, *holes in polys:
        position = _ring_position(lon, lat, outer)
        if position < 0:
            continue
        if position == 0:
            return True
        if all(_ring_position(lon, lat, hole) < 0 for hole in holes):
            return True
        if any(_ring_position(lon, lat, hole) == 0 for hole in holes):
            return True
    return False


def feature_geometries(collection):
    """[(properties, geometry)] of a GeoJSON FeatureCollection (or a lone Feature)."""
    if isinstance(collection, dict) and collection.get("type") == "Feature":
        collection = {"type": "FeatureCollection", "features": [collection]}
    if (
        not isinstance(collection, dict)
        or collection.get("type") != "FeatureCollection"
        or not isinstance(collection.get("features"), list)
    ):
        raise GeoJSONError("not_collection")
    result = []
    for feature in collection["features"]:
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise GeoJSONError("not_collection")
        geometry = feature.get("geometry")
        polygons(geometry)  # checked now: a bad feature changes nothing
        result.append((feature.get("properties") or {}, geometry))
    return result


def dump(geometry):
    """A geometry as stored on a district (compact JSON)."""
    return json.dumps(geometry, separators=(",", ":"))
