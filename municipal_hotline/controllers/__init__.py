from . import meeting_portal
