from . import hotline_staff_rating_report
from . import hotline_staff_rating_ranking
