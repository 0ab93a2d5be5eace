from odoo import api, fields, models
from odoo.tools import SQL

# the hotline's SMS kinds: the reports count per kind (sms.template.hotline_kind)
SMS_KINDS = [
    ("tracking_code", "Tracking Code"),
    ("answer", "Answer"),
    ("referral_answer", "Referral Answer"),
    ("meeting_confirmed", "Meeting Confirmed"),
    ("meeting_cancelled", "Meeting Cancelled"),
    ("meeting_reminder", "Meeting Reminder"),
    ("rating", "Staff Rating Invitation"),
    ("emergency", "Emergency Referral"),
    ("notice", "City-wide Notice"),
    ("other", "Other"),
]
# what became of a message, for the reports (the tracker outlives the sms.sms)
SMS_REPORT_STATES = [
    ("queued", "Queued"),
    ("sent", "Sent"),
    ("delivered", "Delivered"),
    ("failed", "Failed"),
    ("canceled", "Canceled"),
]
SMS_STATE_TO_REPORT_STATE = {
    "outgoing": "queued",
    "process": "queued",
    "pending": "sent",
    "sent": "delivered",
    "error": "failed",
    "canceled": "canceled",
}
# a report never goes back: a late "sent" does not undo "delivered"
REPORT_STATE_RANK = {"queued": 0, "sent": 1, "canceled": 2, "delivered": 3, "failed": 3}


class SmsTracker(models.Model):
    """Odoo's link of a message to its notification, kept after the SMS is sent: for
    the hotline also the provider's id of the message (its delivery reports quote it),
    the kind, the parts and what became of it (the SMS report, report/)."""

    _inherit = "sms.tracker"

    hotline_provider_id = fields.Char(
        string="Provider Message ID", index="btree_not_null", copy=False
    )
    hotline_kind = fields.Selection(SMS_KINDS, string="Kind")
    hotline_segments = fields.Integer(string="SMS Parts")
    hotline_state = fields.Selection(SMS_REPORT_STATES, string="Outcome")
    hotline_failure_reason = fields.Char(string="Failure Reason")
    hotline_company_id = fields.Many2one("res.company", string="Company")

    @api.model_create_multi
    def create(self, vals_list):
        # a hotline message (hotline.sms.mixin): its kind and parts, from the context
        extra = self.env.context.get("hotline_sms_tracker_vals") or {}
        for vals in vals_list:
            vals.update(extra.get(vals.get("sms_uuid"), {}))
        return super().create(vals_list)

    def _action_update_from_sms_state(
        self, sms_state, failure_type=False, failure_reason=False
    ):
        self._hotline_set_state(
            SMS_STATE_TO_REPORT_STATE.get(sms_state), failure_reason or failure_type
        )
        return super()._action_update_from_sms_state(
            sms_state, failure_type=failure_type, failure_reason=failure_reason
        )

    def _action_update_from_provider_error(self, provider_error):
        res = super()._action_update_from_provider_error(provider_error)
        self._hotline_set_state("failed", res[2] or provider_error)
        return res

    def _hotline_set_state(self, state, reason=False):
        """Record the outcome on the hotline's trackers, one UPDATE for all."""
        trackers = self.filtered("hotline_kind")
        if not state or not trackers:
            return
        trackers.flush_recordset(["hotline_state"])
        lower = [
            s
            for s, rank in REPORT_STATE_RANK.items()
            if rank < REPORT_STATE_RANK[state]
        ]
        if state == "queued":  # a retry: back from failed (not from sent or delivered)
            lower.append("failed")
        self.env.execute_query(
            SQL(
                "UPDATE sms_tracker SET hotline_state = %s, hotline_failure_reason = %s "
                "WHERE id IN %s AND (hotline_state IS NULL OR hotline_state IN %s)",
                state,
                str(reason)[:250] if state == "failed" and reason else None,
                tuple(trackers.ids),
                tuple(lower) or ("",),
            )
        )
        trackers.invalidate_recordset(["hotline_state", "hotline_failure_reason"])

    # delivery reports (controllers/sms.py) -----------------------------------------

    @api.model
    def _hotline_delivery_report(self, company, uuid, provider_id, state, error):
        """A provider's delivery report of one of `company`'s messages: the state on
        its tracker and notification (the request's SMS icon), the SMS left in the
        queue cleaned, the request's staff told when it failed. False when no message
        of the company has that id (nothing is changed)."""
        domain = (
            [("sms_uuid", "=", uuid)]
            if uuid
            else [("hotline_provider_id", "=", provider_id)]
        )
        tracker = self.search(
            domain + [("hotline_company_id", "in", [company.id, False])], limit=1
        )
        if not tracker:
            return False
        sms = self.env["sms.sms"].search([("uuid", "=", tracker.sms_uuid)])
        if state == "error":
            tracker.with_context(
                sms_known_failure_reason=self.env._(
                    "The SMS provider reports that the message did not reach the "
                    "citizen's phone (%(error)s).",
                    error=error,
                )
            )._action_update_from_provider_error(error)
            sms.to_delete = True
            notifications = tracker.mail_notification_id
            records = self.env[notifications.mail_message_id.model or "res.partner"]
            if notifications.mail_message_id.model:
                records = records.browse(notifications.mail_message_id.res_id).exists()
            if hasattr(records, "_hotline_sms_failed"):
                records._hotline_sms_failed()
        else:
            tracker._action_update_from_sms_state(state)
            if state in ("sent", "canceled"):
                sms.to_delete = True
        return tracker
