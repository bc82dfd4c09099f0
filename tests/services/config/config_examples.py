"""One representative successful call per AWS Config operation: ``fn(lab) -> response``."""
from awslab.services import config as config_service
from awslab.services import lambda_

SSH_RULE = {"ConfigRuleName": "restricted-ssh",
            "Source": {"Owner": "AWS", "SourceIdentifier": "INCOMING_SSH_DISABLED"}}
ROLE = "arn:aws:iam::123456789012:role/config-role"


def _on(lab):
    config_service.enable(lab, topic_name="config-stream")
    return lab.client("config")


def _rule(lab):
    cfg = _on(lab)
    cfg.put_config_rule(ConfigRule=SSH_RULE)
    return cfg


def _recorder_only(lab):
    cfg = lab.client("config")
    cfg.put_configuration_recorder(ConfigurationRecorder={"name": "default", "roleARN": ROLE})
    return cfg


def _custom(lab):
    """A custom rule whose function reports one evaluation; returns its token's client."""
    cfg = _on(lab)
    tokens = []
    arn = lambda_.register(lab, "check", lambda event, ctx: tokens.append(
        event["resultToken"]))
    lab.client("lambda").add_permission(FunctionName="check", StatementId="config",
                                        Action="lambda:InvokeFunction",
                                        Principal="config.amazonaws.com")
    cfg.put_config_rule(ConfigRule={"ConfigRuleName": "custom", "Source": {
        "Owner": "CUSTOM_LAMBDA", "SourceIdentifier": arn, "SourceDetails": [
            {"EventSource": "aws.config", "MessageType": "ScheduledNotification",
             "MaximumExecutionFrequency": "One_Hour"}]}})
    return cfg, tokens[-1]


def _bucket(lab):
    return config_service.enable(lab)["bucket"]


EXAMPLES = {"config": {
    "PutConfigurationRecorder": lambda lab: lab.client("config").put_configuration_recorder(
        ConfigurationRecorder={"name": "default", "roleARN": ROLE,
                               "recordingGroup": {"allSupported": True}}),
    "DescribeConfigurationRecorders": lambda lab: _on(lab).describe_configuration_recorders(),
    "DescribeConfigurationRecorderStatus": lambda lab: _on(lab)
    .describe_configuration_recorder_status(),
    "StartConfigurationRecorder": lambda lab: _on(lab).start_configuration_recorder(
        ConfigurationRecorderName="default"),
    "StopConfigurationRecorder": lambda lab: _on(lab).stop_configuration_recorder(
        ConfigurationRecorderName="default"),
    "DeleteConfigurationRecorder": lambda lab: _recorder_only(lab)
    .delete_configuration_recorder(ConfigurationRecorderName="default"),
    "PutDeliveryChannel": lambda lab: (lambda b: lab.client("config").put_delivery_channel(
        DeliveryChannel={"name": "default", "s3BucketName": b}))(_bucket(lab)),
    "DescribeDeliveryChannels": lambda lab: _on(lab).describe_delivery_channels(),
    "DescribeDeliveryChannelStatus": lambda lab: _on(lab).describe_delivery_channel_status(),
    "DeleteDeliveryChannel": lambda lab: (lambda c: c.stop_configuration_recorder(
        ConfigurationRecorderName="default") and c.delete_delivery_channel(
        DeliveryChannelName="default"))(_on(lab)),
    "PutConfigRule": lambda lab: _on(lab).put_config_rule(ConfigRule=SSH_RULE),
    "DescribeConfigRules": lambda lab: _rule(lab).describe_config_rules(),
    "DeleteConfigRule": lambda lab: _rule(lab).delete_config_rule(
        ConfigRuleName="restricted-ssh"),
    "DescribeConfigRuleEvaluationStatus": lambda lab: _rule(lab)
    .describe_config_rule_evaluation_status(),
    "StartConfigRulesEvaluation": lambda lab: _rule(lab).start_config_rules_evaluation(
        ConfigRuleNames=["restricted-ssh"]),
    "PutEvaluations": lambda lab: (lambda c, t: c.put_evaluations(ResultToken=t, Evaluations=[
        {"ComplianceResourceType": "AWS::::Account", "ComplianceResourceId": "123456789012",
         "ComplianceType": "COMPLIANT", "OrderingTimestamp": lab.now}]))(*_custom(lab)),
    "DescribeComplianceByConfigRule": lambda lab: _rule(lab)
    .describe_compliance_by_config_rule(),
    "DescribeComplianceByResource": lambda lab: _rule(lab).describe_compliance_by_resource(
        ResourceType="AWS::EC2::SecurityGroup"),
    "GetComplianceDetailsByConfigRule": lambda lab: _rule(lab)
    .get_compliance_details_by_config_rule(ConfigRuleName="restricted-ssh"),
    "GetComplianceDetailsByResource": lambda lab: _rule(lab)
    .get_compliance_details_by_resource(
        ResourceType="AWS::EC2::SecurityGroup",
        ResourceId=lab.client("ec2").describe_security_groups()["SecurityGroups"][0]
        ["GroupId"]),
    "GetComplianceSummaryByConfigRule": lambda lab: _rule(lab)
    .get_compliance_summary_by_config_rule(),
    "GetResourceConfigHistory": lambda lab: (lambda b: lab.client("config")
        .get_resource_config_history(resourceType="AWS::S3::Bucket", resourceId=b))(
        _bucket(lab)),
    "ListDiscoveredResources": lambda lab: _on(lab).list_discovered_resources(
        resourceType="AWS::EC2::SecurityGroup"),
    "BatchGetResourceConfig": lambda lab: (lambda b: lab.client("config")
        .batch_get_resource_config(resourceKeys=[
            {"resourceType": "AWS::S3::Bucket", "resourceId": b}]))(_bucket(lab)),
    "GetDiscoveredResourceCounts": lambda lab: _on(lab).get_discovered_resource_counts(),
    "DeliverConfigSnapshot": lambda lab: _on(lab).deliver_config_snapshot(
        deliveryChannelName="default"),
}}


FIX_SSH = {"ConfigRuleName": "restricted-ssh", "TargetType": "SSM_DOCUMENT",
           "TargetId": "AWS-DisablePublicAccessForSecurityGroup", "Automatic": True,
           "Parameters": {"GroupId": {"ResourceValue": {"Value": "RESOURCE_ID"}}},
           "MaximumAutomaticAttempts": 3, "RetryAttemptSeconds": 60}


def _remediated(lab):
    cfg = _rule(lab)
    cfg.put_remediation_configurations(RemediationConfigurations=[FIX_SSH])
    ec2 = lab.client("ec2")
    gid = ec2.create_security_group(GroupName="web", Description="web")["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=gid, IpProtocol="tcp", FromPort=22,
                                         ToPort=22, CidrIp="0.0.0.0/0")
    return cfg, gid


def _excepted(lab):
    cfg, gid = _remediated(lab)
    cfg.put_remediation_exceptions(ConfigRuleName="restricted-ssh", ResourceKeys=[
        {"ResourceType": "AWS::EC2::SecurityGroup", "ResourceId": gid}], Message="known")
    return cfg, gid


def _aggregator(lab):
    cfg = _on(lab)
    cfg.put_configuration_aggregator(ConfigurationAggregatorName="all",
                                     AccountAggregationSources=[{
                                         "AccountIds": ["123456789012"],
                                         "AllAwsRegions": True}])
    cfg.put_config_rule(ConfigRule=SSH_RULE)
    return cfg


EXAMPLES["config"].update({
    "PutRemediationConfigurations": lambda lab: _rule(lab).put_remediation_configurations(
        RemediationConfigurations=[FIX_SSH]),
    "DescribeRemediationConfigurations": lambda lab: _remediated(lab)[0]
    .describe_remediation_configurations(ConfigRuleNames=["restricted-ssh"]),
    "DeleteRemediationConfiguration": lambda lab: _remediated(lab)[0]
    .delete_remediation_configuration(ConfigRuleName="restricted-ssh"),
    "StartRemediationExecution": lambda lab: (lambda c, g: c.start_remediation_execution(
        ConfigRuleName="restricted-ssh", ResourceKeys=[
            {"resourceType": "AWS::EC2::SecurityGroup", "resourceId": g}]))(
        *_remediated(lab)),
    "DescribeRemediationExecutionStatus": lambda lab: _remediated(lab)[0]
    .describe_remediation_execution_status(ConfigRuleName="restricted-ssh"),
    "PutRemediationExceptions": lambda lab: (lambda c, g: c.put_remediation_exceptions(
        ConfigRuleName="restricted-ssh", ResourceKeys=[
            {"ResourceType": "AWS::EC2::SecurityGroup", "ResourceId": g}]))(
        *_remediated(lab)),
    "DescribeRemediationExceptions": lambda lab: _excepted(lab)[0]
    .describe_remediation_exceptions(ConfigRuleName="restricted-ssh"),
    "DeleteRemediationExceptions": lambda lab: (lambda c, g: c.delete_remediation_exceptions(
        ConfigRuleName="restricted-ssh", ResourceKeys=[
            {"ResourceType": "AWS::EC2::SecurityGroup", "ResourceId": g}]))(
        *_excepted(lab)),
    "PutConfigurationAggregator": lambda lab: _on(lab).put_configuration_aggregator(
        ConfigurationAggregatorName="all", AccountAggregationSources=[{
            "AccountIds": ["123456789012"], "AwsRegions": ["us-east-1"]}]),
    "DescribeConfigurationAggregators": lambda lab: _aggregator(lab)
    .describe_configuration_aggregators(),
    "DeleteConfigurationAggregator": lambda lab: _aggregator(lab)
    .delete_configuration_aggregator(ConfigurationAggregatorName="all"),
    "PutAggregationAuthorization": lambda lab: _on(lab).put_aggregation_authorization(
        AuthorizedAccountId="111122223333", AuthorizedAwsRegion="us-east-1"),
    "DescribeAggregationAuthorizations": lambda lab: (lambda c: c
        .put_aggregation_authorization(AuthorizedAccountId="111122223333",
                                       AuthorizedAwsRegion="us-east-1") and c
        .describe_aggregation_authorizations())(_on(lab)),
    "DescribeAggregateComplianceByConfigRules": lambda lab: _aggregator(lab)
    .describe_aggregate_compliance_by_config_rules(ConfigurationAggregatorName="all"),
    "GetAggregateComplianceDetailsByConfigRule": lambda lab: _aggregator(lab)
    .get_aggregate_compliance_details_by_config_rule(
        ConfigurationAggregatorName="all", ConfigRuleName="restricted-ssh",
        AccountId="123456789012", AwsRegion="us-east-1"),
})
