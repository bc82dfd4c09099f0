"""Seeded incidents seen through several services at once: the PetShop load-balancer
incident of the capstone (NB10).

:func:`stage_alb_incident` builds, through the lab's own APIs, an Application Load
Balancer (HTTPS listener with an ACM certificate, a security group for it and one for the
web tier behind it), turns on AWS Config with the managed rule
``ELBV2_ACM_CERTIFICATE_REQUIRED``, and starts the load balancer's CloudWatch metrics
(namespace ``AWS/ApplicationELB``, every minute). Then two colleagues make two changes
at seeded times: one revokes the web tier's rule that admits the load balancer (targets
become unreachable: ``HTTPCode_ELB_5XX_Count`` climbs), the other turns the HTTPS
listener into plain HTTP on port 443, which drops its certificate (clients fail TLS:
``ClientTLSNegotiationErrorCount`` jumps, requests collapse; Config finds the load
balancer NON_COMPLIANT). The metrics follow the resources' state minute by minute, so a
fix shows too. The same calls are CloudTrail events and Config configuration items.

The traffic model is the lab's own (AWS does not publish one): seeded requests per minute
with a daily rhythm; 0.1 % ELB and 0.4 % target 5xx when healthy, about 90 % ELB 5xx
(502/503) when no target is reachable; with no TLS on 443, 95 % of clients fail the
handshake.
"""
from __future__ import annotations

import math
import random
import weakref
from dataclasses import dataclass
from datetime import datetime, timedelta

ACCOUNT, REGION = "123456789012", "us-east-1"
NAMESPACE = "AWS/ApplicationELB"
WEB_PORT = 8080
RULE = "elbv2-acm-certificate-required"


@dataclass(frozen=True)
class Incident:
    """What was built and what will happen (``truth`` is for checks and the notebook's
    answer key)."""

    lb_name: str
    lb_arn: str
    lb_dimension: str           # app/NAME/ID, the LoadBalancer dimension
    listener_arn: str
    alb_group: str
    web_group: str
    certificate_arn: str
    start: datetime             # traffic starts
    first_change: dict          # {"time", "user", "api", "resource", "attribute"}
    second_change: dict

    @property
    def end(self) -> datetime:
        return self.second_change["time"] + timedelta(minutes=65)  # past an hourly rule run


def _traffic(seed: int, minute: int) -> int:
    """Seeded requests in one minute: a daily rhythm around 400 a minute."""
    rng = random.Random(f"{seed}/alb/{minute}")
    hour = (minute % 1440) / 60
    mean = 400 * (0.6 + 0.5 * math.exp(-((hour - 14) ** 2) / 20))
    return max(0, int(rng.gauss(mean, math.sqrt(mean))))


def reachable(lab, web_group: str, alb_group: str) -> bool:
    """Whether the web tier's security group admits the load balancer on WEB_PORT."""
    group = lab.state("ec2", ACCOUNT, REGION).security_groups.get(web_group)
    return group is not None and any(
        r.covers_port(WEB_PORT) and (r.source == alb_group or r.source == "0.0.0.0/0")
        for r in group.ingress)


def tls_ok(lab, listener_arn: str) -> bool:
    """Whether the listener on 443 still speaks HTTPS with a certificate."""
    listener = lab.state("elbv2", ACCOUNT, REGION).listeners.get(listener_arn)
    return listener is not None and listener.protocol == "HTTPS" and bool(
        listener.certificates)


def minute_metrics(seed: int, minute: int, ok_targets: bool, ok_tls: bool) -> dict:
    """The load balancer's metrics for one minute (name -> (value, unit))."""
    rng = random.Random(f"{seed}/alb/effects/{minute}")
    demand = _traffic(seed, minute)
    tls_errors = int(demand * 0.95) if not ok_tls else rng.randrange(0, 3)
    requests = demand - tls_errors if not ok_tls else demand
    elb_5xx = sum(rng.random() < (0.9 if not ok_targets else 0.001) for _ in range(requests))
    target_5xx = 0 if not ok_targets else sum(rng.random() < 0.004 for _ in range(requests))
    served = requests - elb_5xx
    return {"RequestCount": (requests, "Count"),
            "HTTPCode_ELB_5XX_Count": (elb_5xx, "Count"),
            "HTTPCode_Target_5XX_Count": (target_5xx, "Count"),
            "HTTPCode_Target_2XX_Count": (served - target_5xx, "Count"),
            "ActiveConnectionCount": (int(requests * 0.45) + tls_errors, "Count"),
            "NewConnectionCount": (int(requests * 0.2) + tls_errors, "Count"),
            "ClientTLSNegotiationErrorCount": (tls_errors, "Count"),
            "TargetResponseTime": (round(0.08 + rng.random() * 0.04, 4) if served else 0.0,
                                   "Seconds")}


def _publish(lab, incident: Incident, t: datetime) -> None:
    minute = int(t.timestamp()) // 60 - 1
    values = minute_metrics(lab.seed, minute, reachable(lab, incident.web_group,
                                                        incident.alb_group),
                            tls_ok(lab, incident.listener_arn))
    when = datetime.fromtimestamp(minute * 60, t.tzinfo)
    dims = [{"Name": "LoadBalancer", "Value": incident.lb_dimension}]
    lab.send("cloudwatch", "metrics", ACCOUNT, REGION, {"Namespace": NAMESPACE, "MetricData": [
        {"MetricName": name, "Dimensions": dims, "Timestamp": when, "Value": float(v),
         "Unit": unit} for name, (v, unit) in values.items()]})


def _build(lab):
    """The load balancer, its listener, groups and certificate (as the admin user)."""
    ec2, elb, acm = lab.client("ec2"), lab.client("elbv2"), lab.client("acm")
    alb = ec2.create_security_group(GroupName="petshop-alb",
                                    Description="PetShop load balancer")["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=alb, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
        "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    web = ec2.create_security_group(GroupName="petshop-web",
                                    Description="PetShop web tier")["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=web, IpPermissions=[{
        "IpProtocol": "tcp", "FromPort": WEB_PORT, "ToPort": WEB_PORT,
        "UserIdGroupPairs": [{"GroupId": alb}]}])
    subnets = list(lab.state("ec2", ACCOUNT, REGION).subnets)[:2]
    lb = elb.create_load_balancer(Name="petshop-alb", Subnets=subnets,
                                  SecurityGroups=[alb])["LoadBalancers"][0]
    tg = elb.create_target_group(Name="petshop-web", Protocol="HTTP", Port=WEB_PORT)[
        "TargetGroups"][0]["TargetGroupArn"]
    cert = acm.request_certificate(DomainName="shop.example.com")["CertificateArn"]
    lab.advance(minutes=2)
    listener = elb.create_listener(
        LoadBalancerArn=lb["LoadBalancerArn"], Protocol="HTTPS", Port=443,
        Certificates=[{"CertificateArn": cert}],
        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])["Listeners"][0]
    return lb, listener["ListenerArn"], alb, web, cert


def stage_alb_incident(lab, *, lead: timedelta = timedelta(minutes=40)) -> Incident:
    """Build the PetShop ALB with Config recording and metrics, and put two seeded
    changes by colleagues on the clock, the first ``lead`` and a few minutes from now."""
    from awslab.services import cloudtrail, config
    from awslab.services.cloudtrail.culprit import colleague
    cloudtrail.enable(lab)
    config.enable(lab, ACCOUNT, REGION)
    lab.client("config").put_config_rule(ConfigRule={
        "ConfigRuleName": RULE, "MaximumExecutionFrequency": "One_Hour",
        "Source": {"Owner": "AWS", "SourceIdentifier": "ELBV2_ACM_CERTIFICATE_REQUIRED"}})
    lb, listener, alb, web, cert = _build(lab)
    rng = random.Random(f"{lab.seed}/nb10/incident")
    names = rng.sample(("ops-mika", "dev-jordan", "net-priya", "sre-tomas"), 2)
    first = lab.now.replace(second=0, microsecond=0) + lead + timedelta(
        minutes=rng.randrange(0, 20), seconds=rng.randrange(60))
    second = first + timedelta(minutes=rng.randrange(12, 25), seconds=rng.randrange(60))
    dimension = lb["LoadBalancerArn"].split(":loadbalancer/", 1)[1]
    incident = Incident(
        "petshop-alb", lb["LoadBalancerArn"], dimension, listener, alb, web, cert,
        lab.now,
        {"time": first, "user": names[0], "api": "RevokeSecurityGroupIngress",
         "resource": web, "attribute": "IpPermissions",
         "metric": "HTTPCode_ELB_5XX_Count"},
        {"time": second, "user": names[1], "api": "ModifyListener",
         "resource": listener, "attribute": "Certificates",
         "metric": "ClientTLSNegotiationErrorCount"})
    people = {n: colleague(lab, ACCOUNT, n, rng, "PowerUserAccess")[0] for n in names}

    def revoke(_t):
        lab.client("ec2", **people[names[0]].as_client_kwargs()) \
            .revoke_security_group_ingress(GroupId=web, IpPermissions=[{
                "IpProtocol": "tcp", "FromPort": WEB_PORT, "ToPort": WEB_PORT,
                "UserIdGroupPairs": [{"GroupId": alb}]}])

    def downgrade(_t):
        lab.client("elbv2", **people[names[1]].as_client_kwargs()).modify_listener(
            ListenerArn=listener, Protocol="HTTP", Port=443)

    lab.clock.at(first, revoke, name="nb10 colleague")
    lab.clock.at(second, downgrade, name="nb10 colleague")
    lab.clock.every(timedelta(minutes=1), lambda t: _publish(lab, incident, t),
                    name="alb metrics")
    _INCIDENTS[lab] = incident
    return incident


_INCIDENTS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def incident_of(lab) -> Incident | None:
    """The ALB incident staged in ``lab`` (None if none)."""
    return _INCIDENTS.get(lab)
