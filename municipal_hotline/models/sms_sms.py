import uuid
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

from ..tools import city_tz, normalize_phone
from ..tools.sms_gateway import HotlineSmsApi, iranian_mobile, sms_segments
from ..tools.sms_quiet_hours import next_allowed_time
from .hotline_sms_mixin import EVENT_NAMESPACE

# after a failure the gateway may recover from, the next try waits this long; the
# message fails for good after len(RETRY_DELAYS) + 1 tries
RETRY_DELAYS = (
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=6),
)
# failures another try may fix: the gateway down, slow or erring, the credit used up,
# the account or key being fixed, an answer nobody knows
RETRYABLE_FAILURES = {"sms_server", "sms_credit", "sms_acc", "unknown"}


class SmsSms(models.Model):
    """Odoo's SMS queue, for the hotline's gateways: a message waits for its time (quiet
    hours, the delay before a retry) and a failure the gateway may recover from is
    tried again a bounded number of times before the message fails for good."""

    _inherit = "sms.sms"

    hotline_send_after = fields.Datetime(
        string="Send After",
        index="btree_not_null",
        copy=False,
        help="Not sent before this time: quiet hours, or the wait before a retry.",
    )
    hotline_quiet_hours = fields.Boolean(
        string="Respects Quiet Hours",
        help="Not urgent: never sent at night (Tehran time), retries included.",
    )
    hotline_attempt_count = fields.Integer(string="Failed Tries", copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        # a hotline message (hotline.sms.mixin): its event key as uuid, so the same
        # event never gives a second message, its time, and its text (the history's
        # copy may hide a secret the message carries)
        hotline_vals = self.env.context.get("hotline_sms_vals")
        if hotline_vals and len(vals_list) == 1:
            vals_list[0] = {**vals_list[0], **hotline_vals}
        return super().create(vals_list)

    # ------------------------------------------------------------------
    # CITY-WIDE NOTICE
    # ------------------------------------------------------------------

    @api.model
    def _hotline_queue_notice(self, partners, body, notice_key, quiet_hours=True):
        """Queue one text message `body` to each of `partners`' mobiles (a city-wide
        notice), set-based: the mobiles, the opt-outs and the messages already queued
        for this notice are each read in one query, the messages and their trackers
        inserted in one query each (a fixed number of queries for any city). One
        message per number and notice (`notice_key`): running it again queues nothing
        twice. Not sent at night unless urgent.

        :return: the number of messages queued
        """
        company = self.env.company
        partners.flush_model(["phone"])
        numbers = {}
        for (phone,) in self.env.execute_query(
            SQL(
                "SELECT phone FROM res_partner WHERE id = ANY(%s) AND phone IS NOT NULL",
                partners.ids,
            )
        ):
            number = iranian_mobile(phone)
            if number:
                numbers.setdefault(normalize_phone(number), number)
        if not numbers:
            return 0
        self.env["phone.blacklist"].flush_model(["hotline_key", "active"])
        opted_out = {
            key
            for (key,) in self.env.execute_query(
                SQL(
                    "SELECT hotline_key FROM phone_blacklist "
                    "WHERE active AND hotline_key = ANY(%s)",
                    list(numbers),
                )
            )
        }
        dbuuid = self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")
        keys = {
            key: uuid.uuid5(EVENT_NAMESPACE, f"{dbuuid}|notice|{notice_key}|{key}").hex
            for key in numbers
            if key not in opted_out
        }
        self.env["sms.tracker"].flush_model(["sms_uuid"])
        done = {
            sms_uuid
            for (sms_uuid,) in self.env.execute_query(
                SQL(
                    "SELECT sms_uuid FROM sms_tracker WHERE sms_uuid = ANY(%s)",
                    list(keys.values()),
                )
            )
        }
        todo = [(numbers[key], key_uuid) for key, key_uuid in keys.items()
                if key_uuid not in done]  # fmt: skip
        if not todo:
            return 0
        send_after = None
        if quiet_hours:
            now = fields.Datetime.now()
            send_after = next_allowed_time(now, city_tz(self.env))
            send_after = send_after if send_after > now else None
        # one INSERT each for the trackers and the messages, whatever their number (the
        # ORM would insert them a hundred at a time); nothing else is computed on them
        uuids = [key_uuid for _number, key_uuid in todo]
        self.env.execute_query(
            SQL(
                """INSERT INTO sms_tracker (sms_uuid, hotline_kind, hotline_segments,
                                            hotline_state, hotline_company_id,
                                            create_uid, write_uid, create_date,
                                            write_date)
                   SELECT u, 'notice', %s, 'queued', %s, %s, %s,
                          now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
                     FROM unnest(%s::varchar[]) AS u""",
                sms_segments(body)[2],
                company.id,
                self.env.uid,
                self.env.uid,
                uuids,
            )
        )
        self.env.execute_query(
            SQL(
                """INSERT INTO sms_sms (number, body, uuid, state, to_delete,
                                        hotline_quiet_hours, hotline_send_after,
                                        hotline_attempt_count, create_uid, write_uid,
                                        create_date, write_date)
                   SELECT n, %s, u, 'outgoing', FALSE, %s, %s, 0, %s, %s,
                          now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
                     FROM unnest(%s::varchar[], %s::varchar[]) AS v(n, u)""",
                body,
                bool(quiet_hours),
                send_after,
                self.env.uid,
                self.env.uid,
                [number for number, _key_uuid in todo],
                uuids,
            )
        )
        self.env["sms.sms"].invalidate_model()
        self.env["sms.tracker"].invalidate_model()
        self.env.ref("sms.ir_cron_sms_scheduler_action")._trigger(at=send_after)
        return len(todo)

    # ------------------------------------------------------------------
    # SEND
    # ------------------------------------------------------------------

    def _split_by_api(self):
        # the company's hotline gateway when it has one (as sms_twilio does)
        by_company = defaultdict(lambda: self.browse())
        for sms in self:
            by_company[sms._get_sms_company()] += sms
        rest = self.browse()
        for company, company_sms in by_company.items():
            if company.sudo().hotline_sms_gateway:
                sms_api = company._get_sms_api_class()(self.env)
                sms_api._set_company(company)
                yield sms_api, company_sms
            else:
                rest += company_sms
        if rest:
            yield from super(SmsSms, rest)._split_by_api()

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):
        # a message waiting for its time stays in the queue, whoever asks to send it
        now = fields.Datetime.now()
        due = self.filtered(
            lambda s: not s.hotline_send_after or s.hotline_send_after <= now
        )
        if not due:
            return None
        if self.env.context.get("sms_api"):
            return super(SmsSms, due)._send(
                unlink_failed=unlink_failed,
                unlink_sent=unlink_sent,
                raise_exception=raise_exception,
            )
        # the cron's batch may hold several companies' messages: each its gateway
        for sms_api, batch in due._split_by_api():
            super(SmsSms, batch.with_context(sms_api=sms_api))._send(
                unlink_failed=unlink_failed,
                unlink_sent=unlink_sent,
                raise_exception=raise_exception,
            )
        return None

    def _send_with_api(
        self, sms_api, unlink_failed=False, unlink_sent=True, raise_exception=False
    ):
        res = super()._send_with_api(
            sms_api,
            unlink_failed=unlink_failed,
            unlink_sent=unlink_sent,
            raise_exception=raise_exception,
        )
        if isinstance(sms_api, HotlineSmsApi):
            self.sudo().exists().filtered(
                lambda s: s.state == "error"
            )._hotline_retry_or_fail()
        return res

    def _handle_call_result_hook(self, results):
        """The providers' ids of the messages sent, on their trackers (one UPDATE):
        the delivery reports quote them."""
        res = super()._handle_call_result_hook(results)
        ids = [(r["uuid"], r["provider_id"]) for r in results if r.get("provider_id")]
        if ids:
            self.env["sms.tracker"].flush_model(["hotline_provider_id"])
            self.env.execute_query(
                SQL(
                    "UPDATE sms_tracker t SET hotline_provider_id = v.pid "
                    "FROM unnest(%s::varchar[], %s::varchar[]) AS v(uuid, pid) "
                    "WHERE t.sms_uuid = v.uuid",
                    [uuid for uuid, _pid in ids],
                    [pid for _uuid, pid in ids],
                )
            )
            self.env["sms.tracker"].invalidate_model(["hotline_provider_id"])
        return res

    @api.model
    def _process_queue(self):
        """As sms's cron, but a message waiting for its time is neither in the batch
        nor counted as work left (the cron is triggered again for its time)."""
        batch_size = self._get_send_batch_size()
        records = self._hotline_send_queue(batch_size)
        if records:
            remaining = (
                self.search_count(self._hotline_queue_domain())
                if len(records) == batch_size
                else 0
            )
            self.env["ir.cron"]._commit_progress(len(records), remaining=remaining)

    @api.model
    def _hotline_queue_domain(self):
        return Domain(
            [("state", "=", "outgoing"), ("to_delete", "!=", True)]
        ) & Domain.OR(
            [
                [("hotline_send_after", "=", False)],
                [("hotline_send_after", "<=", fields.Datetime.now())],
            ]
        )

    @api.model
    def _hotline_send_queue(self, limit):
        """Send up to `limit` queued messages whose time has come; the ones taken."""
        records = self.search(
            self._hotline_queue_domain(), limit=limit, order="id"
        ).try_lock_for_update()
        if records:
            records._send(unlink_failed=False, unlink_sent=True, raise_exception=False)
        return records

    def _hotline_retry_or_fail(self):
        """After a gateway's failure: back in the queue for a later try while tries are
        left and another may succeed; otherwise failed for good, and the staff of the
        record told that the citizen could not be reached."""
        now = fields.Datetime.now()
        retry = self.filtered(
            lambda s: (
                s.failure_type in RETRYABLE_FAILURES
                and s.hotline_attempt_count < len(RETRY_DELAYS)
            )
        )
        tz = city_tz(self.env)
        for sms in retry:
            when = now + RETRY_DELAYS[sms.hotline_attempt_count]
            if sms.hotline_quiet_hours:
                when = next_allowed_time(when, tz)
            sms.write(
                {
                    "hotline_attempt_count": sms.hotline_attempt_count + 1,
                    "hotline_send_after": when,
                }
            )
        if retry:
            retry.action_set_outgoing()
            cron = self.env.ref("sms.ir_cron_sms_scheduler_action")
            cron._trigger(at=sorted(set(retry.mapped("hotline_send_after"))))
        failed = self - retry
        failed.hotline_attempt_count = len(RETRY_DELAYS) + 1
        failed._hotline_notify_failure()

    def _hotline_notify_failure(self):
        """An activity on each record (request) some message of which failed for good."""
        by_model = defaultdict(set)
        for sms in self.filtered("mail_message_id"):
            message = sms.mail_message_id
            by_model[message.model].add(message.res_id)
        for model, res_ids in by_model.items():
            if not model:
                continue
            records = self.env[model].browse(res_ids).exists()
            if hasattr(records, "_hotline_sms_failed"):
                records._hotline_sms_failed()
