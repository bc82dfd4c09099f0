"""AWS License Manager (minimal): license configurations, which AWS RAM shares with other
accounts (``license-manager:LicenseConfiguration``).

The owner keeps its configurations in ``state.configurations``; RAM puts a shared one into
a participant's ``state.shared_configurations``, where it is listed with the owner's
``OwnerAccountId``; only the owner may delete it. License tracking on instances is not
simulated.
"""
from awslab.services.license_manager.operations import OPERATIONS
from awslab.services.license_manager.state import State

GLOBAL = False

__all__ = ["GLOBAL", "OPERATIONS", "State"]
