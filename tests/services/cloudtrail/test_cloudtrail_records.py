"""CloudTrail records of calls: fields of aws-facts 6.1 for each kind of caller."""
import json

import pytest
from botocore.exceptions import ClientError

from awslab.services import cloudtrail
from awslab.services.cloudtrail import records
from awslab.services.cloudtrail.activity import generate


def _last(lab, operation):
    return next(c for c in reversed(lab.audit_log) if c.operation == operation)


def test_iam_user_write_call(lab):
    lab.client("s3").create_bucket(Bucket="shop-data")
    rec = cloudtrail.record(lab, _last(lab, "CreateBucket"))
    assert rec["eventVersion"] == "1.11"
    assert rec["userIdentity"]["type"] == "IAMUser"
    assert rec["userIdentity"]["userName"] == "admin"
    assert rec["userIdentity"]["accessKeyId"].startswith("AKIA")
    assert rec["eventSource"] == "s3.amazonaws.com"
    assert rec["requestParameters"] == {"bucketName": "shop-data"}
    assert rec["readOnly"] is False and rec["managementEvent"] is True
    assert rec["eventCategory"] == "Management" and rec["eventType"] == "AwsApiCall"
    assert rec["recipientAccountId"] == "123456789012"
    assert rec["eventTime"] == "2026-01-05T00:00:00Z"
    assert len(rec["eventID"]) == 36 and rec["eventID"] != rec["requestID"]


def test_read_only_call_has_no_response_elements(lab):
    lab.client("cloudwatch").describe_alarms()
    rec = cloudtrail.record(lab, _last(lab, "DescribeAlarms"))
    assert rec["readOnly"] is True
    assert rec["responseElements"] is None
    assert rec["eventSource"] == "monitoring.amazonaws.com"


def test_failed_call_has_error_code_and_message(lab):
    with pytest.raises(ClientError):
        lab.client("s3").delete_bucket(Bucket="no-such-bucket-here")
    rec = cloudtrail.record(lab, _last(lab, "DeleteBucket"))
    assert rec["errorCode"] == "NoSuchBucket"
    assert rec["errorMessage"]
    assert rec["responseElements"] is None


def test_global_service_is_recorded_in_us_east_1(lab):
    lab.client("iam", region_name="eu-west-1").create_user(UserName="bob")
    rec = cloudtrail.record(lab, _last(lab, "CreateUser"))
    assert rec["awsRegion"] == "us-east-1"
    assert rec["requestParameters"] == {"userName": "bob"}


def test_assumed_role_has_session_context(lab):
    iam = lab.client("iam")
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
             "Principal": {"AWS": "arn:aws:iam::123456789012:root"}}]}
    role = iam.create_role(RoleName="ops", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    iam.attach_role_policy(RoleName="ops",
                           PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    creds = lab.client("sts").assume_role(RoleArn=role["Arn"],
                                          RoleSessionName="night-shift")["Credentials"]
    lab.client("ec2", aws_access_key_id=creds["AccessKeyId"],
               aws_secret_access_key=creds["SecretAccessKey"],
               aws_session_token=creds["SessionToken"]).describe_instances()
    rec = cloudtrail.record(lab, _last(lab, "DescribeInstances"))
    who = rec["userIdentity"]
    assert who["type"] == "AssumedRole"
    assert who["arn"] == "arn:aws:sts::123456789012:assumed-role/ops/night-shift"
    assert who["principalId"].endswith(":night-shift")
    issuer = who["sessionContext"]["sessionIssuer"]
    assert issuer == {"type": "Role", "principalId": who["principalId"].split(":")[0],
                      "arn": role["Arn"], "accountId": "123456789012", "userName": "ops"}
    assert who["sessionContext"]["attributes"]["mfaAuthenticated"] == "false"
    assert who["accessKeyId"].startswith("ASIA")
    assume = cloudtrail.record(lab, _last(lab, "AssumeRole"))
    assert assume["readOnly"] is True                    # read-only, yet with its answer
    assert assume["responseElements"]["credentials"]["sessionToken"] == records.HIDDEN


def test_root_and_federated_users(lab):
    root = lab.root_credentials()
    lab.client("s3", **root.as_client_kwargs()).list_buckets()
    rec = cloudtrail.record(lab, _last(lab, "ListBuckets"))
    assert rec["userIdentity"]["type"] == "Root"
    assert rec["userIdentity"]["arn"] == "arn:aws:iam::123456789012:root"
    fed = lab.client("sts").get_federation_token(Name="partner")["Credentials"]
    lab.client("sts", aws_access_key_id=fed["AccessKeyId"],
               aws_secret_access_key=fed["SecretAccessKey"],
               aws_session_token=fed["SessionToken"]).get_caller_identity()
    rec = cloudtrail.record(lab, _last(lab, "GetCallerIdentity"))
    who = rec["userIdentity"]
    assert who["type"] == "FederatedUser"
    assert who["sessionContext"]["sessionIssuer"]["userName"] == "admin"


def test_aws_service_identity_in_seeded_activity(lab):
    act = generate(1, "123456789012", "us-east-1", lab.now.replace(hour=0),
                   lab.now.replace(hour=2))
    i = next(i for i in range(len(act)) if act.call(i).operation == "AssumeRole")
    rec = cloudtrail.record(lab, act.call(i))
    assert rec["userIdentity"] == {"type": "AWSService", "invokedBy": "ec2.amazonaws.com"}
    assert rec["sourceIPAddress"] == "ec2.amazonaws.com"


def test_data_events_are_classified():
    assert records.is_data_event("s3", "GetObject")
    assert records.is_data_event("lambda", "Invoke")
    assert not records.is_data_event("s3", "DeleteBucket")
    assert records.is_read_only("s3", "GetObject")
    assert not records.is_read_only("s3", "PutObject")
    assert not records.is_read_only("lambda", "Invoke")


def test_data_event_record_names_object_and_bucket(lab):
    s3 = lab.client("s3")
    s3.create_bucket(Bucket="shop-data")
    s3.put_object(Bucket="shop-data", Key="k.txt", Body=b"x")
    rec = cloudtrail.record(lab, _last(lab, "PutObject"))
    assert rec["eventCategory"] == "Data" and rec["managementEvent"] is False
    assert [r["ARN"] for r in rec["resources"]] == ["arn:aws:s3:::shop-data/k.txt",
                                                     "arn:aws:s3:::shop-data"]
    assert "body" not in rec["requestParameters"]


def test_federated_identity_provider_users():
    from awslab.identity import Principal
    saml = Principal("SAMLUser", "123456789012",
                     "arn:aws:iam::123456789012:saml-provider/corp", "Xq9:alice", "alice")
    assert records.user_identity(saml, None) == {
        "type": "SAMLUser", "principalId": "Xq9:alice", "userName": "alice",
        "identityProvider": "arn:aws:iam::123456789012:saml-provider/corp"}
    web = Principal("WebIdentityUser", "123456789012", "accounts.google.com",
                    "accounts.google.com:app:sub-1", "sub-1")
    assert records.user_identity(web, None)["type"] == "WebIdentityUser"
    assert records.user_identity(None, "AKIA123")["type"] == "Unknown"


def test_sts_credential_calls_are_read_only():
    from awslab.services.cloudtrail.records import is_read_only
    assert is_read_only("sts", "AssumeRole") and is_read_only("sts", "GetSessionToken")
    assert not is_read_only("iam", "CreateRole")
