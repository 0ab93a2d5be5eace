"""No staff member is named to a citizen (issue 17, 3rd party probe finding 3): not
through Odoo's standard message routes, not through the fields of their own request."""

import base64

from odoo.tests import tagged
from odoo.tests.common import JsonRpcException

from .common import HotlinePortalCase

# a staff photo the routes must never send to a citizen (1x1 red PNG)
STAFF_PHOTO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)
STAFF_NAME = "Staffname"


@tagged("post_install", "-at_install")
class TestStaffNotNamedToCitizens(HotlinePortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.operator.partner_id.image_1920 = base64.b64encode(STAFF_PHOTO)
        # the operator records, assigns and answers citizen A's request
        cls.ticket = cls._create_ticket(
            cls.citizen_a, "A's broken light", "09121110009", user=cls.operator
        )
        cls.ticket.with_user(cls.operator).write({"user_id": cls.operator.id})
        cls.ticket.sudo().reviewer_id = cls.expert
        cls.answer = cls.ticket.with_user(cls.operator).message_post(
            body="We replaced the lamp.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=(cls.citizen_a.partner_id | cls.operator2.partner_id).ids,
        )
        cls.answer.sudo()._message_reaction(
            "👍", "add", cls.operator2.partner_id, cls.env["mail.guest"]
        )
        cls.token = cls.ticket.sudo()._portal_ensure_token()

    def _assert_no_staff(self, text, route):
        for staff in (self.operator, self.operator2, self.expert):
            self.assertNotIn(staff.name, text, f"{route} names {staff.name}")
        self.assertNotIn(STAFF_NAME, text, route)
        self.assertNotIn(self.operator.partner_id.email, text, route)

    def test_thread_messages_route_hides_staff(self):
        self._login(self.citizen_a)
        data = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "helpdesk.ticket", "thread_id": self.ticket.id},
        )
        text = str(data)
        self.assertIn("We replaced the lamp.", text)
        self._assert_no_staff(text, "/mail/thread/messages")
        partner_ids = {p["id"] for p in data["data"].get("res.partner", [])}
        self.assertNotIn(self.operator.partner_id.id, partner_ids)
        self.assertIn(self.env.company.partner_id.id, partner_ids)

    def test_staff_still_see_who_wrote(self):
        self._login(self.supervisor)
        data = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "helpdesk.ticket", "thread_id": self.ticket.id},
        )
        self.assertIn(self.operator.name, str(data))

    def test_chatter_fetch_and_rpc_read_hide_staff(self):
        self._login(self.citizen_a)
        data = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {
                "thread_model": "helpdesk.ticket",
                "thread_id": self.ticket.id,
                "token": self.token,
            },
        )
        self._assert_no_staff(str(data), "/mail/chatter_fetch")
        read = self.make_jsonrpc_request(
            "/web/dataset/call_kw/mail.message/read",
            {
                "model": "mail.message",
                "method": "read",
                "args": [
                    [self.answer.id],
                    ["author_id", "email_from", "create_uid", "write_uid"],
                ],
                "kwargs": {},
            },
        )
        self._assert_no_staff(str(read), "mail.message read")

    def test_avatar_routes_do_not_show_staff(self):
        self._login(self.citizen_a)
        avatar = f"/mail/avatar/mail.message/{self.answer.id}/author_avatar/50x50"
        for url in (
            f"{avatar}?access_token={self.token}",
            f"/web/image/mail.message/{self.answer.id}/author_avatar",
            f"/web/image/res.partner/{self.operator.partner_id.id}/avatar_128",
        ):
            with self.subTest(url=url):
                resp = self.url_open(url)
                self.assertNotEqual(resp.status_code, 500)
                self.assertNotEqual(resp.content, STAFF_PHOTO)

    def test_request_fields_naming_staff_refused(self):
        self._login(self.citizen_a)
        for field in ("user_id", "reviewer_id", "create_uid", "write_uid", "team_id",
                      "user_ids", "activity_user_id"):  # fmt: skip
            with self.subTest(field=field), self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw/helpdesk.ticket/read",
                    {
                        "model": "helpdesk.ticket",
                        "method": "read",
                        "args": [[self.ticket.id], [field]],
                        "kwargs": {},
                    },
                )
        fields = self.make_jsonrpc_request(
            "/web/dataset/call_kw/helpdesk.ticket/fields_get",
            {"model": "helpdesk.ticket", "method": "fields_get", "args": [],
             "kwargs": {"attributes": ["type"]}},
        )  # fmt: skip
        self.assertIn("number", fields)
        for field in ("user_id", "reviewer_id", "create_uid", "write_uid", "team_id"):
            self.assertNotIn(field, fields)
        # a read of every field the citizen may see names nobody
        values = self.make_jsonrpc_request(
            "/web/dataset/call_kw/helpdesk.ticket/read",
            {"model": "helpdesk.ticket", "method": "read",
             "args": [[self.ticket.id], list(fields)], "kwargs": {}},
        )  # fmt: skip
        self.assertEqual(values[0]["number"], self.ticket.number)
        self._assert_no_staff(str(values), "helpdesk.ticket read")

    def test_citizen_portal_pages_still_work(self):
        self._login(self.citizen_a)
        for url in ("/my/requests", f"/my/requests/{self.ticket.id}", "/my"):
            with self.subTest(url=url):
                resp = self.url_open(url)
                self.assertEqual(resp.status_code, 200)
                self._assert_no_staff(resp.text, url)
