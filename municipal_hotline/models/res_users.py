import contextlib
import logging

from odoo import api, fields, models, tools
from odoo.exceptions import AccessDenied
from odoo.tools import str2bool

_logger = logging.getLogger(__name__)

STAFF_TOTP_PARAM = "municipal_hotline.staff_totp_required"
# every hotline role (the supervisor implies the three others)
HOTLINE_STAFF_GROUPS = (
    "municipal_hotline.group_hotline_operator",
    "municipal_hotline.group_hotline_expert",
    "municipal_hotline.group_hotline_district_manager",
)
# the screen a hotline role opens after login (Odoo's default is Discuss): the first
# role of the user's in this order
HOME_ACTIONS = (
    (
        "municipal_hotline.group_hotline_supervisor",
        "municipal_hotline.helpdesk_ticket_action_hotline",
    ),
    (
        "municipal_hotline.group_hotline_operator",
        "municipal_hotline.helpdesk_ticket_action_intake",
    ),
    (
        "municipal_hotline.group_hotline_district_manager",
        "municipal_hotline.helpdesk_ticket_action_my_district",
    ),
    (
        "municipal_hotline.group_hotline_expert",
        "municipal_hotline.helpdesk_ticket_action_my_reviews",
    ),
)


class ResUsers(models.Model):
    _inherit = "res.users"

    # the 137 line: the operator's telephone (controllers/pbx.py maps a ringing
    # extension to its user and pops the intake form on their browser)
    hotline_extension = fields.Char(
        string="Phone Extension",
        copy=False,
        index="btree_not_null",
        help="The extension of the operator's telephone on the city's PBX: a call "
        "ringing there opens Take a Call on their screen with the number filled in.",
    )
    hotline_phone_state = fields.Selection(
        [("available", "Available"), ("paused", "Paused"), ("on_call", "On a Call")],
        string="Phone State",
        default="available",
        help="Paused: the operator takes no calls (a break, paperwork). On a call: "
        "set when the PBX reports the answer, back to available at hang-up.",
    )

    # the record rules' list of a district manager's districts: literal ids in the
    # requests' queries instead of a join on the districts (archived ones included,
    # as `district_id.manager_id` would); hotline.district clears the cached rules
    # when a manager changes
    hotline_managed_district_ids = fields.One2many(
        "hotline.district",
        "manager_id",
        string="Managed Districts",
        context={"active_test": False},
        groups="base.group_user",
    )

    def _compute_display_name(self):
        """performance: a user's name is their contact's (a related field, read as
        sudo): read that column of the contacts, not their hundred others, for the
        assignee column of every list."""
        self.sudo().partner_id.fetch(["name"])
        return super()._compute_display_name()

    @api.model
    @tools.ormcache("self.env.uid")
    def _hotline_managed_district_ids(self):
        """The ids of the districts the current user manages, cached as the record rules
        are (cleared with them when a district's manager changes): the "My District"
        filter of every list, without a query."""
        return tuple(self.env.user.hotline_managed_district_ids.ids)

    _hotline_extension_uniq = models.UniqueIndex(
        "(company_id, hotline_extension) WHERE hotline_extension IS NOT NULL",
        "Another user already has this phone extension.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + [
            "hotline_extension",
            "hotline_phone_state",
        ]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + ["hotline_phone_state"]

    def _mfa_type(self):
        """Hotline staff without an authenticator app get auth_totp_mail's second factor
        (a code by email) when the city requires it: the same login step as Odoo's own
        "Enforce two-factor authentication" policy, for the hotline's roles only."""
        mfa = super()._mfa_type()
        if mfa is None and self._hotline_totp_required():
            return "totp_mail"
        return mfa

    def _hotline_totp_required(self):
        self.ensure_one()
        param = self.env["ir.config_parameter"].sudo().get_param(STAFF_TOTP_PARAM)
        if not str2bool(param or "0", default=False):
            return False
        user = self.sudo()
        return any(user.has_group(group) for group in HOTLINE_STAFF_GROUPS)

    @api.model_create_multi
    def create(self, vals_list):
        """A portal account (a signup, an invitation) is a citizen's, unless it is an
        agency desk's (see res.partner.hotline_is_citizen)."""
        users = super().create(vals_list)
        users.filtered("share").partner_id.filtered(
            lambda p: not p.commercial_partner_id.hotline_agency_type
        )._hotline_mark_citizen()
        users._hotline_set_home_action()
        return users

    def write(self, vals):
        res = super().write(vals)
        if "group_ids" in vals:
            self._hotline_set_home_action()
        return res

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

    def _hotline_is_agency_desk(self):
        """A portal account of an agency's contact (it answers referrals; it files no
        request and books no meeting)."""
        self.ensure_one()
        # sudo: the agency type of the user's own company
        return self._is_portal() and bool(
            self.sudo().partner_id.commercial_partner_id.hotline_agency_type
        )

    @api.model
    def _hotline_init_home_actions(self):
        """On install and update, once the roles' screens exist: the staff given a role
        before (the administrator, in the groups' own data) get its home screen."""
        roles = [self.env.ref(group, False) for group, _action in HOME_ACTIONS]
        self.search(
            [("share", "=", False), ("all_group_ids", "in", [g.id for g in roles if g])]
        )._hotline_set_home_action()

    def _hotline_set_home_action(self):
        """Hotline staff open their role's screen after login: operators Take a Call,
        district managers their district's queue, experts their reviews, supervisors
        the requests. A home action chosen by hand (not a role's) is kept."""
        homes = [
            (self.env.ref(group, False), self.env.ref(action, False))
            for group, action in HOME_ACTIONS
        ]
        homes = [(group, action) for group, action in homes if group and action]
        ours = {action.id for _group, action in homes}
        for user in self.filtered(lambda u: not u.action_id or u.action_id.id in ours):
            home = next(
                (action for group, action in homes if group in user.all_group_ids),
                self.env["ir.actions.act_window"],
            )
            if user.action_id.id != home.id:
                user.action_id = home.id

    def _hotline_auth_login(self, user):
        """The login of the ``user`` being authenticated (a login or a user id)."""
        if isinstance(user, int) and not isinstance(user, bool):
            # sudo: the login of the id being checked, to count its failures
            return self.sudo().browse(user).exists().login or None
        return user or None

    # the 137 line ----------------------------------------------------------------------

    @api.model
    def _hotline_by_extension(self, company, extension):
        """The active internal user of ``company`` whose phone extension it is."""
        if not extension:
            return self.browse()
        return self.search(
            [
                ("hotline_extension", "=", extension),
                ("company_ids", "in", company.ids),
                ("share", "=", False),
            ],
            limit=1,
        )

    def action_hotline_toggle_pause(self):
        """The operator's own break switch (the systray's phone button): paused or
        available again. Returns the new state."""
        user = self.env.user
        user.hotline_phone_state = (
            "available" if user.hotline_phone_state == "paused" else "paused"
        )
        return user.hotline_phone_state
