"""Builders shared by the policy-engine tests: accounts, principals, statements."""
from awslab.services.iam.policy import PolicySet, Request, evaluate, parse_policy

A, B = "111122223333", "444455556666"
USER = f"arn:aws:iam::{A}:user/alice"
USER_B = f"arn:aws:iam::{B}:user/bob"
ROLE = f"arn:aws:iam::{A}:role/Dev"
SESSION = f"arn:aws:sts::{A}:assumed-role/Dev/s1"
FED = f"arn:aws:sts::{A}:federated-user/fred"
ROOT_A = f"arn:aws:iam::{A}:root"
ROOT_B = f"arn:aws:iam::{B}:root"
OBJ = "arn:aws:s3:::data/report.csv"
V = "2012-10-17"


def stmt(effect="Allow", action="*", resource="*", **extra) -> dict:
    """A statement; ``extra`` adds Sid, Principal, Condition, NotAction..."""
    out = {"Effect": effect}
    if action is not None:
        out["Action"] = action
    if resource is not None:
        out["Resource"] = resource
    out.update(extra)
    return out


def allow(action="*", resource="*", **extra) -> dict:
    return stmt("Allow", action, resource, **extra)


def deny(action="*", resource="*", **extra) -> dict:
    return stmt("Deny", action, resource, **extra)


def pol(kind, *statements, name=None, version=V):
    """A parsed policy of ``kind`` holding ``statements``."""
    doc = {"Statement": list(statements)}
    if version:
        doc = {"Version": version, **doc}
    return parse_policy(doc, kind, name=name or kind)


FULL_SCP = pol("scp", allow(), name="FullAWSAccess")
FULL_RCP = pol("rcp", allow(Principal="*"), name="RCPFullAWSAccess")


def req(principal=USER, action="s3:GetObject", resource=OBJ, **kw) -> Request:
    kw.setdefault("resource_account", A)
    return Request(principal, action, resource, **kw)


def decide(request, trace=True, **policies):
    return evaluate(request, PolicySet(**policies), trace=trace)
