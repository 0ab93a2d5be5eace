import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.sms_gateway import GATEWAYS

HOTLINE_CALENDAR = "municipal_hotline.resource_calendar_iranian_week"
# maps: OpenStreetMap's standard tiles until the city sets its own tile server
DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_TILE_ATTRIBUTION = "© OpenStreetMap contributors"
# Kermanshah's centre, where a map opens before a point is chosen
DEFAULT_MAP_CENTER = (34.3142, 47.0650)
SMS_SECRET_GROUPS = "municipal_hotline.group_hotline_supervisor,base.group_system"


class ResCompany(models.Model):
    _inherit = "res.company"

    # reporting
    hotline_report_partner_ids = fields.Many2many(
        "res.partner",
        "res_company_hotline_report_partner_rel",
        "company_id",
        "partner_id",
        string="Monthly Report Recipients",
        help="Who receives the management workbook by email on the first of each "
        "Jalali month, e.g. the mayor's office. Each gets it in their own language.",
    )

    # privacy: retention of callers' personal data
    hotline_retention_months = fields.Integer(
        string="Keep Callers' Personal Data (months)",
        default=24,
        help="Closed requests older than this lose their caller's details; contacts "
        "with nothing newer are anonymized. The requests and their figures stay.",
    )
    hotline_retention_auto = fields.Boolean(
        string="Automatic Retention",
        help="Anonymize every month what the retention period has passed.",
    )

    # staff rating at the counter
    hotline_counter_address_limit = fields.Integer(
        string="Counter Answers per Address per Day",
        default=3,
        help="How many counter ratings one internet address may start in a day, all "
        "employees together (one per employee). 0: no limit. Raise it when citizens "
        "rate through the building's Wi-Fi, which gives them all one address.",
    )

    # working time
    hotline_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Hotline Working Calendar",
        default=lambda self: self.env.ref(HOTLINE_CALENDAR, raise_if_not_found=False),
        help="The city's working week and official holidays: request deadlines count "
        "the hours of their category on it (Iranian municipal week: Saturday to "
        "Wednesday, Thursday until noon, Friday off).",
    )

    # maps: the tile server (a city may host its own), the optional address search and
    # the public map of open requests (off by default)
    hotline_map_tile_url = fields.Char(
        string="Map Tile Server",
        default=DEFAULT_TILE_URL,
        help="URL template of the map tiles, with {z}, {x} and {y} (and optionally {s}), "
        "e.g. the city's own tile server. When tiles do not load, the forms fall back to "
        "the address.",
    )
    hotline_map_attribution = fields.Char(
        string="Map Attribution",
        default=DEFAULT_TILE_ATTRIBUTION,
        help="The credit the tile server's licence asks for, shown on every map.",
    )
    hotline_map_geocoder_url = fields.Char(
        string="Address Search Service",
        help="A Nominatim-compatible search URL (e.g. https://nominatim.openstreetmap.org/"
        "search): operators search an address on Take a Call. Empty: no search box.",
    )
    hotline_map_center_latitude = fields.Float(
        string="Map Centre Latitude", digits=(10, 7), default=DEFAULT_MAP_CENTER[0]
    )
    hotline_map_center_longitude = fields.Float(
        string="Map Centre Longitude", digits=(10, 7), default=DEFAULT_MAP_CENTER[1]
    )
    hotline_public_map = fields.Boolean(
        string="Public Map of Open Requests",
        help="Publish /hotline/map: open requests' category, status and a point rounded "
        "to about 200 m, never names, phones or addresses.",
    )

    # SMS: the gateway of the hotline's messages (tools/sms_gateway.py). The credentials
    # and the SMS centre's address are for supervisors only.
    hotline_sms_gateway = fields.Selection(
        [
            ("log", "Log Only (Demo, Tests)"),
            ("kavenegar", "Kavenegar"),
            ("smsir", "sms.ir"),
            ("http", "City SMS Centre (HTTP)"),
        ],
        string="SMS Gateway",
        help="Who sends the hotline's text messages (tracking code, answer). Empty: "
        "the hotline sends none, and Odoo's own SMS service stays as it is.",
    )
    hotline_sms_sender = fields.Char(
        string="SMS Sender Line",
        groups=SMS_SECRET_GROUPS,
        help="The line number the messages come from, e.g. 3000505 or 10004346.",
    )
    hotline_sms_api_key = fields.Char(
        string="SMS API Key", groups=SMS_SECRET_GROUPS, copy=False
    )
    hotline_sms_http_url = fields.Char(
        string="SMS Centre URL", groups=SMS_SECRET_GROUPS
    )
    hotline_sms_http_method = fields.Selection(
        [
            ("get", "GET (query string)"),
            ("post", "POST (form)"),
            ("json", "POST (JSON)"),
        ],
        string="SMS Centre Method",
        default="post",
        groups=SMS_SECRET_GROUPS,
    )
    hotline_sms_http_number_param = fields.Char(
        string="Number Parameter", default="to", groups=SMS_SECRET_GROUPS
    )
    hotline_sms_http_text_param = fields.Char(
        string="Text Parameter", default="text", groups=SMS_SECRET_GROUPS
    )
    hotline_sms_http_sender_param = fields.Char(
        string="Sender Parameter", groups=SMS_SECRET_GROUPS
    )
    hotline_sms_http_key_param = fields.Char(
        string="API Key Parameter", groups=SMS_SECRET_GROUPS
    )
    hotline_sms_http_id_param = fields.Char(
        string="Message Id Parameter",
        groups=SMS_SECRET_GROUPS,
        help="Where the message's unique id goes, if the centre refuses an id twice "
        "(no duplicate when an answer was lost and the message is retried).",
    )
    hotline_sms_http_success_pattern = fields.Char(
        string="Success Pattern",
        groups=SMS_SECRET_GROUPS,
        help="A regular expression the centre's answer matches when the message was "
        "accepted, e.g. ^OK. Empty: any 2xx answer is a success.",
    )

    @api.constrains("hotline_sms_http_success_pattern")
    def _check_hotline_sms_http_success_pattern(self):
        for company in self.sudo():
            try:
                re.compile(company.hotline_sms_http_success_pattern or "")
            except re.error as e:
                raise ValidationError(
                    self.env._("The success pattern is not a valid regular expression.")
                ) from e

    @api.constrains("hotline_map_tile_url", "hotline_map_geocoder_url")
    def _check_hotline_map_urls(self):
        for company in self:
            tile_url = company.hotline_map_tile_url or ""
            if tile_url and not (
                re.match(r"^(https?://|/)", tile_url)
                and all(part in tile_url for part in ("{z}", "{x}", "{y}"))
            ):
                raise ValidationError(
                    self.env._(
                        "The map tile server must be a web address with {z}, {x} and "
                        "{y}, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png."
                    )
                )
            geocoder = company.hotline_map_geocoder_url or ""
            if geocoder and not re.match(r"^(https?://|/)", geocoder):
                raise ValidationError(
                    self.env._("The address search service must be a web address.")
                )

    def _hotline_map_config(self):
        """What a map needs in the browser: tiles, credit, centre, address search."""
        self.ensure_one()
        company = self.sudo()
        return {
            "tile_url": company.hotline_map_tile_url or DEFAULT_TILE_URL,
            "attribution": company.hotline_map_attribution or "",
            "geocoder_url": company.hotline_map_geocoder_url or "",
            "center": [
                company.hotline_map_center_latitude or DEFAULT_MAP_CENTER[0],
                company.hotline_map_center_longitude or DEFAULT_MAP_CENTER[1],
            ],
        }

    def _get_sms_api_class(self):
        self.ensure_one()
        gateway = GATEWAYS.get(self.sudo().hotline_sms_gateway)
        return gateway or super()._get_sms_api_class()

    @api.model
    def _hotline_set_default_calendar(self):
        """At install: the Iranian municipal week for companies without a calendar."""
        calendar = self.env.ref(HOTLINE_CALENDAR, raise_if_not_found=False)
        if calendar:
            self.search(
                [("hotline_calendar_id", "=", False)]
            ).hotline_calendar_id = calendar
