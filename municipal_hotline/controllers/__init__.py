from . import staff_rating
