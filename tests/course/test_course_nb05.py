"""NB05 checks end to end: decoding a captured record, central logging for three accounts
in two Regions (probes and a refused stranger), and the SIEM design."""
import base64
import gzip
import json

import pytest

from awslab import Lab, course
from awslab.course.checks import nb05

TRUST = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "logs.amazonaws.com"},
    "Action": "sts:AssumeRole"}]}


def client(lab, service, account, region="us-east-1"):
    return lab.client(service, region_name=region,
                      **lab.admin_credentials(account).as_client_kwargs())


def test_e1_counts_the_events():
    ex = course.exercises("05", Lab(student_id="nb05"))
    count = len(json.loads(gzip.decompress(base64.b64decode(
        ex.e1.event["awslogs"]["data"])))["logEvents"])
    assert ex.e1.check(count).passed
    assert "not the number of entries" in ex.e1.check(count + 1).message
    assert "give the number" in ex.e1.check(str(count)).message
    other = course.exercises("05", Lab(student_id="nb05-other")).e1.event
    assert other != ex.e1.event


def build(lab, ex, admitted, regions=nb05.REGIONS, subscribe=None):
    central = ex.e2.central
    kin = client(lab, "kinesis", central)
    kin.create_stream(StreamName="central", ShardCount=1)
    lab.advance(seconds=30)
    target = kin.describe_stream_summary(StreamName="central")[
        "StreamDescriptionSummary"]["StreamARN"]
    iam = client(lab, "iam", central)
    role = iam.create_role(RoleName="w", AssumeRolePolicyDocument=json.dumps(TRUST))[
        "Role"]["Arn"]
    iam.put_role_policy(RoleName="w", PolicyName="p", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                                                "Action": "kinesis:PutRecord",
                                                "Resource": target}]}))
    arns = {}
    for region in regions:
        logs = client(lab, "logs", central, region)
        arn = logs.put_destination(destinationName="central", targetArn=target,
                                   roleArn=role)["destination"]["arn"]
        logs.put_destination_policy(destinationName="central", accessPolicy=json.dumps({
            "Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"AWS": admitted},
                "Action": "logs:PutSubscriptionFilter", "Resource": arn}]}))
        arns[region] = arn
    for account in subscribe or ex.e2.sources:
        for region in regions:
            client(lab, "logs", account, region).put_subscription_filter(
                logGroupName=nb05.GROUP, filterName="central", filterPattern="",
                destinationArn=arns[region])


def test_e2_passes_with_central_logging():
    lab = Lab(student_id="nb05-e2")
    ex = course.exercises("05", lab)
    assert "has no destination" in ex.e2.check().message
    build(lab, ex, ex.e2.sources)
    result = ex.e2.check()
    assert result.passed, result.message


def test_e2_fails_when_the_stranger_is_admitted_or_a_group_is_missing():
    lab = Lab(student_id="nb05-e2b")
    ex = course.exercises("05", lab)
    build(lab, ex, ex.e2.sources + [ex.e2.stranger], subscribe=ex.e2.sources[:2])
    assert "did not reach the central stream" in ex.e2.check().message
    for region in nb05.REGIONS:
        client(lab, "logs", ex.e2.sources[2], region).put_subscription_filter(
            logGroupName=nb05.GROUP, filterName="central", filterPattern="",
            destinationArn=f"arn:aws:logs:{region}:{nb05.CENTRAL}:destination:central")
    assert "yet it could subscribe" in ex.e2.check().message


def test_e2_needs_both_regions():
    lab = Lab(student_id="nb05-e2c")
    ex = course.exercises("05", lab)
    build(lab, ex, ex.e2.sources, regions=("us-east-1",), subscribe=[])
    assert "no destination in eu-west-1" in ex.e2.check().message


@pytest.mark.parametrize("letter, passed", [("b", True), ("d", True), (" B ", True),
                                            ("a", False), ("c", False), ("e", False),
                                            ("z", False), (1, False)])
def test_e3(letter, passed):
    assert course.exercises("05", Lab(seed=1)).e3.check(letter).passed is passed


def test_quiz_loads():
    from awslab.course.quizbank import load_quiz
    assert len(load_quiz("05").questions) == 5
