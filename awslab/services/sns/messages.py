"""SNS's message rules and the exact bodies it delivers (pure functions).

Reproduces the SNS developer guide and API reference:

* topic names: 1-256 ASCII letters, digits, ``-`` and ``_`` (standard topics);
* ``Publish``: the message is UTF-8, at most 256 KB (262,144 bytes, message attributes
  included); ``Subject`` is at most 100 characters with no line breaks or control
  characters; with ``MessageStructure="json"`` the message is a JSON object with a string
  ``default`` entry and optional per-protocol entries (non-string entries are ignored);
* message attributes: ``DataType`` ``String``, ``String.Array``, ``Number`` or ``Binary``
  (optionally with a ``.custom`` suffix) and a non-empty value;
* the JSON an HTTP/HTTPS, SQS or email-json endpoint receives (``Type``, ``MessageId``,
  ``TopicArn``, ``Subject`` when given, ``Message``, ``Timestamp``,
  ``SignatureVersion``, ``Signature``, ``SigningCertURL``, ``UnsubscribeURL``, and
  ``MessageAttributes`` when given), the ``SubscriptionConfirmation`` JSON (``Token``,
  ``SubscribeURL``), the Lambda event, and the plain-text email with SNS's footer.

``Signature`` is a **seeded placeholder**: base64 of the right length (RSA-2048), derived
from the lab seed and the signed fields, not a real SHA1withRSA/SHA256withRSA signature;
``SigningCertURL`` names no real certificate. The email footer and confirmation text are
the lab's rendering of what SNS sends (their exact wording is not in the API reference).
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from datetime import datetime
from urllib.parse import quote

from awslab.services.sns.errors import ParameterValueInvalid, invalid

MAX_MESSAGE_BYTES = 262_144
MAX_SUBJECT = 100
MAX_DISPLAY_NAME = 100
SIMULATED = ("email", "email-json", "sqs", "lambda", "http", "https")
NOT_SIMULATED = ("sms", "application", "firehose")
NEEDS_CONFIRMATION = ("email", "email-json", "http", "https")
JSON_KEYS = SIMULATED + NOT_SIMULATED + ("default", "APNS", "APNS_SANDBOX", "GCM", "ADM",
                                         "BAIDU", "MPNS", "WNS")
_TOPIC_NAME = re.compile(r"[A-Za-z0-9_-]{1,256}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_SQS_ARN = re.compile(r"arn:aws:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?")
_LAMBDA_ARN = re.compile(r"arn:aws:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]+(:[\w$-]+)?")


# -- request checks ----------------------------------------------------------------------
def check_topic_name(name: str) -> None:
    if not _TOPIC_NAME.fullmatch(name or ""):
        raise invalid("Topic Name")


def check_arn(value: str, name: str) -> list[str]:
    """The six parts of an ARN, or SNS's "An ARN must have at least 6 elements" error."""
    parts = value.split(":", 5)
    if len(parts) < 6:
        raise invalid(name, f"An ARN must have at least 6 elements, not {len(parts)}")
    return parts


def check_subject(subject: str | None) -> None:
    if subject is None:
        return
    if not subject or len(subject) > MAX_SUBJECT or _CONTROL.search(subject) or (
            not subject[0].isprintable() or subject[0].isspace()):
        raise invalid("Subject")


def check_message(message: str, attributes: dict | None) -> None:
    if message == "":
        raise invalid("Empty message")
    size = len(message.encode("utf-8")) + sum(
        len(k.encode()) + len(v["DataType"].encode()) + len(_attribute_value(v).encode())
        for k, v in (attributes or {}).items())
    if size > MAX_MESSAGE_BYTES:
        raise invalid("Message too long")


def check_message_attributes(attributes: dict | None) -> None:
    for name, value in (attributes or {}).items():
        kind = value.get("DataType", "")
        if kind.split(".", 1)[0] not in ("String", "Number", "Binary"):
            raise ParameterValueInvalid(
                f"The message attribute '{name}' has an invalid message attribute type, "
                "the set of supported type prefixes is Binary, Number, and String.")
        text = value.get("BinaryValue") if kind.startswith("Binary") else value.get(
            "StringValue")
        if not text:
            raise ParameterValueInvalid(
                f"The message attribute '{name}' must contain non-empty message attribute "
                "value for message attribute type '" + kind.split(".")[0] + "'.")
        if kind.startswith("Number"):
            try:
                float(text)
            except ValueError:
                raise ParameterValueInvalid(
                    f"Could not cast message attribute '{name}' value to number.") from None
        if kind.startswith("String.Array"):
            try:
                ok = isinstance(json.loads(text), list)
            except ValueError:
                ok = False
            if not ok:
                raise ParameterValueInvalid(
                    f"The message attribute '{name}' with type 'String.Array' must use a "
                    "valid JSON array.")


def parse_structure(message: str) -> dict[str, str]:
    """A ``MessageStructure="json"`` message as ``{protocol or "default": text}``."""
    try:
        body = json.loads(message)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise invalid("Message Structure - JSON message body failed to parse")
    entries = {k: v for k, v in body.items() if k in JSON_KEYS and isinstance(v, str)}
    if "default" not in entries:
        raise invalid("Message Structure - No default entry in JSON message body")
    return entries


def check_endpoint(protocol: str, endpoint: str | None) -> None:
    """Whether ``endpoint`` fits ``protocol`` (SNS checks it when subscribing)."""
    if not endpoint:
        raise invalid("Endpoint")
    if protocol in ("email", "email-json") and not _EMAIL.fullmatch(endpoint):
        raise invalid("Email address")
    if protocol in ("http", "https") and not endpoint.lower().startswith(protocol + "://"):
        raise invalid("Endpoint must match the specified protocol")
    if protocol == "sqs" and not _SQS_ARN.fullmatch(endpoint):
        raise invalid("SQS endpoint ARN")
    if protocol == "lambda" and not _LAMBDA_ARN.fullmatch(endpoint):
        raise invalid("Lambda endpoint ARN")


def endpoint_account(protocol: str, endpoint: str) -> str | None:
    """The account of an SQS queue or Lambda function endpoint (None for the others)."""
    return endpoint.split(":")[4] if protocol in ("sqs", "lambda") else None


# -- what endpoints receive -------------------------------------------------------------
def timestamp(t: datetime) -> str:
    """SNS's ``Timestamp``: ISO-8601 UTC with milliseconds."""
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def signature(seed: int, fields: dict) -> str:
    """A deterministic stand-in for SNS's signature: 256 bytes, base64 (see module doc)."""
    text = json.dumps([seed, fields], sort_keys=True, default=str).encode()
    raw = b"".join(hashlib.sha512(text + bytes([i])).digest() for i in range(4))
    return base64.b64encode(raw).decode()


def signing_cert_url(region: str, seed: int) -> str:
    digest = hashlib.md5(f"awslab/{seed}/{region}".encode()).hexdigest()
    return f"https://sns.{region}.amazonaws.com/SimpleNotificationService-{digest}.pem"


def unsubscribe_url(region: str, subscription_arn: str) -> str:
    return (f"https://sns.{region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
            f"{subscription_arn}")


def subscribe_url(region: str, topic_arn: str, token: str) -> str:
    return (f"https://sns.{region}.amazonaws.com/?Action=ConfirmSubscription&TopicArn="
            f"{topic_arn}&Token={token}")


def _attribute_value(value: dict) -> str:
    if value.get("DataType", "").startswith("Binary"):
        raw = value.get("BinaryValue") or b""
        return base64.b64encode(raw if isinstance(raw, bytes) else raw.encode()).decode()
    return value.get("StringValue") or ""


def envelope_attributes(attributes: dict | None) -> dict:
    """Message attributes as the JSON envelope shows them (``Type``/``Value``)."""
    return {k: {"Type": v["DataType"], "Value": _attribute_value(v)}
            for k, v in (attributes or {}).items()}


def notification(seed: int, region: str, message_id: str, topic_arn: str, message: str,
                 subject: str | None, t: datetime, subscription_arn: str,
                 signature_version: str = "1", attributes: dict | None = None) -> dict:
    """The ``Notification`` JSON an HTTP/S, SQS or email-json endpoint receives."""
    signed = {"Type": "Notification", "MessageId": message_id, "TopicArn": topic_arn}
    if subject is not None:
        signed["Subject"] = subject
    signed.update({"Message": message, "Timestamp": timestamp(t)})
    out = dict(signed, SignatureVersion=signature_version,
               Signature=signature(seed, signed), SigningCertURL=signing_cert_url(region, seed),
               UnsubscribeURL=unsubscribe_url(region, subscription_arn))
    if attributes:
        out["MessageAttributes"] = envelope_attributes(attributes)
    return out


def confirmation(seed: int, region: str, message_id: str, topic_arn: str, token: str,
                 t: datetime, kind: str = "SubscriptionConfirmation",
                 subscription_arn: str | None = None, signature_version: str = "1") -> dict:
    """The ``SubscriptionConfirmation`` (or ``UnsubscribeConfirmation``) JSON."""
    if kind == "SubscriptionConfirmation":
        text = (f"You have chosen to subscribe to the topic {topic_arn}.\nTo confirm the "
                "subscription, visit the SubscribeURL included in this message.")
    else:
        text = (f"You have chosen to deactivate subscription {subscription_arn}.\nTo cancel "
                "this operation and restore the subscription, visit the SubscribeURL "
                "included in this message.")
    signed = {"Type": kind, "MessageId": message_id, "Token": token, "TopicArn": topic_arn,
              "Message": text, "SubscribeURL": subscribe_url(region, topic_arn, token),
              "Timestamp": timestamp(t)}
    return dict(signed, SignatureVersion=signature_version, Signature=signature(seed, signed),
                SigningCertURL=signing_cert_url(region, seed))


def lambda_event(note: dict, subscription_arn: str) -> dict:
    """The event a Lambda function subscribed to a topic is invoked with."""
    sns = {"Type": note["Type"], "MessageId": note["MessageId"], "TopicArn": note["TopicArn"],
           "Subject": note.get("Subject"), "Message": note["Message"],
           "Timestamp": note["Timestamp"], "SignatureVersion": note["SignatureVersion"],
           "Signature": note["Signature"], "SigningCertUrl": note["SigningCertURL"],
           "UnsubscribeUrl": note["UnsubscribeURL"],
           "MessageAttributes": note.get("MessageAttributes", {})}
    return {"Records": [{"EventSource": "aws:sns", "EventVersion": "1.0",
                         "EventSubscriptionArn": subscription_arn, "Sns": sns}]}


def sender(display_name: str | None) -> str:
    return f"{display_name or 'AWS Notifications'} <no-reply@sns.amazonaws.com>"


def email_notification(region: str, message: str, subscription_arn: str,
                       endpoint: str) -> str:
    """The plain-text body of a notification email: the message and SNS's footer."""
    link = (f"https://sns.{region}.amazonaws.com/unsubscribe.html?SubscriptionArn="
            f"{subscription_arn}&Endpoint={quote(endpoint, safe='@')}")
    return (f"{message}\n\n--\nIf you wish to stop receiving notifications from this topic, "
            f"please click or visit the link below to unsubscribe:\n{link}\n\nPlease do not "
            "reply directly to this email. If you have any questions or comments regarding "
            "this email, please contact us at https://aws.amazon.com/support\n")


def email_confirmation(region: str, topic_arn: str, token: str, endpoint: str) -> str:
    """The plain-text body of the subscription confirmation email (with its link)."""
    link = (f"https://sns.{region}.amazonaws.com/confirmation.html?TopicArn={topic_arn}"
            f"&Token={token}&Endpoint={quote(endpoint, safe='@')}")
    return (f"You have chosen to subscribe to the topic: \n{topic_arn}\n\nTo confirm this "
            "subscription, click or visit the link below (If this was in error no action is "
            f"necessary): \n{link}\n\nPlease do not reply directly to this email. If you wish "
            "to remove yourself from receiving all future SNS subscription confirmation "
            "requests please send an email to sns-opt-out\n")
