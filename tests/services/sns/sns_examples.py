"""One representative successful call per SNS operation: ``fn(lab) -> response``.

Shaped like ``tests/bridge/bridge_examples.py`` (``EXAMPLES["sns"]``), which gathers them.
"""
from awslab.services.sns import confirmation_token, deliveries

QUEUE = "arn:aws:sqs:us-east-1:123456789012:alerts-queue"


def _topic(lab):
    sns = lab.client("sns")
    arn = sns.create_topic(Name="alerts")["TopicArn"]
    return sns, arn


def _subscribed(lab):
    sns, arn = _topic(lab)
    sub = sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=QUEUE)["SubscriptionArn"]
    return sns, arn, sub


def _confirm(lab):
    sns, arn = _topic(lab)
    sns.subscribe(TopicArn=arn, Protocol="email", Endpoint="ops@example.com")
    lab.advance(seconds=10)
    token = confirmation_token(deliveries(lab, kind="SubscriptionConfirmation")[0])
    return sns.confirm_subscription(TopicArn=arn, Token=token)


EXAMPLES = {"sns": {
    "CreateTopic": lambda lab: lab.client("sns").create_topic(
        Name="alerts", Attributes={"DisplayName": "Ops"},
        Tags=[{"Key": "team", "Value": "web"}]),
    "ListTopics": lambda lab: _topic(lab)[0].list_topics(),
    "DeleteTopic": lambda lab: (lambda s, a: s.delete_topic(TopicArn=a))(*_topic(lab)),
    "GetTopicAttributes": lambda lab: (lambda s, a: s.get_topic_attributes(TopicArn=a))(
        *_topic(lab)),
    "SetTopicAttributes": lambda lab: (lambda s, a: s.set_topic_attributes(
        TopicArn=a, AttributeName="DisplayName", AttributeValue="Ops"))(*_topic(lab)),
    "Subscribe": lambda lab: (lambda s, a: s.subscribe(
        TopicArn=a, Protocol="email", Endpoint="ops@example.com"))(*_topic(lab)),
    "ConfirmSubscription": _confirm,
    "ListSubscriptions": lambda lab: _subscribed(lab)[0].list_subscriptions(),
    "ListSubscriptionsByTopic": lambda lab: (lambda s, a, _: s.list_subscriptions_by_topic(
        TopicArn=a))(*_subscribed(lab)),
    "Unsubscribe": lambda lab: (lambda s, _, u: s.unsubscribe(SubscriptionArn=u))(
        *_subscribed(lab)),
    "GetSubscriptionAttributes": lambda lab: (lambda s, _, u: s.get_subscription_attributes(
        SubscriptionArn=u))(*_subscribed(lab)),
    "SetSubscriptionAttributes": lambda lab: (lambda s, _, u: s.set_subscription_attributes(
        SubscriptionArn=u, AttributeName="RawMessageDelivery", AttributeValue="true"))(
        *_subscribed(lab)),
    "Publish": lambda lab: (lambda s, a, _: s.publish(
        TopicArn=a, Subject="ALARM", Message="hello",
        MessageAttributes={"severity": {"DataType": "String", "StringValue": "high"}}))(
        *_subscribed(lab)),
}}
