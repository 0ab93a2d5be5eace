# Own models first: the inherited ones refer to them.
from . import hotline_district
from . import res_partner
from . import helpdesk_ticket_category
from . import helpdesk_ticket
from . import survey_user_input
from . import hotline_lookup_attempt
from . import res_config_settings
from . import mail_message
