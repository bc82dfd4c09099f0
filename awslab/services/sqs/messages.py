"""Messages: send (also for other services: :func:`deliver`), receive with visibility
timeouts on the simulated clock, delete, and redrive to a dead-letter queue."""
from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta
from typing import Optional

from awslab.errors import AwsError
from awslab.services.sqs.errors import (
    BatchEntryIdsNotDistinct, EmptyBatchRequest, InvalidMessageContents,
    InvalidParameterValue, ReceiptHandleIsInvalid, TooManyEntriesInBatchRequest)
from awslab.services.sqs.operations import OPERATIONS, queue_of
from awslab.services.sqs.state import Message

# The characters SQS accepts in a body (XML 1.0's, as its documentation lists them).
_BAD_CHARS = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class DeliveryError(AwsError):
    """A service could not send to the queue (``code``: QueueDoesNotExist, AccessDenied)."""


def enqueue(lab, queue, body: str, sender: str, attributes: Optional[dict] = None,
            delay: Optional[int] = None) -> Message:
    """Put one message on ``queue`` (the one path for SendMessage and deliveries)."""
    limit = queue.seconds("MaximumMessageSize")
    if len(body.encode()) > limit:
        raise InvalidParameterValue(f"One or more parameters are invalid. Reason: Message "
                                    f"must be shorter than {limit} bytes.")
    if not body:
        raise InvalidParameterValue("The request must contain the parameter MessageBody.")
    if _BAD_CHARS.search(body):
        raise InvalidMessageContents("Invalid characters found. Valid unicode characters "
                                     "are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to "
                                     "#xFFFD | #x10000 to #x10FFFF")
    delay = queue.seconds("DelaySeconds") if delay is None else delay
    msg = Message(lab.id_stream(f"sqs/{queue.arn}").uuid(), body,
                  hashlib.md5(body.encode()).hexdigest(), lab.now, sender, dict(attributes or {}),
                  lab.now + timedelta(seconds=delay) if delay else None)
    queue.messages.append(msg)
    return msg


def _sent(msg: Message) -> dict:
    return {"MessageId": msg.message_id, "MD5OfMessageBody": msg.md5}


@OPERATIONS("SendMessage")
def send_message(call, p):
    queue = queue_of(call, p["QueueUrl"])
    delay = p.get("DelaySeconds")
    if delay is not None and not 0 <= delay <= 900:
        raise InvalidParameterValue(f"Value {delay} for parameter DelaySeconds is invalid. "
                                    "Reason: must be between 0 and 900, if provided.")
    return _sent(enqueue(call.lab, queue, p["MessageBody"], call.caller.principal_id,
                         p.get("MessageAttributes"), delay))


def _batch(entries: list) -> None:
    if not entries:
        raise EmptyBatchRequest("There should be at least one SendMessageBatchRequestEntry "
                                "in the request.")
    if len(entries) > 10:
        raise TooManyEntriesInBatchRequest(f"Maximum number of entries per request are 10. "
                                           f"You have sent {len(entries)}.")
    ids = [e["Id"] for e in entries]
    if len(ids) != len(set(ids)):
        raise BatchEntryIdsNotDistinct("Id " + next(i for i in ids if ids.count(i) > 1)
                                       + " repeated.")


@OPERATIONS("SendMessageBatch")
def send_message_batch(call, p):
    queue = queue_of(call, p["QueueUrl"])
    _batch(p["Entries"])
    ok, failed = [], []
    for entry in p["Entries"]:
        try:
            msg = enqueue(call.lab, queue, entry["MessageBody"], call.caller.principal_id,
                          entry.get("MessageAttributes"), entry.get("DelaySeconds"))
            ok.append({"Id": entry["Id"], **_sent(msg)})
        except AwsError as err:
            failed.append({"Id": entry["Id"], "SenderFault": True, "Code": err.code,
                           "Message": err.message})
    return {"Successful": ok, "Failed": failed}


def _redrive(lab, queue, msg: Message) -> bool:
    """Move ``msg`` to the dead-letter queue if it was received too often."""
    policy = queue.attributes.get("RedrivePolicy")
    if not policy:
        return False
    rules = json.loads(policy)
    if msg.receive_count < int(rules.get("maxReceiveCount", 10)):
        return False
    parts = rules.get("deadLetterTargetArn", "").split(":")
    if len(parts) != 6:
        return False
    dlq = lab.state("sqs", parts[4], parts[3]).queues.get(parts[5])
    if dlq is None:
        return False
    queue.messages.remove(msg)
    msg.visible_at, msg.receipt = None, None
    dlq.messages.append(msg)
    return True


@OPERATIONS("ReceiveMessage")
def receive_message(call, p):
    queue = queue_of(call, p["QueueUrl"])
    count = p.get("MaxNumberOfMessages", 1)
    if not 1 <= count <= 10:
        raise InvalidParameterValue(f"Value {count} for parameter MaxNumberOfMessages is "
                                    "invalid. Reason: Must be between 1 and 10, if provided.")
    hide = p.get("VisibilityTimeout", queue.seconds("VisibilityTimeout"))
    now = call.now
    queue.expire(now)
    wanted = set(p.get("MessageSystemAttributeNames") or []) | set(
        p.get("AttributeNames") or [])
    out = []
    for msg in list(queue.messages):
        if len(out) == count:
            break
        if msg.visible_at is not None and msg.visible_at > now:
            continue
        if _redrive(call.lab, queue, msg):
            continue
        msg.receive_count += 1
        msg.first_received = msg.first_received or now
        msg.visible_at = now + timedelta(seconds=hide)
        msg.receipt = f"{msg.message_id}#{msg.receive_count}"
        out.append(_received(msg, wanted, p.get("MessageAttributeNames") or []))
    return {"Messages": out or None}


def _received(msg: Message, wanted: set, attribute_names: list) -> dict:
    system = {"SenderId": msg.sender,
              "SentTimestamp": str(int(msg.sent.timestamp() * 1000)),
              "ApproximateReceiveCount": str(msg.receive_count),
              "ApproximateFirstReceiveTimestamp": str(int(msg.first_received.timestamp()
                                                          * 1000))}
    out = {"MessageId": msg.message_id, "ReceiptHandle": msg.receipt, "MD5OfBody": msg.md5,
           "Body": msg.body}
    attrs = system if "All" in wanted else {k: v for k, v in system.items() if k in wanted}
    if attrs:
        out["Attributes"] = attrs
    if msg.attributes and attribute_names:
        every = "All" in attribute_names or ".*" in attribute_names
        out["MessageAttributes"] = {k: v for k, v in msg.attributes.items()
                                    if every or k in attribute_names}
    return out


def _by_receipt(queue, handle: str) -> Message:
    for msg in queue.messages:
        if msg.receipt == handle:
            return msg
    if "#" not in handle:
        raise ReceiptHandleIsInvalid(f'The input receipt handle "{handle}" is not a valid '
                                     "receipt handle.")
    return None                 # already deleted: SQS answers success


@OPERATIONS("DeleteMessage")
def delete_message(call, p):
    queue = queue_of(call, p["QueueUrl"])
    msg = _by_receipt(queue, p["ReceiptHandle"])
    if msg is not None:
        queue.messages.remove(msg)
    return {}


@OPERATIONS("DeleteMessageBatch")
def delete_message_batch(call, p):
    queue = queue_of(call, p["QueueUrl"])
    _batch(p["Entries"])
    ok, failed = [], []
    for entry in p["Entries"]:
        try:
            msg = _by_receipt(queue, entry["ReceiptHandle"])
            if msg is not None:
                queue.messages.remove(msg)
            ok.append({"Id": entry["Id"]})
        except AwsError as err:
            failed.append({"Id": entry["Id"], "SenderFault": True, "Code": err.code,
                           "Message": err.message})
    return {"Successful": ok, "Failed": failed}


@OPERATIONS("ChangeMessageVisibility")
def change_message_visibility(call, p):
    queue = queue_of(call, p["QueueUrl"])
    msg = _by_receipt(queue, p["ReceiptHandle"])
    if msg is None:
        raise InvalidParameterValue("Value " + p["ReceiptHandle"] + " for parameter "
                                    "ReceiptHandle is invalid. Reason: Message does not "
                                    "exist or is not available for visibility timeout change.")
    if not 0 <= p["VisibilityTimeout"] <= 43200:
        raise InvalidParameterValue("Value for parameter VisibilityTimeout is invalid. "
                                    "Reason: Must be between 0 and 43200.")
    msg.visible_at = call.now + timedelta(seconds=p["VisibilityTimeout"])
    return {}


# -- for other services --------------------------------------------------------------
def find_queue(lab, queue_arn: str):
    parts = queue_arn.split(":")
    if len(parts) != 6 or parts[2] != "sqs":
        return None
    return lab.state("sqs", parts[4], parts[3]).queues.get(parts[5])


def deliver(lab, queue_arn: str, body: str, *, service: Optional[str] = None,
            source_arn: Optional[str] = None, attributes: Optional[dict] = None) -> str:
    """Send ``body`` to the queue as ``service`` does (the queue's policy must allow
    ``sqs:SendMessage`` for it); the message ID, or :class:`DeliveryError`."""
    from awslab.services.iam.service_access import service_allowed
    queue = find_queue(lab, queue_arn)
    if queue is None:
        raise DeliveryError("The specified queue does not exist.", code="QueueDoesNotExist")
    if service is not None:
        decision = service_allowed(lab, service, "sqs:SendMessage", queue.arn,
                                   queue.attributes.get("Policy"),
                                   resource_account=queue.arn.split(":")[4],
                                   source_arn=source_arn,
                                   policy_name=f"access policy of queue {queue.name}")
        if not decision.allowed:
            raise DeliveryError(f"{service} may not send to {queue.arn}: {decision.reason}",
                                code="AccessDenied", status=403)
    try:
        return enqueue(lab, queue, body, service or "awslab", attributes).message_id
    except AwsError as err:
        raise DeliveryError(err.message, code=err.code) from None


def bodies(lab, queue_arn: str) -> list[str]:
    """The bodies of the messages in the queue, oldest first (nothing is consumed)."""
    queue = find_queue(lab, queue_arn)
    if queue is None:
        return []
    queue.expire(lab.now)
    return [m.body for m in queue.messages]
