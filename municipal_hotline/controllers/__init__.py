from . import staff_rating
from . import meeting_portal
