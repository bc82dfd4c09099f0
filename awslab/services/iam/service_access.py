"""May an AWS service write to a resource? The resource policy decides.

CloudTrail writing to a bucket, EventBridge sending to a queue, CloudWatch Logs invoking a
function: the caller is a *service principal* (``cloudtrail.amazonaws.com``), which has no
identity policies, so only the resource's own policy can allow it (aws-facts 9.1). AWS puts
``aws:SourceArn`` and ``aws:SourceAccount`` in the request context so that a policy can
admit the service only on behalf of one account or one resource (the confused-deputy guard).
"""
from __future__ import annotations

import copy
from functools import lru_cache
from typing import Optional

from awslab.services.iam.policy import Decision, PolicySet, Request, evaluate, parse_policy


@lru_cache(maxsize=512)
def _parsed(text: str, kind: str = "resource"):
    return parse_policy(text, kind)


def named_policy(text: Optional[str], name: str, source: str, kind: str = "resource"):
    """A resource policy's JSON, parsed once and labelled for decision traces (``None``
    when there is no policy): what each service's ``resource_policy`` seam returns."""
    return _parsed(text, kind).named(name, source) if text else None


def service_allowed(lab, service_principal: str, action: str, resource_arn: str,
                    policy_text: Optional[str], *, resource_account: str,
                    source_arn: Optional[str] = None,
                    source_account: Optional[str] = None,
                    policy_name: str = "resource policy", kind: str = "resource",
                    context: Optional[dict] = None) -> Decision:
    """Evaluate ``policy_text`` (a resource policy, or ``None`` when the resource has none)
    for ``service_principal`` doing ``action`` on ``resource_arn``.

    ``context`` adds request keys of the service's own (S3 deliveries carry
    ``s3:x-amz-acl``). ``lab`` is accepted for symmetry with the other seams (and future
    RCPs); the decision depends only on the policy and the request.
    """
    context = dict(context or {})
    if source_arn is not None:
        context["aws:SourceArn"] = source_arn
    if source_account is not None:
        context["aws:SourceAccount"] = source_account
    policy = named_policy(policy_text, policy_name, "resource-based policy", kind)
    request = Request(service_principal, action, resource_arn, principal_type="Service",
                      resource_account=resource_account, context=context)
    return evaluate(request, PolicySet(resource=policy, resource_account=resource_account))


def role_allowed(lab, service_principal: str, role_arn: str, action: str,
                 resource_arn: str, *, resource_account: str) -> Decision:
    """A service acting through a role (Firehose writing to S3, Logs writing to Kinesis):
    the role's trust policy must let ``service_principal`` assume it, then the role's own
    policies (and the resource's policy, across accounts) decide ``action``."""
    from awslab import authz
    from awslab.errors import AwslabError
    from awslab.services.iam.enforce import decide, principal_for
    try:
        role = principal_for(lab, role_arn)
    except AwslabError:
        return _denied(service_principal, action, resource_arn,
                       f"the role {role_arn} does not exist")
    trust = service_allowed(lab, service_principal, "sts:AssumeRole", role_arn,
                            _trust_text(lab, role_arn), resource_account=role.account_id,
                            policy_name="trust policy", kind="trust")
    if not trust.allowed:
        return trust
    return decide(lab, role, action, authz.Resource(resource_arn, owner=resource_account), {},
                  trace=True)


def _trust_text(lab, role_arn: str) -> Optional[str]:
    from awslab.services.iam import directory
    account, name = role_arn.split(":")[4], role_arn.rsplit("/", 1)[-1]
    state = directory.iam_state(lab, account)
    role = state.role(name) if state is not None else None
    return role.trust_policy_text if role is not None else None


def _denied(principal: str, action: str, resource: str, reason: str) -> Decision:
    decision = copy.copy(evaluate(Request(principal, action, resource,
                                          principal_type="Service"), PolicySet()))
    object.__setattr__(decision, "reason", reason)      # a frozen dataclass
    return decision
