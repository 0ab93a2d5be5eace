"""Property-based tests of every public and portal form and JSON route of the addon
(issue 17): random text with control characters, huge strings, Persian and Arabic
digits, malformed ids never give an HTTP 500, and a refused post saves nothing.

Bounded (MAX_EXAMPLES per route, derandomized) so that the file runs in about a minute.
"""

import json
from datetime import datetime, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from odoo.tests import tagged

from .common import HotlineHttpCase, HotlinePortalCase

MAX_EXAMPLES = 25
FUZZ = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SPECIAL = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\u202e",
    "۰۹۱۲۳۴۵۶۷۸۹",
    "٠٩١٢٣٤٥٦٧٨٩",
    "۱۲",
    "-1",
    "0",
    "²",
    "1e309",
    "NaN",
    "99999999999999999999999",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "%00",
    "../../etc/passwd",
]
# any text: control characters, right-to-left marks, Persian and Arabic digits...
texts = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x3F), max_size=30),
    st.text(alphabet="۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩+- ", max_size=20),
    st.sampled_from(SPECIAL),
    # huge strings
    st.builds(
        lambda chunk, count: chunk * count,
        st.sampled_from(["a", "ب", "\x00", "۹", "<b>"]),
        st.integers(1_000, 150_000),
    ),
)
ids = st.one_of(
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(SPECIAL),
    st.text(max_size=12),
)
# ids in a URL path (the routes' <int:...> converter takes digits only)
path_ids = st.one_of(
    st.integers(0, 2**70),
    st.sampled_from([0, 2**31, 2**63, 10**30]),
)


class FuzzCase(HotlineHttpCase):
    def _assert_no_500(self, response, what):
        self.assertLess(
            response.status_code,
            500,
            f"{what}: HTTP {response.status_code}\n{response.text[:500]}",
        )

    def _counts(self, *models):
        return tuple(self.env[model].sudo().search_count([]) for model in models)


@tagged("post_install", "-at_install", "hotline_fuzz")
class TestFuzzCitizenPortal(HotlinePortalCase, FuzzCase):
    def _valid_form(self):
        return self._request_form(
            name="Hole in front of the school",
            category_id=str(self.category.id),
            district_id=str(self.district.id),
            latitude="34.31",
            longitude="47.06",
        )

    @settings(FUZZ, max_examples=12)
    @given(value=st.one_of(texts, ids), helpdesk_form=st.booleans())
    # the probe's own findings are always tried
    @example(value="a\x00b", helpdesk_form=False)
    @example(value="\x00", helpdesk_form=True)
    def test_request_forms(self, value, helpdesk_form):
        """The value in each field of an otherwise valid form in turn: the other fields
        do not hide the fuzzed one behind their own errors."""
        self._login(self.citizen_a)
        for field in self._valid_form():
            before = self._counts("helpdesk.ticket", "ir.attachment")
            data = dict(self._valid_form(), **{field: value})
            if helpdesk_form:
                url = "/submitted/ticket"
                data["category"] = data.pop("category_id")
                data["subject"] = data.pop("name")
            else:
                url = "/my/requests/new"
            response = self._post(url, data)
            self._assert_no_500(response, f"{url} {field}")
            if response.status_code != 303:
                self.assertEqual(
                    self._counts("helpdesk.ticket", "ir.attachment"), before
                )

    @FUZZ
    @given(
        search=texts,
        search_in=st.one_of(st.sampled_from(["all", "number", "name"]), texts),
        sortby=texts,
        filterby=texts,
        page=path_ids,
    )
    def test_request_list_search(self, search, search_in, sortby, filterby, page):
        self._login(self.citizen_a)
        for url, params in (
            (f"/my/requests/page/{page}", {}),
            (
                "/my/requests",
                {
                    "search": search[:5000],
                    "search_in": search_in[:100],
                    "sortby": sortby[:100],
                    "filterby": filterby[:100],
                },
            ),
        ):
            response = self.opener.get(
                self.base_url() + url, params=params, allow_redirects=False
            )
            self._assert_no_500(response, url)

    @FUZZ
    @given(ticket_id=path_ids, reason=texts, token=texts)
    def test_request_page_and_actions(self, ticket_id, reason, token):
        self._login(self.citizen_a)
        ticket = self.ticket_a
        stage = ticket.stage_id
        for url in (
            f"/my/requests/{ticket_id}",
            f"/my/ticket/{ticket_id}",
        ):
            response = self.opener.get(
                self.base_url() + url,
                params={"access_token": token[:200], "msg": reason[:200]},
                allow_redirects=False,
            )
            self._assert_no_500(response, url)
        for target in (ticket_id, ticket.id):
            for action in ("confirm", "reopen"):
                url = f"/my/requests/{target}/{action}"
                response = self._post(url, {"reason": reason})
                self._assert_no_500(response, url)
        response = self._post("/ticket/close", {"ticket_id": reason[:100]})
        self._assert_no_500(response, "/ticket/close")
        ticket.invalidate_recordset()
        self.assertEqual(ticket.stage_id, stage, "an open request stays where it is")

    @FUZZ
    @given(thread_id=ids, token=texts, limit=ids)
    def test_chatter_json_routes(self, thread_id, token, limit):
        self._login(self.citizen_a)
        for url, params in (
            (
                "/mail/chatter_fetch",
                {
                    "thread_model": "helpdesk.ticket",
                    "thread_id": thread_id,
                    "token": token[:500],
                    "fetch_params": {"limit": limit},
                },
            ),
            (
                "/mail/thread/messages",
                {"thread_model": "helpdesk.ticket", "thread_id": thread_id},
            ),
        ):
            response = self.url_open(
                url,
                data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
                headers={"Content-Type": "application/json"},
            )
            self._assert_no_500(response, url)
            self.assertNotIn("Traceback", response.text, url)


@tagged("post_install", "-at_install", "hotline_fuzz")
class TestFuzzPublic(HotlinePortalCase, FuzzCase):
    @FUZZ
    @given(code=texts, phone_last4=texts)
    @example(code="26-\x00", phone_last4="0001")
    def test_lookup(self, code, phone_last4):
        self.authenticate(None, None)
        for form in (
            {"code": code, "phone_last4": phone_last4},
            {"code": code, "phone_last4": "0001"},
            {"code": self.ticket_a.number, "phone_last4": phone_last4},
        ):
            # the throttle would answer 429 before the fuzzed input is read
            self.env["hotline.lookup.attempt"].sudo().search([]).unlink()
            response = self._post("/hotline/lookup", form)
            self._assert_no_500(response, "/hotline/lookup")


@tagged("post_install", "-at_install", "hotline_fuzz")
class TestFuzzCounterRating(FuzzCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.clerk = cls.env["hr.employee"].create(
            {"name": "Fuzz Clerk", "hotline_is_counter": True}
        )
        cls.env.company.hotline_counter_address_limit = 0

    @FUZZ
    @given(token=texts, phone=texts, cookie=texts)
    @example(token="a\x00", phone="0912\x00", cookie="")
    def test_rating_start(self, token, phone, cookie):
        self.authenticate(None, None)
        self.opener.cookies.set("hotline_rating_device", cookie[:100].encode(
            "ascii", "ignore").decode().strip() or "x")  # fmt: skip
        for rating_token in (token[:300], self.clerk.hotline_rating_token):
            response = self.opener.get(
                f"{self.base_url()}/hotline/rate/x", params={"t": rating_token}
            )
            self._assert_no_500(response, "/hotline/rate")
            response = self._post(
                f"/hotline/rate/{self.clerk.hotline_rating_token}/start",
                {"phone": phone},
            )
            self._assert_no_500(response, "/hotline/rate/start")


@tagged("post_install", "-at_install", "hotline_fuzz")
class TestFuzzMeetingBooking(FuzzCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        start = (datetime.now() + timedelta(days=7)).replace(
            minute=0, second=0, microsecond=0
        )
        cls.meeting = cls._create_meeting(cls.district_a, cls.manager_a, start)
        cls.meeting.action_open_booking()

    @FUZZ
    @given(slot=texts, topic=texts, phone=texts, district=texts, meeting_id=path_ids)
    @example(slot="", topic="a\x00b", phone="", district="", meeting_id=0)
    @example(slot="tomorrow", topic="x", phone="", district="²", meeting_id=0)
    def test_booking(self, slot, topic, phone, district, meeting_id):
        self._login(self.citizen_a)
        before = self._counts("hotline.meeting.booking")
        response = self.opener.get(
            f"{self.base_url()}/my/meetings",
            params={"district": district[:100], "msg": topic[:100]},
        )
        self._assert_no_500(response, "/my/meetings")
        for target in (meeting_id, self.meeting.id):
            url = f"/my/meetings/{target}/book"
            response = self._post(url, {"slot": slot, "topic": topic, "phone": phone})
            self._assert_no_500(response, url)
            if response.status_code != 303:
                self.assertEqual(self._counts("hotline.meeting.booking"), before)
        response = self._post(f"/my/meetings/bookings/{meeting_id}/cancel")
        self._assert_no_500(response, "/my/meetings/bookings/cancel")
        # a booking that went through is whole: bounded texts, a slot of the session
        for booking in self.env["hotline.meeting.booking"].search(
            [("partner_id", "=", self.citizen_a.partner_id.id)]
        ):
            self.assertLessEqual(len(booking.topic), 2000)
            self.assertTrue(
                not booking.slot_start
                or booking.slot_start in self.meeting._slot_starts()
            )
            booking.sudo().unlink()


@tagged("post_install", "-at_install", "hotline_fuzz")
class TestFuzzAgencyPortal(FuzzCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ticket = cls._create_ticket(cls.citizen_a, category_id=cls.cat_water.id)
        cls.referral = cls.env["hotline.referral"].create(
            {"ticket_id": ticket.id, "agency_id": cls.agency_water.id}
        )
        cls.referral.action_send()

    @FUZZ
    @given(
        response_text=texts,
        reference=texts,
        referral_id=path_ids,
        filterby=texts,
        file_name=texts,
        file_data=st.binary(max_size=2000),
    )
    def test_answer(
        self, response_text, reference, referral_id, filterby, file_name, file_data
    ):
        self._login(self.agency_user)
        response = self.opener.get(
            f"{self.base_url()}/my/referrals", params={"filterby": filterby[:100]}
        )
        self._assert_no_500(response, "/my/referrals")
        for target in (referral_id, self.referral.id):
            url = f"/my/referrals/{target}"
            self._assert_no_500(self.url_open(url, allow_redirects=False), url)
            response = self._post(f"{url}/acknowledge", {"agency_reference": reference})
            self._assert_no_500(response, f"{url}/acknowledge")
        state = self.referral.state
        response = self._post(
            f"/my/referrals/{self.referral.id}/answer",
            {"response": response_text, "agency_reference": reference},
            files={
                "attachments": (
                    file_name[:200].replace("\x00", "") or "f",
                    file_data,
                    "application/octet-stream",
                )
            },
        )
        self._assert_no_500(response, "/my/referrals/answer")
        self.referral.invalidate_recordset()
        if response.status_code != 303:
            self.assertEqual(
                self.referral.state, state, "a refused answer saves nothing"
            )
        else:
            # answered: reopen it for the next example
            self.referral.sudo().write({"state": "acknowledged", "response": False})
