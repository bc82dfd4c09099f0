"""A topic's access policy decides cross-account use, as SNS's resource policy does."""
import json

import pytest

from awslab import Lab

OTHER = "210987654321"


@pytest.fixture
def world():
    lab = Lab(seed=9)
    lab.add_account(OTHER, "analytics")
    sns = lab.client("sns")
    arn = sns.create_topic(Name="alerts")["TopicArn"]
    other = lab.client("sns", **lab.admin_credentials(OTHER).as_client_kwargs())
    return lab, sns, other, arn


def publish(client, arn):
    try:
        client.publish(TopicArn=arn, Message="hello")
        return "allowed"
    except client.exceptions.ClientError as err:
        return err.response["Error"]["Code"]


def test_another_account_needs_the_topic_policy(world):
    lab, sns, other, arn = world
    assert publish(sns, arn) == "allowed"                  # same account: identity policy
    assert publish(other, arn) == "AuthorizationError"    # default policy: owner only
    policy = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
        "Action": "sns:Publish", "Resource": arn}]}
    sns.set_topic_attributes(TopicArn=arn, AttributeName="Policy",
                             AttributeValue=json.dumps(policy))
    assert publish(other, arn) == "allowed"


def test_an_explicit_deny_in_the_topic_policy_wins_in_the_same_account(world):
    lab, sns, other, arn = world
    me = lab.default_credentials.principal.arn
    policy = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Principal": {"AWS": me}, "Action": "sns:Publish",
        "Resource": arn}]}
    sns.set_topic_attributes(TopicArn=arn, AttributeName="Policy",
                             AttributeValue=json.dumps(policy))
    assert publish(sns, arn) == "AuthorizationError"
