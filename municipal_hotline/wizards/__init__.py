from . import hotline_review_decision
from . import hotline_meeting_order_wizard
from . import hotline_report_wizard
from . import hotline_referral_wizard
from . import hotline_referral_answer_wizard
from . import hotline_retention_wizard
from . import hotline_call_import_wizard
from . import hotline_district_import
