import uuid

from odoo import fields, models
from odoo.tools import SQL

from ..tools import city_tz, normalize_phone
from ..tools.sms_gateway import iranian_mobile, sms_segments
from ..tools.sms_quiet_hours import next_allowed_time

# the namespace of the hotline's event keys (uuid5 of database, record and event)
EVENT_NAMESPACE = uuid.UUID("5b0f2f5e-8c1d-4f53-9d7e-137137137137")


def _masked(text, secrets):
    for secret in secrets:
        if secret:
            text = text.replace(secret, "•••")
    return text


class HotlineSmsMixin(models.AbstractModel):
    """Text messages to a citizen about a record (a request), through Odoo's SMS queue.

    One message per event: its key (record, event) is the SMS's uuid, which Odoo keeps
    on the SMS and on its tracker after sending, so the same event never sends twice
    (a retried transaction, a second click, a cron run again). Not sent to a number on
    the phone blacklist (the citizen's opt-out) nor, for what can wait, at night.
    The model gives the citizen's number (`_hotline_sms_number`) and who is told when
    the citizen could not be reached (`_hotline_sms_responsible`).
    """

    _name = "hotline.sms.mixin"
    _description = "Hotline Text Messages"

    def _hotline_sms_number(self):
        """The citizen's number (any format), or False."""
        return False

    def _hotline_sms_mobile(self):
        """The mobile number a text message to the record's citizen goes to, or ""
        when there is none or the company sends no text messages."""
        self.ensure_one()
        if not self.company_id.hotline_sms_gateway:
            return ""
        return iranian_mobile(self._hotline_sms_number())

    def _hotline_sms_responsible(self):
        return self.create_uid

    def _hotline_sms_event_uuid(self, event):
        dbuuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")
        key = f"{dbuuid}|{self._name}|{self.id}|{event}"
        return uuid.uuid5(EVENT_NAMESPACE, key).hex

    def _hotline_sms_sent_or_opted_out(self, key, number):
        """(whether the event's message exists, whether the number opted out), in one
        query on two indexes (sms_tracker.sms_uuid, phone_blacklist.hotline_key)."""
        self.env["sms.tracker"].flush_model(["sms_uuid"])
        self.env["phone.blacklist"].flush_model(["hotline_key", "active"])
        return self.env.execute_query(
            SQL(
                "SELECT EXISTS(SELECT 1 FROM sms_tracker WHERE sms_uuid = %s), "
                "EXISTS(SELECT 1 FROM phone_blacklist "
                "WHERE active AND hotline_key = %s)",
                key,
                normalize_phone(number) or None,
            )
        )[0]

    def _hotline_sms_opted_out(self, number):
        """Whether the number is on Odoo's phone blacklist, however it was typed: one
        query on the list's indexed key (phone.blacklist.hotline_key)."""
        key = normalize_phone(number)
        return bool(
            key
            and self.env["phone.blacklist"]
            .sudo()
            .search_count([("hotline_key", "=", key)], limit=1)
        )

    def _hotline_sms_send(self, template_xmlid, event, masked=()):
        """Queue the template's message to each record's citizen, once per event.

        ``masked``: secrets the text carries (a no-login link's code) that the copy
        in the record's history hides from staff.

        Nothing is sent when the company has no hotline gateway or the citizen no
        mobile number; a citizen who opted out gets a note in the chatter instead.
        :return: the uuids of the messages queued
        """
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            return []
        queued = []
        for record in self.sudo():
            number = record._hotline_sms_mobile()
            if not number:
                continue
            key = record._hotline_sms_event_uuid(event)
            # every queued message has its tracker, kept after it was sent and cleaned
            sent, opted_out = record._hotline_sms_sent_or_opted_out(key, number)
            if sent:
                continue  # this event's message exists already
            if opted_out:
                record._message_log(
                    body=self.env._(
                        "No text message sent (%(template)s): the citizen opted out "
                        "of text messages.",
                        template=template.name,
                    )
                )
                continue
            body = template._render_field("body", record.ids, compute_lang=True)[
                record.id
            ]
            # the text sent, whatever the history shows (Odoo sends the posted body)
            sms_vals = {"uuid": key, "body": body}
            if template.hotline_quiet_hours:
                now = fields.Datetime.now()
                send_after = next_allowed_time(now, city_tz(self.env))
                sms_vals["hotline_quiet_hours"] = True
                if send_after > now:
                    sms_vals["hotline_send_after"] = send_after
                    self.env.ref("sms.ir_cron_sms_scheduler_action")._trigger(
                        at=send_after
                    )
            tracker_vals = {
                key: {
                    "hotline_kind": template.hotline_kind or "other",
                    "hotline_segments": sms_segments(body)[2],
                    "hotline_state": "queued",
                    "hotline_company_id": record.company_id.id,
                }
            }
            record.with_context(
                hotline_sms_vals=sms_vals, hotline_sms_tracker_vals=tracker_vals
            )._message_sms(
                # plain text: Odoo sends it as it is and shows it with its links
                _masked(body, masked),
                partner_ids=[],
                sms_numbers=[number],
                # its staff see the red SMS icon when it fails (Odoo shows the author)
                author_id=record._hotline_sms_responsible().partner_id.id,
                put_in_queue=True,
            )
            queued.append(key)
        return queued

    def _hotline_sms_failed(self):
        """A message could not reach the citizen: a to-do for the record's staff."""
        for record in self:
            record.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("The citizen could not be reached by text message"),
                note=self.env._(
                    "The text message failed after its retries; the red SMS icon in "
                    "the history gives the reason. Call the citizen instead."
                ),
                user_id=record._hotline_sms_responsible().id,
            )
