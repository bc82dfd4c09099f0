"""SNS operations: topics, subscriptions (with confirmation) and Publish.

Topic attributes: ``Policy`` is stored as given (the default is SNS's owner-only policy;
the IAM engine evaluates topic policies when it takes resource policies from services),
``DisplayName`` names the email sender, ``SignatureVersion`` is 1 or 2, ``DeliveryPolicy``,
``TracingConfig`` and ``KmsMasterKeyId`` are stored. FIFO topics and subscription filter
policies are not simulated and are refused with a message that says so.
"""
from __future__ import annotations

import json

from awslab.bridge.pagination import paginate
from awslab.bridge.registry import Operations
from awslab.services.sns import delivery, messages
from awslab.services.sns.errors import (
    InvalidParameter, invalid, subscription_not_found, topic_not_found)
from awslab.services.sns.state import Subscription, Topic

OPERATIONS = Operations("sns", validation_code="InvalidParameter")
PAGE = 100
TOPIC_ATTRIBUTES = ("DeliveryPolicy", "DisplayName", "Policy", "SignatureVersion",
                    "TracingConfig", "KmsMasterKeyId")
SUBSCRIPTION_ATTRIBUTES = ("DeliveryPolicy", "RawMessageDelivery")
UNSIMULATED = ("FilterPolicy", "FilterPolicyScope", "RedrivePolicy", "SubscriptionRoleArn",
               "ReplayPolicy")
RAW_PROTOCOLS = ("sqs", "http", "https", "firehose")
HTTP_DELIVERY = {"http": {"defaultHealthyRetryPolicy": {
    "minDelayTarget": 20, "maxDelayTarget": 20, "numRetries": 3, "numMaxDelayRetries": 0,
    "numNoDelayRetries": 0, "numMinDelayRetries": 0, "backoffFunction": "linear"},
    "disableSubscriptionOverrides": False,
    "defaultRequestPolicy": {"headerContentType": "text/plain; charset=UTF-8"}}}


def default_policy(topic_arn: str, account_id: str) -> str:
    """The policy SNS gives a new topic: the owner account may use it."""
    return json.dumps({"Version": "2008-10-17", "Id": "__default_policy_ID", "Statement": [{
        "Sid": "__default_statement_ID", "Effect": "Allow", "Principal": {"AWS": "*"},
        "Action": ["SNS:GetTopicAttributes", "SNS:SetTopicAttributes", "SNS:AddPermission",
                   "SNS:RemovePermission", "SNS:DeleteTopic", "SNS:Subscribe",
                   "SNS:ListSubscriptionsByTopic", "SNS:Publish"],
        "Resource": topic_arn,
        "Condition": {"StringEquals": {"AWS:SourceOwner": account_id}}}]},
        separators=(",", ":"))


def topic_state(call, topic_arn: str | None):
    """The SNS state of the account that owns ``topic_arn`` (cross-account use is allowed
    when the topic's access policy says so; the IAM engine has decided that already)."""
    parts = (topic_arn or "").split(":")
    owner = parts[4] if len(parts) == 6 and parts[4].isdigit() else call.account_id
    return call.state(account_id=owner)


def find_topic(state, topic_arn: str, name: str = "TopicArn") -> Topic:
    """The topic with this ARN in this account and region, or SNS's error."""
    parts = messages.check_arn(topic_arn, name)
    topic = state.topics.get(topic_arn)
    if topic is None or parts[3] != state.region:
        raise topic_not_found()
    return topic


def _check_topic_attribute(name: str, value: str) -> None:
    if name not in TOPIC_ATTRIBUTES:
        if name == "FifoTopic" and value.lower() == "true":
            raise invalid("Attributes", "awslab does not simulate FIFO topics")
        raise invalid("AttributeName")
    if name == "DisplayName" and len(value) > messages.MAX_DISPLAY_NAME:
        raise invalid("DisplayName")
    if name == "SignatureVersion" and value not in ("1", "2"):
        raise invalid("SignatureVersion")
    if name in ("Policy", "DeliveryPolicy"):
        try:
            ok = isinstance(json.loads(value), dict)
        except ValueError:
            ok = False
        if not ok:
            raise invalid(name, f"{name} is not a valid JSON object")


def _page(items: list, token: str | None, salt: str) -> tuple[list, str | None]:
    try:
        return paginate(items, token, PAGE, salt, InvalidParameter)
    except InvalidParameter:
        raise invalid("NextToken") from None


# -- topics ----------------------------------------------------------------------------
@OPERATIONS("CreateTopic")
def create_topic(call, p):
    state = call.state()
    name = p["Name"]
    attributes = dict(p.get("Attributes") or {})
    for key, value in attributes.items():
        _check_topic_attribute(key, value)
    messages.check_topic_name(name)
    tags = {t["Key"]: t["Value"] for t in p.get("Tags") or []}
    arn = state.topic_arn(name)
    existing = state.topics.get(arn)
    if existing is not None:
        if attributes and any(existing.attributes.get(k) != v for k, v in attributes.items()):
            raise invalid("Attributes", "Topic already exists with different attributes")
        if tags and tags != existing.tags:
            raise invalid("Tags", "Topic already exists with different tags")
        return {"TopicArn": arn}
    attributes.setdefault("Policy", default_policy(arn, state.account_id))
    state.topics[arn] = Topic(arn, name, state.account_id, attributes, tags)
    return {"TopicArn": arn}


@OPERATIONS("ListTopics")
def list_topics(call, p):
    topics = [{"TopicArn": arn} for arn in call.state().topics]
    page, token = _page(topics, p.get("NextToken"), "topics")
    return {"Topics": page, "NextToken": token}


@OPERATIONS("DeleteTopic")
def delete_topic(call, p):
    state = call.state()
    messages.check_arn(p["TopicArn"], "TopicArn")
    topic = state.topics.pop(p["TopicArn"], None)        # deleting twice is not an error
    if topic is not None:
        for sub in state.of_topic(topic.arn):
            _drop(state, sub)
    return {}


@OPERATIONS("GetTopicAttributes")
def get_topic_attributes(call, p):
    state = topic_state(call, p["TopicArn"])
    topic = find_topic(state, p["TopicArn"])
    subs = state.of_topic(topic.arn)
    attributes = {
        "TopicArn": topic.arn, "Owner": topic.owner,
        "SubscriptionsConfirmed": str(sum(s.confirmed for s in subs)),
        "SubscriptionsPending": str(sum(not s.confirmed for s in subs)),
        "SubscriptionsDeleted": str(topic.deleted_subscriptions),
        "DisplayName": topic.attributes.get("DisplayName", ""),
        "EffectiveDeliveryPolicy": json.dumps(HTTP_DELIVERY, separators=(",", ":")),
    }
    attributes.update(topic.attributes)
    return {"Attributes": attributes}


@OPERATIONS("SetTopicAttributes")
def set_topic_attributes(call, p):
    topic = find_topic(topic_state(call, p["TopicArn"]), p["TopicArn"])
    name, value = p["AttributeName"], p.get("AttributeValue") or ""
    _check_topic_attribute(name, value)
    if name == "Policy" and not value:
        value = default_policy(topic.arn, topic.owner)
    topic.attributes[name] = value
    return {}


# -- subscriptions ---------------------------------------------------------------------
@OPERATIONS("Subscribe")
def subscribe(call, p):
    state, lab = topic_state(call, p["TopicArn"]), call.lab
    topic = find_topic(state, p["TopicArn"])
    protocol, endpoint = p["Protocol"], p.get("Endpoint")
    if protocol in messages.NOT_SIMULATED:
        raise invalid("Protocol", f"awslab does not simulate {protocol} endpoints")
    if protocol not in messages.SIMULATED:
        raise invalid(f"Amazon SNS does not support this protocol string: {protocol}")
    messages.check_endpoint(protocol, endpoint)
    attributes = _subscription_attributes(protocol, p.get("Attributes") or {})
    for sub in state.of_topic(topic.arn):
        if (sub.protocol, sub.endpoint) == (protocol, endpoint):
            if any(sub.attributes.get(k, "false" if k == "RawMessageDelivery" else None)
                   != v for k, v in attributes.items()):
                raise invalid("Attributes", "Subscription already exists with different "
                              "attributes")
            if not sub.confirmed:
                delivery.send_confirmation(lab, state, topic, sub)
            return {"SubscriptionArn": _shown(sub, p)}
    sub = Subscription(f"{topic.arn}:{lab.ids.uuid()}", topic.arn, call.account_id, protocol,
                       endpoint, lab.now, lab.ids.hex(128), principal=call.caller.arn,
                       attributes=attributes)
    state.subscriptions[sub.arn] = sub
    owner = messages.endpoint_account(protocol, endpoint)
    if protocol in messages.NEEDS_CONFIRMATION or owner not in (None, topic.owner):
        delivery.send_confirmation(lab, state, topic, sub)
        sub.expiry = lab.clock.at(lab.now + delivery.PENDING_LIFETIME,
                                  lambda t: _expire(state, sub), name=f"sns pending {sub.arn}")
    else:
        sub.confirmed = True
    return {"SubscriptionArn": _shown(sub, p)}


def _shown(sub: Subscription, p: dict) -> str:
    return sub.arn if sub.confirmed or p.get("ReturnSubscriptionArn") else (
        "pending confirmation")


def _expire(state, sub: Subscription) -> None:
    if not sub.confirmed and state.subscriptions.get(sub.arn) is sub:
        _drop(state, sub)


def _drop(state, sub: Subscription) -> None:
    state.subscriptions.pop(sub.arn, None)
    if sub.expiry is not None:
        sub.expiry.cancel()
    topic = state.topics.get(sub.topic_arn)
    if topic is not None:
        topic.deleted_subscriptions += 1


def _subscription_attributes(protocol: str, attributes: dict) -> dict:
    for name, value in attributes.items():
        _check_subscription_attribute(protocol, name, value)
    return {k: v.lower() if k == "RawMessageDelivery" else v for k, v in attributes.items()}


def _check_subscription_attribute(protocol: str, name: str, value: str) -> None:
    if name in UNSIMULATED:
        raise invalid("Attributes", f"awslab does not simulate {name}")
    if name not in SUBSCRIPTION_ATTRIBUTES:
        raise invalid("AttributeName")
    if name == "RawMessageDelivery":
        if value.lower() not in ("true", "false"):
            raise invalid("Attributes", "RawMessageDelivery: Invalid value [" + value +
                          "]. Must be true or false.")
        if protocol not in RAW_PROTOCOLS and value.lower() == "true":
            raise invalid("Attributes", f"Delivery protocol [{protocol}] does not support "
                          "raw message delivery.")


@OPERATIONS("ConfirmSubscription")
def confirm_subscription(call, p):
    state = topic_state(call, p["TopicArn"])
    topic = find_topic(state, p["TopicArn"])
    found = [s for s in state.of_topic(topic.arn) if s.token == p["Token"]]
    if not found:
        raise invalid("Token")
    sub = found[0]
    if not sub.confirmed:
        sub.confirmed = True
        sub.authenticated = str(p.get("AuthenticateOnUnsubscribe", "")).lower() == "true"
        if sub.expiry is not None:
            sub.expiry.cancel()
            sub.expiry = None
    return {"SubscriptionArn": sub.arn}


def _listed(sub: Subscription) -> dict:
    return {"SubscriptionArn": sub.listed_arn, "Owner": sub.owner, "Protocol": sub.protocol,
            "Endpoint": sub.endpoint, "TopicArn": sub.topic_arn}


@OPERATIONS("ListSubscriptions")
def list_subscriptions(call, p):
    subs = [_listed(s) for s in call.state().subscriptions.values()]
    page, token = _page(subs, p.get("NextToken"), "subscriptions")
    return {"Subscriptions": page, "NextToken": token}


@OPERATIONS("ListSubscriptionsByTopic")
def list_subscriptions_by_topic(call, p):
    state = topic_state(call, p["TopicArn"])
    topic = find_topic(state, p["TopicArn"])
    subs = [_listed(s) for s in state.of_topic(topic.arn)]
    page, token = _page(subs, p.get("NextToken"), "by-topic " + topic.arn)
    return {"Subscriptions": page, "NextToken": token}


def find_subscription(state, arn: str) -> Subscription:
    parts = messages.check_arn(arn, "SubscriptionArn")
    sub = state.subscriptions.get(arn)
    if sub is None or parts[3] != state.region:
        raise subscription_not_found()
    return sub


@OPERATIONS("Unsubscribe")
def unsubscribe(call, p):
    state = call.state()
    sub = find_subscription(state, p["SubscriptionArn"])
    _drop(state, sub)
    topic = state.topics.get(sub.topic_arn)
    if topic is not None and sub.protocol in ("http", "https"):
        delivery.send_confirmation(call.lab, state, topic, sub, "UnsubscribeConfirmation")
    return {}


@OPERATIONS("GetSubscriptionAttributes")
def get_subscription_attributes(call, p):
    sub = find_subscription(call.state(), p["SubscriptionArn"])
    attributes = {"SubscriptionArn": sub.arn, "TopicArn": sub.topic_arn, "Owner": sub.owner,
                  "Protocol": sub.protocol, "Endpoint": sub.endpoint,
                  "PendingConfirmation": str(not sub.confirmed).lower(),
                  "ConfirmationWasAuthenticated": str(sub.authenticated or (
                      sub.confirmed and sub.protocol in ("sqs", "lambda"))).lower(),
                  "RawMessageDelivery": "false",
                  "SubscriptionPrincipal": sub.principal}
    if sub.protocol in ("http", "https"):
        attributes["EffectiveDeliveryPolicy"] = json.dumps(HTTP_DELIVERY["http"],
                                                           separators=(",", ":"))
    attributes.update(sub.attributes)
    return {"Attributes": attributes}


@OPERATIONS("SetSubscriptionAttributes")
def set_subscription_attributes(call, p):
    sub = find_subscription(call.state(), p["SubscriptionArn"])
    name, value = p["AttributeName"], p.get("AttributeValue") or ""
    _check_subscription_attribute(sub.protocol, name, value)
    sub.attributes[name] = value.lower() if name == "RawMessageDelivery" else value
    return {}


# -- publishing ------------------------------------------------------------------------
@OPERATIONS("Publish")
def publish(call, p):
    state = topic_state(call, p.get("TopicArn") or p.get("TargetArn"))
    if p.get("PhoneNumber"):
        raise invalid("PhoneNumber", "awslab does not simulate SMS")
    arn = p.get("TopicArn") or p.get("TargetArn")
    if not arn:
        raise invalid("TopicArn or TargetArn", "no value for required parameter")
    topic = find_topic(state, arn, "TopicArn" if p.get("TopicArn") else "TargetArn")
    if p.get("MessageGroupId") or p.get("MessageDeduplicationId"):
        raise invalid("MessageGroupId",
                      "The request includes MessageGroupId parameter that is not valid for "
                      "this topic type")
    message_id = delivery.publish(call.lab, state, topic, p["Message"], p.get("Subject"),
                                  p.get("MessageStructure"), p.get("MessageAttributes"))
    return {"MessageId": message_id}
