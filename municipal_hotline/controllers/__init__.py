from . import referral_portal
