"""Trail operations: CreateTrail, UpdateTrail, DeleteTrail, GetTrail, DescribeTrails,
ListTrails, GetTrailStatus, StartLogging, StopLogging (aws-facts 6.3).

A trail made through the API logs one region unless ``IsMultiRegionTrail`` (the console
makes multi-region trails); it logs nothing until StartLogging. The bucket policy must let
``cloudtrail.amazonaws.com`` write ``AWSLogs/<account>/*`` (checked at creation, as AWS
does, and again at every delivery). A multi-region trail is visible in every region (a
"shadow trail") but changed only in its home region. At most five trails per region, a
multi-region trail counting in each. KMS encryption and organization trails are refused.
"""
from __future__ import annotations

import re
from datetime import timedelta

from awslab.services.cloudtrail import errors
from awslab.services.cloudtrail.hub import attach
from awslab.services.cloudtrail.operations import OPERATIONS
from awslab.services.cloudtrail.records import stamp
from awslab.services.cloudtrail.state import Trail

SERVICE = "cloudtrail.amazonaws.com"
MAX_TRAILS = 5
DELIVERY_EVERY = timedelta(minutes=5)
_NAME = re.compile(r"[A-Za-z0-9._-]+")
_LOG_GROUP = re.compile(r"arn:aws:logs:([a-z0-9-]+):(\d{12}):log-group:([\w#./-]+):\*")
_ROLE = re.compile(r"arn:aws:iam::(\d{12}):role/(?:[\w+=,.@-]+/)*[\w+=,.@-]+")


def check_name(name: str) -> None:
    """CloudTrail's trail-name rules, with its messages."""
    if len(name) < 3:
        raise errors.InvalidTrailNameException(
            f"Trail name too short. Minimum allowed length: 3 characters. Specified name "
            f"length: {len(name)} characters.")
    if len(name) > 128:
        raise errors.InvalidTrailNameException(
            f"Trail name too long. Maximum allowed length: 128 characters. Specified name "
            f"length: {len(name)} characters.")
    if not _NAME.fullmatch(name):
        raise errors.InvalidTrailNameException(
            "Trail name or ARN can only contain uppercase letters, lowercase letters, "
            "numbers, periods (.), hyphens (-), and underscores (_).")
    if not name[0].isalnum():
        raise errors.InvalidTrailNameException("Trail name must starts with a letter or number.")
    if not name[-1].isalnum():
        raise errors.InvalidTrailNameException("Trail name must ends with a letter or number.")
    if re.search(r"[._-]{2}", name):
        raise errors.InvalidTrailNameException(
            "Trail name cannot have adjacent periods, underscores or dashes.")


def account_trails(lab, account_id: str) -> list[Trail]:
    """Every trail of an account, in every home region."""
    return [t for (acct, _), state in lab.states("cloudtrail") if acct == account_id
            for t in state.trails.values()]


def visible(lab, account_id: str, region: str) -> list[Trail]:
    """Trails that apply in ``region``: homed there, or multi-region."""
    return [t for t in account_trails(lab, account_id)
            if t.home_region == region or t.multi_region]


def find(call, name: str, *, change: bool = False) -> Trail:
    """The trail named ``name`` (or with that ARN) seen from the caller's region."""
    if name.startswith("arn:"):
        parts = name.split(":")
        if len(parts) != 6 or parts[2] != "cloudtrail" or not parts[5].startswith("trail/"):
            raise errors.CloudTrailARNInvalidException(
                f"{name} is not a valid trail ARN; expected "
                "arn:aws:cloudtrail:REGION:ACCOUNT:trail/NAME")
        found = call.lab.state("cloudtrail", parts[4], parts[3]).trails.get(parts[5][6:])
    else:
        check_name(name)
        found = next((t for t in visible(call.lab, call.account_id, call.region)
                      if t.name == name), None)
    if found is None or found.account_id != call.account_id or (
            found.home_region != call.region and not found.multi_region):
        raise errors.trail_not_found(name, call.account_id)
    if change and found.home_region != call.region:
        raise errors.InvalidHomeRegionException(
            f"This operation must be called from the trail's home region "
            f"{found.home_region}.")
    return found


def log_prefix(trail_or_prefix, account_id: str) -> str:
    """``[prefix/]AWSLogs/<account>/``: where the trail writes."""
    prefix = getattr(trail_or_prefix, "prefix", trail_or_prefix)
    return (f"{prefix.rstrip('/')}/" if prefix else "") + f"AWSLogs/{account_id}/"


def _check_bucket(call, bucket: str, prefix: str | None, arn: str) -> None:
    s3 = call.lab.service("s3")
    found = s3.find_bucket(call.lab, bucket) if s3 is not None else None
    if found is None:
        raise errors.S3BucketDoesNotExistException(f"S3 bucket {bucket} does not exist.")
    try:
        s3.check_delivery(call.lab, bucket, log_prefix(prefix, call.account_id) +
                          "CloudTrail/", service=SERVICE, source_account=call.account_id,
                          source_arn=arn)
    except s3.DeliveryError:
        raise errors.InsufficientS3BucketPolicyException(
            f"Incorrect S3 bucket policy is detected for bucket: {bucket}") from None


def _check_logs(call, group_arn: str | None, role_arn: str | None) -> None:
    if not group_arn and not role_arn:
        return
    if not group_arn:
        raise errors.InvalidCloudWatchLogsLogGroupArnException(
            "You must specify a log group ARN along with a role ARN.")
    if not role_arn:
        raise errors.InvalidCloudWatchLogsRoleArnException(
            "You must specify a role ARN along with a log group ARN.")
    match = _LOG_GROUP.fullmatch(group_arn)
    if match is None or match.group(2) != call.account_id:
        raise errors.InvalidCloudWatchLogsLogGroupArnException(
            f"Invalid CloudWatch Logs log group ARN: {group_arn} (expected "
            "arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*)")
    if not _ROLE.fullmatch(role_arn):
        raise errors.InvalidCloudWatchLogsRoleArnException(
            f"Invalid CloudWatch Logs role ARN: {role_arn}")
    from awslab.services.iam.service_access import role_allowed
    decision = role_allowed(call.lab, SERVICE, role_arn, "logs:PutLogEvents",
                            group_arn.rstrip("*") + "log-stream:x",
                            resource_account=call.account_id)
    if not decision.allowed:
        raise errors.InvalidCloudWatchLogsRoleArnException(
            "Access denied. Verify in IAM that the role has adequate permissions.")


def _refuse_unsimulated(p: dict) -> None:
    if p.get("KmsKeyId"):
        raise errors.not_simulated("KMS encryption of log files (KmsKeyId)")
    if p.get("IsOrganizationTrail"):
        raise errors.not_simulated("organization trails (IsOrganizationTrail)")


def shape(trail: Trail, *, described: bool = False) -> dict:
    """The trail as CreateTrail/UpdateTrail (or, ``described``, GetTrail) answer it."""
    out = {"Name": trail.name, "S3BucketName": trail.bucket, "S3KeyPrefix": trail.prefix,
           "SnsTopicName": trail.sns_topic.rsplit(":", 1)[-1] if trail.sns_topic else None,
           "SnsTopicARN": trail.sns_topic,
           "IncludeGlobalServiceEvents": trail.include_global,
           "IsMultiRegionTrail": trail.multi_region, "TrailARN": trail.arn,
           "LogFileValidationEnabled": trail.validation,
           "CloudWatchLogsLogGroupArn": trail.log_group_arn,
           "CloudWatchLogsRoleArn": trail.log_role_arn, "KmsKeyId": trail.kms_key_id,
           "IsOrganizationTrail": False}
    if described:
        out.update({"HomeRegion": trail.home_region,
                    "HasCustomEventSelectors": trail.custom_selectors,
                    "HasInsightSelectors": bool(trail.insight_types)})
    return {k: v for k, v in out.items() if v is not None}


def _topic_arn(call, name: str | None) -> str | None:
    if not name:
        return None
    return name if name.startswith("arn:") else \
        f"arn:aws:sns:{call.region}:{call.account_id}:{name}"


@OPERATIONS("CreateTrail")
def create_trail(call, p):
    attach(call.lab)
    name = p["Name"]
    check_name(name)
    _refuse_unsimulated(p)
    state = call.state()
    here = visible(call.lab, call.account_id, call.region)
    if name in state.trails or any(t.name == name for t in here):
        raise errors.TrailAlreadyExistsException(
            f"Trail {name} already exists for customer: {call.account_id}")
    if len(here) >= MAX_TRAILS:
        raise errors.MaximumNumberOfTrailsExceededException(
            f"User: {call.account_id} already has {MAX_TRAILS} trails in {call.region}.")
    prefix = p.get("S3KeyPrefix")
    if prefix is not None and len(prefix) > 200:
        raise errors.InvalidS3PrefixException("S3 key prefix is longer than 200 characters.")
    arn = f"arn:aws:cloudtrail:{call.region}:{call.account_id}:trail/{name}"
    _check_bucket(call, p["S3BucketName"], prefix, arn)
    _check_logs(call, p.get("CloudWatchLogsLogGroupArn"), p.get("CloudWatchLogsRoleArn"))
    trail = Trail(name, arn, call.account_id, call.region, p["S3BucketName"], prefix or None,
                  _topic_arn(call, p.get("SnsTopicName")),
                  p.get("IncludeGlobalServiceEvents", True),
                  p.get("IsMultiRegionTrail", False), p.get("EnableLogFileValidation", False),
                  p.get("CloudWatchLogsLogGroupArn"), p.get("CloudWatchLogsRoleArn"),
                  tags={t["Key"]: t.get("Value", "") for t in p.get("TagsList") or []})
    if trail.multi_region and not trail.include_global:
        raise errors.InvalidParameterCombinationException(
            "Multi-Region trail must include global service events.")
    state.trails[name] = trail
    return shape(trail)


@OPERATIONS("UpdateTrail")
def update_trail(call, p):
    trail = find(call, p["Name"], change=True)
    _refuse_unsimulated(p)
    bucket = p.get("S3BucketName", trail.bucket)
    prefix = p.get("S3KeyPrefix", trail.prefix)
    if "S3BucketName" in p or "S3KeyPrefix" in p:
        _check_bucket(call, bucket, prefix, trail.arn)
    group = p.get("CloudWatchLogsLogGroupArn", trail.log_group_arn) or None
    role = p.get("CloudWatchLogsRoleArn", trail.log_role_arn) or None
    if "CloudWatchLogsLogGroupArn" in p or "CloudWatchLogsRoleArn" in p:
        _check_logs(call, group, role)
    multi = p.get("IsMultiRegionTrail", trail.multi_region)
    include = p.get("IncludeGlobalServiceEvents", trail.include_global)
    if multi and not include:
        raise errors.InvalidParameterCombinationException(
            "Multi-Region trail must include global service events.")
    trail.bucket, trail.prefix = bucket, prefix or None
    trail.log_group_arn, trail.log_role_arn = group, role
    trail.multi_region, trail.include_global = multi, include
    trail.validation = p.get("EnableLogFileValidation", trail.validation)
    if "SnsTopicName" in p:
        trail.sns_topic = _topic_arn(call, p["SnsTopicName"])
    return shape(trail)


@OPERATIONS("DeleteTrail")
def delete_trail(call, p):
    trail = find(call, p["Name"], change=True)
    if trail.job is not None:
        trail.job.cancel()
    del call.lab.state("cloudtrail", trail.account_id, trail.home_region).trails[trail.name]
    return {}


@OPERATIONS("GetTrail")
def get_trail(call, p):
    return {"Trail": shape(find(call, p["Name"]), described=True)}


@OPERATIONS("DescribeTrails")
def describe_trails(call, p):
    shadows = p.get("includeShadowTrails", True)
    trails = [t for t in visible(call.lab, call.account_id, call.region)
              if shadows or t.home_region == call.region]
    names = p.get("trailNameList")
    if names:
        trails = [t for t in trails if t.name in names or t.arn in names]
    return {"trailList": [shape(t, described=True) for t in trails]}


@OPERATIONS("ListTrails")
def list_trails(call, p):
    from awslab.bridge.pagination import paginate
    trails = sorted(account_trails(call.lab, call.account_id), key=lambda t: t.arn)
    page, token = paginate(trails, p.get("NextToken"), 50, "ListTrails",
                           errors.InvalidParameterException)
    return {"Trails": [{"TrailARN": t.arn, "Name": t.name, "HomeRegion": t.home_region}
                       for t in page], "NextToken": token}


@OPERATIONS("GetTrailStatus")
def get_trail_status(call, p):
    t = find(call, p["Name"])
    text = lambda when: stamp(when) if when else None  # noqa: E731
    out = {"IsLogging": t.logging, "StartLoggingTime": t.started,
           "StopLoggingTime": t.stopped, "TimeLoggingStarted": text(t.started),
           "TimeLoggingStopped": text(t.stopped), "LatestDeliveryTime": t.latest_delivery,
           "LatestDeliveryError": t.latest_delivery_error,
           "LatestCloudWatchLogsDeliveryTime": t.latest_cwl_delivery,
           "LatestCloudWatchLogsDeliveryError": t.latest_cwl_error}
    if t.delivered_until is not None and t.started is not None:
        out["LatestDeliveryAttemptTime"] = text(t.delivered_until)
        out["LatestDeliveryAttemptSucceeded"] = "" if t.latest_delivery_error else text(
            t.latest_delivery)
    return out


@OPERATIONS("StartLogging")
def start_logging(call, p):
    trail = find(call, p["Name"], change=True)
    attach(call.lab)
    if not trail.logging:
        from awslab.services.cloudtrail.delivery import schedule
        trail.logging, trail.started = True, call.now
        if trail.delivered_until is None or trail.delivered_until < call.now:
            trail.delivered_until = call.now
        schedule(call.lab, trail)
    return {}


@OPERATIONS("StopLogging")
def stop_logging(call, p):
    trail = find(call, p["Name"], change=True)
    if trail.logging:
        from awslab.services.cloudtrail.delivery import deliver
        deliver(call.lab, trail, call.now)
        trail.logging, trail.stopped = False, call.now
        if trail.job is not None:
            trail.job.cancel()
            trail.job = None
    return {}
