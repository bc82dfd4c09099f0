"""SNS subscriptions through boto3: protocols, confirmation, listing, attributes."""
import json

import pytest

from awslab.services.sns import confirmation_token, deliveries
from sns_helpers import FUNCTION, QUEUE, error


def test_sqs_and_lambda_in_the_same_account_are_confirmed_at_once(sns, topic):
    q = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)["SubscriptionArn"]
    f = sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=FUNCTION)["SubscriptionArn"]
    assert q.startswith(topic + ":") and f.startswith(topic + ":") and q != f
    subs = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    assert [(s["Protocol"], s["SubscriptionArn"]) for s in subs] == [("sqs", q),
                                                                    ("lambda", f)]
    assert subs[0]["Owner"] == "123456789012" and subs[0]["TopicArn"] == topic


@pytest.mark.parametrize("protocol,endpoint", [
    ("email", "ops@example.com"), ("email-json", "ops@example.com"),
    ("https", "https://hooks.example.com/sns"), ("http", "http://hooks.example.com/sns"),
    ("sqs", "arn:aws:sqs:us-east-1:210987654321:other-account-queue"),
])
def test_endpoints_that_need_confirmation_are_pending(sns, topic, protocol, endpoint):
    answer = sns.subscribe(TopicArn=topic, Protocol=protocol, Endpoint=endpoint)
    assert answer["SubscriptionArn"] == "pending confirmation"
    [sub] = sns.list_subscriptions()["Subscriptions"]
    assert sub["SubscriptionArn"] == "PendingConfirmation"
    attrs = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    assert attrs["SubscriptionsPending"] == "1" and attrs["SubscriptionsConfirmed"] == "0"


def test_return_subscription_arn_gives_the_pending_arn(sns, topic):
    arn = sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com",
                        ReturnSubscriptionArn=True)["SubscriptionArn"]
    attrs = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert attrs["PendingConfirmation"] == "true" and attrs["Protocol"] == "email"


def test_email_confirmation_with_the_token_from_the_inbox(lab, sns, topic):
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com")
    assert deliveries(lab) == []                        # not delivered instantly
    lab.advance(seconds=10)
    [mail] = deliveries(lab, topic_arn=topic)
    assert mail["Type"] == "SubscriptionConfirmation" and mail["Protocol"] == "email"
    assert mail["Subject"] == "AWS Notification - Subscription Confirmation"
    assert mail["Headers"]["From"] == "AWS Notifications <no-reply@sns.amazonaws.com>"
    assert f"You have chosen to subscribe to the topic: \n{topic}" in mail["Body"]
    assert "confirmation.html?TopicArn=" in mail["Body"]
    token = confirmation_token(mail)
    assert token in mail["Body"]
    arn = sns.confirm_subscription(TopicArn=topic, Token=token)["SubscriptionArn"]
    assert arn.startswith(topic + ":")
    assert sns.list_subscriptions()["Subscriptions"][0]["SubscriptionArn"] == arn
    assert sns.confirm_subscription(TopicArn=topic, Token=token)["SubscriptionArn"] == arn


def test_https_and_email_json_confirmations_are_json(lab, sns, topic):
    sns.subscribe(TopicArn=topic, Protocol="https", Endpoint="https://hooks.example.com/x")
    sns.subscribe(TopicArn=topic, Protocol="email-json", Endpoint="bot@example.com")
    lab.advance(seconds=10)
    post = deliveries(lab, protocol="https")[0]
    body = json.loads(post["Body"])
    assert body["Type"] == "SubscriptionConfirmation" and body["TopicArn"] == topic
    assert body["SubscribeURL"] == (f"https://sns.us-east-1.amazonaws.com/?Action="
                                    f"ConfirmSubscription&TopicArn={topic}&Token="
                                    f"{body['Token']}")
    assert body["Message"].startswith(f"You have chosen to subscribe to the topic {topic}.")
    assert post["Headers"]["x-amz-sns-message-type"] == "SubscriptionConfirmation"
    assert "x-amz-sns-subscription-arn" not in post["Headers"]
    mail = deliveries(lab, protocol="email-json")[0]
    assert json.loads(mail["Body"])["Type"] == "SubscriptionConfirmation"
    sns.confirm_subscription(TopicArn=topic, Token=confirmation_token(mail),
                             AuthenticateOnUnsubscribe="true")
    [sub] = [s for s in sns.list_subscriptions()["Subscriptions"]
             if s["Protocol"] == "email-json"]
    attrs = sns.get_subscription_attributes(SubscriptionArn=sub["SubscriptionArn"])
    assert attrs["Attributes"]["ConfirmationWasAuthenticated"] == "true"


def test_confirmation_errors(lab, sns, topic):
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com")
    assert error(sns.confirm_subscription, TopicArn=topic, Token="0" * 64) == (
        "InvalidParameter", "Invalid parameter: Token", 400)
    assert error(sns.confirm_subscription, TopicArn=topic + "x", Token="0")[0] == "NotFound"


def test_subscribing_again_resends_the_confirmation(lab, sns, topic):
    for _ in range(2):
        sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com")
    lab.advance(seconds=10)
    assert len(deliveries(lab, kind="SubscriptionConfirmation")) == 2
    assert len(sns.list_subscriptions()["Subscriptions"]) == 1
    q1 = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)["SubscriptionArn"]
    assert sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE, Attributes={
        "RawMessageDelivery": "false"})["SubscriptionArn"] == q1
    assert error(sns.subscribe, TopicArn=topic, Protocol="sqs", Endpoint=QUEUE,
                 Attributes={"RawMessageDelivery": "true"}) == (
        "InvalidParameter", "Invalid parameter: Attributes Reason: Subscription already "
        "exists with different attributes", 400)


def test_unconfirmed_subscriptions_are_deleted_after_48_hours(lab, sns, topic):
    sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="ops@example.com")
    lab.advance(hours=47)
    assert len(sns.list_subscriptions()["Subscriptions"]) == 1
    lab.advance(hours=1, seconds=1)
    assert sns.list_subscriptions()["Subscriptions"] == []
    assert sns.get_topic_attributes(TopicArn=topic)["Attributes"][
        "SubscriptionsDeleted"] == "1"


@pytest.mark.parametrize("protocol,endpoint,message", [
    ("email", "not-an-address", "Invalid parameter: Email address"),
    ("https", "http://plain.example.com", "Invalid parameter: Endpoint must match the "
                                          "specified protocol"),
    ("sqs", "my-queue", "Invalid parameter: SQS endpoint ARN"),
    ("lambda", "arn:aws:sqs:us-east-1:123456789012:q", "Invalid parameter: Lambda endpoint "
                                                       "ARN"),
    ("carrier-pigeon", "coop", "Invalid parameter: Amazon SNS does not support this "
                               "protocol string: carrier-pigeon"),
])
def test_subscribe_errors(sns, topic, protocol, endpoint, message):
    assert error(sns.subscribe, TopicArn=topic, Protocol=protocol, Endpoint=endpoint) == (
        "InvalidParameter", message, 400)


def test_subscribe_to_a_missing_topic_and_unsimulated_features(sns, topic):
    assert error(sns.subscribe, TopicArn=topic + "-gone", Protocol="sqs",
                 Endpoint=QUEUE) == ("NotFound", "Topic does not exist", 404)
    code, message, _ = error(sns.subscribe, TopicArn=topic, Protocol="sms",
                             Endpoint="+15555550100")
    assert code == "InvalidParameter" and "awslab does not simulate sms" in message
    code, message, _ = error(sns.subscribe, TopicArn=topic, Protocol="sqs", Endpoint=QUEUE,
                             Attributes={"FilterPolicy": '{"a": ["b"]}'})
    assert "awslab does not simulate FilterPolicy" in message


def test_subscription_attributes(sns, topic):
    arn = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)["SubscriptionArn"]
    attrs = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert attrs["PendingConfirmation"] == "false" and attrs["RawMessageDelivery"] == "false"
    assert attrs["SubscriptionPrincipal"] == "arn:aws:iam::123456789012:user/admin"
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="RawMessageDelivery",
                                    AttributeValue="True")
    assert sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"][
        "RawMessageDelivery"] == "true"
    assert error(sns.set_subscription_attributes, SubscriptionArn=arn,
                 AttributeName="Colour", AttributeValue="x")[1] == (
        "Invalid parameter: AttributeName")


def test_raw_delivery_only_for_sqs_and_http(sns, topic):
    arn = sns.subscribe(TopicArn=topic, Protocol="lambda", Endpoint=FUNCTION)[
        "SubscriptionArn"]
    assert error(sns.set_subscription_attributes, SubscriptionArn=arn,
                 AttributeName="RawMessageDelivery", AttributeValue="true") == (
        "InvalidParameter", "Invalid parameter: Attributes Reason: Delivery protocol "
        "[lambda] does not support raw message delivery.", 400)


def test_unsubscribe(lab, sns, topic):
    q = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)["SubscriptionArn"]
    sns.unsubscribe(SubscriptionArn=q)
    assert sns.list_subscriptions()["Subscriptions"] == []
    assert error(sns.unsubscribe, SubscriptionArn=q) == (
        "NotFound", "Subscription does not exist", 404)
    assert error(sns.get_subscription_attributes, SubscriptionArn="nope")[1] == (
        "Invalid parameter: SubscriptionArn Reason: An ARN must have at least 6 elements, "
        "not 1")


def test_unsubscribing_an_https_endpoint_sends_it_a_confirmation(lab, sns, topic):
    sns.subscribe(TopicArn=topic, Protocol="https", Endpoint="https://hooks.example.com/x")
    lab.advance(seconds=5)
    token = confirmation_token(deliveries(lab)[0])
    arn = sns.confirm_subscription(TopicArn=topic, Token=token)["SubscriptionArn"]
    sns.unsubscribe(SubscriptionArn=arn)
    lab.advance(seconds=5)
    last = deliveries(lab)[-1]
    body = json.loads(last["Body"])
    assert last["Type"] == body["Type"] == "UnsubscribeConfirmation"
    assert body["Message"].startswith(f"You have chosen to deactivate subscription {arn}.")


def test_list_subscriptions_pages(sns, topic):
    for i in range(105):
        sns.subscribe(TopicArn=topic, Protocol="sqs",
                      Endpoint=f"arn:aws:sqs:us-east-1:123456789012:q{i}")
    first = sns.list_subscriptions()
    assert len(first["Subscriptions"]) == 100
    rest = sns.list_subscriptions(NextToken=first["NextToken"])
    assert len(rest["Subscriptions"]) == 5 and "NextToken" not in rest
    assert len(sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]) == 100
