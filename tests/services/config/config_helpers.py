"""Helpers shared by the Config tests."""
from awslab.services.ec2 import image_id

SSH_OPEN = [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
             "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]


def managed_rule(cfg, name, identifier, **extra):
    cfg.put_config_rule(ConfigRule={"ConfigRuleName": name, "Source": {
        "Owner": "AWS", "SourceIdentifier": identifier}, **extra})


def open_group(ec2, name="web"):
    gid = ec2.create_security_group(GroupName=name, Description=name)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=SSH_OPEN)
    return gid


def instance(lab, ec2, instance_type="t3.micro", zone="us-east-1a"):
    iid = ec2.run_instances(ImageId=image_id("al2023"), MinCount=1, MaxCount=1,
                            InstanceType=instance_type, Placement={"AvailabilityZone": zone}
                            )["Instances"][0]["InstanceId"]
    lab.advance(minutes=1)
    return iid


def compliance(cfg, rule):
    """{resourceId: complianceType} of one rule."""
    results = cfg.get_compliance_details_by_config_rule(ConfigRuleName=rule)
    return {r["EvaluationResultIdentifier"]["EvaluationResultQualifier"]["ResourceId"]:
            r["ComplianceType"] for r in results["EvaluationResults"]}
