"""The corporate side of federation, simulated: an on-premises Active Directory
(:mod:`.onprem`), AD FS issuing SAML assertions with role attributes (:mod:`.adfs`), AWS's
sign-in and federation endpoints for the console (:mod:`.signin`), a custom identity
broker (:mod:`.broker`) and the chooser that says which identity option fits which
scenario (:mod:`.chooser`). Not an AWS API: plain Python the notebooks call.
Introduced in ``12_federation_and_directories.ipynb``.
"""
from awslab.services.idp.adfs import ADFS
from awslab.services.idp.broker import BrokerLogin, IdentityBroker
from awslab.services.idp.chooser import directory_chooser, identity_chooser
from awslab.services.idp.onprem import CorporateDirectory, connect, disconnect, reachable
from awslab.services.idp.signin import (ConsoleSession, get_signin_token, login_url,
                                        open_console, roles_in, saml_sign_in)

__all__ = ["ADFS", "BrokerLogin", "ConsoleSession", "CorporateDirectory", "IdentityBroker",
           "connect", "directory_chooser", "disconnect", "get_signin_token",
           "identity_chooser", "login_url", "open_console", "reachable", "roles_in",
           "saml_sign_in"]
