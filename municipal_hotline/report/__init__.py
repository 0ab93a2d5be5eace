from . import hotline_report_analysis
from . import hotline_staff_rating_report
from . import hotline_staff_rating_ranking
from . import hotline_ticket_report
from . import hotline_ticket_rollup
from . import hotline_referral_report
from . import hotline_meeting_report
from . import hotline_report_workbook
