"""CloudTrail records: one API call as the JSON event CloudTrail writes (aws-facts 6.1).

:func:`record` is pure: it reads an :class:`awslab.audit.ApiCall` (and, for callers the
lab gave a network origin, their source IP and user agent) and returns the event as a
dict. The classification helpers say what kind of event a call is: its ``eventSource``,
whether it is read-only, a management or a data event, and which resources
(``ResourceType``, ``ResourceName``) LookupEvents can find it by.
"""
from __future__ import annotations

import hashlib
from datetime import datetime
from functools import lru_cache

from awslab.bridge.shapes import lower_first

EVENT_VERSION = "1.11"
HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS"
#: Services whose events CloudTrail records in US East (N. Virginia) (global services).
GLOBAL_SERVICES = frozenset({"iam", "organizations", "route53", "cloudfront"})
READ_PREFIXES = ("Get", "List", "Describe", "Lookup", "Head", "Search", "Filter", "Test",
                 "Simulate", "Decode", "BatchGet", "Select", "Scan", "Query", "Validate",
                 "Preview", "Estimate")
#: Calls CloudTrail marks read-only although their names do not say so: STS hands out
#: credentials without changing any resource (AWS's sample AssumeRole record has
#: ``"readOnly": true``).
READ_ONLY_CALLS = {("sts", op) for op in (
    "AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "GetSessionToken",
    "GetFederationToken", "AssumeRoot")}
#: Data events (data-plane operations; off by default on trails, never in event history).
DATA_EVENTS = {
    "s3": frozenset({"GetObject", "PutObject", "DeleteObject", "DeleteObjects", "HeadObject",
                     "CopyObject", "GetObjectAcl", "PutObjectAcl", "GetObjectTagging",
                     "PutObjectTagging", "RestoreObject", "SelectObjectContent"}),
    "lambda": frozenset({"Invoke"}),
    "sqs": frozenset({"SendMessage", "SendMessageBatch", "ReceiveMessage", "DeleteMessage",
                      "DeleteMessageBatch", "ChangeMessageVisibility"}),
    "dynamodb": frozenset({"GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan",
                           "BatchGetItem", "BatchWriteItem"}),
}
_WRITE_DATA = frozenset({"PutObject", "DeleteObject", "DeleteObjects", "CopyObject",
                         "PutObjectAcl", "PutObjectTagging", "RestoreObject", "Invoke"})
#: Request members that name a resource, and its CloudFormation-style type.
RESOURCE_MEMBERS = {
    "Bucket": "AWS::S3::Bucket", "InstanceIds": "AWS::EC2::Instance",
    "InstanceId": "AWS::EC2::Instance", "GroupId": "AWS::EC2::SecurityGroup",
    "VolumeId": "AWS::EC2::Volume", "UserName": "AWS::IAM::User",
    "RoleName": "AWS::IAM::Role", "PolicyArn": "AWS::IAM::Policy",
    "AlarmName": "AWS::CloudWatch::Alarm", "AlarmNames": "AWS::CloudWatch::Alarm",
    "TopicArn": "AWS::SNS::Topic", "QueueUrl": "AWS::SQS::Queue",
    "FunctionName": "AWS::Lambda::Function", "logGroupName": "AWS::Logs::LogGroup",
    "LoadBalancerArn": "AWS::ElasticLoadBalancingV2::LoadBalancer",
    "ListenerArn": "AWS::ElasticLoadBalancingV2::Listener",
    "TargetGroupArn": "AWS::ElasticLoadBalancingV2::TargetGroup",
    "AutoScalingGroupName": "AWS::AutoScaling::AutoScalingGroup",
    "ConfigRuleName": "AWS::Config::ConfigRule", "TrailName": "AWS::CloudTrail::Trail",
    "DashboardName": "AWS::CloudWatch::Dashboard",
}
#: Members whose meaning depends on the service.
SERVICE_MEMBERS = {("cloudtrail", "Name"): "AWS::CloudTrail::Trail",
                   ("iam", "GroupName"): "AWS::IAM::Group",
                   ("ec2", "GroupName"): "AWS::EC2::SecurityGroup",
                   ("events", "Name"): "AWS::Events::Rule"}
_SECRET_MEMBERS = frozenset({"SecretAccessKey", "SessionToken", "Password", "NewPassword",
                             "OldPassword", "PrivateKey", "SAMLAssertion",
                             "WebIdentityToken", "Base32StringSeed", "QRCodePNG"})


@lru_cache(maxsize=256)
def stamp(t: datetime) -> str:
    """``2026-01-05T10:04:31Z``: CloudTrail's time format."""
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


@lru_cache(maxsize=None)
def event_source(service: str) -> str:
    """``s3.amazonaws.com``; CloudWatch is ``monitoring.amazonaws.com`` (its endpoint)."""
    try:
        from awslab.bridge.client import _session
        meta = _session()._session.get_service_model(service).metadata
        prefix = meta.get("endpointPrefix") or service
    except Exception:          # a name botocore does not know (seeded activity only)
        prefix = service
    return f"{prefix}.amazonaws.com"


@lru_cache(maxsize=None)
def event_bus_source(service: str) -> str:
    """The EventBridge ``source`` of the service's events (``aws.cloudwatch``, ``aws.s3``)."""
    from awslab.authz import action_prefix
    try:
        return "aws." + action_prefix(service)
    except Exception:
        return "aws." + service


@lru_cache(maxsize=None)
def is_read_only(service: str, operation: str) -> bool:
    """Whether CloudTrail marks the call ``readOnly`` (it changes nothing)."""
    if service in DATA_EVENTS and operation in DATA_EVENTS[service]:
        return operation not in _WRITE_DATA and not operation.startswith(
            ("Send", "Delete", "Put", "Update", "BatchWrite", "Change"))
    return operation.startswith(READ_PREFIXES) or (service, operation) in READ_ONLY_CALLS


def is_data_event(service: str, operation: str) -> bool:
    """Whether the call is a data event (data plane) rather than a management event."""
    ops = DATA_EVENTS.get(service)
    return ops is not None and operation in ops


def event_region(service: str, region: str) -> str:
    """The region CloudTrail records the call in (global services: us-east-1)."""
    return "us-east-1" if service in GLOBAL_SERVICES else region


#: Member names CloudTrail writes differently from the API (S3 says ``bucketName``).
_RENAMED = {"Bucket": "bucketName"}


def _camel(name: str, top: bool) -> str:
    return (top and _RENAMED.get(name)) or lower_first(name)


_SCALARS = frozenset({str, int, float, bool, type(None)})
_PLAIN = _SCALARS | {dict, list}


def jsonable(value, top: bool = True):
    """Request or response members as CloudTrail writes them: lowerCamelCase member
    names, times as text, secrets hidden, binary bodies left out."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k == "ResponseMetadata" or type(v) not in _PLAIN and (
                    isinstance(v, (bytes, bytearray)) or hasattr(v, "read")):
                continue
            out[_camel(k, top)] = HIDDEN if k in _SECRET_MEMBERS else (
                v if type(v) in _SCALARS else jsonable(v, False))
        return out
    if isinstance(value, (list, tuple)):
        return [jsonable(v, False) for v in value]
    if isinstance(value, datetime):
        return stamp(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def guid(key: str, head: str | None = None) -> str:
    """A version-4-shaped GUID hashed from ``key`` (its first 13 characters ``head``,
    ``xxxxxxxx-xxxx``, when given)."""
    h = hashlib.md5(key.encode()).hexdigest()
    head = head or f"{h[:8]}-{h[8:12]}"
    return f"{head}-4{h[13:16]}-{'89ab'[int(h[16], 16) % 4]}{h[17:20]}-{h[20:32]}"


def event_id(request_id: str) -> str:
    """A stable GUID for the event of one request (its first 12 hex digits are the
    request ID's, so seeded activity, whose request IDs start with the time, can be
    found by event ID without reading every row)."""
    ok = len(request_id) >= 13 and request_id[8] == "-"
    return guid(request_id, request_id[:13] if ok else None)


def _attributes(session: dict) -> dict:
    issued = session.get("issued")
    return {"creationDate": stamp(issued) if issued else None,
            "mfaAuthenticated": "true" if session.get("mfa_time") else "false"}


def user_identity(principal, access_key_id: str | None) -> dict:
    """The ``userIdentity`` block of a caller (aws-facts 6.1)."""
    if principal is None:
        return {"type": "Unknown", **({"accessKeyId": access_key_id} if access_key_id else {})}
    kind, s = principal.kind, principal.session or {}
    if kind == "AWSService":
        return {"type": "AWSService", "invokedBy": principal.name}
    if kind in ("SAMLUser", "WebIdentityUser"):
        return {"type": kind, "principalId": principal.principal_id,
                "userName": principal.name, "identityProvider": principal.arn}
    out = {"type": kind, "principalId": principal.principal_id, "arn": principal.arn,
           "accountId": principal.account_id}
    if access_key_id:
        out["accessKeyId"] = access_key_id
    if kind == "IAMUser":
        out["userName"] = principal.name
    if kind == "AssumedRole":
        role_arn = s.get("role_arn") or _role_arn(principal.arn)
        issuer = {"type": "Role", "principalId": principal.principal_id.split(":")[0],
                  "arn": role_arn, "accountId": principal.account_id,
                  "userName": role_arn.rsplit("/", 1)[-1]}
        out["sessionContext"] = {"sessionIssuer": issuer, "attributes": _attributes(s)}
        if s.get("source_identity"):
            out["sessionContext"]["sourceIdentity"] = s["source_identity"]
    elif kind == "FederatedUser":
        user = s.get("user_name")
        issuer = ({"type": "Root", "principalId": principal.account_id,
                   "arn": f"arn:aws:iam::{principal.account_id}:root",
                   "accountId": principal.account_id} if s.get("root") or not user else
                  {"type": "IAMUser", "arn": f"arn:aws:iam::{principal.account_id}:user/{user}",
                   "accountId": principal.account_id, "userName": user})
        out["sessionContext"] = {"sessionIssuer": issuer, "attributes": _attributes(s)}
    elif s.get("temporary"):         # GetSessionToken keys of a user or the root user
        out["sessionContext"] = {"attributes": _attributes(s)}
    return out


def _role_arn(assumed_arn: str) -> str:
    parts = assumed_arn.split(":")
    role = parts[5].split("/")[1] if len(parts) == 6 and "/" in parts[5] else "unknown"
    return f"arn:aws:iam::{parts[4] if len(parts) > 4 else ''}:role/{role}"


def username(principal) -> str | None:
    """The ``Username`` LookupEvents shows: the user, the role session, or ``root``."""
    if principal is None:
        return None
    if principal.kind == "AssumedRole":
        return principal.principal_id.split(":", 1)[-1]
    if principal.kind == "Root":
        return "root"
    return principal.name


def resources_of(service: str, request: dict) -> list[tuple[str, str]]:
    """``(ResourceType, ResourceName)`` of the resources a request names."""
    out = []
    for member, value in request.items():
        kind = SERVICE_MEMBERS.get((service, member)) or RESOURCE_MEMBERS.get(member)
        if kind is None:
            continue
        for name in (value if isinstance(value, list) else [value]):
            if isinstance(name, str) and name:
                out.append((kind, name))
    return out


def record(lab, api_call, network: tuple[str, str] | None = None) -> dict:
    """The CloudTrail event of one recorded call (aws-facts 6.1), as a dict.

    Management and data events alike; ``readOnly``, ``eventCategory`` and
    ``managementEvent`` say which. Read-only calls carry no ``responseElements``, failed
    calls carry ``errorCode`` and ``errorMessage``. ``network``: the caller's
    ``(sourceIPAddress, userAgent)`` as it was at the call (default: as the lab knows it
    now).
    """
    from awslab.services.cloudtrail.hub import origin
    service, op = api_call.service, api_call.operation
    region = event_region(service, api_call.region)
    caller = api_call.caller
    read_only = is_read_only(service, op)
    data = is_data_event(service, op)
    ip, agent = network or origin(lab, api_call)
    out = {
        "eventVersion": EVENT_VERSION,
        "userIdentity": user_identity(caller, api_call.access_key_id),
        "eventTime": stamp(api_call.time),
        "eventSource": event_source(service),
        "eventName": op,
        "awsRegion": region,
        "sourceIPAddress": ip,
        "userAgent": agent,
    }
    if api_call.error_code:
        out["errorCode"] = api_call.error_code
        out["errorMessage"] = (api_call.error_message or "")[:1024]
    out["requestParameters"] = jsonable(api_call.request) or None
    quiet = read_only and (service, op) not in READ_ONLY_CALLS    # STS keeps its answer
    out["responseElements"] = (None if quiet or api_call.response is None
                               else jsonable(api_call.response) or None)
    out.update({
        "requestID": api_call.request_id,
        "eventID": event_id(api_call.request_id),
        "readOnly": read_only,
    })
    if data:
        out["resources"] = data_resources(service, api_call.request, region, caller)
    out.update({
        "eventType": "AwsApiCall",
        "managementEvent": not data,
        "recipientAccountId": caller.account_id if caller else "",
        "eventCategory": "Data" if data else "Management",
        "tlsDetails": {"tlsVersion": "TLSv1.3", "cipherSuite": "TLS_AES_128_GCM_SHA256",
                       "clientProvidedHostHeader":
                           f"{event_source(service).split('.')[0]}.{region}.amazonaws.com"},
    })
    return out


def data_resources(service: str, request: dict, region: str, caller) -> list[dict]:
    """The ``resources`` of a data event: the object and its bucket, or the function."""
    account = caller.account_id if caller else ""
    if service == "s3":
        bucket = request.get("Bucket", "")
        out = [{"type": "AWS::S3::Object", "ARN": f"arn:aws:s3:::{bucket}/{request['Key']}"}
               ] if request.get("Key") else []
        return out + [{"accountId": account, "type": "AWS::S3::Bucket",
                       "ARN": f"arn:aws:s3:::{bucket}"}]
    name = str(request.get("FunctionName") or request.get("QueueUrl") or "")
    kind = "AWS::Lambda::Function" if service == "lambda" else f"AWS::{service.upper()}::Resource"
    arn = name if name.startswith("arn:") else \
        f"arn:aws:{service}:{region}:{account}:function:{name}"
    return [{"accountId": account, "type": kind, "ARN": arn}]
