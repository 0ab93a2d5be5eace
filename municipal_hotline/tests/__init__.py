from . import test_foundation
from . import test_intake_phone
from . import test_intake_tracking_code
from . import test_intake
from . import test_intake_review
from . import test_intake_security
from . import test_intake_mail
from . import test_intake_tour
