import hashlib
from datetime import timedelta

from odoo import api, fields, models

# Failures from one client within WINDOW: after SLOW_AFTER each further try must wait
# a growing delay, after LOCK_AFTER the client is refused until the window has passed.
WINDOW = timedelta(minutes=15)
SLOW_AFTER = 3
LOCK_AFTER = 8


class HotlineLookupAttempt(models.Model):
    """A failed public lookup of a tracking code, to throttle guessing.

    The client is kept only as a salted hash of its IP address: no personal data is
    stored, and the rows are removed by the autovacuum once they no longer count.
    """

    _name = "hotline.lookup.attempt"
    _description = "Failed Tracking Code Lookup"
    _order = "create_date desc, id desc"
    _log_access = True

    client_key = fields.Char(required=True, index=True, readonly=True)

    @api.model
    def _client_key(self, ip):
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret", "")
        return hashlib.sha256(f"{secret}:{ip}".encode()).hexdigest()

    @api.model
    def _wait_seconds(self, client_key):
        """Seconds this client must still wait before trying again (0: may try now)."""
        now = fields.Datetime.now()
        failures = self.sudo().search(
            [("client_key", "=", client_key), ("create_date", ">", now - WINDOW)],
            order="create_date desc, id desc",
        )
        count = len(failures)
        if count >= LOCK_AFTER:
            oldest_counted = failures[LOCK_AFTER - 1].create_date
            return max(int((oldest_counted + WINDOW - now).total_seconds()), 1)
        if count >= SLOW_AFTER:
            delay = timedelta(seconds=5 * 2 ** (count - SLOW_AFTER))
            return max(int((failures[0].create_date + delay - now).total_seconds()), 0)
        return 0

    @api.model
    def _record_failure(self, client_key):
        self.sudo().create({"client_key": client_key})

    @api.autovacuum
    def _gc_old_attempts(self):
        self.sudo().search(
            [("create_date", "<", fields.Datetime.now() - WINDOW)]
        ).unlink()
