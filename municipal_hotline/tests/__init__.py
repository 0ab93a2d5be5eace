from . import test_foundation
from . import test_portal_access
from . import test_portal_submit
from . import test_portal_follow
from . import test_portal_lookup
from . import test_portal_tour
