"""The evaluation flow, one row per fact of aws-facts sections 9 and 10.

Each row: the fact it checks (its id), the request, the policy set, and the expected
``EvalDecision`` with the layer that decided.
"""
import pytest

from awslab.services.iam.policy import PolicySet, evaluate
from policy_helpers import (A, B, FED, FULL_RCP, FULL_SCP, OBJ, ROLE, ROOT_A, ROOT_B,
                            SESSION, USER, USER_B, allow, decide, deny, pol, req)

ID_ALL = pol("identity", allow(), name="Admin")
ID_S3 = pol("identity", allow("s3:*"), name="S3")
ID_EC2 = pol("identity", allow("ec2:*"), name="EC2")
BND_S3 = pol("boundary", allow("s3:*"), name="S3Boundary")
BND_EC2 = pol("boundary", allow("ec2:*"), name="EC2Boundary")
SESS_S3 = [pol("session", allow("s3:*"), name="S3Session")]
SESS_EC2 = [pol("session", allow("ec2:*"), name="EC2Session")]


def res(*principals, effect="Allow", action="s3:*", **extra):
    """A bucket policy naming ``principals`` (AWS ARNs, or "*")."""
    p = "*" if principals == ("*",) else {"AWS": list(principals)}
    return pol("resource", {"Effect": effect, "Principal": p, "Action": action,
                            "Resource": "arn:aws:s3:::data/*", **extra}, name="bucket")


def scp(*statements, name="scp"):
    return pol("scp", *statements, name=name)


def trust(*principals):
    return pol("trust", {"Effect": "Allow", "Principal": {"AWS": list(principals)},
                         "Action": "sts:AssumeRole"}, name="trust")


IN_ORG = {"aws:PrincipalOrgID": "o-abc"}
ASSUME = dict(action="sts:AssumeRole", resource=ROLE)
NO_OUTSIDERS = pol("rcp", deny("s3:*", Principal="*", Condition={
    "StringNotEqualsIfExists": {"aws:PrincipalOrgID": "o-abc"}}), name="NoOutsiders")

CASES = [
    # --- 9.1 step 1: default and the root user
    ("9.1.1 default is implicit deny", req(), {}, "implicitDeny", "identity"),
    ("9.1.1 root user of a standalone account has full access", req(ROOT_A), {},
     "allowed", "root"),
    # --- 9.1 step 2: explicit deny anywhere wins
    ("9.1.2 explicit deny in an identity policy beats its allow", req(),
     dict(identity=[ID_ALL, pol("identity", deny("s3:GetObject"))]), "explicitDeny",
     "identity"),
    ("9.1.2 explicit deny in the resource policy beats an identity allow", req(),
     dict(identity=[ID_ALL], resource=res(USER, effect="Deny")), "explicitDeny", "resource"),
    ("9.1.2 explicit deny in the permissions boundary", req(),
     dict(identity=[ID_ALL], boundary=pol("boundary", allow(), deny("s3:Get*"))),
     "explicitDeny", "boundary"),
    ("9.1.2 explicit deny in a session policy", req(SESSION),
     dict(identity=[ID_ALL], session=[pol("session", allow(), deny("s3:*"))]),
     "explicitDeny", "session"),
    ("9.1.2 explicit deny in an SCP", req(),
     dict(identity=[ID_ALL], scps=[[FULL_SCP], [scp(allow(), deny("s3:*"))]]),
     "explicitDeny", "scp"),
    ("9.1.2 explicit deny in an RCP", req(USER_B, principal_account=B),
     dict(identity=[ID_ALL], resource=res(ROOT_B), rcps=[[FULL_RCP, NO_OUTSIDERS]]),
     "explicitDeny", "rcp"),
    ("9.1.2 an explicit deny binds even the root user", req(ROOT_A),
     dict(resource=res("*", effect="Deny")), "explicitDeny", "resource"),
    # --- 9.1 step 3 and 10.5: RCPs
    ("9.1.3 an RCP level with no allow denies", req(context=IN_ORG),
     dict(identity=[ID_ALL], rcps=[[FULL_RCP], [NO_OUTSIDERS]]), "implicitDeny", "rcp"),
    ("10.5 RCPFullAWSAccess at every level lets requests through", req(context=IN_ORG),
     dict(identity=[ID_ALL], rcps=[[FULL_RCP], [FULL_RCP, NO_OUTSIDERS]]), "allowed",
     "identity"),
    ("10.5 RCPs do not affect resources of the management account",
     req(USER_B, principal_account=B),
     dict(identity=[ID_ALL], resource=res(ROOT_B), rcps=[[FULL_RCP, NO_OUTSIDERS]],
          resource_in_management_account=True), "allowed", "resource"),
    # --- 9.1 step 4 and 10.2: SCPs
    ("9.1.4 an SCP level with no allow denies", req(),
     dict(identity=[ID_ALL], scps=[[FULL_SCP], [scp(allow("ec2:*"))]]), "implicitDeny",
     "scp"),
    ("10.2 SCPs grant nothing: identity policies still must allow", req(),
     dict(scps=[[FULL_SCP], [FULL_SCP]]), "implicitDeny", "identity"),
    ("10.2 inheritance is an intersection: C allowed at root and OU", req(action="s3:C"),
     dict(identity=[ID_ALL], scps=[[scp(allow(["s3:A", "s3:B", "s3:C"]))],
                                   [scp(allow(["s3:C", "s3:D", "s3:E"]))]]),
     "allowed", "identity"),
    ("10.2 inheritance is an intersection: A only at root", req(action="s3:A"),
     dict(identity=[ID_ALL], scps=[[scp(allow(["s3:A", "s3:B", "s3:C"]))],
                                   [scp(allow(["s3:C", "s3:D", "s3:E"]))]]),
     "implicitDeny", "scp"),
    ("10.2 inheritance is an intersection: D only at the OU", req(action="s3:D"),
     dict(identity=[ID_ALL], scps=[[scp(allow(["s3:A", "s3:B", "s3:C"]))],
                                   [scp(allow(["s3:C", "s3:D", "s3:E"]))]]),
     "implicitDeny", "scp"),
    ("10.2 a deny at an OU blocks the accounts below", req(),
     dict(identity=[ID_ALL], scps=[[FULL_SCP], [FULL_SCP, scp(deny("s3:*"))], [FULL_SCP]]),
     "explicitDeny", "scp"),
    ("10.2 SCPs bind a member account's root user", req(ROOT_A),
     dict(scps=[[FULL_SCP], [scp(allow("ec2:*"))]]), "implicitDeny", "scp"),
    ("10.2 the management account is exempt from SCPs", req(),
     dict(identity=[ID_ALL], scps=[[scp(allow("ec2:*"))]], management_account=True),
     "allowed", "identity"),
    ("10.2 service-linked roles are exempt from SCPs",
     req(f"arn:aws:sts::{A}:assumed-role/AWSServiceRoleForConfig/s",
         is_service_linked_role=True),
     dict(identity=[ID_ALL], scps=[[scp(deny())]]), "allowed", "identity"),
    ("10.2 SCPs do not affect principals outside the organization",
     req(USER_B, principal_account=B), dict(identity=[ID_ALL], resource=res(USER_B)),
     "allowed", "resource"),
    # --- 9.1 step 5: resource-based policies in the same account
    ("9.1.5 naming the IAM user allows without an identity policy", req(),
     dict(resource=res(USER)), "allowed", "resource"),
    ("9.1.5 naming the IAM user allows despite the boundary's implicit deny", req(),
     dict(resource=res(USER), boundary=BND_EC2), "allowed", "resource"),
    ("9.1.5 naming the role session allows despite identity, boundary, session",
     req(SESSION), dict(resource=res(SESSION), identity=[ID_EC2], boundary=BND_EC2,
                        session=SESS_EC2), "allowed", "resource"),
    ("9.1.5 naming the role is still limited by the boundary", req(SESSION),
     dict(resource=res(ROLE), boundary=BND_EC2), "implicitDeny", "boundary"),
    ("9.1.5 naming the role is still limited by the session policy", req(SESSION),
     dict(resource=res(ROLE), session=SESS_EC2), "implicitDeny", "session"),
    ("9.1.5 naming the role stands in for the identity policy", req(SESSION),
     dict(resource=res(ROLE), boundary=BND_S3, session=SESS_S3), "allowed", "resource"),
    ("9.1.5 naming the federated user session allows", req(FED, role_arn=USER),
     dict(resource=res(FED)), "allowed", "resource"),
    ("9.1.5 naming the IAM user behind a federated session: limited by its session policy",
     req(FED, role_arn=USER), dict(resource=res(USER), session=SESS_EC2), "implicitDeny",
     "session"),
    ("9.1.5 naming only the account delegates to identity policies", req(),
     dict(resource=res(ROOT_A)), "implicitDeny", "identity"),
    ("9.1.5 naming the account, with an identity allow", req(),
     dict(resource=res(ROOT_A), identity=[ID_S3]), "allowed", "identity"),
    ("9.1.5 a trust policy must allow: an identity policy alone is not enough",
     req(**ASSUME), dict(identity=[ID_ALL], resource=trust(f"arn:aws:iam::{A}:user/other")),
     "implicitDeny", "resource"),
    ("9.1.5 a trust policy naming the user allows it", req(**ASSUME),
     dict(resource=trust(USER)), "allowed", "resource"),
    ("9.1.5 a trust policy naming the account needs the identity allow too",
     req(**ASSUME), dict(resource=trust(ROOT_A)), "implicitDeny", "identity"),
    ("9.1.5 a trust policy naming the account, with the identity allow", req(**ASSUME),
     dict(resource=trust(ROOT_A), identity=[ID_ALL]), "allowed", "identity"),
    ("9.1.5 a KMS key policy must allow the caller", req(action="kms:Decrypt"),
     dict(identity=[ID_ALL], resource_policy_required=True), "implicitDeny", "resource"),
    ("9.1 identity or resource policy: an identity allow suffices in one account", req(),
     dict(identity=[ID_S3], resource=res(f"arn:aws:iam::{A}:user/other")), "allowed",
     "identity"),
    # --- 9.1 steps 6-8
    ("9.1.6 identity policies for other actions only", req(), dict(identity=[ID_EC2]),
     "implicitDeny", "identity"),
    ("9.1.7 a boundary without an allow denies", req(),
     dict(identity=[ID_ALL], boundary=BND_EC2), "implicitDeny", "boundary"),
    ("9.1.7 identity and boundary both allow", req(), dict(identity=[ID_S3], boundary=BND_S3),
     "allowed", "identity"),
    ("9.1.7 a boundary alone grants nothing", req(), dict(boundary=BND_S3), "implicitDeny",
     "identity"),
    ("9.1.8 a session policy without an allow denies", req(SESSION),
     dict(identity=[ID_ALL], session=SESS_EC2), "implicitDeny", "session"),
    ("9.1.8 a role session with no session policy keeps the role's permissions",
     req(SESSION), dict(identity=[ID_S3]), "allowed", "identity"),
    ("9.1.8 an empty list of session policies is no session policy", req(SESSION),
     dict(identity=[ID_S3], session=[]), "allowed", "identity"),
    ("9.1.8 a GetFederationToken session without a session policy has no permissions",
     req(FED, role_arn=USER), dict(identity=[ID_ALL]), "implicitDeny", "session"),
    ("9.1.8 a federated session: user's policies intersect the session policy",
     req(FED, role_arn=USER), dict(identity=[ID_ALL], session=SESS_S3), "allowed",
     "identity"),
    # --- 9.2 cross-account
    ("9.2 cross-account: both sides allow", req(USER_B, principal_account=B),
     dict(identity=[ID_S3], resource=res(USER_B)), "allowed", "resource"),
    ("9.2 cross-account: the resource side alone is not enough",
     req(USER_B, principal_account=B), dict(resource=res(USER_B)), "implicitDeny",
     "identity"),
    ("9.2 cross-account: the identity side alone is not enough",
     req(USER_B, principal_account=B), dict(identity=[ID_ALL]), "implicitDeny", "resource"),
    ("9.2 cross-account: a resource policy naming the caller's account",
     req(USER_B, principal_account=B), dict(identity=[ID_S3], resource=res(ROOT_B)),
     "allowed", "resource"),
    ("9.2 cross-account: the caller's boundary limits the identity side",
     req(USER_B, principal_account=B),
     dict(identity=[ID_S3], boundary=BND_EC2, resource=res(USER_B)), "implicitDeny",
     "boundary"),
    ("9.2 cross-account: the caller's SCPs apply", req(USER_B, principal_account=B),
     dict(identity=[ID_S3], resource=res(USER_B), scps=[[scp(allow("ec2:*"))]]),
     "implicitDeny", "scp"),
    ("9.2 cross-account: the caller's root still needs the resource policy",
     req(ROOT_B, principal_account=B), dict(resource=res(ROOT_B)), "allowed", "resource"),
    ("9.2 cross-account: a session needs both sides", req(
        f"arn:aws:sts::{B}:assumed-role/Auditor/x", principal_account=B),
     dict(identity=[ID_S3], resource=res(f"arn:aws:iam::{B}:role/Auditor")), "allowed",
     "resource"),
    # --- services and anonymous callers
    ("a service principal is allowed by the resource policy alone",
     req("cloudtrail.amazonaws.com", action="s3:PutObject"),
     dict(resource=pol("resource", allow("s3:PutObject", "arn:aws:s3:::data/*", Principal={
         "Service": "cloudtrail.amazonaws.com"}))), "allowed", "resource"),
    ("a service principal the resource policy does not name",
     req("config.amazonaws.com", action="s3:PutObject"),
     dict(resource=pol("resource", allow("s3:PutObject", "arn:aws:s3:::data/*", Principal={
         "Service": "cloudtrail.amazonaws.com"}))), "implicitDeny", "resource"),
    ("Principal * lets an anonymous caller in", req("anonymous", principal_type="Anonymous"),
     dict(resource=res("*")), "allowed", "resource"),
]


@pytest.mark.parametrize("request_, policies, expected, layer",
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_decision(request_, policies, expected, layer):
    decision = decide(request_, **policies)
    assert (decision.eval_decision, decision.layer) == (expected, layer), decision.explain()
    assert decision.allowed is (expected == "allowed")
    fast = decide(request_, trace=False, **policies)
    assert fast == decision


NOT_PRINCIPAL = [
    ("listing the account and the user exempts the user", [ROOT_A, USER], None, "allowed"),
    ("listing only the user still denies it (account checked first)", [USER], None,
     "explicitDeny"),
    ("listing the account and the role exempts its sessions", [ROOT_A, ROLE], None,
     "allowed"),
    ("a caller with a permissions boundary is never exempt", [ROOT_A, USER], "boundary",
     "explicitDeny"),
]


@pytest.mark.parametrize("listed, boundary, expected", [c[1:] for c in NOT_PRINCIPAL],
                         ids=[c[0] for c in NOT_PRINCIPAL])
def test_not_principal(listed, boundary, expected):
    bucket = pol("resource", {"Effect": "Deny", "NotPrincipal": {"AWS": listed},
                              "Action": "s3:*", "Resource": "arn:aws:s3:::data/*"},
                 allow("s3:*", "arn:aws:s3:::data/*", Principal="*"), name="bucket")
    caller = SESSION if ROLE in listed else USER
    policies = dict(resource=bucket)
    if boundary:
        policies["boundary"] = pol("boundary", allow())
    assert decide(req(caller), **policies).eval_decision == expected


NOT_ELEMENTS = [
    ("9.3 NotAction with Allow grants every other action", "ec2:RunInstances", OBJ,
     allow(None, NotAction="iam:*"), "allowed"),
    ("9.3 NotAction with Allow does not grant the listed ones", "iam:CreateUser", "*",
     allow(None, NotAction="iam:*"), "implicitDeny"),
    ("9.3 NotAction with Allow only covers the statement's Resource", "ec2:RunInstances",
     OBJ, allow(None, "arn:aws:ec2:*:*:instance/*", NotAction="iam:*"), "implicitDeny"),
    ("9.3 NotAction with Deny denies everything but the list", "ec2:RunInstances", OBJ,
     deny(None, NotAction="iam:*"), "explicitDeny"),
    ("9.3 NotAction with Deny spares the list", "iam:GetUser", "*",
     deny(None, NotAction="iam:*"), "allowed"),
    ("9.3 NotResource with Deny denies all but the listed resources", "s3:GetObject",
     "arn:aws:s3:::other/k", deny("s3:*", None, NotResource="arn:aws:s3:::data/*"),
     "explicitDeny"),
    ("9.3 NotResource with Deny spares the listed resources", "s3:GetObject", OBJ,
     deny("s3:*", None, NotResource="arn:aws:s3:::data/*"), "allowed"),
    ("9.3 NotResource with Allow grants everything else", "s3:GetObject",
     "arn:aws:s3:::other/k", allow("s3:*", None, NotResource="arn:aws:s3:::data/*"),
     "allowed"),
]


@pytest.mark.parametrize("action, resource, statement, expected",
                         [c[1:] for c in NOT_ELEMENTS], ids=[c[0] for c in NOT_ELEMENTS])
def test_not_action_and_not_resource(action, resource, statement, expected):
    base = [] if statement["Effect"] == "Allow" else [allow()]
    policy = pol("identity", *base, statement)
    assert decide(req(action=action, resource=resource),
                  identity=[policy]).eval_decision == expected


MFA = [
    # (fact, effect, operator, value, context MFA value, expected)
    ("9.4 Deny+BoolIfExists false denies long-term keys", "Deny", "BoolIfExists", "false",
     None, "explicitDeny"),
    ("9.4 Deny+BoolIfExists false denies non-MFA sessions", "Deny", "BoolIfExists", "false",
     False, "explicitDeny"),
    ("9.4 Deny+BoolIfExists false spares MFA sessions", "Deny", "BoolIfExists", "false",
     True, "allowed"),
    ("9.4 Deny+Bool false does not deny long-term keys", "Deny", "Bool", "false", None,
     "allowed"),
    ("9.4 Deny+Bool false denies non-MFA sessions", "Deny", "Bool", "false", False,
     "explicitDeny"),
    ("9.4 Allow+BoolIfExists true allows long-term keys", "Allow", "BoolIfExists", "true",
     None, "allowed"),
    ("9.4 Allow+BoolIfExists true allows MFA sessions", "Allow", "BoolIfExists", "true",
     True, "allowed"),
    ("9.4 Allow+BoolIfExists true refuses non-MFA sessions", "Allow", "BoolIfExists", "true",
     False, "implicitDeny"),
]


@pytest.mark.parametrize("effect, operator, value, mfa, expected", [c[1:] for c in MFA],
                         ids=[c[0] for c in MFA])
def test_mfa_patterns(effect, operator, value, mfa, expected):
    cond = {operator: {"aws:MultiFactorAuthPresent": value}}
    statements = [allow(Condition=cond)] if effect == "Allow" else [
        allow(), deny(Condition=cond)]
    context = {} if mfa is None else {"aws:MultiFactorAuthPresent": mfa}
    decision = decide(req(context=context), identity=[pol("identity", *statements)])
    assert decision.eval_decision == expected


def test_decision_details():
    bnd = pol("boundary", allow("s3:*"), name="B")
    d = decide(req(), identity=[ID_ALL], boundary=bnd, scps=[[FULL_SCP]])
    assert (d.organizations_decision, d.boundary_decision) == (True, True)
    assert d.policy == "Admin" and d.statement.policy == "Admin"
    assert [m.policy for m in d.matched_statements] == ["Admin"]
    d = decide(req(), identity=[ID_ALL], boundary=BND_EC2, scps=[[scp(allow("ec2:*"))]])
    assert (d.organizations_decision, d.boundary_decision) == (False, False)
    assert d.layer == "scp" and d.layer_name == "service control policy"
    d = decide(req(), identity=[ID_ALL])
    assert (d.organizations_decision, d.boundary_decision) == (None, None)


def test_explicit_deny_lists_every_denying_statement():
    d = decide(req(), identity=[pol("identity", allow(), deny("s3:*", Sid="NoS3"),
                                    name="P")],
               scps=[[FULL_SCP, scp(deny("s3:Get*"), name="Guard")]])
    assert d.layer == "scp" and d.policy == "Guard"
    assert [(m.layer, m.policy, m.sid) for m in d.matched_statements] == [
        ("scp", "Guard", None), ("identity", "P", "NoS3")]


def test_missing_context_values():
    p = pol("identity", allow(Condition={"StringEquals": {"aws:PrincipalTag/team": "a"},
                                         "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))
    d = decide(req(), identity=[p])
    assert d.missing_context_values == ("aws:PrincipalTag/team", "aws:SourceIp")
    d = decide(req(principal_tags={"team": "a"}, context={"aws:SourceIp": "10.1.2.3"}),
               identity=[p])
    assert d.allowed and d.missing_context_values == ()


def test_principal_keys_filled_from_the_caller():
    p = pol("identity", allow(Condition={"StringEquals": {
        "aws:PrincipalArn": ROLE, "aws:PrincipalAccount": A,
        "aws:PrincipalType": "AssumedRole"}}))
    assert decide(req(SESSION), identity=[p]).allowed
    assert not decide(req(), identity=[p]).allowed
    given = req(SESSION, context={"aws:PrincipalArn": "arn:aws:iam::1:role/X"})
    assert not decide(given, identity=[p]).allowed


def test_resource_account_from_the_policy_set():
    bucket = "arn:aws:s3:::shared/k"     # no account in an S3 ARN
    request = evaluate(req(USER_B, resource=bucket, principal_account=B,
                           resource_account=None),
                       PolicySet(identity=[ID_S3], resource_account=A))
    assert request.layer == "resource" and "cross-account" in request.reason


def test_policy_set_levels_accept_labels():
    ps = PolicySet(identity=[ID_ALL], scps=[("Root r-1", [FULL_SCP]),
                                            ("OU Dev", [scp(allow("ec2:*"))])])
    d = evaluate(req(), ps)
    assert d.layer == "scp" and "OU Dev" in d.reason
