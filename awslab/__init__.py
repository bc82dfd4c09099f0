"""awslab: a simulated AWS that answers real boto3 clients, for an offline course.

Only :class:`Lab` and ``__version__`` live here; everything heavy loads on first use.
"""
from awslab.lab import Lab

__version__ = "0.1.0"
__all__ = ["Lab", "__version__"]
