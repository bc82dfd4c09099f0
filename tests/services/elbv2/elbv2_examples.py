"""One representative successful call per ELBv2 operation."""
from elbv2_helpers import https_listener, load_balancer, subnets

FORWARD = "forward"

EXAMPLES = {"elbv2": {
    "CreateLoadBalancer": lambda lab: lab.client("elbv2").create_load_balancer(
        Name="shop", Subnets=subnets(lab), Tags=[{"Key": "app", "Value": "petshop"}]),
    "DescribeLoadBalancers": lambda lab: load_balancer(lab)[0].describe_load_balancers(),
    "DeleteLoadBalancer": lambda lab: (lambda e, lb, _: e.delete_load_balancer(
        LoadBalancerArn=lb))(*load_balancer(lab)),
    "SetSecurityGroups": lambda lab: (lambda e, lb, _: e.set_security_groups(
        LoadBalancerArn=lb, SecurityGroups=[lab.state("ec2").security_group_id]))(
        *load_balancer(lab)),
    "CreateTargetGroup": lambda lab: lab.client("elbv2").create_target_group(
        Name="web", Protocol="HTTP", Port=80),
    "DescribeTargetGroups": lambda lab: https_listener(lab)[0].describe_target_groups(),
    "DeleteTargetGroup": lambda lab: (lambda e, _, tg: e.delete_target_group(
        TargetGroupArn=tg))(*load_balancer(lab)),
    "CreateListener": lambda lab: (lambda e, lb, tg: e.create_listener(
        LoadBalancerArn=lb, Protocol="HTTP", Port=80,
        DefaultActions=[{"Type": FORWARD, "TargetGroupArn": tg}]))(*load_balancer(lab)),
    "DescribeListeners": lambda lab: (lambda e, lb, *_: e.describe_listeners(
        LoadBalancerArn=lb))(*https_listener(lab)),
    "ModifyListener": lambda lab: (lambda e, _, __, li, ___: e.modify_listener(
        ListenerArn=li, Protocol="HTTP", Port=80, Certificates=[]))(*https_listener(lab)),
    "DeleteListener": lambda lab: (lambda e, _, __, li, ___: e.delete_listener(
        ListenerArn=li))(*https_listener(lab)),
}}
