"""Compliance: DescribeComplianceByConfigRule, DescribeComplianceByResource,
GetComplianceDetailsByConfigRule, GetComplianceDetailsByResource and
GetComplianceSummaryByConfigRule."""
from __future__ import annotations

from awslab.bridge.pagination import paginate
from awslab.services.config import engine, errors
from awslab.services.config.operations import OPERATIONS
from awslab.services.config.operations.rules import find_rule

CAP = 100          # ComplianceContributorCount is capped at 100


def _compliance(kind: str, count: int) -> dict:
    out = {"ComplianceType": kind}
    if kind == "NON_COMPLIANT":
        out["ComplianceContributorCount"] = {"CappedCount": min(count, CAP),
                                             "CapExceeded": count > CAP}
    return out


def _wanted(p: dict):
    kinds = p.get("ComplianceTypes") or (
        [p["ComplianceType"]] if isinstance(p.get("ComplianceType"), str) else None)
    return (lambda k: True) if not kinds else (lambda k: k in kinds)


def _page(call, p, items, salt, size=100):
    return paginate(items, p.get("NextToken"), p.get("Limit") or size, salt,
                    errors.InvalidNextTokenException)


@OPERATIONS("DescribeComplianceByConfigRule")
def describe_compliance_by_config_rule(call, p):
    state = call.state()
    names = p.get("ConfigRuleNames")
    rules = [find_rule(state, n) for n in names] if names else list(state.rules.values())
    wanted = _wanted(p)
    out = []
    for rule in rules:
        kind = engine.rule_compliance(rule)
        bad = sum(r.compliance == "NON_COMPLIANT" for r in rule.results.values())
        if wanted(kind):
            out.append({"ConfigRuleName": rule.name, "Compliance": _compliance(kind, bad)})
    page, token = paginate(out, p.get("NextToken"), 25, "by-rule",
                           errors.InvalidNextTokenException)
    return {"ComplianceByConfigRules": page, "NextToken": token}


def resource_compliance(state) -> dict[tuple[str, str], tuple[str, int]]:
    """Per resource: its compliance over all rules and how many rules it breaks."""
    per = {}
    for rule in state.rules.values():
        for key, result in rule.results.items():
            per.setdefault(key, []).append(result.compliance)
    out = {}
    for key, kinds in per.items():
        bad = kinds.count("NON_COMPLIANT")
        kind = "NON_COMPLIANT" if bad else "COMPLIANT" if "COMPLIANT" in kinds else \
            "INSUFFICIENT_DATA"
        out[key] = (kind, bad)
    return out


@OPERATIONS("DescribeComplianceByResource")
def describe_compliance_by_resource(call, p):
    state = call.state()
    if p.get("ResourceId") and not p.get("ResourceType"):
        raise errors.InvalidParameterValueException(
            "ResourceType is required when ResourceId is given.")
    wanted = _wanted(p)
    out = []
    for (rtype, rid), (kind, bad) in sorted(resource_compliance(state).items()):
        if p.get("ResourceType") and rtype != p["ResourceType"]:
            continue
        if p.get("ResourceId") and rid != p["ResourceId"]:
            continue
        if wanted(kind):
            out.append({"ResourceType": rtype, "ResourceId": rid,
                        "Compliance": _compliance(kind, bad)})
    page, token = _page(call, p, out, "by-resource", 10)
    return {"ComplianceByResources": page, "NextToken": token}


def result_dict(rule, rtype, rid, result) -> dict:
    out = {"EvaluationResultIdentifier": {
               "EvaluationResultQualifier": {"ConfigRuleName": rule.name,
                                             "ResourceType": rtype, "ResourceId": rid,
                                             "EvaluationMode": "DETECTIVE"},
               "OrderingTimestamp": result.ordering},
           "ComplianceType": result.compliance, "ResultRecordedTime": result.recorded,
           "ConfigRuleInvokedTime": result.invoked}
    if result.annotation:
        out["Annotation"] = result.annotation
    return out


@OPERATIONS("GetComplianceDetailsByConfigRule")
def get_compliance_details_by_config_rule(call, p):
    rule = find_rule(call.state(), p["ConfigRuleName"])
    wanted = _wanted(p)
    out = [result_dict(rule, t, i, r) for (t, i), r in sorted(rule.results.items())
           if wanted(r.compliance)]
    page, token = _page(call, p, out, "details-rule")
    return {"EvaluationResults": page, "NextToken": token}


@OPERATIONS("GetComplianceDetailsByResource")
def get_compliance_details_by_resource(call, p):
    state = call.state()
    key = (p.get("ResourceType"), p.get("ResourceId"))
    wanted = _wanted(p)
    out = [result_dict(rule, *key, rule.results[key]) for rule in state.rules.values()
           if key in rule.results and wanted(rule.results[key].compliance)]
    page, token = paginate(out, p.get("NextToken"), 100, "details-resource",
                           errors.InvalidNextTokenException)
    return {"EvaluationResults": page, "NextToken": token}


@OPERATIONS("GetComplianceSummaryByConfigRule")
def get_compliance_summary_by_config_rule(call, p):
    kinds = [engine.rule_compliance(r) for r in call.state().rules.values()]
    return {"ComplianceSummary": {
        "CompliantResourceCount": {"CappedCount": kinds.count("COMPLIANT"),
                                   "CapExceeded": False},
        "NonCompliantResourceCount": {"CappedCount": kinds.count("NON_COMPLIANT"),
                                      "CapExceeded": False},
        "ComplianceSummaryTimestamp": call.now}}
