from . import portal
from . import lookup
