"""What Identity Center writes into member accounts: for each permission set assigned in
an account, the IAM role ``AWSReservedSSO_<PermissionSetName>_<16 hex>`` under the path
``/aws-reserved/sso.amazonaws.com/`` (plus the Region for instances outside us-east-1),
with the set's policies and a trust policy that admits only Identity Center's own SAML
provider ``AWSSSO_<16 hex>_DO_NOT_DELETE`` in that account. A learner's own IdP cannot
assume these roles: its assertions do not come from that provider.

The roles are written as the service writes them (not through the learner's IAM calls),
and their maximum session is the permission set's session duration.
"""
from __future__ import annotations

import hashlib
import json

from awslab.services.iam.entities import InlinePolicy, SAMLProvider
from awslab.services.iam.policy import parse_policy
from awslab.services.iam.state import Role
from awslab.services.sso_admin.durations import parse as seconds
from awslab.services.sts.tokens import saml_metadata

SIGNIN = "https://signin.aws.amazon.com/saml"


def _hex(*parts: str) -> str:
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:16]


def portal_issuer(instance) -> str:
    """The SAML issuer of the instance's portal (its entity ID)."""
    return f"https://portal.sso.{instance.region}.amazonaws.com/saml/assertion/" \
           f"{instance.instance_id}"


def provider_arn(instance, account_id: str) -> str:
    return (f"arn:aws:iam::{account_id}:saml-provider/AWSSSO_"
            f"{_hex(instance.arn, account_id)}_DO_NOT_DELETE")


def role_name(instance, ps, account_id: str) -> str:
    return f"AWSReservedSSO_{ps.name}_{_hex(instance.arn, ps.arn, account_id)}"


def role_path(instance) -> str:
    region = "" if instance.region == "us-east-1" else f"{instance.region}/"
    return f"/aws-reserved/sso.amazonaws.com/{region}"


def _trust(provider: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": provider},
        "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"],
        "Condition": {"StringEquals": {"SAML:aud": SIGNIN}}}]}, indent=2)


def _ensure_provider(lab, instance, account_id: str) -> str:
    state = lab.state("iam", account_id)
    arn = provider_arn(instance, account_id)
    if arn not in state.saml_providers:
        now = lab.now.replace(microsecond=0)
        digest = hashlib.sha256(arn.encode()).hexdigest()
        state.saml_providers[arn] = SAMLProvider(
            arn.rsplit("/", 1)[-1], arn, saml_metadata(portal_issuer(instance)),
            f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}",
            now, now.replace(year=now.year + 100))
    return arn


def put_role(lab, instance, ps, account_id: str) -> Role:
    """Create or refresh the permission set's role in ``account_id``."""
    state = lab.state("iam", account_id)
    provider = _ensure_provider(lab, instance, account_id)
    name = role_name(instance, ps, account_id)
    role = state.role(name)
    if role is None:
        text = _trust(provider)
        trust = parse_policy(text, "trust")
        path = role_path(instance)
        role = Role(name=name, role_id=lab.ids.unique_id("AROA"),
                    arn=f"arn:aws:iam::{account_id}:role{path}{name}", path=path,
                    trust_policy=trust.document, trust_policy_text=text,
                    create_date=lab.now.replace(microsecond=0),
                    description=f"Provisioned by IAM Identity Center ({ps.name})",
                    trust=trust)
        state.roles[name.lower()] = role
    role.max_session_duration = seconds(ps.session_duration)
    role.attached = list(ps.managed)
    role.inline = {}
    if ps.inline:
        role.inline["awsssoinlinepolicy"] = InlinePolicy(
            "AwsSSOInlinePolicy", ps.inline, parse_policy(ps.inline, "identity",
                                                          name="AwsSSOInlinePolicy"))
    ps.provisioned[account_id] = ps.version
    state.changed()
    return role


def remove_role(lab, instance, ps, account_id: str) -> None:
    """Delete the permission set's role from ``account_id`` (last assignment removed)."""
    state = lab.state("iam", account_id)
    state.roles.pop(role_name(instance, ps, account_id).lower(), None)
    ps.provisioned.pop(account_id, None)
    state.changed()
