import hashlib
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.modules import module as odoo_module

_logger = logging.getLogger(__name__)

# after LOCK_AFTER failed sign-ins of one login within WINDOW, that login is refused
# (even with the right password) until the oldest counted failure leaves the window
WINDOW = timedelta(minutes=15)
LOCK_AFTER = 5


class HotlineLoginFailure(models.Model):
    """A failed sign-in, by login, to throttle password guessing on every way in: the
    web login page, JSON-RPC and XML-RPC (/xmlrpc/2/common authenticate, and each
    /xmlrpc/2/object call). Odoo's own cooldown counts by address, in the memory of one
    worker; this one is in the database, so all workers share it.

    The login is kept only as a salted hash (a mistyped password is sometimes typed as
    a login); rows are removed by the autovacuum once they no longer count.
    """

    _name = "hotline.login.failure"
    _description = "Failed Sign-in"
    _order = "create_date desc, id desc"

    login_key = fields.Char(required=True, index=True, readonly=True)

    @api.model
    def _login_key(self, login):
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret", "")
        normalized = str(login or "").strip().lower()
        return hashlib.sha256(f"{secret}:login:{normalized}".encode()).hexdigest()

    @api.model
    def _is_locked(self, login):
        """Whether this login is refused now (too many recent failures)."""
        if not login:
            return False
        return (
            self.sudo().search_count(
                [
                    ("login_key", "=", self._login_key(login)),
                    ("create_date", ">", fields.Datetime.now() - WINDOW),
                ],
                limit=LOCK_AFTER,
            )
            >= LOCK_AFTER
        )

    @api.model
    def _record_failure(self, login):
        """Count a failure, in a transaction of its own: the sign-in's transaction is
        rolled back with the refusal."""
        if not login:
            return
        if odoo_module.current_test and type(self.env.cr).__name__ != "TestCursor":
            # a TransactionCase: no other transaction to write to (an HttpCase's
            # requests run on test cursors, and so does the one opened below)
            self.sudo().create({"login_key": self._login_key(login)})
            return
        with self.env.registry.cursor() as cr:
            env = self.env(cr=cr, su=True)
            env[self._name].create({"login_key": env[self._name]._login_key(login)})

    @api.model
    def _clear(self, login):
        """A successful sign-in: the failures before it no longer count."""
        self.sudo().search([("login_key", "=", self._login_key(login))]).unlink()

    @api.autovacuum
    def _gc_old_failures(self):
        self.sudo().search(
            [("create_date", "<", fields.Datetime.now() - WINDOW)]
        ).unlink()
