"""Insights, export and subscription operations are authorised on the log groups they name."""
import json

import pytest
from botocore.exceptions import ClientError

from awslab import Lab


def test_a_query_is_allowed_only_on_the_groups_the_policy_names():
    lab = Lab(seed=8)
    logs = lab.client("logs")
    for group in ("/app/web", "/app/payments"):
        logs.create_log_group(logGroupName=group)
    iam = lab.client("iam")
    iam.create_user(UserName="analyst")
    iam.put_user_policy(UserName="analyst", PolicyName="web-only", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "logs:StartQuery",
            "Resource": "arn:aws:logs:us-east-1:123456789012:log-group:/app/web"}]}))
    key = iam.create_access_key(UserName="analyst")["AccessKey"]
    analyst = lab.client("logs", aws_access_key_id=key["AccessKeyId"],
                         aws_secret_access_key=key["SecretAccessKey"])
    now = int(lab.now.timestamp())
    analyst.start_query(logGroupName="/app/web", startTime=now - 3600, endTime=now,
                        queryString="fields @message")
    with pytest.raises(ClientError) as err:
        analyst.start_query(logGroupName="/app/payments", startTime=now - 3600, endTime=now,
                            queryString="fields @message")
    assert err.value.response["Error"]["Code"] == "AccessDeniedException"
    assert "log-group:/app/payments" in err.value.response["Error"]["Message"]
