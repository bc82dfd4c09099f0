"""Amazon SNS: topics, subscriptions with confirmation, Publish, and what endpoints receive.

Beside the boto3 operations (``OPERATIONS``), notebooks read deliveries with
``deliveries(lab, topic_arn=None, region=None, ...)`` (an inbox: emails with SNS's footer,
the JSON SQS/HTTP/email-json endpoints get, Lambda events) and find the token of a
confirmation with ``confirmation_token(delivery)``. Other services publish through the
lab: ``lab.send("sns", "publish", account, region, {"TopicArn", "Subject", "Message"})``
(``receive``) runs the same code as the Publish operation.
"""
from awslab.errors import AwslabError
from awslab.services.iam.service_access import named_policy
from awslab.services.sns.delivery import confirmation_token, deliveries
from awslab.services.sns.operations import OPERATIONS, find_topic
from awslab.services.sns.state import State

GLOBAL = False

__all__ = ["OPERATIONS", "State", "receive", "deliveries", "confirmation_token",
           "RESOURCES", "resource_policy"]


def receive(lab, state, kind: str, payload: dict) -> dict:
    """Publish for another service (CloudWatch alarm actions, ...).

    ``payload``: ``TopicArn``, ``Message`` and optionally ``Subject``,
    ``MessageAttributes``, ``MessageStructure``. Returns ``{"MessageId": ...}``; raises
    SNS's error (``NotFound``, ``InvalidParameter``) when AWS's Publish would.
    """
    from awslab.services.sns.delivery import publish
    if kind != "publish":
        raise AwslabError(f"SNS does not handle {kind!r} requests")
    topic = find_topic(state, payload["TopicArn"])
    return {"MessageId": publish(lab, state, topic, payload["Message"],
                                 payload.get("Subject"), payload.get("MessageStructure"),
                                 payload.get("MessageAttributes"))}


def _topic(call) -> list:
    return [call.params["TopicArn"]] if call.params.get("TopicArn") else ["*"]


def _subscription_topic(call) -> list:
    arn = call.params.get("SubscriptionArn", "")
    return [arn.rsplit(":", 1)[0]] if arn.count(":") >= 6 else ["*"]


def _new_topic(call) -> list:
    return [f"arn:aws:sns:{call.region}:{call.account_id}:{call.params.get('Name', '')}"]


#: IAM resources of each operation (the topic; ``awslab.authz`` reads this table).
RESOURCES = {"CreateTopic": _new_topic}
RESOURCES.update({op: _topic for op in (
    "DeleteTopic", "GetTopicAttributes", "SetTopicAttributes", "Subscribe",
    "ConfirmSubscription", "ListSubscriptionsByTopic", "Publish")})
RESOURCES.update({op: _subscription_topic for op in (
    "Unsubscribe", "GetSubscriptionAttributes", "SetSubscriptionAttributes")})


def resource_policy(lab, action: str, arn: str):
    """The access policy of the topic ``arn``, which the IAM engine evaluates beside the
    caller's identity policies (cross-account callers need its Allow)."""
    parts = arn.split(":")
    if len(parts) != 6 or parts[2] != "sns":
        return None
    topic = lab.state("sns", parts[4], parts[3]).topics.get(arn)
    if topic is None:
        return None
    return named_policy(topic.attributes.get("Policy"), f"access policy of topic {topic.name}",
                        "SNS topic policy")

