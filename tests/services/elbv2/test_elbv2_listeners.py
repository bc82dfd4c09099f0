"""Load balancers and listeners with ACM certificates, as Config sees them."""
import json

import pytest
from botocore.exceptions import ClientError

from awslab.services import config as config_service
from elbv2_helpers import https_listener, load_balancer


def _code(exc):
    return exc.value.response["Error"]["Code"]


def test_https_needs_an_issued_certificate(lab):
    elb, lb, tg = load_balancer(lab)
    forward = [{"Type": "forward", "TargetGroupArn": tg}]
    with pytest.raises(ClientError) as exc:
        elb.create_listener(LoadBalancerArn=lb, Protocol="HTTPS", Port=443,
                            DefaultActions=forward)
    assert _code(exc) == "ValidationError"
    cert = lab.client("acm").request_certificate(DomainName="a.example.com")["CertificateArn"]
    with pytest.raises(ClientError) as exc:
        elb.create_listener(LoadBalancerArn=lb, Protocol="HTTPS", Port=443,
                            Certificates=[{"CertificateArn": cert}], DefaultActions=forward)
    assert _code(exc) == "CertificateNotFound"


def test_certificate_in_use_and_duplicate_listener(lab):
    elb, lb, tg, listener, cert = https_listener(lab)
    acm = lab.client("acm")
    assert acm.describe_certificate(CertificateArn=cert)["Certificate"]["InUseBy"] == [lb]
    with pytest.raises(ClientError) as exc:
        acm.delete_certificate(CertificateArn=cert)
    assert _code(exc) == "ResourceInUseException"
    with pytest.raises(ClientError) as exc:
        elb.create_listener(LoadBalancerArn=lb, Protocol="HTTP", Port=443,
                            DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])
    assert _code(exc) == "DuplicateListener"


def test_config_sees_the_certificate_removed(lab):
    config_service.enable(lab)
    cfg = lab.client("config")
    cfg.put_config_rule(ConfigRule={"ConfigRuleName": "alb-cert", "Source": {
        "Owner": "AWS", "SourceIdentifier": "ELBV2_ACM_CERTIFICATE_REQUIRED"},
        "MaximumExecutionFrequency": "One_Hour"})
    elb, lb, tg, listener, cert = https_listener(lab)
    lab.advance(hours=1)
    details = cfg.get_compliance_details_by_config_rule(ConfigRuleName="alb-cert")
    assert details["EvaluationResults"][0]["ComplianceType"] == "COMPLIANT"
    elb.modify_listener(ListenerArn=listener, Protocol="HTTP", Port=80)
    items = cfg.get_resource_config_history(
        resourceType="AWS::ElasticLoadBalancingV2::Listener", resourceId=listener,
        limit=1)["configurationItems"]
    assert json.loads(items[0]["configuration"])["protocol"] == "HTTP"
    assert not any(r["resourceType"] == "AWS::ACM::Certificate"
                   for r in items[0]["relationships"])
    lab.advance(hours=1)
    details = cfg.get_compliance_details_by_config_rule(ConfigRuleName="alb-cert")
    assert details["EvaluationResults"][0]["ComplianceType"] == "NON_COMPLIANT"
