"""The configuration recorder and the delivery channel (aws-facts 7.1).

One recorder and one delivery channel per account and region. A delivery channel needs a
recorder and an S3 bucket whose policy lets ``config.amazonaws.com`` write
``<prefix>/AWSLogs/<account>/Config/...`` (checked as AWS checks it, by a test write), and
optionally an SNS topic, the configuration stream. Recording starts only with a channel.
"""
from __future__ import annotations

from awslab.services.config import delivery, errors, recorder as rec
from awslab.services.config.operations import OPERATIONS
from awslab.services.config.state import DeliveryChannel, Recorder

SNS_ARN_PARTS = 6


@OPERATIONS("PutConfigurationRecorder")
def put_configuration_recorder(call, p):
    state = call.state()
    spec = p["ConfigurationRecorder"]
    name = spec.get("name") or "default"
    if state.recorder is not None and state.recorder.name != name:
        raise errors.MaxNumberOfConfigurationRecordersExceededException(
            "Failed to put configuration recorder because you have reached the limit for "
            "the maximum number of customer managed configuration records: (1)")
    role = spec.get("roleARN")
    if not role or ":iam::" not in role or ":role/" not in role:
        raise errors.InvalidRoleException("The roleARN is not a valid IAM role ARN.")
    group = spec.get("recordingGroup") or {}
    all_supported = group.get("allSupported", not group.get("resourceTypes"))
    types = tuple(group.get("resourceTypes") or ())
    if all_supported and types:
        raise errors.InvalidRecordingGroupException(
            "The recording group provided is not valid: allSupported and resourceTypes "
            "cannot both be set.")
    if group.get("includeGlobalResourceTypes") and not all_supported:
        raise errors.InvalidRecordingGroupException(
            "The recording group provided is not valid: includeGlobalResourceTypes "
            "requires allSupported.")
    mode = spec.get("recordingMode") or {}
    new = Recorder(name, role, all_supported, bool(group.get("includeGlobalResourceTypes")),
                   types, mode.get("recordingFrequency", "CONTINUOUS"))
    if state.recorder is not None:
        new.recording, new.last_start, new.last_stop = (
            state.recorder.recording, state.recorder.last_start, state.recorder.last_stop)
        new.last_status_change = state.recorder.last_status_change
        new.daily_job = state.recorder.daily_job
    state.recorder = new
    return {}


def _recorder(state, names) -> list:
    if not names:
        return [state.recorder] if state.recorder else []
    for name in names:
        if state.recorder is None or state.recorder.name != name:
            raise errors.no_recorder(name)
    return [state.recorder]


def _recorder_arn(call, r) -> str:
    return f"arn:aws:config:{call.region}:{call.account_id}:configuration-recorder/{r.name}"


@OPERATIONS("DescribeConfigurationRecorders")
def describe_configuration_recorders(call, p):
    out = []
    for r in _recorder(call.state(), p.get("ConfigurationRecorderNames")):
        group = {"allSupported": r.all_supported, "includeGlobalResourceTypes":
                 r.include_global, "resourceTypes": list(r.resource_types),
                 "recordingStrategy": {"useOnly": "ALL_SUPPORTED_RESOURCE_TYPES"
                                       if r.all_supported else "INCLUSION_BY_RESOURCE_TYPES"}}
        out.append({"arn": _recorder_arn(call, r), "name": r.name, "roleARN": r.role_arn,
                    "recordingGroup": group,
                    "recordingMode": {"recordingFrequency": r.frequency},
                    "recordingScope": "PAID"})
    return {"ConfigurationRecorders": out}


@OPERATIONS("DescribeConfigurationRecorderStatus")
def describe_configuration_recorder_status(call, p):
    out = []
    for r in _recorder(call.state(), p.get("ConfigurationRecorderNames")):
        status = {"arn": _recorder_arn(call, r), "name": r.name, "recording": r.recording,
                  "lastStartTime": r.last_start, "lastStopTime": r.last_stop,
                  "lastStatusChangeTime": r.last_status_change}
        if r.last_start is not None:
            status["lastStatus"] = "SUCCESS" if r.recording else "PENDING"
        out.append({k: v for k, v in status.items() if v is not None})
    return {"ConfigurationRecordersStatus": out}


@OPERATIONS("StartConfigurationRecorder")
def start_configuration_recorder(call, p):
    state = call.state()
    r = _recorder(state, [p["ConfigurationRecorderName"]])[0]
    if state.channel is None:
        raise errors.NoAvailableDeliveryChannelException()
    if not r.recording:
        r.recording, r.last_start, r.last_status_change = True, call.now, call.now
        rec.start(call.lab, state)
        delivery.schedule(call.lab, state)
    return {}


@OPERATIONS("StopConfigurationRecorder")
def stop_configuration_recorder(call, p):
    r = _recorder(call.state(), [p["ConfigurationRecorderName"]])[0]
    if r.recording:
        r.recording, r.last_stop, r.last_status_change = False, call.now, call.now
    return {}


@OPERATIONS("DeleteConfigurationRecorder")
def delete_configuration_recorder(call, p):
    state = call.state()
    r = _recorder(state, [p["ConfigurationRecorderName"]])[0]
    if r.daily_job is not None:
        r.daily_job.cancel()
    state.recorder = None
    return {}


# -- delivery channel ----------------------------------------------------------------------
def writability_key(account_id: str, prefix: str | None) -> str:
    """The object Config writes to test a bucket (and under which it delivers)."""
    base = f"AWSLogs/{account_id}/Config/ConfigWritabilityCheckFile"
    return f"{prefix}/{base}" if prefix else base


def _check_bucket(call, bucket: str, prefix: str | None) -> None:
    s3 = call.lab.service("s3")
    if s3 is None or s3.find_bucket(call.lab, bucket) is None:
        raise errors.NoSuchBucketException(f"Cannot find a S3 bucket with an appropriate "
                                           f"bucket policy to deliver data to: {bucket}")
    try:
        s3.deliver(call.lab, bucket, writability_key(call.account_id, prefix), b"",
                   service="config.amazonaws.com", source_account=call.account_id)
    except s3.DeliveryError as err:
        if err.code == "NoSuchBucket":
            raise errors.NoSuchBucketException(
                f"Cannot find a S3 bucket with an appropriate bucket policy to deliver "
                f"data to: {bucket}") from None
        raise errors.InsufficientDeliveryPolicyException(
            f"Insufficient delivery policy to s3 bucket: {bucket}, unable to write to "
            "bucket, provided s3 key prefix is 'null'." if not prefix else
            f"Insufficient delivery policy to s3 bucket: {bucket}, unable to write to "
            f"bucket, provided s3 key prefix is '{prefix}'.") from None


def _check_topic(call, arn: str) -> None:
    parts = arn.split(":")
    sns = call.lab.service("sns")
    if len(parts) != SNS_ARN_PARTS or parts[2] != "sns":
        raise errors.InvalidSNSTopicARNException("The sns topic arn is invalid.")
    topics = call.lab.state("sns", parts[4], parts[3]).topics if parts[4] in \
        call.lab.accounts else {}
    if sns is None or arn not in topics:
        raise errors.InvalidSNSTopicARNException(
            f"The sns topic arn '{arn}' is invalid: the topic does not exist.")


@OPERATIONS("PutDeliveryChannel")
def put_delivery_channel(call, p):
    state = call.state()
    spec = p["DeliveryChannel"]
    name = spec.get("name") or "default"
    if state.recorder is None:
        raise errors.NoAvailableConfigurationRecorderException()
    if state.channel is not None and state.channel.name != name:
        raise errors.MaxNumberOfDeliveryChannelsExceededException(
            "Failed to put delivery channel because you have reached the limit for the "
            "maximum number of delivery channels: (1)")
    bucket = spec.get("s3BucketName")
    if not bucket:
        raise errors.NoSuchBucketException("Cannot find a S3 bucket with an appropriate "
                                           "bucket policy to deliver data to: null")
    prefix = spec.get("s3KeyPrefix")
    if prefix and (prefix.startswith("/") or "AWSLogs" in prefix):
        raise errors.InvalidS3KeyPrefixException("The s3 key prefix is not valid.")
    _check_bucket(call, bucket, prefix)
    if spec.get("snsTopicARN"):
        _check_topic(call, spec["snsTopicARN"])
    frequency = (spec.get("configSnapshotDeliveryProperties") or {}).get(
        "deliveryFrequency", "TwentyFour_Hours")
    old = state.channel
    state.channel = DeliveryChannel(name, bucket, prefix, spec.get("snsTopicARN"), frequency)
    if old is not None:
        state.channel.last_stream = old.last_stream
        state.channel.last_snapshot = old.last_snapshot
    return {}


def _channels(state, names) -> list:
    if not names:
        return [state.channel] if state.channel else []
    for name in names:
        if state.channel is None or state.channel.name != name:
            raise errors.NoSuchDeliveryChannelException(
                f"Cannot find delivery channel with specified name '{name}'.")
    return [state.channel]


@OPERATIONS("DescribeDeliveryChannels")
def describe_delivery_channels(call, p):
    out = []
    for c in _channels(call.state(), p.get("DeliveryChannelNames")):
        spec = {"name": c.name, "s3BucketName": c.bucket, "s3KeyPrefix": c.prefix,
                "snsTopicARN": c.topic_arn,
                "configSnapshotDeliveryProperties": {"deliveryFrequency": c.frequency}}
        out.append({k: v for k, v in spec.items() if v is not None})
    return {"DeliveryChannels": out}


@OPERATIONS("DescribeDeliveryChannelStatus")
def describe_delivery_channel_status(call, p):
    out = []
    for c in _channels(call.state(), p.get("DeliveryChannelNames")):
        out.append({"name": c.name, "configSnapshotDeliveryInfo": dict(c.last_snapshot),
                    "configHistoryDeliveryInfo": dict(c.last_history),
                    "configStreamDeliveryInfo": dict(c.last_stream)})
    return {"DeliveryChannelsStatus": out}


@OPERATIONS("DeliverConfigSnapshot")
def deliver_config_snapshot(call, p):
    state = call.state()
    _channels(state, [p["deliveryChannelName"]])
    if state.recorder is None:
        raise errors.NoAvailableConfigurationRecorderException(
            "There is no configuration recorder available to deliver a snapshot.")
    if not state.recording:
        raise errors.NoRunningConfigurationRecorderException(
            "There is no running configuration recorder.")
    return {"configSnapshotId": delivery.deliver_snapshot(call.lab, state)}


@OPERATIONS("DeleteDeliveryChannel")
def delete_delivery_channel(call, p):
    state = call.state()
    channel = _channels(state, [p["DeliveryChannelName"]])[0]
    if state.recording:
        raise errors.LastDeliveryChannelDeleteFailedException(
            f"Failed to delete last specified delivery channel with name '{channel.name}', "
            "because there is a running configuration recorder.")
    state.channel = None
    return {}
