"""Enforcement: every call through the lab is authorised by the IAM policy engine.

:func:`authorize` is the lab's hook (``Lab.authorize`` calls it after validation). It builds
the engine's :class:`~awslab.services.iam.policy.Request` from the call
(:mod:`awslab.authz`: action, resources, condition keys), gathers the caller's
:class:`~awslab.services.iam.policy.PolicySet` and evaluates with the trace off. A denial
is the service's error with AWS's message (:func:`awslab.authz.denial_message`).

Who the caller is decides which policies count (aws-facts 9.1):

* an IAM user (long-term keys or a GetSessionToken session): its inline and managed
  policies and those of its groups, its permissions boundary;
* a role session: the role's policies and boundary, plus the session policies passed to
  AssumeRole* (kept with the credentials);
* a federated user (GetFederationToken): the IAM user's policies intersected with the
  session policies (none passed: no permissions);
* the root user: everything, except what SCPs deny (the Organizations seam:
  :func:`org_levels`).

The policies of each caller are gathered once per IAM *generation* (any IAM change starts a
new one) and cached in the IAM state of the caller's account; compiled policies live on the
IAM entities themselves, so a decision never parses JSON.

Restrictions of temporary credentials (aws-facts 8.2) are checked first: role sessions
cannot call GetSessionToken/GetFederationToken; GetSessionToken credentials cannot call IAM
without MFA, nor STS except AssumeRole and GetCallerIdentity; GetFederationToken
credentials cannot call IAM, nor STS except GetCallerIdentity.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Optional, Union

from awslab import authz
from awslab.errors import AwslabError, AwsError, InvalidClientTokenId
from awslab.identity import Credentials, Principal
from awslab.services.iam import directory
from awslab.services.iam.managed import MANAGED_POLICIES
from awslab.services.iam.policy import Decision, PolicySet, Request, evaluate

#: Actions that need no permission (GetCallerIdentity, GetSessionToken) or whose caller is
#: the identity provider's user, authorised by the operation itself: STS federation, the
#: unsigned Cognito identity pool calls of an app, the IAM Identity Center portal (a
#: bearer token from the sign-in).
NO_PERMISSION = frozenset({"sts:GetCallerIdentity", "sts:GetSessionToken",
                           "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity",
                           "cognito-identity:GetId",
                           "cognito-identity:GetCredentialsForIdentity",
                           "cognito-identity:GetOpenIdToken", "awsssoportal:ListAccounts",
                           "awsssoportal:ListAccountRoles",
                           "awsssoportal:GetRoleCredentials", "awsssoportal:Logout"})
SESSION_TYPES = ("AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity")
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"


@dataclass(frozen=True)
class Subject:
    """A caller as the engine sees it: its policies and the facts Requests need."""

    policies: PolicySet
    role_arn: Optional[str] = None
    tags: dict = field(default_factory=dict)
    labels: dict = field(default_factory=dict)   # (name, source) -> (type, id) for Simulate*
    memo: dict = field(default_factory=dict, compare=False)   # request key -> Decision


# -- the caller's policies --------------------------------------------------------------
def _managed(state, arn: str, source: str, labels: dict):
    policy = MANAGED_POLICIES.get(arn)
    compiled = policy.compiled if policy is not None else None
    kind = "aws-managed"
    if compiled is None:
        customer = state.customer_policy(arn)
        if customer is None:
            return None
        compiled, kind = customer.default.policy, "user-managed"
    labels[(arn, source)] = (kind, arn.rsplit("/", 1)[-1])
    return compiled.named(arn, source)


def entity_policies(state, entity, kind: str, labels: dict) -> list:
    """The inline and attached managed policies of a user, group or role, named for
    traces and simulation."""
    out = []
    for inline in entity.inline.values():
        source = f"inline policy of {kind} {entity.name}"
        labels[(inline.name, source)] = (kind, inline.name)
        out.append(inline.policy.named(inline.name, source))
    for arn in entity.attached:
        policy = _managed(state, arn, f"managed policy attached to {kind} {entity.name}",
                          labels)
        if policy is not None:
            out.append(policy)
    return out


def boundary_policy(state, arn: Optional[str], labels: dict):
    return _managed(state, arn, "permissions boundary", labels) if arn else None


def user_policies(state, user, labels: dict) -> list:
    policies = entity_policies(state, user, "user", labels)
    for name in user.groups:
        group = state.group(name)
        if group is not None:
            policies += entity_policies(state, group, "group", labels)
    return policies


def org_levels(lab, account_id: str, kind: str = "scp"):
    """SCP (or RCP) levels from the root to ``account_id``; ``None`` without Organizations.

    The seam for issue 8: an ``organizations`` service package that defines
    ``policy_levels(lab, account_id, kind)`` (and optionally ``is_management_account`` and
    ``organization_id`` for ``aws:PrincipalOrgID``) takes part in every decision. The
    levels are cached with each caller's policies, so a change to SCPs or to the
    organization's shape must call ``lab.state("iam", account).changed()`` for the
    accounts it affects.
    """
    from awslab.services import PACKAGES
    if "organizations" not in PACKAGES:
        return None
    pkg = lab.service("organizations")
    fn = getattr(pkg, "policy_levels", None)
    return fn(lab, account_id, kind) if fn is not None else None


def _org_facts(lab, account_id: str) -> dict:
    levels = org_levels(lab, account_id, "scp")
    if levels is None:
        return {}
    pkg = lab.service("organizations")
    manager = getattr(pkg, "is_management_account", lambda lab, a: False)(lab, account_id)
    return {"scps": levels, "management_account": manager}


def _build(lab, state, principal: Principal) -> Subject:
    labels: dict = {}
    session = principal.session or {}
    org = _org_facts(lab, principal.account_id)
    if principal.kind == "Root":
        return Subject(PolicySet(**org))
    if principal.kind == "AssumedRole":
        role = directory.role_by_arn(lab, session.get("role_arn", ""))
        identity = entity_policies(state, role, "role", labels) if role else []
        boundary = boundary_policy(state, role.permissions_boundary, labels) if role else None
        tags = {**(role.tags if role else {}), **session.get("tags", {})}
        return Subject(PolicySet(identity=identity, boundary=boundary,
                                 session=tuple(session.get("policies") or ()), **org),
                       session.get("role_arn"), tags, labels)
    user = directory.user_of(lab, principal)
    identity = user_policies(state, user, labels) if user else []
    boundary = boundary_policy(state, user.permissions_boundary, labels) if user else None
    tags = {**(user.tags if user else {}), **session.get("tags", {})}
    if principal.kind == "FederatedUser":
        if session.get("root"):          # the root user's federated users: root's rights
            identity = [MANAGED_POLICIES[ADMIN].compiled.named(ADMIN, "the root user")]
        return Subject(PolicySet(identity=identity, boundary=boundary,
                                 session=tuple(session.get("policies") or ()), **org),
                       user.arn if user else None, tags, labels)
    return Subject(PolicySet(identity=identity, boundary=boundary, **org), None, tags, labels)


def subject(lab, principal: Principal) -> Subject:
    """The caller's policies, cached for the current IAM generation of its account."""
    state = lab.state("iam", principal.account_id)
    key = (principal.arn, principal.principal_id, (principal.session or {}).get("key"))
    found = state.policy_sets.get(key)
    if found is None:
        found = state.policy_sets[key] = _build(lab, state, principal)
    return found


# -- requests ---------------------------------------------------------------------------
def principal_context(lab, principal: Principal) -> dict:
    """Condition keys that follow from the credentials: MFA, token issue time, source
    identity, the identity provider (the engine adds aws:PrincipalArn, aws:username...)."""
    session = principal.session or {}
    org = _org_context(lab, principal.account_id)
    if not session.get("temporary"):
        return org
    ctx = {"aws:TokenIssueTime": session.get("issued"),
           "aws:MultiFactorAuthPresent": session.get("mfa_time") is not None}
    if session.get("mfa_time") is not None:
        age = int((lab.now - session["mfa_time"]).total_seconds())
        ctx["aws:MultiFactorAuthAge"] = str(max(age, 0))
    if session.get("source_identity"):
        ctx["aws:SourceIdentity"] = session["source_identity"]
    if session.get("provider"):
        ctx["aws:FederatedProvider"] = session["provider"]
    # keys of the identity provider's token (``cognito-identity.amazonaws.com:sub``...)
    ctx.update(session.get("context") or {})
    ctx.update(org)
    return ctx


def _org_context(lab, account_id: str) -> dict:
    """``aws:PrincipalOrgID`` of a caller whose account is in an organization."""
    from awslab.services import PACKAGES
    if "organizations" not in PACKAGES:
        return {}
    org_id = getattr(lab.service("organizations"), "organization_id", None)
    found = org_id(lab, account_id) if org_id is not None else None
    return {"aws:PrincipalOrgID": found} if found else {}


#: services whose resources RCPs guard (aws-facts 10.5)
RCP_SERVICES = frozenset({"s3", "sts", "sqs", "kms", "secretsmanager", "ecr", "dynamodb",
                          "logs", "cognito-identity", "aoss"})


def _with_rcps(lab, policies: PolicySet, action: str, owner: str) -> Optional[PolicySet]:
    """The policy set with the RCPs of the resource's account (aws-facts 10.5), or None
    when they do not apply (no organization, RCPs not enabled, a service RCPs do not
    cover)."""
    if action.split(":", 1)[0] not in RCP_SERVICES:
        return None
    levels = org_levels(lab, owner, "rcp")
    if levels is None:
        return None
    manager = getattr(lab.service("organizations"), "is_management_account",
                      lambda lab, a: False)(lab, owner)
    return dataclasses.replace(policies, rcps=levels,
                               resource_in_management_account=manager)


def _owner(resource: authz.Resource, account_id: str) -> str:
    if resource.owner:
        return resource.owner
    parts = resource.arn.split(":", 5)
    account = parts[4] if len(parts) == 6 else ""
    return account if len(account) == 12 and account.isdigit() else account_id


def resource_policy(lab, action: str, resource: authz.Resource):
    """The resource-based policy that governs ``action`` on ``resource``, if any: a role's
    trust policy for ``sts:AssumeRole*``/``sts:TagSession``/``sts:SetSourceIdentity``;
    later, the package of the resource's service (``resource_policy(lab, action, arn)``)."""
    parts = resource.arn.split(":", 5)
    if len(parts) != 6:
        return None
    if parts[2] == "iam" and action.startswith("sts:"):
        role = directory.role_by_arn(lab, resource.arn)
        if role is None:
            return False
        if role.trust is None:
            from awslab.services.iam.policy import parse_policy
            role.trust = parse_policy(role.trust_policy_text, "trust")
        return role.trust.named(f"trust policy of role {role.name}", "role trust policy")
    service = {"monitoring": "cloudwatch"}.get(parts[2], parts[2])
    from awslab.services import PACKAGES
    pkg = lab.service(service) if service in PACKAGES else None
    fn = getattr(pkg, "resource_policy", None) if pkg is not None else None
    return fn(lab, action, resource.arn) if fn is not None else None


MEMO_SIZE = 4096


def _memo_key(action: str, resource: authz.Resource, ctx: dict):
    try:
        return action, resource, tuple(sorted(
            (k, tuple(v) if isinstance(v, list) else v) for k, v in ctx.items()))
    except TypeError:                       # an unhashable or unorderable context value
        return None


def decide(lab, principal: Principal, action: str, resource: authz.Resource,
           context: dict, trace: bool = False, who: Optional[Subject] = None) -> Decision:
    """Evaluate one request of ``principal`` with the engine.

    Without the trace and without a resource policy, the same request (action, resource
    and every condition key, the clock's included) gets the decision of the first time,
    for as long as the caller's IAM generation lasts.
    """
    who = who or subject(lab, principal)
    policies = who.policies
    found = resource_policy(lab, action, resource)
    ctx = {**principal_context(lab, principal), **context}
    owner = _owner(resource, principal.account_id)
    guarded = _with_rcps(lab, policies, action, owner)
    if guarded is not None:
        policies = guarded
    key = _memo_key(action, resource, ctx) if not trace and found is None \
        and guarded is None else None
    if key is not None and key in who.memo:
        return who.memo[key]
    if found is not None:
        # a role that does not exist (False) has no trust policy to allow anyone; a trust
        # policy is required by its kind; other resource policies only add an Allow
        policies = dataclasses.replace(policies, resource=found or None,
                                       resource_policy_required=found is False)
    request = Request(principal.arn, action, resource.arn, principal_type=principal.kind,
                      principal_account=principal.account_id, role_arn=who.role_arn,
                      resource_account=owner, context=ctx, principal_tags=who.tags,
                      user_id=principal.principal_id,
                      is_service_linked_role=":role/aws-service-role/" in (who.role_arn or ""))
    decision = evaluate(request, policies, trace=trace)
    if key is not None:
        if len(who.memo) >= MEMO_SIZE:
            who.memo.clear()
        who.memo[key] = decision
    return decision


def _restrictions(call, principal: Principal, action: str) -> None:
    if principal.kind == "Root" and action == "sts:AssumeRole":
        raise AwsError("Roles may not be assumed by root accounts.", code="AccessDenied",
                       status=403)
    session = principal.session or {}
    issuer = session.get("type")
    if issuer is None:
        return
    service, op = action.split(":", 1)
    if issuer in SESSION_TYPES + ("GetSessionToken", "GetFederationToken") and op in (
            "GetSessionToken", "GetFederationToken") and service == "sts":
        raise AwsError(f"Cannot call {op} with session credentials", code="AccessDenied",
                       status=403)
    if issuer in ("GetSessionToken", "GetFederationToken") and call.service == "iam":
        if issuer == "GetFederationToken" or session.get("mfa_time") is None:
            raise InvalidClientTokenId("The security token included in the request is invalid")
    allowed = {"GetSessionToken": ("AssumeRole", "GetCallerIdentity"),
               "GetFederationToken": ("GetCallerIdentity",)}.get(issuer)
    if allowed is not None and service == "sts" and op not in allowed:
        raise AwsError(authz.denial_message(principal.arn, action, "", _NO_REASON),
                       code="AccessDenied", status=403)


class _NoReason:
    eval_decision, layer, layer_name, policy = "implicitDeny", "", "", None


_NO_REASON = _NoReason()


def authorize(lab, call) -> None:
    """Allow ``call`` or raise the service's access-denied error (the lab's hook)."""
    principal = call.caller
    if principal is None:
        return
    action = authz.action_name(call.service, call.operation, lab)
    _restrictions(call, principal, action)
    if action in NO_PERMISSION:
        return
    context = authz.context(call)
    checks = [(action, authz.resources(call), {})] + authz.extra_actions(call)
    who = subject(lab, principal)
    for name, items, extra in checks:
        for resource in items:
            decision = decide(lab, principal, name, resource, {**context, **extra}, who=who)
            if not decision.allowed:
                _deny(call, principal, name, resource, decision, context)


def _deny(call, principal, action, resource, decision, context) -> None:
    message = authz.denial_message(principal.arn, action, resource.shown or resource.arn,
                                   decision)
    encoded = None
    if call.service == "ec2" and not call.operation.startswith("Describe"):
        encoded = authz.encode_failure({
            "allowed": False, "explicitDeny": decision.eval_decision == "explicitDeny",
            "matchedStatements": {"items": [
                {"statementId": m.sid or "", "effect": m.effect, "policy": m.policy}
                for m in decision.matched_statements]},
            "context": {"principal": {"id": principal.principal_id, "arn": principal.arn},
                        "action": action, "resource": resource.arn,
                        "conditions": {"items": [
                            {"key": k, "values": {"items": [{"value": str(v)}]}}
                            for k, v in sorted(context.items()) if not isinstance(v, list)]}}})
    raise authz.denial(call, message, encoded)


# -- the notebook helper ----------------------------------------------------------------------
Who = Union[str, Principal, Credentials, dict]


def principal_for(lab, who: Who) -> Principal:
    """A principal from an ARN (user, role, root, assumed-role session), credentials, the
    keyword arguments of ``lab.client`` or a Principal."""
    if isinstance(who, Principal):
        return who
    if isinstance(who, Credentials):
        return who.principal
    if isinstance(who, dict):
        creds = lab.credentials.get(who.get("aws_access_key_id") or who.get("AccessKeyId"))
        if creds is None:
            raise AwslabError("no credentials in this lab match those keys")
        return creds.principal
    parts = who.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        raise AwslabError(f"{who!r} is not a principal ARN")
    account, resource = parts[4], parts[5]
    if resource == "root":
        return directory.root_principal(account)
    state = directory.iam_state(lab, account)
    if resource.startswith("user/") and state is not None:
        user = state.user(resource.rsplit("/", 1)[-1])
        if user is not None:
            return directory.user_principal(user, account)
    if resource.startswith(("role/", "assumed-role/")):
        return _session_for(lab, who, account, resource)
    raise AwslabError(f"no IAM user or role {who!r} in this lab")


def _session_for(lab, arn: str, account: str, resource: str) -> Principal:
    live = [c.principal for c in lab.credentials.all() if c.principal.arn == arn]
    if live:
        return live[-1]
    name = resource.split("/")[1] if resource.startswith("assumed-role/") \
        else resource.rsplit("/", 1)[-1]
    state = directory.iam_state(lab, account)
    role = state.role(name) if state is not None else None
    if role is None:
        raise AwslabError(f"no role {name!r} in account {account}")
    session = resource.split("/")[2] if resource.startswith("assumed-role/") else "explain"
    return Principal("AssumedRole", account, f"arn:aws:sts::{account}:assumed-role/"
                     f"{role.name}/{session}", f"{role.role_id}:{session}", session,
                     {"type": "AssumeRole", "role_arn": role.arn, "temporary": True,
                      "key": f"explain:{role.arn}"})


def explain(lab, principal: Who, action: str, resource: str = "*",
            context: Optional[dict] = None, region: str = "us-east-1") -> Decision:
    """What the lab would decide for ``principal`` doing ``action`` on ``resource``, with
    the decision trace (``print(decision.explain())``).

    The same code path as enforcement, with the trace on. ``context`` adds or overrides
    condition keys; the global keys of a call from the lab (``aws:SourceIp``,
    ``aws:CurrentTime``, ``aws:RequestedRegion``...) are filled in as for a real call.
    Introduced in ``14_policy_evaluation.ipynb``.

    Examples
    --------
    >>> from awslab.services.iam import explain
    >>> d = explain(lab, "arn:aws:iam::123456789012:user/admin", "cloudwatch:PutMetricData")
    >>> d.eval_decision
    'allowed'
    """
    who = principal_for(lab, principal)
    now = lab.now.replace(microsecond=0)
    base = {"aws:SourceIp": "198.51.100.10", "aws:CurrentTime": now,
            "aws:EpochTime": str(int(now.timestamp())), "aws:RequestedRegion": region,
            "aws:SecureTransport": True, "aws:ViaAWSService": False}
    return decide(lab, who, action, authz.Resource(resource), {**base, **(context or {})},
                  trace=True)
