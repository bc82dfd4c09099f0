"""Rules: managed checks, triggers, custom rules with PutEvaluations, compliance APIs."""
import json

import pytest
from botocore.exceptions import ClientError

from awslab.services import config as config_service
from awslab.services import lambda_
from config_helpers import SSH_OPEN, compliance, instance, managed_rule, open_group


def _code(exc):
    return exc.value.response["Error"]["Code"]


def test_restricted_ssh_follows_changes_and_never_blocks(lab, ec2, cfg, recording):
    managed_rule(cfg, "restricted-ssh", "INCOMING_SSH_DISABLED")
    gid = open_group(ec2)                     # the change goes through: Config only detects
    assert compliance(cfg, "restricted-ssh")[gid] == "NON_COMPLIANT"
    ec2.revoke_security_group_ingress(GroupId=gid, IpPermissions=SSH_OPEN)
    assert compliance(cfg, "restricted-ssh")[gid] == "COMPLIANT"
    by_rule = cfg.describe_compliance_by_config_rule()["ComplianceByConfigRules"]
    assert by_rule[0]["Compliance"]["ComplianceType"] == "COMPLIANT"


def test_desired_instance_type_needs_its_parameter(lab, ec2, cfg, recording):
    with pytest.raises(ClientError) as exc:
        managed_rule(cfg, "types", "DESIRED_INSTANCE_TYPE")
    assert _code(exc) == "InvalidParameterValueException"
    managed_rule(cfg, "types", "DESIRED_INSTANCE_TYPE",
                 InputParameters=json.dumps({"instanceType": "t3.micro, t3.small"}))
    good, bad = instance(lab, ec2, "t3.micro"), instance(lab, ec2, "m5.large")
    assert compliance(cfg, "types") == {good: "COMPLIANT", bad: "NON_COMPLIANT"}


def test_volume_rules(lab, ec2, cfg, recording):
    managed_rule(cfg, "in-use", "EC2_VOLUME_INUSE_CHECK")
    managed_rule(cfg, "encrypted", "ENCRYPTED_VOLUMES")
    iid = instance(lab, ec2)
    vid = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
    lab.advance(seconds=5)
    assert compliance(cfg, "in-use")[vid] == "NON_COMPLIANT"
    assert compliance(cfg, "encrypted")[vid] == "NOT_APPLICABLE"
    ec2.attach_volume(VolumeId=vid, InstanceId=iid, Device="/dev/sdf")
    assert compliance(cfg, "in-use")[vid] == "COMPLIANT"
    assert compliance(cfg, "encrypted")[vid] == "NON_COMPLIANT"


def test_periodic_rule_runs_on_the_clock(lab, cfg, recording):
    lab.client("iam").create_user(UserName="dave")
    managed_rule(cfg, "mfa", "IAM_USER_MFA_ENABLED", MaximumExecutionFrequency="One_Hour")
    rule = lab.state("config").rules["mfa"]
    runs = rule.status["LastSuccessfulEvaluationTime"]
    lab.advance(hours=3)
    assert rule.status["LastSuccessfulEvaluationTime"] > runs
    with pytest.raises(ClientError) as exc:
        managed_rule(cfg, "ssh2", "INCOMING_SSH_DISABLED",
                     MaximumExecutionFrequency="One_Hour")
    assert _code(exc) == "InvalidParameterValueException"


def test_required_tags_and_scope_by_tag(lab, ec2, cfg, recording):
    managed_rule(cfg, "tags", "REQUIRED_TAGS", InputParameters=json.dumps(
        {"tag1Key": "team"}), Scope={"ComplianceResourceTypes": ["AWS::EC2::SecurityGroup"]})
    gid = ec2.create_security_group(GroupName="t", Description="t", TagSpecifications=[{
        "ResourceType": "security-group", "Tags": [{"Key": "team", "Value": "web"}]}]
    )["GroupId"]
    results = compliance(cfg, "tags")
    assert results[gid] == "COMPLIANT" and "NON_COMPLIANT" in results.values()


def _custom_rule(lab, cfg, handler, **details):
    arn = lambda_.register(lab, "gp3-only", handler)
    lab.client("lambda").add_permission(FunctionName="gp3-only", StatementId="config",
                                        Action="lambda:InvokeFunction",
                                        Principal="config.amazonaws.com")
    cfg.put_config_rule(ConfigRule={"ConfigRuleName": "gp3-only", "Scope": {
        "ComplianceResourceTypes": ["AWS::EC2::Volume"]}, "Source": {
        "Owner": "CUSTOM_LAMBDA", "SourceIdentifier": arn, "SourceDetails": [{
            "EventSource": "aws.config",
            "MessageType": "ConfigurationItemChangeNotification", **details}]}})


def test_custom_rule_reports_through_put_evaluations(lab, ec2, cfg, recording):
    def handler(event, context):
        item = json.loads(event["invokingEvent"])["configurationItem"]
        kind = "COMPLIANT" if (item["configuration"] or {}).get("volumeType") == "gp3" \
            else "NON_COMPLIANT"
        lab.client("config").put_evaluations(ResultToken=event["resultToken"], Evaluations=[{
            "ComplianceResourceType": item["resourceType"],
            "ComplianceResourceId": item["resourceId"], "ComplianceType": kind,
            "OrderingTimestamp": item["configurationItemCaptureTime"]}])
    _custom_rule(lab, cfg, handler)
    vid = ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)["VolumeId"]
    assert compliance(cfg, "gp3-only")[vid] == "NON_COMPLIANT"
    ec2.modify_volume(VolumeId=vid, VolumeType="gp3")
    assert compliance(cfg, "gp3-only")[vid] == "COMPLIANT"


def test_handler_without_put_evaluations_leaves_no_results(lab, ec2, cfg, recording):
    _custom_rule(lab, cfg, lambda event, context: None)
    ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)
    assert compliance(cfg, "gp3-only") == {}
    by_rule = cfg.describe_compliance_by_config_rule(ConfigRuleNames=["gp3-only"])
    assert by_rule["ComplianceByConfigRules"][0]["Compliance"]["ComplianceType"] == \
        "INSUFFICIENT_DATA"


def test_put_evaluations_rejects_bad_tokens_and_insufficient_data(lab, cfg, recording):
    with pytest.raises(ClientError) as exc:
        cfg.put_evaluations(ResultToken="nope", Evaluations=[])
    assert _code(exc) == "InvalidResultTokenException"
    tokens = []
    _custom_rule(lab, cfg, lambda event, context: tokens.append(event["resultToken"]))
    lab.client("ec2").create_volume(AvailabilityZone="us-east-1a", Size=8)
    lab.advance(seconds=1)
    with pytest.raises(ClientError) as exc:
        cfg.put_evaluations(ResultToken=tokens[-1], Evaluations=[{
            "ComplianceResourceType": "AWS::EC2::Volume", "ComplianceResourceId": "vol-1",
            "ComplianceType": "INSUFFICIENT_DATA", "OrderingTimestamp": lab.now}])
    assert _code(exc) == "InvalidParameterValueException"


def test_custom_rule_without_permission_records_the_failure(lab, ec2, cfg, recording):
    arn = lambda_.register(lab, "nope", lambda e, c: None)
    cfg.put_config_rule(ConfigRule={"ConfigRuleName": "nope", "Source": {
        "Owner": "CUSTOM_LAMBDA", "SourceIdentifier": arn, "SourceDetails": [{
            "EventSource": "aws.config",
            "MessageType": "ConfigurationItemChangeNotification"}]}})
    ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)
    status = cfg.describe_config_rule_evaluation_status(ConfigRuleNames=["nope"])
    assert status["ConfigRulesEvaluationStatus"][0]["LastErrorCode"]


def test_start_evaluation_once_a_minute(lab, cfg, recording):
    managed_rule(cfg, "restricted-ssh", "INCOMING_SSH_DISABLED")
    cfg.start_config_rules_evaluation(ConfigRuleNames=["restricted-ssh"])
    with pytest.raises(ClientError) as exc:
        cfg.start_config_rules_evaluation(ConfigRuleNames=["restricted-ssh"])
    assert _code(exc) == "LimitExceededException"
    lab.advance(minutes=1)
    cfg.start_config_rules_evaluation(ConfigRuleNames=["restricted-ssh"])


def test_compliance_changes_reach_eventbridge_and_sns(lab, ec2, cfg, recording):
    managed_rule(cfg, "restricted-ssh", "INCOMING_SSH_DISABLED")
    gid = open_group(ec2)
    lab.advance(seconds=1)
    events = [e for e in lab.state("events").events
              if e["detail-type"] == "Config Rules Compliance Change"
              and e["detail"]["resourceId"] == gid]
    assert [e["detail"]["newEvaluationResult"]["complianceType"] for e in events] == [
        "COMPLIANT", "NON_COMPLIANT"]
    assert events[-1]["detail"]["oldEvaluationResult"]["complianceType"] == "COMPLIANT"
    assert events[-1]["source"] == "aws.config"
    kinds = [n["messageType"] for n in lab.state("config").notifications]
    assert "ComplianceChangeNotification" in kinds


def test_delete_rule_needs_its_remediation_gone_and_costs_are_counted(lab, cfg, recording):
    managed_rule(cfg, "restricted-ssh", "INCOMING_SSH_DISABLED")
    before = config_service.cost(lab)
    assert before["evaluations"] >= 1 and before["items_continuous"] >= 2
    assert before["total_usd"] == pytest.approx(
        before["items_continuous"] * 0.003 + before["evaluations"] * 0.001)
    cfg.delete_config_rule(ConfigRuleName="restricted-ssh")
    with pytest.raises(ClientError) as exc:
        cfg.describe_config_rules(ConfigRuleNames=["restricted-ssh"])
    assert _code(exc) == "NoSuchConfigRuleException"
    assert config_service.cost(lab)["evaluations"] == before["evaluations"]


def test_evaluation_tiers():
    from awslab.services.config.pricing import evaluation_cost
    assert evaluation_cost(100_000) == pytest.approx(100.0)
    assert evaluation_cost(500_000) == pytest.approx(100 + 320)
    assert evaluation_cost(600_000) == pytest.approx(100 + 320 + 50)
