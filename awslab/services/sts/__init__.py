"""AWS STS: temporary credentials (AssumeRole, AssumeRoleWithSAML,
AssumeRoleWithWebIdentity, GetSessionToken, GetFederationToken), GetCallerIdentity for
every kind of principal, DecodeAuthorizationMessage and GetAccessKeyInfo.

Credentials STS issues work as real ones: pass them to ``lab.client(...)``; they expire on
the lab's clock. Beside the operations, notebooks use the simulated identity provider of
:mod:`awslab.services.sts.tokens`: :func:`saml_metadata`, :func:`saml_assertion`,
:func:`web_identity_token`.
"""
from awslab.services.sts import federation  # noqa: F401  (registers its operations)
from awslab.services.sts.access import CONDITION_KEYS, EXTRA_ACTIONS, RESOURCES
from awslab.services.sts.operations import OPERATIONS
from awslab.services.sts.tokens import saml_assertion, saml_metadata, web_identity_token

GLOBAL = True


class State:
    """STS keeps no state of its own: credentials live in the lab, roles in IAM."""

    def __init__(self, account_id: str, region: str):
        self.account_id = account_id


__all__ = ["CONDITION_KEYS", "EXTRA_ACTIONS", "GLOBAL", "OPERATIONS", "RESOURCES", "State",
           "saml_assertion", "saml_metadata", "web_identity_token"]
