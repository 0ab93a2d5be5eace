from odoo import http
from odoo.tests import HttpCase, new_test_user

from odoo.addons.base.tests.common import DISABLED_MAIL_CONTEXT


class HotlinePortalCase(HttpCase):
    """Two citizens with a request each, a district and portal categories."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **DISABLED_MAIL_CONTEXT))
        cls.citizen_a = new_test_user(
            cls.env,
            login="portal_citizen_a",
            groups="base.group_portal",
            name="Citizen A",
        )
        cls.citizen_b = new_test_user(
            cls.env,
            login="portal_citizen_b",
            groups="base.group_portal",
            name="Citizen B",
        )
        cls.citizen_a.partner_id.email = "a@citizen.example.com"
        cls.operator = new_test_user(
            cls.env,
            login="portal_operator",
            groups="municipal_hotline.group_hotline_operator",
            name="Operator Parisa Staffname",
        )
        cls.district = cls.env["hotline.district"].create(
            {"name": "Portal Test District", "code": "PTD"}
        )
        cls.category_parent = cls.env["helpdesk.ticket.category"].create(
            {"name": "Portal Streets", "show_in_portal": True}
        )
        cls.category = cls.env["helpdesk.ticket.category"].create(
            {
                "name": "Portal Pothole",
                "parent_id": cls.category_parent.id,
                "show_in_portal": True,
                "resolution_hours": 72,
            }
        )
        cls.category_hidden = cls.env["helpdesk.ticket.category"].create(
            {"name": "Staff Only", "show_in_portal": False}
        )
        cls.stage_resolved = cls.env.ref(
            "municipal_hotline.helpdesk_ticket_stage_resolved"
        )
        cls.stage_closed = cls.env.ref("municipal_hotline.helpdesk_ticket_stage_closed")
        cls.stage_in_progress = cls.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_stage_in_progress"
        )
        cls.ticket_a = cls._create_ticket(cls.citizen_a, "A's pothole", "09121110001")
        cls.ticket_b = cls._create_ticket(cls.citizen_b, "B's pothole", "09122220002")

    @classmethod
    def _create_ticket(cls, user, name, phone, **vals):
        partner = user.partner_id
        return cls.env["helpdesk.ticket"].create(
            {
                "name": name,
                "description": f"<p>{name}</p>",
                "category_id": cls.category.id,
                "district_id": cls.district.id,
                "address": f"{name} street",
                "caller_phone": phone,
                "partner_id": partner.id,
                "partner_name": partner.name,
                "partner_email": partner.email,
                **vals,
            }
        )

    def _csrf(self):
        return http.Request.csrf_token(self)

    def _post(self, url, data=None, files=None):
        return self.url_open(
            url,
            data={"csrf_token": self._csrf(), **(data or {})},
            files=files,
            allow_redirects=False,
        )

    def _login(self, user):
        self.authenticate(user.login, user.login)
