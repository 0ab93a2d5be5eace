# Own models first: the inherited ones refer to them.
from . import hotline_jalali_period_mixin
from . import hotline_district
from . import res_partner
from . import res_users
from . import helpdesk_ticket_category
from . import helpdesk_ticket
from . import survey_user_input
from . import survey_question
from . import res_config_settings
from . import hr_employee
from . import hotline_meeting_schedule
from . import hotline_public_meeting
from . import hotline_meeting_booking

from . import res_company
from . import resource_calendar
from . import hotline_referral
from . import hotline_lookup_attempt
from . import hotline_login_failure
from . import mail_message
from . import ir_http
from . import auditlog_rule
from . import auditlog_http_session
from . import ir_qweb
from . import mail_render_mixin
from . import mail_thread
from . import mail_tracking_value
