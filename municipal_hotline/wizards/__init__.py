from . import hotline_meeting_order_wizard
