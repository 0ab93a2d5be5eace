from . import hotline_referral_wizard
from . import hotline_referral_answer_wizard
