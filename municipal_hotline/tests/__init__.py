from . import test_foundation
from . import test_i18n
from . import test_staff_rating
from . import test_staff_rating_http
