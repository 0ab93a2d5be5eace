from . import test_foundation
from . import test_meeting_schedule
from . import test_meeting_booking
from . import test_meeting_session
from . import test_meeting_access
from . import test_meeting_report
from . import test_meeting_portal
