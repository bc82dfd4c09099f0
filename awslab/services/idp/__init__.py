"""The corporate side of federation, simulated: an on-premises Active Directory
(:mod:`.onprem`), AD FS issuing SAML assertions with role attributes (:mod:`.adfs`), AWS's
sign-in and federation endpoints for the console (:mod:`.signin`), a custom identity
broker (:mod:`.broker`) and the chooser that says which identity option fits which
scenario (:mod:`.chooser`). Not an AWS API: plain Python the notebooks call.
Introduced in ``12_federation_and_directories.ipynb``.
"""
from awslab.services.idp.onprem import CorporateDirectory, connect, disconnect, reachable

__all__ = ["CorporateDirectory", "connect", "disconnect", "reachable"]
