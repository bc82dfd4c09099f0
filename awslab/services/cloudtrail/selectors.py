"""Event selectors (what a trail logs) and Insights selectors (aws-facts 6.2, 6.4).

Basic event selectors: at most five per trail; each has ``ReadWriteType``
(``ReadOnly | WriteOnly | All``), ``IncludeManagementEvents`` and up to 250
``DataResources`` in all: ``AWS::S3::Object`` (``arn:aws:s3`` for every bucket, or
``arn:aws:s3:::bucket/`` and a key prefix) and ``AWS::Lambda::Function`` (``arn:aws:lambda``
or a function ARN). Management events are logged by default; data events are not.
Advanced event selectors are refused (not simulated).
"""
from __future__ import annotations

from awslab.services.cloudtrail import errors, records
from awslab.services.cloudtrail.hub import sync
from awslab.services.cloudtrail.operations import OPERATIONS
from awslab.services.cloudtrail.trails import account_trails, find

MAX_SELECTORS = 5
MAX_DATA_RESOURCES = 250
DATA_TYPES = {"AWS::S3::Object": "arn:aws:s3", "AWS::Lambda::Function": "arn:aws:lambda",
              "AWS::DynamoDB::Table": "arn:aws:dynamodb"}
EXCLUDABLE = ("kms.amazonaws.com", "rdsdata.amazonaws.com")
INSIGHT_TYPES = ("ApiCallRateInsight", "ApiErrorRateInsight")


def _invalid(why: str) -> errors.InvalidEventSelectorsException:
    return errors.InvalidEventSelectorsException(why)


def _check_value(kind: str, value: str) -> None:
    root = DATA_TYPES[kind]
    if value == root or value == root + ":":
        return
    if kind == "AWS::S3::Object":
        ok = value.startswith("arn:aws:s3:::") and "/" in value[len("arn:aws:s3:::"):]
    elif kind == "AWS::Lambda::Function":
        ok = value.startswith("arn:aws:lambda:") and ":function:" in value
    else:
        ok = value.startswith("arn:aws:dynamodb:") and ":table/" in value
    if not ok:
        raise _invalid(f"Value {value} for DataResources.Values is invalid.")


def normalize(selectors: list) -> list[dict]:
    """Selectors with AWS's defaults filled in, or InvalidEventSelectorsException."""
    if not selectors:
        raise _invalid("At least one event selector must be specified.")
    if len(selectors) > MAX_SELECTORS:
        raise _invalid(f"A trail can have at most {MAX_SELECTORS} event selectors.")
    out, total = [], 0
    for sel in selectors:
        resources = []
        for res in sel.get("DataResources") or []:
            kind = res.get("Type")
            if kind not in DATA_TYPES:
                raise _invalid(f"Value {kind} for DataResources.Type is invalid.")
            values = list(res.get("Values") or [])
            for value in values:
                _check_value(kind, value)
            total += len(values)
            resources.append({"Type": kind, "Values": values})
        excluded = list(sel.get("ExcludeManagementEventSources") or [])
        for source in excluded:
            if source not in EXCLUDABLE:
                raise _invalid(f"Value {source} for ExcludeManagementEventSources is "
                               f"invalid; valid values: {', '.join(EXCLUDABLE)}.")
        out.append({"ReadWriteType": sel.get("ReadWriteType", "All"),
                    "IncludeManagementEvents": sel.get("IncludeManagementEvents", True),
                    "DataResources": resources, "ExcludeManagementEventSources": excluded})
    if total > MAX_DATA_RESOURCES:
        raise _invalid(f"A trail can have at most {MAX_DATA_RESOURCES} data resources.")
    return out


def _rw_ok(rw: str, read_only: bool) -> bool:
    return rw == "All" or (rw == "ReadOnly") == read_only


def _data_arn(api_call) -> tuple[str, str] | None:
    """``(DataResources type, ARN)`` a data event is matched on."""
    req = api_call.request
    if api_call.service == "s3" and req.get("Bucket"):
        return "AWS::S3::Object", f"arn:aws:s3:::{req['Bucket']}/{req.get('Key', '')}"
    if api_call.service == "lambda" and req.get("FunctionName"):
        name = req["FunctionName"]
        if not name.startswith("arn:"):
            name = (f"arn:aws:lambda:{api_call.region}:{api_call.caller.account_id}:"
                    f"function:{name}")
        return "AWS::Lambda::Function", name
    return None


def selected(selectors: list, api_call) -> bool:
    """Whether a trail with ``selectors`` logs ``api_call``."""
    read_only = records.is_read_only(api_call.service, api_call.operation)
    if not records.is_data_event(api_call.service, api_call.operation):
        source = records.event_source(api_call.service)
        return any(s["IncludeManagementEvents"] and _rw_ok(s["ReadWriteType"], read_only)
                   and source not in s["ExcludeManagementEventSources"] for s in selectors)
    target = _data_arn(api_call)
    if target is None:
        return False
    kind, arn = target
    return any(_rw_ok(s["ReadWriteType"], read_only) and any(
        r["Type"] == kind and any(arn.startswith(v) for v in r["Values"])
        for r in s["DataResources"]) for s in selectors)


def logs_management(selectors: list, read_only: bool) -> bool:
    """Whether the selectors log management events of this kind (background activity)."""
    return any(s["IncludeManagementEvents"] and _rw_ok(s["ReadWriteType"], read_only)
               for s in selectors)


def data_logged(lab, account_id: str, api_call) -> bool:
    """Whether some logging trail of the account logs this data event."""
    return any(t.logging and selected(t.selectors, api_call)
               for t in account_trails(lab, account_id)
               if t.multi_region or t.home_region == api_call.region)


@OPERATIONS("PutEventSelectors")
def put_event_selectors(call, p):
    trail = find(call, p["TrailName"], change=True)
    if p.get("AdvancedEventSelectors"):
        raise errors.not_simulated("advanced event selectors (AdvancedEventSelectors)")
    if "EventSelectors" not in p:
        raise _invalid("EventSelectors or AdvancedEventSelectors must be specified.")
    trail.selectors = normalize(p["EventSelectors"])
    trail.custom_selectors = True
    # selectors apply from now on: data events recorded before are not the trail's
    h = sync(call.lab)
    trail.cursors.update({("d", place): len(f.calls) for place, f in h.data.items()})
    return {"TrailARN": trail.arn, "EventSelectors": trail.selectors}


@OPERATIONS("GetEventSelectors")
def get_event_selectors(call, p):
    trail = find(call, p["TrailName"])
    return {"TrailARN": trail.arn, "EventSelectors": trail.selectors}


@OPERATIONS("PutInsightSelectors")
def put_insight_selectors(call, p):
    if p.get("EventDataStore") or p.get("InsightsDestination"):
        raise errors.not_simulated("CloudTrail Lake event data stores")
    if not p.get("TrailName"):
        raise errors.InvalidParameterCombinationException(
            "You must specify a TrailName or an EventDataStore.")
    trail = find(call, p["TrailName"], change=True)
    kinds = []
    for sel in p["InsightSelectors"]:
        kind = sel.get("InsightType")
        if kind not in INSIGHT_TYPES or kind in kinds:
            raise errors.InvalidInsightSelectorsException(
                f"Insight selector {kind} is not valid or is repeated.")
        if sel.get("EventCategories"):
            raise errors.not_simulated("Insights on data events (EventCategories)")
        kinds.append(kind)
    if kinds and not logs_management(trail.selectors, False):
        raise errors.InvalidInsightSelectorsException(
            "The trail must log write management events to enable Insights.")
    trail.insight_types = kinds
    trail.insights_since = call.now if kinds else None
    return {"TrailARN": trail.arn, "InsightSelectors": [{"InsightType": k} for k in kinds]}


@OPERATIONS("GetInsightSelectors")
def get_insight_selectors(call, p):
    if p.get("EventDataStore"):
        raise errors.not_simulated("CloudTrail Lake event data stores")
    if not p.get("TrailName"):
        raise errors.InvalidParameterCombinationException(
            "You must specify a TrailName or an EventDataStore.")
    trail = find(call, p["TrailName"])
    if not trail.insight_types:
        raise errors.InsightNotEnabledException(
            f"Trail {trail.name} does not have Insights enabled.")
    return {"TrailARN": trail.arn,
            "InsightSelectors": [{"InsightType": k} for k in trail.insight_types]}
