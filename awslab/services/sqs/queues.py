"""Queue operations: create, find, list, delete, attributes, tags, purge."""
from __future__ import annotations

import json
import re

from awslab.bridge.pagination import paginate
from awslab.services.sqs.errors import (
    InvalidAttributeName, InvalidAttributeValue, InvalidParameterValue, QueueDoesNotExist,
    QueueNameExists)
from awslab.services.sqs.operations import OPERATIONS, queue_of
from awslab.services.sqs.state import DEFAULTS, Queue

_NAME = re.compile(r"[A-Za-z0-9_-]{1,80}")
#: Attribute -> (low, high) for the numeric ones (aws-facts / SQS quotas).
RANGES = {"DelaySeconds": (0, 900), "MaximumMessageSize": (1024, 262144),
          "MessageRetentionPeriod": (60, 1209600), "ReceiveMessageWaitTimeSeconds": (0, 20),
          "VisibilityTimeout": (0, 43200)}
SETTABLE = set(DEFAULTS) | {"Policy", "RedrivePolicy", "RedriveAllowPolicy",
                            "KmsMasterKeyId", "KmsDataKeyReusePeriodSeconds"}


def check_attributes(attrs: dict) -> dict:
    for name, value in attrs.items():
        if name in ("FifoQueue", "ContentBasedDeduplication", "DeduplicationScope",
                    "FifoThroughputLimit"):
            raise InvalidAttributeName(f"awslab simulates standard queues only; FIFO "
                                       f"attribute {name} is not supported.")
        if name not in SETTABLE:
            raise InvalidAttributeName(f"Unknown Attribute {name}.")
        if name in RANGES:
            low, high = RANGES[name]
            if not value.lstrip("-").isdigit() or not low <= int(value) <= high:
                raise InvalidAttributeValue(f"Invalid value for the parameter {name}.")
        if name in ("Policy", "RedrivePolicy") and value:
            try:
                json.loads(value)
            except ValueError:
                raise InvalidAttributeValue(f"Invalid value for the parameter {name}.") \
                    from None
    return attrs


@OPERATIONS("CreateQueue")
def create_queue(call, p):
    name = p["QueueName"]
    if name.endswith(".fifo"):
        raise InvalidParameterValue("awslab simulates standard queues only; FIFO queues "
                                    "(names ending in .fifo) are not supported.")
    if not _NAME.fullmatch(name):
        raise InvalidParameterValue("Can only include alphanumeric characters, hyphens, or "
                                    "underscores. 1 to 80 in length")
    attrs = check_attributes(dict(p.get("Attributes") or {}))
    state = call.state()
    existing = state.queues.get(name)
    if existing is not None:
        if any(existing.attributes.get(k) != v for k, v in attrs.items()):
            raise QueueNameExists("A queue already exists with the same name and a "
                                  "different value for attribute(s) " + ", ".join(attrs))
        return {"QueueUrl": existing.url}
    queue = Queue(name, state.url(name), state.arn(name), call.now, call.now)
    queue.attributes.update(attrs)
    queue.tags = dict(p.get("tags") or {})
    state.queues[name] = queue
    return {"QueueUrl": queue.url}


@OPERATIONS("GetQueueUrl")
def get_queue_url(call, p):
    account = p.get("QueueOwnerAWSAccountId") or call.account_id
    queue = call.lab.state("sqs", account, call.region).queues.get(p["QueueName"])
    if queue is None:
        raise QueueDoesNotExist()
    return {"QueueUrl": queue.url}


@OPERATIONS("ListQueues")
def list_queues(call, p):
    prefix = p.get("QueueNamePrefix", "")
    urls = [q.url for q in call.state().queues.values() if q.name.startswith(prefix)]
    size = p.get("MaxResults", 1000)
    page, token = paginate(urls, p.get("NextToken"), size, f"lq/{prefix}",
                           InvalidParameterValue)
    return {"QueueUrls": page or None, "NextToken": token}


@OPERATIONS("DeleteQueue")
def delete_queue(call, p):
    queue = queue_of(call, p["QueueUrl"])
    del call.lab.state("sqs", queue.arn.split(":")[4], queue.arn.split(":")[3]).queues[
        queue.name]
    return {}


def _computed(queue, now) -> dict:
    queue.expire(now)
    visible = [m for m in queue.messages if m.visible_at is None or m.visible_at <= now]
    return {"QueueArn": queue.arn,
            "ApproximateNumberOfMessages": str(len(visible)),
            "ApproximateNumberOfMessagesNotVisible": str(len(queue.messages) - len(visible)),
            "ApproximateNumberOfMessagesDelayed": "0",
            "CreatedTimestamp": str(int(queue.created.timestamp())),
            "LastModifiedTimestamp": str(int(queue.modified.timestamp()))}


@OPERATIONS("GetQueueAttributes")
def get_queue_attributes(call, p):
    queue = queue_of(call, p["QueueUrl"])
    every = {**queue.attributes, **_computed(queue, call.now)}
    wanted = p.get("AttributeNames") or []
    if "All" in wanted:
        return {"Attributes": every}
    unknown = [n for n in wanted if n not in every and n not in SETTABLE]
    if unknown:
        raise InvalidAttributeName(f"Unknown Attribute {unknown[0]}.")
    picked = {n: every[n] for n in wanted if n in every}
    return {"Attributes": picked or None}


@OPERATIONS("SetQueueAttributes")
def set_queue_attributes(call, p):
    queue = queue_of(call, p["QueueUrl"])
    attrs = check_attributes(dict(p["Attributes"]))
    for name, value in attrs.items():
        if value == "" and name not in DEFAULTS:
            queue.attributes.pop(name, None)
        else:
            queue.attributes[name] = value
    queue.modified = call.now
    return {}


@OPERATIONS("PurgeQueue")
def purge_queue(call, p):
    queue_of(call, p["QueueUrl"]).messages.clear()
    return {}


@OPERATIONS("TagQueue")
def tag_queue(call, p):
    queue_of(call, p["QueueUrl"]).tags.update(p["Tags"])
    return {}


@OPERATIONS("ListQueueTags")
def list_queue_tags(call, p):
    return {"Tags": dict(queue_of(call, p["QueueUrl"]).tags) or None}
