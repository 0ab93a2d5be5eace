from . import test_foundation
from . import test_reporting_ticket_report
from . import test_reporting_life_cycle
from . import test_reporting_workbook
from . import test_reporting_dashboard
