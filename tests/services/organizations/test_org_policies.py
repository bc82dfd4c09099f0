"""SCPs and RCPs: limits, defaults, strategies and enforcement through the IAM engine."""
import json

import pytest
from botocore.exceptions import ClientError

from awslab.services.ec2 import image_id
from awslab.services.iam import explain
from awslab.services.organizations import client_as
from org_helpers import MANAGEMENT, allow, deny, scp

SCP = "SERVICE_CONTROL_POLICY"


def code(exc):
    return exc.value.response["Error"]["Code"]


def reason(exc):
    return exc.value.response.get("Reason")


def attached(org, target):
    return [p["Name"] for p in org.list_policies_for_target(TargetId=target, Filter=SCP)[
        "Policies"]]


def run(ec2):
    return ec2.run_instances(ImageId=image_id(), InstanceType="t3.micro", MinCount=1,
                             MaxCount=1)


def test_full_aws_access_is_attached_everywhere_when_scps_are_enabled(lab, tree):
    org = lab.client("organizations")
    for target in [tree.root, *tree.units.values(), *tree.accounts.values(), MANAGEMENT]:
        assert attached(org, target) == ["FullAWSAccess"]
    new_ou = org.create_organizational_unit(ParentId=tree.root, Name="New")[
        "OrganizationalUnit"]["Id"]
    assert attached(org, new_ou) == ["FullAWSAccess"]
    targets = org.list_targets_for_policy(PolicyId="p-FullAWSAccess")["Targets"]
    assert len(targets) == 1 + 3 + 3


def test_attach_needs_the_policy_type_enabled(lab, org):
    org.create_organization()
    root = org.list_roots()["Roots"][0]["Id"]
    pid = scp(org, "NoEMR", deny("elasticmapreduce:*"))
    with pytest.raises(ClientError) as exc:
        org.attach_policy(PolicyId=pid, TargetId=root)
    assert code(exc) == "PolicyTypeNotEnabledException"
    org.enable_policy_type(RootId=root, PolicyType=SCP)
    with pytest.raises(ClientError) as exc:
        org.enable_policy_type(RootId=root, PolicyType=SCP)
    assert code(exc) == "PolicyTypeAlreadyEnabledException"


def test_limits_and_constraint_reasons(lab, tree):
    org = lab.client("organizations")
    dev = tree.units["Dev"]
    with pytest.raises(ClientError) as exc:
        org.detach_policy(PolicyId="p-FullAWSAccess", TargetId=dev)
    assert reason(exc) == "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"
    ids = [scp(org, f"d{i}", deny(f"s{i}:*")) for i in range(5)]
    for pid in ids[:4]:
        org.attach_policy(PolicyId=pid, TargetId=dev)
    with pytest.raises(ClientError) as exc:
        org.attach_policy(PolicyId=ids[4], TargetId=dev)
    assert reason(exc) == "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"
    with pytest.raises(ClientError) as exc:
        org.attach_policy(PolicyId=ids[0], TargetId=dev)
    assert code(exc) == "DuplicatePolicyAttachmentException"
    with pytest.raises(ClientError) as exc:
        org.delete_policy(PolicyId=ids[0])
    assert code(exc) == "PolicyInUseException"
    with pytest.raises(ClientError) as exc:
        org.detach_policy(PolicyId=ids[4], TargetId=dev)
    assert code(exc) == "PolicyNotAttachedException"
    big = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Action": [f"ec2:Action{i:05d}" for i in range(400)],
         "Resource": "*"}]})
    assert len(big) > 5120
    with pytest.raises(ClientError) as exc:
        scp(org, "big", big)
    assert reason(exc) == "POLICY_CONTENT_LIMIT_EXCEEDED"
    with pytest.raises(ClientError) as exc:
        scp(org, "broken", '{"Statement": "nope"}')
    assert code(exc) == "MalformedPolicyDocumentException"
    with pytest.raises(ClientError) as exc:
        org.update_policy(PolicyId="p-FullAWSAccess", Name="Mine")
    assert reason(exc) == "IMMUTABLE_POLICY"


def test_deny_list_blocks_member_admins_and_root_but_not_the_management_account(lab, tree):
    org = lab.client("organizations")
    org.attach_policy(PolicyId=scp(org, "NoRun", deny("ec2:RunInstances")),
                      TargetId=tree.root)
    dev = tree.account("dev-1")
    with pytest.raises(ClientError) as exc:
        run(client_as(lab, dev, "ec2"))
    assert code(exc) == "UnauthorizedOperation"
    assert "explicit deny in a service control policy" in exc.value.response["Error"][
        "Message"]
    root_ec2 = lab.client("ec2", **lab.root_credentials(dev).as_client_kwargs())
    with pytest.raises(ClientError):
        run(root_ec2)
    assert run(lab.client("ec2"))["Instances"]              # the management account
    decision = explain(lab, f"arn:aws:iam::{MANAGEMENT}:user/admin", "ec2:RunInstances")
    assert decision.allowed and "management account is exempt" in decision.explain()


def test_policy_changes_take_effect_on_the_next_call(lab, tree):
    org = lab.client("organizations")
    ec2 = client_as(lab, tree.account("prod-1"), "ec2")
    assert ec2.describe_instances()["Reservations"] == []
    pid = scp(org, "NoDescribe", deny("ec2:Describe*"))
    org.attach_policy(PolicyId=pid, TargetId=tree.units["Prod"])
    with pytest.raises(ClientError):
        ec2.describe_instances()
    org.update_policy(PolicyId=pid, Content=deny("ec2:TerminateInstances"))
    assert ec2.describe_instances()["Reservations"] == []
    org.detach_policy(PolicyId=pid, TargetId=tree.units["Prod"])
    org.move_account(AccountId=tree.account("prod-1"), SourceParentId=tree.units["Prod"],
                     DestinationParentId=tree.units["Dev"])
    org.attach_policy(PolicyId=scp(org, "DevNoEC2", deny("ec2:*")), TargetId=tree.units["Dev"])
    with pytest.raises(ClientError):
        ec2.describe_instances()


def test_allow_list_is_the_intersection_of_every_level(lab, tree):
    """root allows {A,B,C}, OU allows {C,D,E}: accounts in the OU get only C."""
    org = lab.client("organizations")
    at_root = scp(org, "RootAllow", allow(["sqs:*", "sns:*", "ec2:*"]))
    at_ou = scp(org, "DevAllow", allow(["ec2:*", "iam:*", "cloudwatch:*"]))
    org.attach_policy(PolicyId=at_root, TargetId=tree.root)
    org.detach_policy(PolicyId="p-FullAWSAccess", TargetId=tree.root)
    org.attach_policy(PolicyId=at_ou, TargetId=tree.units["Dev"])
    org.detach_policy(PolicyId="p-FullAWSAccess", TargetId=tree.units["Dev"])
    admin = f"arn:aws:iam::{tree.account('dev-1')}:role/OrganizationAccountAccessRole"
    assert explain(lab, admin, "ec2:RunInstances").allowed
    assert not explain(lab, admin, "sns:Publish").allowed
    assert not explain(lab, admin, "iam:CreateUser").allowed
    trace = explain(lab, admin, "iam:CreateUser")
    assert trace.eval_decision == "implicitDeny" and trace.layer == "scp"


def test_disabling_scps_detaches_them_and_reenabling_restores_full_access(lab, tree):
    org = lab.client("organizations")
    pid = scp(org, "NoEC2", deny("ec2:*"))
    org.attach_policy(PolicyId=pid, TargetId=tree.units["Dev"])
    org.disable_policy_type(RootId=tree.root, PolicyType=SCP)
    assert org.list_targets_for_policy(PolicyId=pid)["Targets"] == []
    admin = f"arn:aws:iam::{tree.account('dev-1')}:role/OrganizationAccountAccessRole"
    assert explain(lab, admin, "ec2:RunInstances").allowed
    org.enable_policy_type(RootId=tree.root, PolicyType=SCP)
    assert attached(org, tree.units["Dev"]) == ["FullAWSAccess"]


def test_service_linked_roles_are_exempt(lab, tree):
    from awslab.services.organizations.access_role import create_access_role  # noqa: F401
    org = lab.client("organizations")
    org.attach_policy(PolicyId=scp(org, "NoEC2", deny("ec2:*")), TargetId=tree.root)
    dev = tree.account("dev-1")
    iam = client_as(lab, dev, "iam")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Service": "autoscaling.amazonaws.com"},
        "Action": "sts:AssumeRole"}]})
    for path, name in (("/aws-service-role/autoscaling.amazonaws.com/", "AWSServiceRoleX"),
                       ("/", "PlainRole")):
        iam.create_role(RoleName=name, Path=path, AssumeRolePolicyDocument=trust)
        iam.attach_role_policy(RoleName=name,
                               PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    slr = explain(lab, f"arn:aws:iam::{dev}:role/aws-service-role/autoscaling.amazonaws.com/"
                       "AWSServiceRoleX", "ec2:RunInstances")
    plain = explain(lab, f"arn:aws:iam::{dev}:role/PlainRole", "ec2:RunInstances")
    assert slr.allowed and not plain.allowed


def test_principal_org_id_in_a_resource_policy(lab, tree):
    sns = lab.client("sns")
    topic = sns.create_topic(Name="org-only")["TopicArn"]
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sns:Publish",
        "Resource": topic, "Condition": {"StringEquals": {"aws:PrincipalOrgID": tree.id}}}]})
    sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=policy)
    member = client_as(lab, tree.account("dev-1"), "sns")
    assert member.publish(TopicArn=topic, Message="hi")["MessageId"]
    lab.add_account("444455556666", "outsider")
    outsider = lab.client("sns", **lab.admin_credentials("444455556666").as_client_kwargs())
    with pytest.raises(ClientError):
        outsider.publish(TopicArn=topic, Message="hi")


def test_rcps_deny_principals_outside_the_organization(lab, tree):
    org = lab.client("organizations")
    org.enable_policy_type(RootId=tree.root, PolicyType="RESOURCE_CONTROL_POLICY")
    rcp = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*",
        "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": tree.id}}}]})
    pid = org.create_policy(Name="OrgOnly", Description="", Type="RESOURCE_CONTROL_POLICY",
                            Content=rcp)["Policy"]["PolicySummary"]["Id"]
    with pytest.raises(ClientError) as exc:
        org.detach_policy(PolicyId="p-RCPFullAWSAccess", TargetId=tree.root)
    assert reason(exc) == "NON_DETACHABLE_POLICY"
    dev = tree.account("dev-1")
    lab.add_account("444455556666", "outsider")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::444455556666:root",
                                                  f"arn:aws:iam::{MANAGEMENT}:root"]},
        "Action": "sts:AssumeRole"}]})
    client_as(lab, dev, "iam").create_role(RoleName="Shared", AssumeRolePolicyDocument=trust)
    outsider = lab.client("sts", **lab.admin_credentials("444455556666").as_client_kwargs())
    arn = f"arn:aws:iam::{dev}:role/Shared"
    assert outsider.assume_role(RoleArn=arn, RoleSessionName="before")["Credentials"]
    org.attach_policy(PolicyId=pid, TargetId=tree.root)
    with pytest.raises(ClientError) as exc:
        outsider.assume_role(RoleArn=arn, RoleSessionName="after")
    assert "resource control policy" in exc.value.response["Error"]["Message"]
    assert lab.client("sts").assume_role(RoleArn=arn, RoleSessionName="insider")


def test_simulate_principal_policy_reports_the_organizations_decision(lab, tree):
    org = lab.client("organizations")
    org.attach_policy(PolicyId=scp(org, "NoEC2", deny("ec2:*")), TargetId=tree.units["Dev"])
    dev = tree.account("dev-1")
    iam = client_as(lab, dev, "iam")
    results = iam.simulate_principal_policy(
        PolicySourceArn=f"arn:aws:iam::{dev}:role/OrganizationAccountAccessRole",
        ActionNames=["ec2:RunInstances", "sns:Publish"])["EvaluationResults"]
    details = {r["EvalActionName"]: (r["EvalDecision"],
                                     r["OrganizationsDecisionDetail"]["AllowedByOrganizations"])
               for r in results}
    assert details == {"ec2:RunInstances": ("explicitDeny", False),
                       "sns:Publish": ("allowed", True)}
