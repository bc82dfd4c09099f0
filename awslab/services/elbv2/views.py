"""Load balancers, target groups and listeners as the ELBv2 API answers them."""
from __future__ import annotations

ZONE_ID = "Z35SXDOTRQ7X7K"          # canonical hosted zone of ALBs in us-east-1


def load_balancer_dict(lb) -> dict:
    return {"LoadBalancerArn": lb.arn, "DNSName": lb.dns_name,
            "CanonicalHostedZoneId": ZONE_ID, "CreatedTime": lb.created,
            "LoadBalancerName": lb.name, "Scheme": lb.scheme, "VpcId": lb.vpc_id,
            "State": {"Code": lb.state}, "Type": lb.lb_type,
            "AvailabilityZones": [{"ZoneName": z, "SubnetId": s} for z, s in lb.zones],
            "SecurityGroups": list(lb.security_groups), "IpAddressType": "ipv4"}


def listener_dict(li) -> dict:
    out = {"ListenerArn": li.arn, "LoadBalancerArn": li.lb_arn, "Port": li.port,
           "Protocol": li.protocol, "DefaultActions": li.actions}
    if li.certificates:
        out["Certificates"] = [{"CertificateArn": li.certificates[0]}]
    if li.ssl_policy:
        out["SslPolicy"] = li.ssl_policy
    return out


def target_group_dict(tg, lb_arns) -> dict:
    return {"TargetGroupArn": tg.arn, "TargetGroupName": tg.name, "Protocol": tg.protocol,
            "Port": tg.port, "VpcId": tg.vpc_id, "TargetType": tg.target_type,
            "HealthCheckProtocol": tg.protocol, "HealthCheckPort": "traffic-port",
            "HealthCheckEnabled": True, "HealthCheckIntervalSeconds": 30,
            "HealthCheckTimeoutSeconds": 5, "HealthyThresholdCount": 5,
            "UnhealthyThresholdCount": 2, "HealthCheckPath": "/",
            "Matcher": {"HttpCode": "200"}, "LoadBalancerArns": lb_arns}
