from . import hotline_review_decision
