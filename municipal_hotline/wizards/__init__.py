from . import hotline_report_wizard
