import base64
import binascii

from odoo import fields, models
from odoo.exceptions import UserError

from ..tools import geo


class HotlineDistrictImport(models.TransientModel):
    """Import the districts' boundaries from a GeoJSON FeatureCollection.

    Each feature is matched to a district by its ``code`` property (the district's code),
    else its ``name`` property (the district's name). Everything is checked before
    anything is written: a bad file, a bad geometry or a feature matching no district
    changes nothing.
    """

    _name = "hotline.district.import"
    _description = "Import District Boundaries"

    file = fields.Binary(string="GeoJSON File", required=True)
    filename = fields.Char()
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True
    )

    def action_import(self):
        self.ensure_one()
        District = self.env["hotline.district"]
        try:
            raw = base64.b64decode(self.file or b"", validate=True)
            collection = geo.parse_json(raw.decode("utf-8-sig"))
            features = geo.feature_geometries(collection)
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise UserError(self.env._("The file is not a GeoJSON text file.")) from exc
        except geo.GeoJSONError as exc:
            raise UserError(District._hotline_geojson_message(exc)) from exc
        if not features:
            raise UserError(self.env._("The file has no feature."))
        districts = District.search([("company_id", "in", [self.company_id.id, False])])
        by_code = {d.code.strip().lower(): d for d in districts if d.code}
        by_name = {d.name.strip().lower(): d for d in districts}
        matched, unknown = {}, []
        for properties, geometry in features:
            code = str(properties.get("code") or "").strip().lower()
            name = str(properties.get("name") or "").strip().lower()
            district = by_code.get(code) or by_name.get(name)
            if not district:
                unknown.append(properties.get("code") or properties.get("name") or "?")
                continue
            matched[district] = geometry
        if unknown:
            raise UserError(
                self.env._(
                    "No district has the code or name of these features: %(features)s. "
                    "Nothing was imported.",
                    features=", ".join(str(u) for u in unknown),
                )
            )
        for district, geometry in matched.items():
            district.boundary_geojson = geo.dump(geometry)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Boundaries imported for %(count)s districts.", count=len(matched)
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
