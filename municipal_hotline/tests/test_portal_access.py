from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException

from .common import HotlinePortalCase


@tagged("post_install", "-at_install")
class TestPortalAccess(HotlinePortalCase):
    """A citizen reaches only their own requests, through every route."""

    def test_ticket_page_other_citizen_redirects(self):
        self._login(self.citizen_a)
        own = self.url_open(f"/my/requests/{self.ticket_a.id}", allow_redirects=False)
        self.assertEqual(own.status_code, 200)
        self.assertIn(self.ticket_a.number, own.text)
        other = self.url_open(f"/my/requests/{self.ticket_b.id}", allow_redirects=False)
        self.assertEqual(other.status_code, 303, "another citizen's page is refused")
        self.assertNotIn(self.ticket_b.number, other.text)

    def test_ticket_page_wrong_token_refused(self):
        self._login(self.citizen_a)
        resp = self.url_open(
            f"/my/requests/{self.ticket_b.id}?access_token=not-the-token",
            allow_redirects=False,
        )
        self.assertEqual(resp.status_code, 303)

    def test_my_list_shows_only_own(self):
        self._login(self.citizen_a)
        resp = self.url_open("/my/requests")
        self.assertEqual(resp.status_code, 200)
        self.assertIn(self.ticket_a.number, resp.text)
        self.assertNotIn(self.ticket_b.number, resp.text)

    def test_inherited_close_route_refuses_other_citizen(self):
        """helpdesk_mgmt's /ticket/close closed any ticket by id: now 404 for others."""
        self.ticket_b.stage_id = self.stage_resolved
        self._login(self.citizen_a)
        resp = self._post(
            "/ticket/close",
            {"ticket_id": self.ticket_b.id, "stage_id": self.stage_resolved.id},
        )
        self.assertEqual(resp.status_code, 404)
        self.assertEqual(self.ticket_b.stage_id, self.stage_resolved)

    def test_inherited_close_route_get_refused(self):
        """A GET (a link or an image in an email) can no longer change a request."""
        self.ticket_a.stage_id = self.stage_resolved
        self._login(self.citizen_a)
        resp = self.url_open(
            f"/ticket/close?ticket_id={self.ticket_a.id}&stage_id={self.stage_closed.id}",
            allow_redirects=False,
        )
        self.assertEqual(resp.status_code, 405)
        self.assertEqual(self.ticket_a.stage_id, self.stage_resolved)

    def test_inherited_close_route_own_confirms(self):
        self.ticket_a.stage_id = self.stage_resolved
        self._login(self.citizen_a)
        resp = self._post(
            "/ticket/close",
            {"ticket_id": self.ticket_a.id, "stage_id": self.stage_resolved.id},
        )
        self.assertEqual(resp.status_code, 303)
        self.assertEqual(self.ticket_a.stage_id, self.stage_closed)

    def test_inherited_submit_route_refuses_hidden_category(self):
        """helpdesk_mgmt's /submitted/ticket trusted the posted category id."""
        self._login(self.citizen_a)
        before = self.env["helpdesk.ticket"].search_count([])
        resp = self._post(
            "/submitted/ticket",
            {
                "category": self.category_hidden.id,
                "category_id": self.category_hidden.id,
                "subject": "x",
                "description": "x",
            },
        )
        self.assertEqual(resp.status_code, 400)
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), before)

    def test_inherited_new_ticket_form_redirects(self):
        self._login(self.citizen_a)
        resp = self.url_open("/new/ticket", allow_redirects=False)
        self.assertEqual(resp.status_code, 303)
        self.assertTrue(resp.headers["Location"].endswith("/my/requests/new"))

    def test_confirm_reopen_other_citizen_404(self):
        self.ticket_b.stage_id = self.stage_resolved
        self._login(self.citizen_a)
        for action in ("confirm", "reopen"):
            with self.subTest(action=action):
                resp = self._post(
                    f"/my/requests/{self.ticket_b.id}/{action}", {"reason": "not fixed"}
                )
                self.assertEqual(resp.status_code, 404)
                self.assertEqual(self.ticket_b.stage_id, self.stage_resolved)

    def test_post_message_on_other_citizen_refused(self):
        """The portal chatter's post route checks access to the thread."""
        self._login(self.citizen_a)
        count = len(self.ticket_b.message_ids)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "helpdesk.ticket",
                    "thread_id": self.ticket_b.id,
                    "post_data": {"body": "intrusion", "message_type": "comment"},
                },
            )
        self.assertEqual(len(self.ticket_b.message_ids), count)

    def test_follower_no_longer_reads_others_request(self):
        """helpdesk_mgmt let portal followers read a ticket (and its caller's data)."""
        self.ticket_b.message_subscribe(partner_ids=self.citizen_a.partner_id.ids)
        with self.assertRaises(AccessError):
            self.ticket_b.with_user(self.citizen_a).check_access("read")
        self.assertFalse(
            self.env["helpdesk.ticket"]
            .with_user(self.citizen_a)
            .search([("id", "=", self.ticket_b.id)])
        )

    def test_public_cannot_write_stages(self):
        """helpdesk_mgmt gave public visitors write access to ticket stages."""
        public = self.env.ref("base.public_user")
        with self.assertRaises(AccessError):
            self.stage_closed.with_user(public).check_access("write")

    def test_staff_name_hidden_on_portal(self):
        self.ticket_a.with_user(self.operator).sudo().message_post(
            body="We fixed it.",
            author_id=self.operator.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        note = self.ticket_a.sudo().message_post(
            body="internal-note-secret",
            author_id=self.operator.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.assertTrue(note)
        self.ticket_a.sudo().user_id = self.operator
        self._login(self.citizen_a)
        page = self.url_open(f"/my/requests/{self.ticket_a.id}")
        self.assertNotIn("Staffname", page.text, "the assignee is not shown")
        data = self.make_jsonrpc_request(
            "/mail/chatter_fetch",
            {
                "thread_model": "helpdesk.ticket",
                "thread_id": self.ticket_a.id,
                "token": self.ticket_a.sudo().access_token
                or self.ticket_a.sudo()._portal_ensure_token(),
            },
        )
        messages = data["data"]["mail.message"]
        bodies = " ".join(str(m["body"]) for m in messages)
        self.assertIn("We fixed it.", bodies)
        self.assertNotIn("internal-note-secret", bodies)
        authors = {m["author_id"]["name"] for m in messages}
        self.assertNotIn(self.operator.name, authors)
        self.assertIn(self.env.company.name, authors)

    def test_lookup_attempts_not_readable_by_portal(self):
        with self.assertRaises(AccessError):
            self.env["hotline.lookup.attempt"].with_user(self.citizen_a).search([])
        with self.assertRaises(AccessError):
            self.env["hotline.lookup.attempt"].with_user(self.operator).search([])

    def test_lookup_attempts_readable_by_supervisor(self):
        attempt = self.env["hotline.lookup.attempt"].create({"client_key": "k"})
        Attempt = self.env["hotline.lookup.attempt"].with_user(self.supervisor)
        self.assertIn(attempt, Attempt.search([]))
        with self.assertRaises(AccessError):
            Attempt.create({"client_key": "forged"})

    def test_internal_fields_unreadable_over_rpc(self):
        """Even reading their own request directly, a citizen gets no staff data."""
        self.ticket_a.user_id = self.operator
        ticket = self.ticket_a.with_user(self.citizen_a)
        self.assertEqual(ticket.read(["number"])[0]["number"], self.ticket_a.number)
        for field in ("user_id", "operator_guidance"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                ticket.read([field])
        self._login(self.citizen_a)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/helpdesk.ticket/read",
                {
                    "model": "helpdesk.ticket",
                    "method": "read",
                    "args": [[self.ticket_a.id], ["user_id"]],
                    "kwargs": {},
                },
            )

    def test_login_page_asks_for_a_phone_or_username_and_hides_databases(self):
        """Citizens sign in with a username or a phone number, not an email; the
        database manager is not offered, whatever the server's list_db."""
        page = self.url_open("/web/login")
        self.assertEqual(page.status_code, 200)
        self.assertRegex(page.text, r'<label for="login"[^>]*>\s*Phone or username')
        self.assertNotIn(">Email<", page.text)
        self.assertNotIn("/web/database/manager", page.text)
        self.assertNotIn("Manage Databases", page.text)
        self.env["res.lang"]._activate_lang("fa_IR")
        self.env["ir.module.module"]._load_module_terms(
            ["municipal_hotline"], ["fa_IR"]
        )
        page = self.url_open("/web/login", headers={"Accept-Language": "fa-IR,fa"})
        self.assertIn("شماره تلفن یا نام کاربری", page.text)


@tagged("post_install", "-at_install")
class TestMyRequestsPage(HotlinePortalCase):
    """ "My requests" reads the citizen's own requests as sudo (issue 19): exactly their
    own, counted right, whatever the rules would otherwise open."""

    def _page(self, user, limit=3, offset=0, domain=()):
        Ticket = self.env["helpdesk.ticket"].with_user(user)
        return Ticket._hotline_citizen_page(
            list(domain), "create_date desc, id desc", limit, offset
        )

    def test_only_own_requests_not_followed_nor_colleagues(self):
        # a request citizen A follows, and one of a contact of theirs (same commercial
        # partner, which helpdesk_mgmt's portal rule would open)
        self.ticket_b.message_subscribe(partner_ids=self.citizen_a.partner_id.ids)
        colleague = self.env["res.partner"].create(
            {"name": "A's household", "parent_id": self.citizen_a.partner_id.id}
        )
        household = self._create_ticket(colleague, "Household's leak")
        count, tickets = self._page(self.citizen_a, limit=80)
        self.assertEqual(tickets, self.ticket_a)
        self.assertEqual(count, 1)
        self.assertNotIn(household, tickets)
        self.assertTrue(tickets.env.su, "handed to the template as read")

    def test_count_without_a_second_query_on_a_short_page(self):
        self._page(self.citizen_a, limit=80)  # warm-up: the registry's caches
        self.env.invalidate_all()
        self.citizen_a.fetch(
            ["partner_id"]
        )  # the request's user, read by the framework
        # the page with its count, then the categories' names
        with self.assertQueryCount(2):
            count, tickets = self._page(self.citizen_a, limit=80)
        self.assertEqual((count, len(tickets)), (1, 1))

    def test_full_and_late_pages_are_counted(self):
        more = self.env["helpdesk.ticket"]
        for i in range(6):
            more |= self._create_ticket(self.citizen_a, f"A's request {i}")
        count, first = self._page(self.citizen_a, limit=3)
        self.assertEqual((count, len(first)), (7, 3))
        count, last = self._page(self.citizen_a, limit=3, offset=6)
        self.assertEqual((count, len(last)), (7, 1))
        count, past = self._page(self.citizen_a, limit=3, offset=9)
        self.assertEqual((count, len(past)), (7, 0))
        self.assertFalse((first | last) & self.ticket_b)

    def test_filters_stay_within_own_requests(self):
        _count, tickets = self._page(
            self.citizen_a, limit=80, domain=[("name", "ilike", "pothole")]
        )
        self.assertEqual(tickets, self.ticket_a, "B's pothole matches, is not theirs")

    def test_page_past_the_last_shows_the_last(self):
        self._login(self.citizen_a)
        resp = self.url_open("/my/requests/page/9")
        self.assertEqual(resp.status_code, 200)
        self.assertIn(self.ticket_a.number, resp.text)
        self.assertNotIn(self.ticket_b.number, resp.text)
