"""Publishing and delivering: the one publish path, and the "inbox" learners read.

:func:`publish` is used by the ``Publish`` operation and by ``receive(..., "publish")``
(CloudWatch alarm actions, and later Config and others). Each confirmed subscription gets
the message a moment later on the lab's clock (:data:`DELAYS`), in the form its protocol
receives (``messages.py``); pending subscriptions get nothing. Confirmation requests go
to endpoints that need them (email, email-json, HTTP/S, and SQS/Lambda endpoints of
another account). Every delivery is recorded in the topic's region and read with
:func:`deliveries`; :func:`confirmation_token` finds the token in a confirmation message.
"""
from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

from awslab.errors import AwslabError
from awslab.services.sns import messages

DELAYS = {"email": timedelta(seconds=5), "email-json": timedelta(seconds=5),
          "sqs": timedelta(seconds=1), "lambda": timedelta(seconds=1),
          "http": timedelta(seconds=1), "https": timedelta(seconds=1)}
DEFAULT_EMAIL_SUBJECT = "AWS Notification Message"
CONFIRMATION_SUBJECT = "AWS Notification - Subscription Confirmation"
PENDING_LIFETIME = timedelta(hours=48)


def _json(body: dict) -> str:
    """SNS's JSON layout: two-space indent, ``"Key" : value``."""
    return json.dumps(body, indent=2, separators=(",", " : "), ensure_ascii=False)


def publish(lab, state, topic, message: str, subject: str | None = None,
            structure: str | None = None, attributes: dict | None = None) -> str:
    """Check a message, schedule its deliveries and return its ``MessageId``."""
    messages.check_subject(subject)
    if structure is not None and structure != "json":
        raise messages.invalid("MessageStructure")
    messages.check_message_attributes(attributes)
    messages.check_message(message, attributes)
    entries = messages.parse_structure(message) if structure == "json" else None
    message_id, published = lab.ids.uuid(), lab.now
    for sub in state.of_topic(topic.arn):
        if not sub.confirmed:
            continue
        text = entries.get(sub.protocol, entries["default"]) if entries else message
        _schedule(lab, state, sub, lambda s, t, text=text: _notify(
            lab, state, topic, s, message_id, text, subject, attributes, published, t))
    return message_id


def _schedule(lab, state, sub, deliver) -> None:
    def run(t):
        if state.subscriptions.get(sub.arn) is sub:
            deliver(sub, t)
    lab.clock.at(lab.now + DELAYS[sub.protocol], run, name=f"sns delivery {sub.arn}")


def _notify(lab, state, topic, sub, message_id, text, subject, attributes, published, t):
    raw = sub.attributes.get("RawMessageDelivery") == "true"
    note = messages.notification(lab.seed, state.region, message_id, topic.arn, text,
                                 subject, published, sub.arn,
                                 topic.attributes.get("SignatureVersion", "1"), attributes)
    record = {"Type": "Notification", "MessageId": message_id, "Subject": subject}
    if sub.protocol == "email":
        record.update(_email(topic, sub, subject or DEFAULT_EMAIL_SUBJECT),
                      Body=messages.email_notification(state.region, text, sub.arn,
                                                       sub.endpoint))
    elif sub.protocol == "email-json":
        record.update(_email(topic, sub, subject or DEFAULT_EMAIL_SUBJECT), Body=_json(note))
    elif sub.protocol == "lambda":
        record["Body"] = json.dumps(messages.lambda_event(note, sub.arn))
    else:
        record["Body"] = text if raw else _json(note)
        if raw and attributes:
            record["MessageAttributes"] = messages.envelope_attributes(attributes)
        if sub.protocol in ("http", "https"):
            record["Headers"] = _http_headers("Notification", message_id, topic.arn,
                                              sub.arn, raw)
    _record(state, sub, t, record)
    _hand_to_lab_endpoint(lab, state, topic, sub)


def _hand_to_lab_endpoint(lab, state, topic, sub) -> None:
    """When the endpoint is a queue or function of this lab, it receives the message
    too, as ``sns.amazonaws.com`` (its access policy / resource policy must allow SNS);
    a refusal is noted on the inbox record, as SNS's delivery-failure logs would show."""
    from awslab.errors import AwsError
    record = state.deliveries[-1]
    try:
        if sub.protocol == "sqs":
            sqs = lab.service("sqs")
            if sqs.find_queue(lab, sub.endpoint) is not None:
                sqs.deliver(lab, sub.endpoint, record["Body"], service="sns.amazonaws.com",
                            source_arn=topic.arn)
        elif sub.protocol == "lambda":
            fns = lab.service("lambda")
            if fns.find_function(lab, sub.endpoint, state.account_id, state.region):
                fns.invoke(lab, sub.endpoint, json.loads(record["Body"]),
                           service="sns.amazonaws.com", source_arn=topic.arn)
    except AwsError as err:
        record["DeliveryError"] = f"{err.code}: {err.message}"


def send_confirmation(lab, state, topic, sub, kind: str = "SubscriptionConfirmation"):
    """Send ``sub``'s endpoint a (un)subscribe confirmation carrying its token."""
    message_id, sent = lab.ids.uuid(), lab.now

    def deliver(s, t):
        body = messages.confirmation(lab.seed, state.region, message_id, topic.arn,
                                     s.token, sent, kind, s.arn,
                                     topic.attributes.get("SignatureVersion", "1"))
        record = {"Type": kind, "MessageId": message_id, "Subject": None}
        if s.protocol == "email":
            record.update(_email(topic, s, CONFIRMATION_SUBJECT),
                          Body=messages.email_confirmation(state.region, topic.arn, s.token,
                                                           s.endpoint))
        elif s.protocol == "email-json":
            record.update(_email(topic, s, CONFIRMATION_SUBJECT), Body=_json(body))
        else:
            record["Body"] = _json(body)
            if s.protocol in ("http", "https"):
                record["Headers"] = _http_headers(kind, message_id, topic.arn, None, False)
        _record(state, s, t, record)
    if kind == "UnsubscribeConfirmation":        # the subscription is gone by then
        lab.clock.at(lab.now + DELAYS[sub.protocol], lambda t: deliver(sub, t),
                     name=f"sns unsubscribe confirmation {sub.arn}")
    else:
        _schedule(lab, state, sub, deliver)


def _email(topic, sub, subject: str) -> dict:
    headers = {"From": messages.sender(topic.attributes.get("DisplayName")),
               "To": sub.endpoint, "Subject": subject}
    return {"Subject": subject, "Headers": headers}


def _http_headers(kind, message_id, topic_arn, subscription_arn, raw) -> dict:
    headers = {"x-amz-sns-message-type": kind, "x-amz-sns-message-id": message_id,
               "x-amz-sns-topic-arn": topic_arn}
    if subscription_arn:
        headers["x-amz-sns-subscription-arn"] = subscription_arn
    if raw:
        headers["x-amz-sns-rawdelivery"] = "true"
    headers.update({"Content-Type": "text/plain; charset=UTF-8",
                    "User-Agent": "Amazon Simple Notification Service Agent"})
    return headers


def _record(state, sub, t, record: dict) -> None:
    state.deliveries.append({
        "Time": t, "Type": record.pop("Type"), "Protocol": sub.protocol,
        "Endpoint": sub.endpoint, "TopicArn": sub.topic_arn, "SubscriptionArn": sub.arn,
        **record})


# -- the learner's inbox ----------------------------------------------------------------
def deliveries(lab, topic_arn: str | None = None, region: str | None = None,
               endpoint: str | None = None, protocol: str | None = None,
               kind: str | None = None) -> list[dict]:
    """What SNS endpoints have received so far, oldest first (an "inbox").

    Parameters
    ----------
    lab : Lab
    topic_arn : str, optional
        Only deliveries of this topic.
    region : str, optional
        Only topics of this region (all regions when omitted).
    endpoint : str, optional
        Only this endpoint (an email address, a queue ARN, a URL...).
    protocol : str, optional
        ``"email"``, ``"email-json"``, ``"sqs"``, ``"lambda"``, ``"http"``, ``"https"``.
    kind : str, optional
        ``"Notification"``, ``"SubscriptionConfirmation"`` or ``"UnsubscribeConfirmation"``.

    Returns
    -------
    list of dict
        Each with ``Time`` (delivered), ``Type``, ``Protocol``, ``Endpoint``,
        ``TopicArn``, ``SubscriptionArn``, ``MessageId``, ``Subject`` and ``Body``: for
        email the plain text with SNS's footer, for the other protocols the JSON text SNS
        sends (``json.loads(d["Body"])``), or the bare message with raw delivery. Emails
        and HTTP requests also carry ``Headers``.

    Introduced in ``06_alarms_and_recovery.ipynb``.
    """
    out = []
    for (account, reg), state in lab.states("sns"):
        if region not in (None, reg):
            continue
        out += [d for d in state.deliveries
                if topic_arn in (None, d["TopicArn"]) and endpoint in (None, d["Endpoint"])
                and protocol in (None, d["Protocol"]) and kind in (None, d["Type"])]
    return sorted(out, key=lambda d: d["Time"])


def confirmation_token(delivery: dict) -> str:
    """The token in a delivered confirmation (email link or JSON ``Token``), for
    ``sns.confirm_subscription(TopicArn=..., Token=...)``.

    Introduced in ``06_alarms_and_recovery.ipynb``.
    """
    if delivery.get("Type") != "SubscriptionConfirmation":
        raise AwslabError("this delivery is not a subscription confirmation")
    body = delivery["Body"]
    if delivery["Protocol"] == "email":
        link = next(line for line in body.splitlines() if "Token=" in line)
        return parse_qs(urlparse(link.strip()).query)["Token"][0]
    return json.loads(body)["Token"]
