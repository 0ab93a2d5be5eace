from . import test_foundation
from . import test_performance
