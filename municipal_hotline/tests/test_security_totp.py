"""Two-factor login for the hotline's staff: with the city's setting on, a staff login
without an authenticator app stops at the second factor (auth_totp_mail's emailed code);
other users and the setting itself are left as Odoo has them."""

from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import HOST, Opener, get_db_name, tagged

from ..models.res_users import STAFF_TOTP_PARAM
from .common import HotlineHttpCase


@tagged("post_install", "-at_install")
class TestSecurityTotp(HotlineHttpCase):
    def setUp(self):
        super().setUp()
        # a fresh, anonymous browser session, as the login page has
        self.session = http.root.session_store.new()
        self.session.update(http.get_default_session(), db=get_db_name())
        self.opener = Opener(self)
        self.opener.cookies.set("session_id", self.session.sid, domain=HOST, path="/")

    def _require(self, on=True):
        self.env["ir.config_parameter"].sudo().set_param(
            STAFF_TOTP_PARAM, "True" if on else "False"
        )

    def _web_login(self, user):
        response = self.url_open(
            "/web/login",
            data={
                "login": user.login,
                "password": user.login,
                "csrf_token": http.Request.csrf_token(self),
            },
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        return response.headers["Location"]

    def test_staff_login_asks_the_second_factor(self):
        """With the setting on, an operator's correct password leads to the second
        factor page, not into the backend."""
        self._require()
        self.assertEqual(self.operator._mfa_type(), "totp_mail")
        self.assertTrue(self._web_login(self.operator).endswith("/web/login/totp"))

    def test_setting_off_or_non_staff_logs_in(self):
        """Without the setting, staff log in with their password (Odoo's default); with
        it, an employee outside the hotline is not asked either."""
        self._require(on=False)
        self.assertIsNone(self.operator._mfa_type())
        self.assertNotIn("/web/login/totp", self._web_login(self.operator))
        self._require()
        self.assertIsNone(self.line_manager._mfa_type())
        self.assertIsNone(self.citizen_a._mfa_type())

    def test_every_hotline_role_is_covered(self):
        self._require()
        for user in (self.operator, self.expert, self.manager_a, self.supervisor):
            with self.subTest(user=user.login):
                self.assertEqual(user._mfa_type(), "totp_mail")

    def test_only_administrators_change_the_setting(self):
        """The setting is the administrators': a supervisor who is not one cannot
        turn it off."""
        self._require()
        self.assertFalse(self.supervisor.has_group("base.group_system"))
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.supervisor).create(
                {"hotline_staff_totp_required": False}
            )
        param = self.env["ir.config_parameter"].sudo().get_param(STAFF_TOTP_PARAM)
        self.assertEqual(param, "True")
