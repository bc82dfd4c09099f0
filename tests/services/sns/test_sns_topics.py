"""SNS topics through boto3: CreateTopic, ListTopics, DeleteTopic, Get/SetTopicAttributes."""
import json

from sns_helpers import error


def test_create_topic_returns_its_arn_and_is_idempotent(sns):
    arn = sns.create_topic(Name="alerts")["TopicArn"]
    assert arn == "arn:aws:sns:us-east-1:123456789012:alerts"
    assert sns.create_topic(Name="alerts")["TopicArn"] == arn
    assert sns.list_topics()["Topics"] == [{"TopicArn": arn}]


def test_topics_are_regional(lab, sns):
    sns.create_topic(Name="alerts")
    eu = lab.client("sns", region_name="eu-west-1")
    assert eu.list_topics()["Topics"] == []
    assert eu.create_topic(Name="alerts")["TopicArn"].startswith("arn:aws:sns:eu-west-1:")


def test_bad_topic_names(sns):
    for name in ("has space", "x" * 257, "dot.name"):
        assert error(sns.create_topic, Name=name) == (
            "InvalidParameter", "Invalid parameter: Topic Name", 400)


def test_same_name_with_different_attributes_or_tags(sns):
    sns.create_topic(Name="alerts", Attributes={"DisplayName": "Ops"},
                     Tags=[{"Key": "team", "Value": "web"}])
    assert sns.create_topic(Name="alerts", Attributes={"DisplayName": "Ops"})["TopicArn"]
    assert error(sns.create_topic, Name="alerts", Attributes={"DisplayName": "Dev"}) == (
        "InvalidParameter", "Invalid parameter: Attributes Reason: Topic already exists "
        "with different attributes", 400)
    assert error(sns.create_topic, Name="alerts", Tags=[{"Key": "team", "Value": "db"}]) == (
        "InvalidParameter", "Invalid parameter: Tags Reason: Topic already exists with "
        "different tags", 400)


def test_fifo_topics_are_not_simulated(sns):
    code, message, status = error(sns.create_topic, Name="orders.fifo",
                                  Attributes={"FifoTopic": "true"})
    assert code == "InvalidParameter" and "awslab does not simulate FIFO" in message


def test_list_topics_pages_by_100(sns):
    arns = [sns.create_topic(Name=f"t{i:03d}")["TopicArn"] for i in range(130)]
    first = sns.list_topics()
    assert len(first["Topics"]) == 100 and "NextToken" in first
    rest = sns.list_topics(NextToken=first["NextToken"])
    assert [t["TopicArn"] for t in first["Topics"] + rest["Topics"]] == arns
    assert "NextToken" not in rest
    assert error(sns.list_topics, NextToken="bogus") == (
        "InvalidParameter", "Invalid parameter: NextToken", 400)


def test_delete_topic_is_idempotent_and_removes_subscriptions(sns, topic):
    sns.subscribe(TopicArn=topic, Protocol="sqs",
                  Endpoint="arn:aws:sqs:us-east-1:123456789012:q")
    sns.delete_topic(TopicArn=topic)
    sns.delete_topic(TopicArn=topic)                 # deleting again is not an error
    assert sns.list_topics()["Topics"] == [] and sns.list_subscriptions()[
        "Subscriptions"] == []
    assert error(sns.get_topic_attributes, TopicArn=topic) == (
        "NotFound", "Topic does not exist", 404)


def test_malformed_arn(sns):
    assert error(sns.get_topic_attributes, TopicArn="alerts") == (
        "InvalidParameter", "Invalid parameter: TopicArn Reason: An ARN must have at least "
        "6 elements, not 1", 400)


def test_default_attributes_and_policy(sns, topic):
    attrs = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    assert attrs["TopicArn"] == topic and attrs["Owner"] == "123456789012"
    assert (attrs["SubscriptionsConfirmed"], attrs["SubscriptionsPending"],
            attrs["SubscriptionsDeleted"]) == ("0", "0", "0")
    policy = json.loads(attrs["Policy"])
    [statement] = policy["Statement"]
    assert statement["Resource"] == topic and "SNS:Publish" in statement["Action"]
    assert statement["Condition"] == {"StringEquals": {"AWS:SourceOwner": "123456789012"}}
    assert "http" in json.loads(attrs["EffectiveDeliveryPolicy"])


def test_set_topic_attributes(sns, topic):
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "cloudwatch.amazonaws.com"},
        "Action": "sns:Publish", "Resource": topic}]})
    sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=policy)
    sns.set_topic_attributes(TopicArn=topic, AttributeName="DisplayName",
                             AttributeValue="Ops")
    attrs = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    assert attrs["Policy"] == policy and attrs["DisplayName"] == "Ops"


def test_set_topic_attribute_errors(sns, topic):
    assert error(sns.set_topic_attributes, TopicArn=topic, AttributeName="Color",
                 AttributeValue="red") == (
        "InvalidParameter", "Invalid parameter: AttributeName", 400)
    assert error(sns.set_topic_attributes, TopicArn=topic, AttributeName="SignatureVersion",
                 AttributeValue="3")[1] == "Invalid parameter: SignatureVersion"
    code, message, _ = error(sns.set_topic_attributes, TopicArn=topic,
                             AttributeName="Policy", AttributeValue="{not json")
    assert code == "InvalidParameter" and message.startswith("Invalid parameter: Policy")
    assert error(sns.set_topic_attributes, TopicArn=topic, AttributeName="DisplayName",
                 AttributeValue="x" * 101)[1] == "Invalid parameter: DisplayName"
    assert error(sns.set_topic_attributes, TopicArn=topic + "-gone",
                 AttributeName="DisplayName", AttributeValue="x")[0] == "NotFound"
