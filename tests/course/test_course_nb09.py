"""NB09 checks: they fail before the work and pass after the notebook's solutions."""
import json

from awslab import Lab, course
from awslab.services import config, lambda_


def _lab():
    lab = Lab(student_id="nb09-test")
    config.enable(lab)
    return lab, course.exercises("09", lab)


def test_e1_custom_rule_against_hidden_truth():
    lab, ex = _lab()
    cfg, ec2 = lab.client("config"), lab.client("ec2")
    for vtype in ex.e1.types:
        ec2.create_volume(AvailabilityZone="us-east-1a", VolumeType=vtype,
                          Size=125 if vtype in ("st1", "sc1") else 10)
    assert not ex.e1.check().passed

    def wrong(event, context):             # gp2 is the old answer: the check says so
        item = json.loads(event["invokingEvent"])["configurationItem"]
        kind = "COMPLIANT" if item["configuration"]["volumeType"] == "gp2" else \
            "NON_COMPLIANT"
        cfg.put_evaluations(ResultToken=event["resultToken"], Evaluations=[{
            "ComplianceResourceType": item["resourceType"],
            "ComplianceResourceId": item["resourceId"], "ComplianceType": kind,
            "OrderingTimestamp": item["configurationItemCaptureTime"]}])
    arn = lambda_.register(lab, "gp", wrong)
    lab.client("lambda").add_permission(FunctionName="gp", StatementId="c",
                                        Action="lambda:InvokeFunction",
                                        Principal="config.amazonaws.com")
    cfg.put_config_rule(ConfigRule={"ConfigRuleName": ex.e1.rule_name, "Scope": {
        "ComplianceResourceTypes": ["AWS::EC2::Volume"]}, "Source": {
        "Owner": "CUSTOM_LAMBDA", "SourceIdentifier": arn, "SourceDetails": [{
            "EventSource": "aws.config",
            "MessageType": "ConfigurationItemChangeNotification"}]}})
    result = ex.e1.check()
    assert not result.passed and "should be" in str(result)


def test_e2_needs_automatic_remediation_and_survives_the_drifter():
    lab, ex = _lab()
    cfg = lab.client("config")
    cfg.put_config_rule(ConfigRule={"ConfigRuleName": "restricted-ssh", "Source": {
        "Owner": "AWS", "SourceIdentifier": "INCOMING_SSH_DISABLED"}})
    assert not ex.e2.check().passed
    cfg.put_remediation_configurations(RemediationConfigurations=[{
        "ConfigRuleName": "restricted-ssh", "TargetType": "SSM_DOCUMENT",
        "TargetId": "AWS-DisablePublicAccessForSecurityGroup",
        "Parameters": {"GroupId": {"ResourceValue": {"Value": "RESOURCE_ID"}}},
        "Automatic": True, "MaximumAutomaticAttempts": 5, "RetryAttemptSeconds": 60}])
    assert ex.e2.check().passed


def test_e3_pattern_is_tested_by_eventbridge():
    _lab_, ex = _lab()
    assert not ex.e3.check({"source": ["aws.config"]}).passed
    assert not ex.e3.check("{not json").passed
    assert ex.e3.check({"source": ["aws.config"],
                        "detail-type": ["Config Rules Compliance Change"],
                        "detail": {"configRuleName": ["restricted-ssh"],
                                   "newEvaluationResult": {
                                       "complianceType": ["NON_COMPLIANT"]}}}).passed
