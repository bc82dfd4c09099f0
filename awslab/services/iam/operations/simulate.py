"""The policy simulator: SimulateCustomPolicy and SimulatePrincipalPolicy.

Both run the enforcement engine with its trace on, and answer AWS's ``EvaluationResult``
for every action (and every resource of ``ResourceArns``): ``EvalDecision``, the
``MatchedStatements`` with their positions in the policy text, ``MissingContextValues``,
``OrganizationsDecisionDetail`` and ``PermissionsBoundaryDecisionDetail``.

As in AWS's simulator, only the ``ContextEntries`` given are in the request context (the
keys that follow from the simulated principal, such as ``aws:username``, are filled in);
condition keys a policy needs and the request lacks are reported in
``MissingContextValues``. ``SourcePolicyId`` is the policy's name (``PolicyInputList.1``
for input policies), ``SourcePolicyType`` one of ``user``, ``group``, ``role``,
``aws-managed``, ``user-managed``, ``resource`` or ``none``.
"""
from __future__ import annotations

import dataclasses

from awslab.services.iam import enforce, errors
from awslab.services.iam.directory import user_principal
from awslab.services.iam.operations import OPERATIONS
from awslab.services.iam.operations.common import page
from awslab.services.iam.policy import (MalformedPolicyDocument, PolicySet, Request,
                                        evaluate, parse_policy)


def _context(entries) -> dict:
    ctx = {}
    for entry in entries or []:
        values = list(entry.get("ContextKeyValues") or [])
        many = (entry.get("ContextKeyType") or "string").endswith("List")
        ctx[entry["ContextKeyName"]] = values if many else (values[0] if values else None)
    return ctx


def _inputs(texts, kind: str, prefix: str, labels: dict, source: str = "input") -> list:
    out = []
    for i, text in enumerate(texts or [], 1):
        name = f"{prefix}.{i}"
        try:
            policy = parse_policy(text, kind, name=name, source=source)
        except MalformedPolicyDocument as err:
            raise errors.InvalidInput(err.message) from None
        labels[(name, source)] = ("none", name)
        out.append(policy)
    return out


def _statement(m, labels: dict) -> dict:
    kind, pid = labels.get((m.policy, m.source), ("none", m.policy))
    out = {"SourcePolicyId": pid, "SourcePolicyType": kind}
    if m.start:
        out["StartPosition"] = {"Line": m.start[0], "Column": m.start[1]}
    if m.end:
        out["EndPosition"] = {"Line": m.end[0], "Column": m.end[1]}
    return out


def _details(decision) -> dict:
    out = {}
    if decision.organizations_decision is not None:
        out["OrganizationsDecisionDetail"] = {
            "AllowedByOrganizations": decision.organizations_decision}
    if decision.boundary_decision is not None:
        out["PermissionsBoundaryDecisionDetail"] = {
            "AllowedByPermissionsBoundary": decision.boundary_decision}
    return out


def _result(action: str, resource: str, decision, labels: dict, specific: bool) -> dict:
    matched = [_statement(m, labels) for m in decision.matched_statements]
    missing = list(decision.missing_context_values)
    out = {"EvalActionName": action, "EvalResourceName": resource,
           "EvalDecision": decision.eval_decision, "MatchedStatements": matched,
           "MissingContextValues": missing, **_details(decision)}
    if specific:
        row = {"EvalResourceName": resource, "EvalResourceDecision": decision.eval_decision,
               "MatchedStatements": matched, "MissingContextValues": missing}
        if decision.boundary_decision is not None:
            row["PermissionsBoundaryDecisionDetail"] = out["PermissionsBoundaryDecisionDetail"]
        out["ResourceSpecificResults"] = [row]
    return out


def _simulate(call, p, policies: PolicySet, principal: str, kind: str, labels: dict,
              role_arn=None, user_id=None) -> dict:
    """Evaluate every action x resource and page through the results."""
    caller_arn = p.get("CallerArn")
    if caller_arn and ":user/" not in caller_arn:
        raise errors.InvalidInput("CallerArn must be the ARN of an IAM user; roles, role "
                                  "sessions and federated users cannot be callers here.")
    if p.get("ResourcePolicy") and not caller_arn and kind != "IAMUser":
        raise errors.InvalidInput("CallerArn is required when you include a ResourcePolicy "
                                  "and the PolicySourceArn is not the ARN of an IAM user.")
    if p.get("ResourcePolicy"):
        resource = _inputs([p["ResourcePolicy"]], "resource", "ResourcePolicy", labels,
                           "resource policy")[0]
        labels[("ResourcePolicy.1", "resource policy")] = ("resource", "ResourcePolicy")
        policies = dataclasses.replace(policies, resource=resource)
    arns = p.get("ResourceArns") or ["*"]
    ctx = _context(p.get("ContextEntries"))
    owner = p.get("ResourceOwner")
    owner = owner.split(":")[4] if owner and owner.startswith("arn:") else owner
    caller = p.get("CallerArn") or principal
    results = []
    for action in p["ActionNames"]:
        for arn in arns:
            request = Request(caller, action, arn,
                              principal_type=kind if caller == principal else None,
                              role_arn=role_arn, context=ctx, resource_account=owner,
                              user_id=user_id if caller == principal else None)
            decision = evaluate(request, policies, trace=True)
            results.append(_result(action, arn, decision, labels, "ResourceArns" in p))
    chunk, more = page(results, p, [call.operation, p["ActionNames"], arns])
    return {"EvaluationResults": chunk, **more}


@OPERATIONS("SimulateCustomPolicy")
def simulate_custom_policy(call, p):
    labels: dict = {}
    identity = _inputs(p["PolicyInputList"], "identity", "PolicyInputList", labels)
    boundary = _inputs(p.get("PermissionsBoundaryPolicyInputList"), "boundary",
                       "PermissionsBoundaryPolicyInputList", labels)
    levels = [_inputs(level.get("ServiceControlPolicyInputList"), "scp",
                      f"OrderedOrganizationPolicyInputList.{i}", labels)
              for i, level in enumerate(p.get("OrderedOrganizationPolicyInputList") or [], 1)]
    levels = levels or None
    policies = PolicySet(identity=identity, boundary=boundary[0] if boundary else None,
                         scps=levels)
    principal = f"arn:aws:iam::{call.account_id}:user/PolicySimulatorUser"
    return _simulate(call, p, policies, principal, "IAMUser", labels)


@OPERATIONS("SimulatePrincipalPolicy")
def simulate_principal_policy(call, p):
    state = call.lab.state("iam", call.account_id)
    arn = p["PolicySourceArn"]
    kind, _, rest = arn.split(":", 5)[-1].partition("/")
    name = rest.rsplit("/", 1)[-1]
    entity = {"user": state.user, "group": state.group, "role": state.role}.get(
        kind, lambda n: None)(name)
    if entity is None or entity.arn != arn:
        raise errors.NoSuchEntity(f"The {kind or 'entity'} with name {name or arn} "
                                  "cannot be found.")
    labels: dict = {}
    if kind == "user":
        who = enforce.subject(call.lab, user_principal(entity, call.account_id))
        identity, boundary, labels = list(who.policies.identity), who.policies.boundary, \
            dict(who.labels)
    else:
        identity = enforce.entity_policies(state, entity, kind, labels)
        boundary = enforce.boundary_policy(state, getattr(entity, "permissions_boundary",
                                                          None), labels)
    identity += _inputs(p.get("PolicyInputList"), "identity", "PolicyInputList", labels)
    given = _inputs(p.get("PermissionsBoundaryPolicyInputList"), "boundary",
                    "PermissionsBoundaryPolicyInputList", labels)
    policies = PolicySet(identity=identity, boundary=given[0] if given else boundary,
                         scps=enforce.org_levels(call.lab, call.account_id))
    ptype = {"user": "IAMUser", "role": "AssumedRole"}.get(kind, "IAMUser")
    user_id = {"user": getattr(entity, "user_id", None),
               "role": f"{getattr(entity, 'role_id', '')}:PolicySimulator"}.get(kind)
    return _simulate(call, p, policies, arn, ptype, labels,
                     role_arn=arn if kind == "role" else None, user_id=user_id)
