from . import portal
from . import citizen_portal
from . import agency_portal
from . import public
from . import sms
from . import pbx
from . import wallboard
