"""AssumeRole: trust policies, ExternalId, MFA, durations and chaining, session policies,
session tags, source identity, expiry on the clock, and cross-account roles."""
import pytest
from botocore.exceptions import ClientError

from awslab.services.iam import mfa_code
from sts_helpers import (ACCOUNT, OTHER, allow, error_of, keys_of, make_role, make_user,
                      policy, trust)

CW_READ = "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess"
CW_FULL = "arn:aws:iam::aws:policy/CloudWatchFullAccess"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/Reader"


def _datum():
    return {"Namespace": "App", "MetricData": [{"MetricName": "m", "Value": 1.0}]}


@pytest.fixture
def reader(iam):
    """Role Reader (CloudWatch read-only) that account 123456789012 may assume."""
    role = make_role(iam, "Reader", trust({"AWS": ACCOUNT}), max_session=7200)
    iam.attach_role_policy(RoleName="Reader", PolicyArn=CW_READ)
    return role


@pytest.fixture
def alice(lab, iam, reader):
    """User alice, allowed sts:AssumeRole on Reader by her identity policy."""
    return make_user(lab, iam, "alice", allow("sts:AssumeRole", ROLE))


def test_happy_path(lab, alice, reader):
    answer = lab.client("sts", **alice).assume_role(RoleArn=ROLE, RoleSessionName="dash")
    creds, user = answer["Credentials"], answer["AssumedRoleUser"]
    assert creds["AccessKeyId"].startswith("ASIA") and len(creds["AccessKeyId"]) == 20
    assert creds["SessionToken"] and creds["Expiration"] == lab.now.replace(hour=1)
    assert user == {"AssumedRoleId": f"{reader['RoleId']}:dash",
                    "Arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/Reader/dash"}
    assert "PackedPolicySize" not in answer
    me = lab.client("sts", **keys_of(creds)).get_caller_identity()
    assert me["Arn"] == user["Arn"] and me["UserId"] == user["AssumedRoleId"]
    cw = lab.client("cloudwatch", **keys_of(creds))
    assert cw.list_metrics()["Metrics"] == []
    with pytest.raises(ClientError) as e:
        cw.put_metric_data(**_datum())
    assert error_of(e) == ("AccessDenied", f"User: {user['Arn']} is not authorized to "
                           "perform: cloudwatch:PutMetricData because no identity-based "
                           "policy allows the cloudwatch:PutMetricData action", 403)


def test_session_expires_on_the_clock(lab, alice, reader):
    creds = lab.client("sts", **alice).assume_role(
        RoleArn=ROLE, RoleSessionName="s1", DurationSeconds=900)["Credentials"]
    cw = lab.client("cloudwatch", **keys_of(creds))
    lab.advance(minutes=14)
    cw.list_metrics()
    lab.advance(minutes=1)
    with pytest.raises(ClientError) as e:
        cw.list_metrics()
    assert error_of(e) == ("ExpiredToken", "The security token included in the request is "
                                           "expired", 400)


def test_trust_policy_must_name_the_caller(lab, iam, alice):
    make_role(iam, "Closed", trust({"Service": "ec2.amazonaws.com"}))
    arn = f"arn:aws:iam::{ACCOUNT}:role/Closed"
    iam.put_user_policy(UserName="alice", PolicyName="inline",
                        PolicyDocument=policy(allow("sts:AssumeRole", "*")))
    with pytest.raises(ClientError) as e:
        lab.client("sts", **alice).assume_role(RoleArn=arn, RoleSessionName="s1")
    assert error_of(e) == ("AccessDenied", f"User: arn:aws:iam::{ACCOUNT}:user/alice is not "
                           f"authorized to perform: sts:AssumeRole on resource: {arn}", 403)
    missing = f"arn:aws:iam::{ACCOUNT}:role/Nope"
    with pytest.raises(ClientError) as e:
        lab.client("sts", **alice).assume_role(RoleArn=missing, RoleSessionName="s1")
    assert error_of(e)[1].endswith(f"sts:AssumeRole on resource: {missing}")


def test_same_account_trust_naming_the_user_needs_no_identity_policy(lab, iam):
    bob = make_user(lab, iam, "bob")
    make_role(iam, "ForBob", trust({"AWS": f"arn:aws:iam::{ACCOUNT}:user/bob"}))
    answer = lab.client("sts", **bob).assume_role(
        RoleArn=f"arn:aws:iam::{ACCOUNT}:role/ForBob", RoleSessionName="s1")
    assert answer["AssumedRoleUser"]["Arn"].endswith("assumed-role/ForBob/s1")


def test_account_trust_needs_the_identity_policy_too(lab, iam, reader):
    carol = make_user(lab, iam, "carol")
    with pytest.raises(ClientError) as e:
        lab.client("sts", **carol).assume_role(RoleArn=ROLE, RoleSessionName="s1")
    assert error_of(e)[1].endswith("because no identity-based policy allows the "
                                   "sts:AssumeRole action")


def test_external_id(lab, iam):
    make_role(iam, "Vendor", trust({"AWS": ACCOUNT}, Condition={
        "StringEquals": {"sts:ExternalId": "Unique-42"}}))
    sts = lab.client("sts")
    arn = f"arn:aws:iam::{ACCOUNT}:role/Vendor"
    for kwargs in ({}, {"ExternalId": "Unique-41"}):
        with pytest.raises(ClientError) as e:
            sts.assume_role(RoleArn=arn, RoleSessionName="s1", **kwargs)
        assert error_of(e)[0] == "AccessDenied"
    assert sts.assume_role(RoleArn=arn, RoleSessionName="s1", ExternalId="Unique-42")


def _mfa_user(lab, iam):
    keys = make_user(lab, iam, "mo", allow("sts:AssumeRole", "*"))
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="mo")["VirtualMFADevice"][
        "SerialNumber"]
    iam.enable_mfa_device(UserName="mo", SerialNumber=serial,
                          AuthenticationCode1=mfa_code(lab, serial),
                          AuthenticationCode2=mfa_code(lab, serial, offset=1))
    return keys, serial


def test_mfa_protected_role(lab, iam):
    keys, serial = _mfa_user(lab, iam)
    make_role(iam, "Admin", trust({"AWS": ACCOUNT}, Condition={
        "Bool": {"aws:MultiFactorAuthPresent": "true"}}))
    arn = f"arn:aws:iam::{ACCOUNT}:role/Admin"
    sts = lab.client("sts", **keys)
    with pytest.raises(ClientError) as e:
        sts.assume_role(RoleArn=arn, RoleSessionName="s1")
    assert error_of(e)[0] == "AccessDenied"
    wrong = "000000" if mfa_code(lab, serial) != "000000" else "111111"
    with pytest.raises(ClientError) as e:
        sts.assume_role(RoleArn=arn, RoleSessionName="s1", SerialNumber=serial,
                        TokenCode=wrong)
    assert error_of(e) == ("AccessDenied", "MultiFactorAuthentication failed with invalid "
                           "MFA one time pass code. ", 403)
    with pytest.raises(ClientError) as e:
        sts.assume_role(RoleArn=arn, RoleSessionName="s1", TokenCode=mfa_code(lab, serial),
                        SerialNumber=f"arn:aws:iam::{ACCOUNT}:mfa/someone-else")
    assert error_of(e)[1].startswith("MultiFactorAuthentication failed, unable to validate")
    creds = sts.assume_role(RoleArn=arn, RoleSessionName="s1", SerialNumber=serial,
                            TokenCode=mfa_code(lab, serial))["Credentials"]
    assert lab.client("sts", **keys_of(creds)).get_caller_identity()


@pytest.mark.parametrize("duration,max_session,message", [
    (7201, 7200, "The requested DurationSeconds exceeds the MaxSessionDuration set for "
                 "this role."),
    (43201, 43200, "1 validation error detected: Value '43201' at 'durationSeconds' failed "
                   "to satisfy constraint: Member must have value less than or equal to "
                   "43200"),
])
def test_duration_limits(lab, iam, duration, max_session, message):
    make_role(iam, "Long", trust({"AWS": ACCOUNT}), max_session=max_session)
    sts = lab.client("sts")
    arn = f"arn:aws:iam::{ACCOUNT}:role/Long"
    with pytest.raises(ClientError) as e:
        sts.assume_role(RoleArn=arn, RoleSessionName="s1", DurationSeconds=duration)
    assert error_of(e) == ("ValidationError", message, 400)
    creds = sts.assume_role(RoleArn=arn, RoleSessionName="s1",
                            DurationSeconds=max_session)["Credentials"]
    assert (creds["Expiration"] - lab.now).total_seconds() == max_session


def test_role_chaining_is_capped_at_one_hour(lab, iam):
    make_role(iam, "First", trust({"AWS": ACCOUNT}), max_session=43200)
    iam.put_role_policy(RoleName="First", PolicyName="chain",
                        PolicyDocument=policy(allow("sts:AssumeRole", "*")))
    make_role(iam, "Second", trust({"AWS": ACCOUNT}), max_session=43200)
    first = lab.client("sts").assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/First",
                                          RoleSessionName="one", DurationSeconds=7200)
    chained = lab.client("sts", **keys_of(first["Credentials"]))
    second = f"arn:aws:iam::{ACCOUNT}:role/Second"
    with pytest.raises(ClientError) as e:
        chained.assume_role(RoleArn=second, RoleSessionName="two", DurationSeconds=3601)
    assert error_of(e) == ("ValidationError", "The requested DurationSeconds exceeds the 1 "
                           "hour session limit for roles assumed by role chaining.", 400)
    creds = chained.assume_role(RoleArn=second, RoleSessionName="two")["Credentials"]
    assert (creds["Expiration"] - lab.now).total_seconds() == 3600
    with pytest.raises(ClientError) as e:
        chained.get_session_token()
    assert error_of(e) == ("AccessDenied", "Cannot call GetSessionToken with session "
                                           "credentials", 403)


def test_session_policies_narrow_and_never_widen(lab, iam, alice, reader):
    iam.attach_role_policy(RoleName="Reader", PolicyArn=CW_FULL)
    sts = lab.client("sts", **alice)
    narrow = policy(allow("cloudwatch:ListMetrics"), allow("s3:*"))
    answer = sts.assume_role(RoleArn=ROLE, RoleSessionName="s1", Policy=narrow)
    assert 0 < answer["PackedPolicySize"] <= 100
    cw = lab.client("cloudwatch", **keys_of(answer["Credentials"]))
    cw.list_metrics()
    with pytest.raises(ClientError) as e:
        cw.put_metric_data(**_datum())                  # the role may, the session may not
    assert error_of(e)[1].endswith("because no session policy allows the "
                                   "cloudwatch:PutMetricData action")
    managed = sts.assume_role(RoleArn=ROLE, RoleSessionName="m1",
                              PolicyArns=[{"arn": CW_READ}])["Credentials"]
    with pytest.raises(ClientError):
        lab.client("cloudwatch", **keys_of(managed)).put_metric_data(**_datum())
    with pytest.raises(ClientError) as e:
        sts.assume_role(RoleArn=ROLE, RoleSessionName="s1", Policy="{bad")
    assert error_of(e) == ("MalformedPolicyDocument", "This policy contains invalid Json", 400)
    with pytest.raises(ClientError) as e:
        sts.assume_role(RoleArn=ROLE, RoleSessionName="s1",
                        Policy=policy(allow(["s3:GetObject"] * 200)))
    assert error_of(e)[0] == "ValidationError" and "2048" in error_of(e)[1]


def test_session_tags_become_principal_tags(lab, iam):
    make_role(iam, "Tagged", trust({"AWS": ACCOUNT}, Action=["sts:AssumeRole"]))
    iam.put_role_policy(RoleName="Tagged", PolicyName="abac", PolicyDocument=policy(
        allow("cloudwatch:PutMetricData", Condition={
            "StringEquals": {"aws:PrincipalTag/team": "blue"}})))
    arn = f"arn:aws:iam::{ACCOUNT}:role/Tagged"
    sts = lab.client("sts")
    tags = [{"Key": "team", "Value": "blue"}]
    with pytest.raises(ClientError) as e:                 # the trust lacks sts:TagSession
        sts.assume_role(RoleArn=arn, RoleSessionName="s1", Tags=tags)
    assert error_of(e)[1].startswith(f"User: arn:aws:iam::{ACCOUNT}:user/admin is not "
                                     "authorized to perform: sts:TagSession")
    iam.update_assume_role_policy(RoleName="Tagged", PolicyDocument=policy(
        trust({"AWS": ACCOUNT}, Action=["sts:AssumeRole", "sts:TagSession"])))
    blue = sts.assume_role(RoleArn=arn, RoleSessionName="s1", Tags=tags)["Credentials"]
    lab.client("cloudwatch", **keys_of(blue)).put_metric_data(**_datum())
    red = sts.assume_role(RoleArn=arn, RoleSessionName="r1",
                          Tags=[{"Key": "team", "Value": "red"}])["Credentials"]
    with pytest.raises(ClientError):
        lab.client("cloudwatch", **keys_of(red)).put_metric_data(**_datum())


def test_source_identity_needs_set_source_identity(lab, iam):
    make_role(iam, "Audited", trust({"AWS": ACCOUNT}))
    arn = f"arn:aws:iam::{ACCOUNT}:role/Audited"
    with pytest.raises(ClientError) as e:
        lab.client("sts").assume_role(RoleArn=arn, RoleSessionName="s1",
                                      SourceIdentity="alice")
    assert "sts:SetSourceIdentity" in error_of(e)[1]
    iam.update_assume_role_policy(RoleName="Audited", PolicyDocument=policy(
        trust({"AWS": ACCOUNT}, Action=["sts:AssumeRole", "sts:SetSourceIdentity"])))
    answer = lab.client("sts").assume_role(RoleArn=arn, RoleSessionName="s1",
                                           SourceIdentity="alice")
    assert answer["SourceIdentity"] == "alice"


def test_root_cannot_assume_roles(lab, reader):
    sts = lab.client("sts", **lab.root_credentials().as_client_kwargs())
    assert sts.get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT}:root"
    with pytest.raises(ClientError) as e:
        sts.assume_role(RoleArn=ROLE, RoleSessionName="s1")
    assert error_of(e) == ("AccessDenied", "Roles may not be assumed by root accounts.", 403)


def test_cross_account_needs_both_sides(lab, iam):
    lab.add_account(OTHER, "analytics")
    alice = make_user(lab, iam, "alice")
    remote = lab.client("iam", **lab.admin_credentials(OTHER).as_client_kwargs())
    make_role(remote, "Shared", trust({"AWS": f"arn:aws:iam::{ACCOUNT}:user/alice"}))
    remote.attach_role_policy(RoleName="Shared", PolicyArn=CW_FULL)
    shared = f"arn:aws:iam::{OTHER}:role/Shared"
    sts = lab.client("sts", **alice)
    with pytest.raises(ClientError) as e:       # trusted, but her own account says no
        sts.assume_role(RoleArn=shared, RoleSessionName="xx")
    assert error_of(e)[1].endswith("because no identity-based policy allows the "
                                   "sts:AssumeRole action")
    iam.put_user_policy(UserName="alice", PolicyName="go",
                        PolicyDocument=policy(allow("sts:AssumeRole", shared)))
    answer = sts.assume_role(RoleArn=shared, RoleSessionName="xx")
    assert answer["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{OTHER}:assumed-role/Shared/xx"
    creds = keys_of(answer["Credentials"])
    assert lab.client("sts", **creds).get_caller_identity()["Account"] == OTHER
    lab.client("cloudwatch", **creds).put_metric_data(**_datum())
    bob = make_user(lab, iam, "bob", allow("sts:AssumeRole", "*"))
    with pytest.raises(ClientError) as e:       # allowed at home, not trusted there
        lab.client("sts", **bob).assume_role(RoleArn=shared, RoleSessionName="xx")
    assert error_of(e)[1] == (f"User: arn:aws:iam::{ACCOUNT}:user/bob is not authorized to "
                              f"perform: sts:AssumeRole on resource: {shared}")


def test_trust_policy_principals_must_exist(lab, iam):
    with pytest.raises(ClientError) as e:
        make_role(iam, "R", trust({"AWS": f"arn:aws:iam::{ACCOUNT}:user/ghost"}))
    assert error_of(e) == ("MalformedPolicyDocument", 'Invalid principal in policy: "AWS":'
                           f'"arn:aws:iam::{ACCOUNT}:user/ghost"', 400)
