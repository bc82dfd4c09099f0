"""Small builders for EventBridge tests: queues, topics and functions that admit
EventBridge, and PutEvents entries."""
import json
import pathlib

from awslab.services import sqs as sqs_service

ACCOUNT = "123456789012"
CONFORMANCE = pathlib.Path(__file__).with_name("data") / "eventbridge_test_event_pattern.json"


def conformance_cases() -> list[dict]:
    """The 155 TestEventPattern cases recorded against AWS (see data/README.md)."""
    return json.loads(CONFORMANCE.read_text())


def allow_events(arn: str, action: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
        "Action": action, "Resource": arn}]})


def queue(lab, name: str, admit: bool = True, account: str = ACCOUNT) -> str:
    sqs = lab.client("sqs", **({} if account == ACCOUNT else
                               lab.admin_credentials(account).as_client_kwargs()))
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    arn = f"arn:aws:sqs:us-east-1:{account}:{name}"
    if admit:
        sqs.set_queue_attributes(QueueUrl=url, Attributes={
            "Policy": allow_events(arn, "sqs:SendMessage")})
    return arn


def bodies(lab, arn: str) -> list:
    return [json.loads(b) for b in sqs_service.bodies(lab, arn)]


def topic(lab, name: str = "alerts", admit: bool = True) -> str:
    sns = lab.client("sns")
    arn = sns.create_topic(Name=name)["TopicArn"]
    if admit:
        sns.set_topic_attributes(TopicArn=arn, AttributeName="Policy",
                                 AttributeValue=allow_events(arn, "sns:Publish"))
    return arn


def entry(source="petshop.orders", detail_type="Order Placed", bus=None, **detail):
    out = {"Source": source, "DetailType": detail_type,
           "Detail": json.dumps(detail or {"order": 1})}
    if bus:
        out["EventBusName"] = bus
    return out


def rule_to(ev, name, target_arn, pattern=None, bus=None, **target):
    extra = {"EventBusName": bus} if bus else {}
    ev.put_rule(Name=name, EventPattern=json.dumps(pattern or {"source": ["petshop.orders"]}),
                **extra)
    ev.put_targets(Rule=name, Targets=[{"Id": "t1", "Arn": target_arn, **target}], **extra)
