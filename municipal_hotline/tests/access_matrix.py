"""Who may do what in the hotline: the one table, checked by test_access_matrix.py.

MATRIX: for every model of the addon (and the inherited models whose access it
changes), a representative record (see test_access_matrix._representative_records) and
for each role the operations allowed on it, in the order read, write, create, unlink:
the operation's letter when allowed, "-" when refused. "rwc-" reads, writes and creates,
never deletes. A wizard (transient model) has one row "acl": the access rights of the
model (its records belong to whoever created them). An abstract model has no records.

The records (made in test_access_matrix._representative_records from tests/common.py):
helpdesk.ticket "district_a" is citizen A's request in district A (manager_a's), taken by
the operator and reviewed by the expert; "district_b" a caller's request in district B
taken by operator2. res.partner: citizen A's contact, that caller's contact, an agency.
The message, the file, the referral (sent to the water company), the booking (citizen A)
and the analyses' rows belong to the district A request or its meeting session; the
staff-rating answer and its rows are about the operator (district A, reporting to the
line manager), from a citizen with an email.

SENSITIVE_FIELDS: for a record, the fields holding personal data and the roles that can
read them. RULES: every record rule of the addon, its model and its groups.

A model or a record rule of the addon missing here fails the test: add its entry (run
the test with HOTLINE_MATRIX_PRINT=1 to print what the roles can do, check it, paste it).
"""

ROLES = (
    "public",
    "citizen",
    "agency",
    "operator",
    "expert",
    "district_manager",
    "line_manager",
    "supervisor",
)
OPERATIONS = ("read", "write", "create", "unlink")
ABSTRACT = "abstract"
ACL = "acl"
# inherited models whose access the addon changes: they must have an entry too
INHERITED_MODELS = (
    "helpdesk.ticket",
    "res.partner",
    "mail.message",
    "ir.attachment",
    "survey.user_input",
)

MATRIX = {
    "helpdesk.ticket": {
        "district_a": {
            "public": "----",
            "citizen": "r---",
            "agency": "----",
            "operator": "rwc-",
            "expert": "rwc-",
            "district_manager": "rwc-",
            "line_manager": "----",
            "supervisor": "rwcu",
        },
        "district_b": {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "r-c-",
            "expert": "----",
            "district_manager": "----",
            "line_manager": "----",
            "supervisor": "rwcu",
        },
    },
    # calls of the 137 line: an operator's own, all for supervisors; the reasons
    # (inquiries answered) read by the staff, kept by supervisors
    "hotline.call": {
        "operator_call": {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "rwc-",
            "expert": "----",
            "district_manager": "----",
            "line_manager": "----",
            "supervisor": "rwcu",
        },
        "operator2_call": {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "----",
            "expert": "----",
            "district_manager": "----",
            "line_manager": "----",
            "supervisor": "rwcu",
        },
    },
    "hotline.call.reason": {
        "any": {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "r---",
            "expert": "r---",
            "district_manager": "r---",
            "line_manager": "r---",
            "supervisor": "rwcu",
        },
    },
    "hotline.district": {
        "district_a": {
            "public": "----",
            "citizen": "r---",
            "agency": "r---",
            "operator": "r---",
            "expert": "r---",
            "district_manager": "r---",
            "line_manager": "r---",
            "supervisor": "rwcu",
        },
    },
    "hotline.lookup.attempt": {
        "any": {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "----",
            "expert": "----",
            "district_manager": "----",
            "line_manager": "----",
            "supervisor": "r--u",
        },
    },
    # sign-in failures (the login throttle): administrators only
    "hotline.login.failure": {
        "any": {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "----",
            "expert": "----",
            "district_manager": "----",
            "line_manager": "----",
            "supervisor": "----",
        },
    },
    "hotline.meeting.booking": {
        "citizen_a": {
            "public": "----",
            "citizen": "r---",
            "agency": "----",
            "operator": "rwc-",
            "expert": "----",
            "district_manager": "rwc-",
            "line_manager": "----",
            "supervisor": "rwcu",
        },
    },
    "hotline.meeting.order.wizard": {
        ACL: {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "----",
            "expert": "----",
            "district_manager": "rwc-",
            "line_manager": "----",
            "supervisor": "rwc-",
        },
    },
    "hotline.meeting.report": {
        "district_a": {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "----",
            "expert": "----",
            "district_manager": "r---",
            "line_manager": "----",
            "supervisor": "r---",
        },
    },
    "hotline.sms.inbound": {
        "any": {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "----",
            "expert": "----",
            "district_manager": "----",
            "line_manager": "----",
            "supervisor": "r---",
        },
    },
    "hotline.sms.report": {
        "any": {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "----",
            "expert": "----",
            "district_manager": "----",
            "line_manager": "----",
            "supervisor": "r---",
        },
    },
    "hotline.meeting.schedule": {
        "district_a": {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "r---",
            "expert": "----",
            "district_manager": "rwcu",
            "line_manager": "----",
            "supervisor": "rwcu",
        },
    },
    "hotline.public.meeting": {
        "district_a": {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "r---",
            "expert": "r---",
            "district_manager": "rwc-",
            "line_manager": "----",
            "supervisor": "rwcu",
        },
    },
    "hotline.referral": {
        "sent_of_a": {
            "public": "----",
            "citizen": "----",
            "agency": "r---",
            "operator": "rwc-",
            "expert": "----",
            "district_manager": "rwc-",
            "line_manager": "----",
            "supervisor": "rwcu",
        },
    },
    "hotline.referral.answer.wizard": {
        ACL: {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "rwcu",
            "expert": "rwcu",
            "district_manager": "rwcu",
            "line_manager": "----",
            "supervisor": "rwcu",
        },
    },
    "hotline.referral.report": {
        "district_a": {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "----",
            "expert": "----",
            "district_manager": "r---",
            "line_manager": "----",
            "supervisor": "r---",
        },
    },
    "hotline.referral.wizard": {
        ACL: {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "rwcu",
            "expert": "rwcu",
            "district_manager": "rwcu",
            "line_manager": "----",
            "supervisor": "rwcu",
        },
    },
    "hotline.call.import.wizard": {
        ACL: {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "----",
            "expert": "----",
            "district_manager": "----",
            "line_manager": "----",
            "supervisor": "rwc-",
        },
    },
    "hotline.call.report": {
        "operator_call": {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "----",
            "expert": "----",
            "district_manager": "----",
            "line_manager": "----",
            "supervisor": "r---",
        },
    },
    "hotline.jalali.period.mixin": ABSTRACT,
    "hotline.report.analysis": ABSTRACT,
    "hotline.report.wizard": {
        ACL: {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "----",
            "expert": "----",
            "district_manager": "rwc-",
            "line_manager": "----",
            "supervisor": "rwc-",
        },
    },
    "hotline.district.import": {
        ACL: {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "----",
            "expert": "----",
            "district_manager": "----",
            "line_manager": "----",
            "supervisor": "rwc-",
        },
    },
    "hotline.report.workbook": ABSTRACT,
    "hotline.sms.mixin": ABSTRACT,
    "hotline.retention.wizard": {
        ACL: {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "----",
            "expert": "----",
            "district_manager": "----",
            "line_manager": "----",
            "supervisor": "rwc-",
        },
    },
    "hotline.review.decision": {
        ACL: {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "----",
            "expert": "rwc-",
            "district_manager": "----",
            "line_manager": "----",
            "supervisor": "rwc-",
        },
    },
    "hotline.staff.rating.ranking": {
        "operator": {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "r---",
            "expert": "----",
            "district_manager": "r---",
            "line_manager": "r---",
            "supervisor": "r---",
        },
    },
    "hotline.staff.rating.report": {
        "operator_line": {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "r---",
            "expert": "----",
            "district_manager": "r---",
            "line_manager": "r---",
            "supervisor": "r---",
        },
    },
    "hotline.ticket.rollup": {
        "district_a": {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "----",
            "expert": "----",
            "district_manager": "r---",
            "line_manager": "----",
            "supervisor": "r---",
        },
    },
    "hotline.ticket.report": {
        "district_a": {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "----",
            "expert": "----",
            "district_manager": "r---",
            "line_manager": "----",
            "supervisor": "r---",
        },
    },
    "ir.attachment": {
        "file_of_a": {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "rwcu",
            "expert": "rwcu",
            "district_manager": "rwcu",
            "line_manager": "----",
            "supervisor": "rwcu",
        },
    },
    "mail.message": {
        "public_answer_a": {
            "public": "----",
            "citizen": "r-c-",
            "agency": "----",
            "operator": "rwcu",
            "expert": "rwcu",
            "district_manager": "rwcu",
            "line_manager": "----",
            "supervisor": "rwcu",
        },
    },
    "res.partner": {
        "agency": {
            "public": "----",
            "citizen": "----",
            "agency": "r---",
            "operator": "r---",
            "expert": "r---",
            "district_manager": "r---",
            "line_manager": "r---",
            "supervisor": "r---",
        },
        "caller_district_b": {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "r---",
            "expert": "----",
            "district_manager": "----",
            "line_manager": "----",
            "supervisor": "r---",
        },
        "citizen_district_a": {
            "public": "----",
            "citizen": "r---",
            "agency": "----",
            "operator": "r---",
            "expert": "r---",
            "district_manager": "r---",
            "line_manager": "----",
            "supervisor": "r---",
        },
    },
    "survey.user_input": {
        "rating_of_operator": {
            "public": "----",
            "citizen": "----",
            "agency": "----",
            "operator": "----",
            "expert": "----",
            "district_manager": "r---",
            "line_manager": "r---",
            "supervisor": "r---",
        },
    },
}

SENSITIVE_FIELDS = {
    ("hotline.call", "operator_call"): {
        "caller_phone": ("operator", "supervisor"),
        "recording_url": ("supervisor",),
    },
    ("res.partner", "caller_district_b"): {
        "phone": ("operator", "supervisor"),
        "email": ("operator", "supervisor"),
        "street": ("operator", "supervisor"),
    },
    ("res.partner", "citizen_district_a"): {
        "phone": ("citizen", "operator", "expert", "district_manager", "supervisor"),
        "email": ("citizen", "operator", "expert", "district_manager", "supervisor"),
        "street": ("citizen", "operator", "expert", "district_manager", "supervisor"),
    },
    ("helpdesk.ticket", "district_a"): {
        "caller_phone": (
            "citizen",
            "operator",
            "expert",
            "district_manager",
            "supervisor",
        ),
        "partner_email": (
            "citizen",
            "operator",
            "expert",
            "district_manager",
            "supervisor",
        ),
        "address": ("citizen", "operator", "expert", "district_manager", "supervisor"),
        "user_id": ("operator", "expert", "district_manager", "supervisor"),
        "reviewer_id": ("operator", "expert", "district_manager", "supervisor"),
    },
    ("survey.user_input", "rating_of_operator"): {
        "partner_id": ("supervisor",),
        "email": ("supervisor",),
        "nickname": ("supervisor",),
    },
}

RULES = {
    "municipal_hotline.hotline_call_rule_operator": (
        "hotline.call",
        ("municipal_hotline.group_hotline_operator",),
    ),
    "municipal_hotline.hotline_call_rule_supervisor": (
        "hotline.call",
        ("municipal_hotline.group_hotline_supervisor",),
    ),
    "municipal_hotline.helpdesk_ticket_rule_district_manager": (
        "helpdesk.ticket",
        ("municipal_hotline.group_hotline_district_manager",),
    ),
    "municipal_hotline.helpdesk_ticket_rule_expert": (
        "helpdesk.ticket",
        ("municipal_hotline.group_hotline_expert",),
    ),
    "municipal_hotline.helpdesk_ticket_rule_operator_read": (
        "helpdesk.ticket",
        ("municipal_hotline.group_hotline_operator",),
    ),
    "municipal_hotline.helpdesk_ticket_rule_operator_write": (
        "helpdesk.ticket",
        ("municipal_hotline.group_hotline_operator",),
    ),
    "municipal_hotline.hotline_district_rule_company": (
        "hotline.district",
        ("global",),
    ),
    "municipal_hotline.hotline_meeting_booking_rule_company": (
        "hotline.meeting.booking",
        ("global",),
    ),
    "municipal_hotline.hotline_meeting_booking_rule_manager": (
        "hotline.meeting.booking",
        ("municipal_hotline.group_hotline_district_manager",),
    ),
    "municipal_hotline.hotline_meeting_booking_rule_operator": (
        "hotline.meeting.booking",
        (
            "municipal_hotline.group_hotline_operator",
            "municipal_hotline.group_hotline_supervisor",
        ),
    ),
    "municipal_hotline.hotline_meeting_booking_rule_portal": (
        "hotline.meeting.booking",
        ("base.group_portal",),
    ),
    "municipal_hotline.hotline_meeting_report_rule_company": (
        "hotline.meeting.report",
        ("global",),
    ),
    "municipal_hotline.hotline_meeting_report_rule_manager": (
        "hotline.meeting.report",
        ("municipal_hotline.group_hotline_district_manager",),
    ),
    "municipal_hotline.hotline_meeting_report_rule_supervisor": (
        "hotline.meeting.report",
        ("municipal_hotline.group_hotline_supervisor",),
    ),
    "municipal_hotline.hotline_sms_inbound_rule_company": (
        "hotline.sms.inbound",
        ("global",),
    ),
    "municipal_hotline.hotline_sms_report_rule_company": (
        "hotline.sms.report",
        ("global",),
    ),
    "municipal_hotline.hotline_meeting_schedule_rule_company": (
        "hotline.meeting.schedule",
        ("global",),
    ),
    "municipal_hotline.hotline_meeting_schedule_rule_manager": (
        "hotline.meeting.schedule",
        ("municipal_hotline.group_hotline_district_manager",),
    ),
    "municipal_hotline.hotline_meeting_schedule_rule_read_all": (
        "hotline.meeting.schedule",
        ("municipal_hotline.group_hotline_operator",),
    ),
    "municipal_hotline.hotline_meeting_schedule_rule_supervisor": (
        "hotline.meeting.schedule",
        ("municipal_hotline.group_hotline_supervisor",),
    ),
    "municipal_hotline.hotline_public_meeting_rule_company": (
        "hotline.public.meeting",
        ("global",),
    ),
    "municipal_hotline.hotline_public_meeting_rule_host": (
        "hotline.public.meeting",
        ("municipal_hotline.group_hotline_district_manager",),
    ),
    "municipal_hotline.hotline_public_meeting_rule_manager": (
        "hotline.public.meeting",
        ("municipal_hotline.group_hotline_district_manager",),
    ),
    "municipal_hotline.hotline_public_meeting_rule_read_all": (
        "hotline.public.meeting",
        (
            "municipal_hotline.group_hotline_expert",
            "municipal_hotline.group_hotline_operator",
        ),
    ),
    "municipal_hotline.hotline_public_meeting_rule_supervisor": (
        "hotline.public.meeting",
        ("municipal_hotline.group_hotline_supervisor",),
    ),
    "municipal_hotline.hotline_call_report_rule_company": (
        "hotline.call.report",
        ("global",),
    ),
    "municipal_hotline.hotline_call_rule_operator_callback": (
        "hotline.call",
        ("municipal_hotline.group_hotline_operator",),
    ),
    "municipal_hotline.hotline_referral_report_rule_company": (
        "hotline.referral.report",
        ("global",),
    ),
    "municipal_hotline.hotline_referral_report_rule_district_manager": (
        "hotline.referral.report",
        ("municipal_hotline.group_hotline_district_manager",),
    ),
    "municipal_hotline.hotline_referral_report_rule_supervisor": (
        "hotline.referral.report",
        ("municipal_hotline.group_hotline_supervisor",),
    ),
    "municipal_hotline.hotline_referral_rule_company": (
        "hotline.referral",
        ("global",),
    ),
    "municipal_hotline.hotline_referral_rule_district_manager": (
        "hotline.referral",
        ("municipal_hotline.group_hotline_district_manager",),
    ),
    "municipal_hotline.hotline_referral_rule_expert": (
        "hotline.referral",
        ("municipal_hotline.group_hotline_expert",),
    ),
    "municipal_hotline.hotline_referral_rule_operator_read": (
        "hotline.referral",
        ("municipal_hotline.group_hotline_operator",),
    ),
    "municipal_hotline.hotline_referral_rule_operator_write": (
        "hotline.referral",
        ("municipal_hotline.group_hotline_operator",),
    ),
    "municipal_hotline.hotline_referral_rule_portal": (
        "hotline.referral",
        ("base.group_portal",),
    ),
    "municipal_hotline.hotline_referral_rule_supervisor": (
        "hotline.referral",
        ("municipal_hotline.group_hotline_supervisor",),
    ),
    "municipal_hotline.hotline_review_decision_rule_expert": (
        "hotline.review.decision",
        ("municipal_hotline.group_hotline_expert",),
    ),
    "municipal_hotline.hotline_review_decision_rule_supervisor": (
        "hotline.review.decision",
        ("municipal_hotline.group_hotline_supervisor",),
    ),
    "municipal_hotline.hotline_staff_rating_ranking_rule_district_manager": (
        "hotline.staff.rating.ranking",
        ("municipal_hotline.group_hotline_district_manager",),
    ),
    "municipal_hotline.hotline_staff_rating_ranking_rule_own": (
        "hotline.staff.rating.ranking",
        ("base.group_user",),
    ),
    "municipal_hotline.hotline_staff_rating_ranking_rule_supervisor": (
        "hotline.staff.rating.ranking",
        ("hr.group_hr_user", "municipal_hotline.group_hotline_supervisor"),
    ),
    "municipal_hotline.hotline_staff_rating_report_rule_district_manager": (
        "hotline.staff.rating.report",
        ("municipal_hotline.group_hotline_district_manager",),
    ),
    "municipal_hotline.hotline_staff_rating_report_rule_own": (
        "hotline.staff.rating.report",
        ("base.group_user",),
    ),
    "municipal_hotline.hotline_staff_rating_report_rule_supervisor": (
        "hotline.staff.rating.report",
        ("hr.group_hr_user", "municipal_hotline.group_hotline_supervisor"),
    ),
    "municipal_hotline.hotline_ticket_report_rule_company": (
        "hotline.ticket.report",
        ("global",),
    ),
    "municipal_hotline.hotline_ticket_report_rule_district_manager": (
        "hotline.ticket.report",
        ("municipal_hotline.group_hotline_district_manager",),
    ),
    "municipal_hotline.hotline_ticket_report_rule_supervisor": (
        "hotline.ticket.report",
        ("municipal_hotline.group_hotline_supervisor",),
    ),
    "municipal_hotline.hotline_ticket_rollup_rule_company": (
        "hotline.ticket.rollup",
        ("global",),
    ),
    "municipal_hotline.hotline_ticket_rollup_rule_district_manager": (
        "hotline.ticket.rollup",
        ("municipal_hotline.group_hotline_district_manager",),
    ),
    "municipal_hotline.hotline_ticket_rollup_rule_supervisor": (
        "hotline.ticket.rollup",
        ("municipal_hotline.group_hotline_supervisor",),
    ),
    "municipal_hotline.resource_calendar_leaves_rule_hotline_employee": (
        "resource.calendar.leaves",
        ("base.group_user",),
    ),
    "municipal_hotline.resource_calendar_leaves_rule_hotline_supervisor": (
        "resource.calendar.leaves",
        ("hr.group_hr_user", "municipal_hotline.group_hotline_supervisor"),
    ),
    "municipal_hotline.res_partner_rule_hotline_district_manager": (
        "res.partner",
        ("municipal_hotline.group_hotline_district_manager",),
    ),
    "municipal_hotline.res_partner_rule_hotline_employee": (
        "res.partner",
        ("base.group_user",),
    ),
    "municipal_hotline.res_partner_rule_hotline_expert": (
        "res.partner",
        ("municipal_hotline.group_hotline_expert",),
    ),
    "municipal_hotline.res_partner_rule_hotline_operator": (
        "res.partner",
        ("municipal_hotline.group_hotline_operator",),
    ),
    "municipal_hotline.survey_user_input_line_rule_hotline_district_manager": (
        "survey.user_input.line",
        ("municipal_hotline.group_hotline_district_manager",),
    ),
    "municipal_hotline.survey_user_input_line_rule_hotline_line_manager": (
        "survey.user_input.line",
        ("base.group_user",),
    ),
    "municipal_hotline.survey_user_input_line_rule_hotline_supervisor": (
        "survey.user_input.line",
        ("municipal_hotline.group_hotline_supervisor",),
    ),
    "municipal_hotline.survey_user_input_rule_hotline_district_manager": (
        "survey.user_input",
        ("municipal_hotline.group_hotline_district_manager",),
    ),
    "municipal_hotline.survey_user_input_rule_hotline_line_manager": (
        "survey.user_input",
        ("base.group_user",),
    ),
    "municipal_hotline.survey_user_input_rule_hotline_supervisor": (
        "survey.user_input",
        ("municipal_hotline.group_hotline_supervisor",),
    ),
}
