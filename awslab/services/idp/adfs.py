"""AD FS (Active Directory Federation Services) as the corporate SAML 2.0 IdP.

The AWS side of the two-way trust: an IAM SAML provider made from :meth:`ADFS.metadata`,
and roles whose trust policy allows ``sts:AssumeRoleWithSAML`` for that provider. The AD FS
side (the "relying party trust" for ``urn:amazon:webservices``): claim rules that turn AD
group membership into the ``https://aws.amazon.com/SAML/Attributes/Role`` attribute --
here :meth:`ADFS.map_group` -- and ``RoleSessionName`` from the user's e-mail.

>>> adfs = ADFS(lab, corp)
>>> iam.create_saml_provider(Name="ADFS", SAMLMetadataDocument=adfs.metadata())
>>> adfs.map_group("AWS-Prod-ReadOnly", role_arn, provider_arn)
>>> response = adfs.sign_in("alice", "her password")     # what the browser POSTs to AWS
"""
from __future__ import annotations

from typing import Optional

from awslab.errors import AwslabError
from awslab.services.idp.onprem import CorporateDirectory
from awslab.services.sts.tokens import saml_assertion, saml_metadata


class ADFS:
    """The simulated AD FS server of an on-premises domain."""

    def __init__(self, lab, directory: CorporateDirectory, host: Optional[str] = None):
        self.lab = lab
        self.directory = directory
        self.host = host or f"adfs.{directory.domain}"
        self.entity_id = f"http://{self.host}/adfs/services/trust"
        self.rules: dict[str, list[tuple[str, str]]] = {}   # AD group -> [(role, provider)]

    @property
    def sign_in_page(self) -> str:
        """The IdP-initiated sign-on page users open (the relying party is AWS)."""
        return f"https://{self.host}/adfs/ls/IdpInitiatedSignOn.aspx"

    def metadata(self) -> str:
        """The federation metadata document for ``iam.create_saml_provider``."""
        return saml_metadata(self.entity_id, f"https://{self.host}/adfs/ls/")

    def map_group(self, group: str, role_arn: str, provider_arn: str) -> None:
        """A claim rule: members of ``group`` may choose ``role_arn`` (via
        ``provider_arn``, the IAM SAML provider of the role's account)."""
        pairs = self.rules.setdefault(group, [])
        if (role_arn, provider_arn) not in pairs:
            pairs.append((role_arn, provider_arn))

    def roles_for(self, user: str) -> list[tuple[str, str]]:
        """``[(role ARN, provider ARN)]`` the claim rules give ``user``, in rule order."""
        groups = set(self.directory.user(user)["groups"])
        out: list = []
        for group, pairs in self.rules.items():
            if group in groups:
                out += [p for p in pairs if p not in out]
        return out

    def sign_in(self, user: str, password: str, session_seconds: Optional[int] = None,
                valid_for: int = 300) -> str:
        """The base64 SAML response AD FS posts to AWS for ``user`` after a good password.

        Raises AwslabError as AD FS refuses: a wrong password, or no group mapped to an AWS
        role (AD FS then has no Role claim to send)."""
        if not self.directory.authenticate(user, password):
            raise AwslabError("AD FS: The user name or password is incorrect.")
        roles = self.roles_for(user)
        if not roles:
            raise AwslabError(f"AD FS: {user} is in no AD group that a claim rule maps to "
                              "an AWS role, so the response would carry no Role attribute")
        entry = self.directory.user(user)
        (role, provider), more = roles[0], roles[1:]
        return saml_assertion(self.lab, role, provider, subject=f"{self.directory.netbios}"
                              f"\\{entry['name']}", session_name=entry["email"],
                              issuer=self.entity_id, session_seconds=session_seconds,
                              valid_for=valid_for,
                              extra_roles=tuple(f"{r},{p}" for r, p in more))
