import contextlib
import logging

from odoo import models
from odoo.exceptions import AccessDenied

_logger = logging.getLogger(__name__)


class ResUsers(models.Model):
    _inherit = "res.users"

    @contextlib.contextmanager
    def _assert_can_auth(self, user=None):
        """Refuse a login after too many failed sign-ins (see hotline.login.failure).

        Every password check goes through here: the web login, JSON-RPC and XML-RPC
        (``authenticate`` by login, each object call by user id), so password guessing
        is throttled whichever way it comes in.
        """
        login = self._hotline_auth_login(user)
        Failure = self.env["hotline.login.failure"].sudo()
        if Failure._is_locked(login):
            _logger.warning("Sign-in refused for login %r: too many failures", login)
            raise AccessDenied()
        try:
            with super()._assert_can_auth(user=user):
                yield
        except AccessDenied:
            Failure._record_failure(login)
            raise
        Failure._clear(login)

    def reset_password(self, login):
        """The password reset page answers the same whether the login exists or not:
        an unknown, ambiguous or archived login is only logged (no account discovery)."""
        try:
            with self.env.cr.savepoint():
                return super().reset_password(login)
        except Exception:  # pylint: disable=broad-except
            _logger.info("Password reset not sent for login %r", login, exc_info=True)
            return None

    def _hotline_auth_login(self, user):
        """The login of the ``user`` being authenticated (a login or a user id)."""
        if isinstance(user, int) and not isinstance(user, bool):
            # sudo: the login of the id being checked, to count its failures
            return self.sudo().browse(user).exists().login or None
        return user or None
