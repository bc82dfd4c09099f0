"""SNS hands messages to the lab's own queues and functions, as sns.amazonaws.com."""
import json

from awslab import Lab
from awslab.services import lambda_, sns, sqs

QUEUE = "arn:aws:sqs:us-east-1:123456789012:inbox"


def _publish(lab, topic, text):
    lab.client("sns").publish(TopicArn=topic, Message=text)
    lab.advance(seconds=5)


def test_a_queue_receives_only_once_its_policy_admits_the_topic():
    lab = Lab(seed=2)
    topic = lab.client("sns").create_topic(Name="alerts")["TopicArn"]
    url = lab.client("sqs").create_queue(QueueName="inbox")["QueueUrl"]
    lab.client("sns").subscribe(TopicArn=topic, Protocol="sqs", Endpoint=QUEUE)
    _publish(lab, topic, "first")
    assert sqs.bodies(lab, QUEUE) == []
    assert sns.deliveries(lab)[-1]["DeliveryError"].startswith("AccessDenied")
    lab.client("sqs").set_queue_attributes(QueueUrl=url, Attributes={"Policy": json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
            "Action": "sqs:SendMessage", "Resource": QUEUE,
            "Condition": {"ArnEquals": {"aws:SourceArn": topic}}}]})})
    _publish(lab, topic, "second")
    assert [json.loads(b)["Message"] for b in sqs.bodies(lab, QUEUE)] == ["second"]


def test_a_function_is_invoked_with_the_sns_event():
    lab = Lab(seed=2)
    topic = lab.client("sns").create_topic(Name="alerts")["TopicArn"]
    fn = lambda_.register(lab, "pager", lambda e, c: e["Records"][0]["Sns"]["Message"])
    lab.client("lambda").add_permission(FunctionName="pager", StatementId="sns",
                                        Action="lambda:InvokeFunction",
                                        Principal="sns.amazonaws.com", SourceArn=topic)
    lab.client("sns").subscribe(TopicArn=topic, Protocol="lambda", Endpoint=fn)
    _publish(lab, topic, "disk full")
    assert [i.result for i in lambda_.invocations(lab, fn)] == ["disk full"]
