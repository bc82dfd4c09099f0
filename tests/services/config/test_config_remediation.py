"""Remediation with SSM Automation: automatic with retries, manual, exceptions, drift;
aggregators; resource timelines."""
import json

from awslab.services import config as config_service
from config_helpers import SSH_OPEN, compliance, managed_rule, open_group

FIX = {"ConfigRuleName": "restricted-ssh", "TargetType": "SSM_DOCUMENT",
       "TargetId": "AWS-DisablePublicAccessForSecurityGroup",
       "Parameters": {"GroupId": {"ResourceValue": {"Value": "RESOURCE_ID"}}},
       "Automatic": True, "MaximumAutomaticAttempts": 3, "RetryAttemptSeconds": 60}
BROKEN = json.dumps({"schemaVersion": "0.3", "parameters": {"GroupId": {"type": "String"}},
                     "mainSteps": [{"name": "fail", "action": "aws:executeAwsApi",
                                    "inputs": {"Service": "ec2", "Api": "DeleteSecurityGroup",
                                               "GroupId": "sg-00000000000000000"}}]})


def _status(cfg, gid):
    rows = cfg.describe_remediation_execution_status(ConfigRuleName="restricted-ssh")
    return {r["ResourceKey"]["resourceId"]: r for r in rows["RemediationExecutionStatuses"]}


def test_automatic_remediation_fixes_and_survives_drift(lab, ec2, cfg, recording):
    managed_rule(cfg, "restricted-ssh", "INCOMING_SSH_DISABLED")
    cfg.put_remediation_configurations(RemediationConfigurations=[FIX])
    gid = open_group(ec2)
    assert compliance(cfg, "restricted-ssh")[gid] == "COMPLIANT"
    assert _status(cfg, gid)[gid]["State"] == "SUCCEEDED"
    ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=SSH_OPEN)   # drift
    assert compliance(cfg, "restricted-ssh")[gid] == "COMPLIANT"
    fixes = [c for c in lab.audit_log if c.operation == "RevokeSecurityGroupIngress"]
    assert len(fixes) >= 2


def test_failing_remediation_ends_in_an_exception(lab, ec2, cfg, recording):
    lab.client("ssm").create_document(Name="Broken", DocumentType="Automation",
                                      Content=BROKEN)
    managed_rule(cfg, "restricted-ssh", "INCOMING_SSH_DISABLED")
    cfg.put_remediation_configurations(RemediationConfigurations=[
        {**FIX, "TargetId": "Broken"}])
    gid = open_group(ec2)
    lab.advance(minutes=5)
    status = _status(cfg, gid)[gid]
    assert status["State"] == "FAILED"
    assert "InvalidGroup.NotFound" in status["StepDetails"][0]["ErrorMessage"]
    run = lab.state("config").runs[("restricted-ssh", "AWS::EC2::SecurityGroup", gid)]
    assert [(a[0] - run.attempts[0][0]).seconds for a in run.attempts] == [0, 20, 40]
    exceptions = cfg.describe_remediation_exceptions(ConfigRuleName="restricted-ssh")
    assert exceptions["RemediationExceptions"][0]["ResourceId"] == gid
    assert compliance(cfg, "restricted-ssh")[gid] == "NON_COMPLIANT"


def test_manual_remediation_runs_once(lab, ec2, cfg, recording):
    managed_rule(cfg, "restricted-ssh", "INCOMING_SSH_DISABLED")
    cfg.put_remediation_configurations(RemediationConfigurations=[
        {**FIX, "Automatic": False}])
    gid = open_group(ec2)
    assert compliance(cfg, "restricted-ssh")[gid] == "NON_COMPLIANT"
    assert gid not in _status(cfg, gid)
    cfg.start_remediation_execution(ConfigRuleName="restricted-ssh", ResourceKeys=[
        {"resourceType": "AWS::EC2::SecurityGroup", "resourceId": gid}])
    assert compliance(cfg, "restricted-ssh")[gid] == "COMPLIANT"


def test_aggregator_needs_the_source_account_to_authorize(lab, cfg, recording):
    lab.add_account("111122223333", "dev")
    config_service.enable(lab, "111122223333")
    dev = lab.client("config", **lab.admin_credentials("111122223333").as_client_kwargs())
    dev.put_config_rule(ConfigRule={"ConfigRuleName": "restricted-ssh", "Source": {
        "Owner": "AWS", "SourceIdentifier": "INCOMING_SSH_DISABLED"}})
    cfg.put_configuration_aggregator(ConfigurationAggregatorName="all",
                                     AccountAggregationSources=[{
                                         "AccountIds": ["123456789012", "111122223333"],
                                         "AllAwsRegions": True}])

    def accounts():
        rows = cfg.describe_aggregate_compliance_by_config_rules(
            ConfigurationAggregatorName="all")["AggregateComplianceByConfigRules"]
        return {r["AccountId"] for r in rows}
    assert accounts() == set()
    dev.put_aggregation_authorization(AuthorizedAccountId="123456789012",
                                      AuthorizedAwsRegion="us-east-1")
    assert accounts() == {"111122223333"}


def test_timeline_joins_configuration_compliance_and_calls(lab, ec2, cfg, recording):
    managed_rule(cfg, "restricted-ssh", "INCOMING_SSH_DISABLED")
    gid = open_group(ec2)
    rows = config_service.timeline(lab, "AWS::EC2::SecurityGroup", gid)
    kinds = [r["kind"] for r in rows]
    assert kinds[:2] == ["api", "configuration"] and "compliance" in kinds
    assert [r["event"] for r in rows if r["kind"] == "api"] == [
        "CreateSecurityGroup", "AuthorizeSecurityGroupIngress"]
    assert [r["compliance"] for r in rows if r["kind"] == "compliance"] == [
        "COMPLIANT", "NON_COMPLIANT"]


def test_organization_aggregator_needs_the_management_account(lab, cfg, recording):
    import pytest
    from botocore.exceptions import ClientError
    from awslab.services.organizations.setup import build_organization
    source = {"RoleArn": "arn:aws:iam::123456789012:role/aggregator",
              "AllAwsRegions": True}
    with pytest.raises(ClientError) as exc:
        cfg.put_configuration_aggregator(ConfigurationAggregatorName="org",
                                         OrganizationAggregationSource=source)
    assert exc.value.response["Error"]["Code"] == "NoAvailableOrganizationException"
    tree = build_organization(lab, {"Dev": ["dev-1"]})
    member = tree.accounts["dev-1"]
    config_service.enable(lab, member)
    dev = lab.client("config", **lab.admin_credentials(member).as_client_kwargs())
    dev.put_config_rule(ConfigRule={"ConfigRuleName": "restricted-ssh", "Source": {
        "Owner": "AWS", "SourceIdentifier": "INCOMING_SSH_DISABLED"}})
    with pytest.raises(ClientError) as exc:
        dev.put_configuration_aggregator(ConfigurationAggregatorName="org",
                                         OrganizationAggregationSource=source)
    assert exc.value.response["Error"]["Code"] == "OrganizationAccessDeniedException"
    cfg.put_configuration_aggregator(ConfigurationAggregatorName="org",
                                     OrganizationAggregationSource=source)
    rows = cfg.describe_aggregate_compliance_by_config_rules(
        ConfigurationAggregatorName="org")["AggregateComplianceByConfigRules"]
    assert member in {r["AccountId"] for r in rows}       # no authorization needed
