"""Resolver rules: create, get, list, delete; associate a rule with a VPC."""
from __future__ import annotations

from awslab.bridge.pagination import paginate
from awslab.bridge.registry import Operations
from awslab.errors import error_class

OPERATIONS = Operations("route53resolver", validation_code="ValidationException")
ResourceNotFoundException = error_class("ResourceNotFoundException")
ResourceExistsException = error_class("ResourceExistsException")
ResourceInUseException = error_class("ResourceInUseException")
InvalidRequestException = error_class("InvalidRequestException")
InvalidNextTokenException = error_class("InvalidNextTokenException")
AccessDeniedException = error_class("AccessDeniedException")


def rule_dict(rule, state) -> dict:
    share = ("SHARED_WITH_ME" if rule.owner != state.account_id else
             "SHARED_BY_ME" if rule.id in state.shared_out else "NOT_SHARED")
    out = {"Id": rule.id, "CreatorRequestId": rule.creator_request_id, "Arn": rule.arn,
           "DomainName": rule.domain, "Status": "COMPLETE", "StatusMessage": "",
           "RuleType": rule.rule_type, "Name": rule.name, "OwnerId": rule.owner,
           "ShareStatus": share,
           "CreationTime": rule.created.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
           "ModificationTime": rule.created.strftime("%Y-%m-%dT%H:%M:%S.%fZ")}
    if rule.target_ips:
        out["TargetIps"] = rule.target_ips
    if rule.endpoint_id:
        out["ResolverEndpointId"] = rule.endpoint_id
    return out


def _not_found(rule_id: str):
    return ResourceNotFoundException(f"Resolver rule with ID '{rule_id}' does not exist.")


def visible_rule(state, rule_id: str):
    rule = state.rules.get(rule_id) or state.shared_rules.get(rule_id)
    if rule is None:
        raise _not_found(rule_id)
    return rule


@OPERATIONS("CreateResolverRule")
def create_rule(call, p):
    from awslab.services.route53resolver.state import Rule
    state = call.state()
    if any(r.creator_request_id == p["CreatorRequestId"] for r in state.rules.values()):
        raise ResourceExistsException(
            f"Resolver rule with creator request ID '{p['CreatorRequestId']}' already "
            f"exists.")
    if p["RuleType"] == "FORWARD" and not p.get("TargetIps"):
        raise InvalidRequestException("A FORWARD rule needs TargetIps.")
    rid = f"rslvr-rr-{call.lab.ids.hex(17)}"
    rule = Rule(rid, f"arn:aws:route53resolver:{call.region}:{call.account_id}:"
                     f"resolver-rule/{rid}", call.account_id, p.get("Name", ""),
                p["RuleType"], p["DomainName"].rstrip(".") + ".", call.now,
                p["CreatorRequestId"], list(p.get("TargetIps") or []),
                p.get("ResolverEndpointId"),
                {t["Key"]: t["Value"] for t in p.get("Tags") or []})
    state.rules[rid] = rule
    return {"ResolverRule": rule_dict(rule, state)}


@OPERATIONS("GetResolverRule")
def get_rule(call, p):
    state = call.state()
    return {"ResolverRule": rule_dict(visible_rule(state, p["ResolverRuleId"]), state)}


def _page(items, p, key, salt):
    page, token = paginate(items, p.get("NextToken"), p.get("MaxResults") or 100, salt,
                           InvalidNextTokenException)
    out = {key: page, "MaxResults": p.get("MaxResults") or 100}
    if token:
        out["NextToken"] = token
    return out


@OPERATIONS("ListResolverRules")
def list_rules(call, p):
    if p.get("Filters"):
        raise InvalidRequestException("awslab does not simulate ListResolverRules filters.")
    state = call.state()
    rules = [*state.rules.values(), *state.shared_rules.values()]
    return _page([rule_dict(r, state) for r in rules], p, "ResolverRules", "rules")


@OPERATIONS("DeleteResolverRule")
def delete_rule(call, p):
    state = call.state()
    rule = visible_rule(state, p["ResolverRuleId"])
    if rule.owner != state.account_id:
        raise AccessDeniedException(
            f"The resolver rule {rule.id} is shared with you by account {rule.owner}; only "
            f"its owner can delete it.")
    if any(a.rule_id == rule.id for a in state.associations.values()):
        raise ResourceInUseException(f"Resolver rule with ID '{rule.id}' is associated "
                                     f"with one or more VPCs.")
    if rule.id in state.shared_out:
        raise ResourceInUseException(f"Resolver rule with ID '{rule.id}' is shared; "
                                     f"remove it from its resource shares first.")
    del state.rules[rule.id]
    return {"ResolverRule": rule_dict(rule, state)}


@OPERATIONS("AssociateResolverRule")
def associate_rule(call, p):
    from awslab.services.route53resolver.state import RuleAssociation
    state = call.state()
    rule = visible_rule(state, p["ResolverRuleId"])
    ec2 = call.lab.state("ec2", call.account_id, call.region)
    if p["VPCId"] not in ec2.vpcs and p["VPCId"] != ec2.vpc_id:
        raise ResourceNotFoundException(f"VPC with ID '{p['VPCId']}' does not exist.")
    assoc = RuleAssociation(f"rslvr-rrassoc-{call.lab.ids.hex(17)}", rule.id, p["VPCId"],
                            p.get("Name", ""))
    state.associations[assoc.id] = assoc
    return {"ResolverRuleAssociation": _assoc_dict(assoc)}


def _assoc_dict(a) -> dict:
    return {"Id": a.id, "ResolverRuleId": a.rule_id, "Name": a.name, "VPCId": a.vpc_id,
            "Status": "COMPLETE", "StatusMessage": ""}


@OPERATIONS("ListResolverRuleAssociations")
def list_associations(call, p):
    if p.get("Filters"):
        raise InvalidRequestException("awslab does not simulate these filters.")
    items = [_assoc_dict(a) for a in call.state().associations.values()]
    return _page(items, p, "ResolverRuleAssociations", "associations")
