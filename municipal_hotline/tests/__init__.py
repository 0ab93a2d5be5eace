from . import test_foundation
from . import test_referral_flow
from . import test_referral_access
from . import test_referral_cron
from . import test_referral_report
from . import test_referral_portal
