from . import staff_rating
from . import meeting_portal
from . import referral_portal
from . import portal
from . import lookup
