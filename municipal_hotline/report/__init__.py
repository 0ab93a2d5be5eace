from . import hotline_ticket_report
from . import hotline_report_workbook
