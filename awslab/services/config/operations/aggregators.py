"""Aggregators: one read-only view of compliance across accounts and regions (aws-facts 7.4).

An account source shows another account's data only after that account authorizes the
aggregator (PutAggregationAuthorization in the source account and region); an
organization source needs the caller to be the organization's management account and
needs no authorizations. Aggregators read what each source's Config has recorded; they
cannot deploy rules.
"""
from __future__ import annotations

from awslab.bridge.pagination import paginate
from awslab.services.config import engine, errors
from awslab.services.config.operations import OPERATIONS
from awslab.services.config.operations.compliance import result_dict
from awslab.services.config.state import Aggregator

MAX_AGGREGATORS = 50


@OPERATIONS("PutConfigurationAggregator")
def put_configuration_aggregator(call, p):
    state = call.state()
    name = p["ConfigurationAggregatorName"]
    sources = p.get("AccountAggregationSources") or []
    org_source = p.get("OrganizationAggregationSource")
    if bool(sources) == bool(org_source):
        raise errors.InvalidParameterValueException(
            "Specify either AccountAggregationSources or OrganizationAggregationSource.")
    if name not in state.aggregators and len(state.aggregators) >= MAX_AGGREGATORS:
        raise errors.LimitExceededException(
            f"You have reached the limit of {MAX_AGGREGATORS} configuration aggregators.")
    accounts, regions, org = (), (), None
    if sources:
        accounts = tuple(a for s in sources for a in s["AccountIds"])
        regions = ("*",) if any(s.get("AllAwsRegions") for s in sources) else tuple(
            r for s in sources for r in s.get("AwsRegions") or [])
    else:
        orgs = call.lab.service("organizations")
        org = orgs.organization_of(call.lab, call.account_id) if orgs else None
        if org is None:
            raise errors.NoAvailableOrganizationException(
                "Organization is not available. Create an organization or join one.")
        if org["MasterAccountId"] != call.account_id:
            raise errors.OrganizationAccessDeniedException(
                "This action can only be performed if you are a registered delegated "
                "administrator or the management account of the organization.")
        regions = ("*",) if org_source.get("AllAwsRegions") else tuple(
            org_source.get("AwsRegions") or ())
    old = state.aggregators.get(name)
    agg = Aggregator(name, old.arn if old else
                     f"arn:aws:config:{call.region}:{call.account_id}:config-aggregator/"
                     f"config-aggregator-{engine.ids(call.lab, state).hex(8)}",
                     old.created if old else call.now, call.now, accounts, regions,
                     {"RoleArn": org_source["RoleArn"], "organization": org["Id"]}
                     if org else None)
    state.aggregators[name] = agg
    return {"ConfigurationAggregator": aggregator_dict(agg)}


def aggregator_dict(agg: Aggregator) -> dict:
    out = {"ConfigurationAggregatorName": agg.name, "ConfigurationAggregatorArn": agg.arn,
           "CreationTime": agg.created, "LastUpdatedTime": agg.updated}
    every = agg.regions == ("*",)
    if agg.organization:
        out["OrganizationAggregationSource"] = {
            "RoleArn": agg.organization["RoleArn"], "AllAwsRegions": every,
            **({} if every else {"AwsRegions": list(agg.regions)})}
    else:
        out["AccountAggregationSources"] = [{
            "AccountIds": list(agg.accounts), "AllAwsRegions": every,
            **({} if every else {"AwsRegions": list(agg.regions)})}]
    return out


def _aggregator(state, name: str) -> Aggregator:
    agg = state.aggregators.get(name)
    if agg is None:
        raise errors.NoSuchConfigurationAggregatorException()
    return agg


@OPERATIONS("DescribeConfigurationAggregators")
def describe_configuration_aggregators(call, p):
    state = call.state()
    names = p.get("ConfigurationAggregatorNames")
    aggs = [_aggregator(state, n) for n in names] if names else \
        list(state.aggregators.values())
    return {"ConfigurationAggregators": [aggregator_dict(a) for a in aggs]}


@OPERATIONS("DeleteConfigurationAggregator")
def delete_configuration_aggregator(call, p):
    state = call.state()
    _aggregator(state, p["ConfigurationAggregatorName"])
    del state.aggregators[p["ConfigurationAggregatorName"]]
    return {}


@OPERATIONS("PutAggregationAuthorization")
def put_aggregation_authorization(call, p):
    state = call.state()
    key = (p["AuthorizedAccountId"], p["AuthorizedAwsRegion"])
    state.authorizations.setdefault(key, call.now)
    return {"AggregationAuthorization": _authorization(call, key, state.authorizations[key])}


def _authorization(call, key, created) -> dict:
    return {"AggregationAuthorizationArn": f"arn:aws:config:{call.region}:{call.account_id}:"
            f"aggregation-authorization/{key[0]}/{key[1]}",
            "AuthorizedAccountId": key[0], "AuthorizedAwsRegion": key[1],
            "CreationTime": created}


@OPERATIONS("DescribeAggregationAuthorizations")
def describe_aggregation_authorizations(call, p):
    state = call.state()
    return {"AggregationAuthorizations": [_authorization(call, k, t)
                                          for k, t in state.authorizations.items()]}


def sources(lab, agg: Aggregator, account: str, region: str):
    """The Config states an aggregator sees: ``(account, region, state)``."""
    accounts = agg.accounts
    if agg.organization:
        org = lab.service("organizations").organization_of(lab, account)
        accounts = tuple(org["accounts"]) if org else (account,)
    for (acct, reg), state in sorted(lab.states("config"), key=lambda kv: kv[0]):
        if acct not in accounts or (agg.regions != ("*",) and reg not in agg.regions):
            continue
        if acct != account and not agg.organization and \
                (account, region) not in state.authorizations:
            continue
        yield acct, reg, state


@OPERATIONS("DescribeAggregateComplianceByConfigRules")
def describe_aggregate_compliance_by_config_rules(call, p):
    agg = _aggregator(call.state(), p["ConfigurationAggregatorName"])
    f = p.get("Filters") or {}
    rows = []
    for acct, reg, state in sources(call.lab, agg, call.account_id, call.region):
        for rule in state.rules.values():
            kind = engine.rule_compliance(rule)
            if (f.get("ConfigRuleName") not in (None, rule.name) or
                    f.get("ComplianceType") not in (None, kind) or
                    f.get("AccountId") not in (None, acct) or
                    f.get("AwsRegion") not in (None, reg)):
                continue
            rows.append({"ConfigRuleName": rule.name, "Compliance": {"ComplianceType": kind},
                         "AccountId": acct, "AwsRegion": reg})
    page, token = paginate(rows, p.get("NextToken"), p.get("Limit") or 1000, "agg-rules",
                           errors.InvalidNextTokenException)
    return {"AggregateComplianceByConfigRules": page, "NextToken": token}


@OPERATIONS("GetAggregateComplianceDetailsByConfigRule")
def get_aggregate_compliance_details_by_config_rule(call, p):
    agg = _aggregator(call.state(), p["ConfigurationAggregatorName"])
    rows = []
    for acct, reg, state in sources(call.lab, agg, call.account_id, call.region):
        rule = state.rules.get(p["ConfigRuleName"])
        if rule is None or acct != p["AccountId"] or reg != p["AwsRegion"]:
            continue
        for (rtype, rid), result in sorted(rule.results.items()):
            if p.get("ComplianceType") in (None, result.compliance):
                row = result_dict(rule, rtype, rid, result)
                row.update(AccountId=acct, AwsRegion=reg)
                rows.append(row)
    page, token = paginate(rows, p.get("NextToken"), p.get("Limit") or 100, "agg-details",
                           errors.InvalidNextTokenException)
    return {"AggregateEvaluationResults": page, "NextToken": token}
