"""Build a load balancer with a target group and listeners for the ELBv2 tests."""


def subnets(lab):
    return list(lab.state("ec2").subnets)[:2]


def load_balancer(lab, name="shop"):
    elb = lab.client("elbv2")
    lb = elb.create_load_balancer(Name=name, Subnets=subnets(lab))["LoadBalancers"][0]
    tg = elb.create_target_group(Name=f"{name}-web", Protocol="HTTP", Port=80)[
        "TargetGroups"][0]["TargetGroupArn"]
    return elb, lb["LoadBalancerArn"], tg


def https_listener(lab, name="shop"):
    elb, lb, tg = load_balancer(lab, name)
    acm = lab.client("acm")
    cert = acm.request_certificate(DomainName=f"{name}.example.com")["CertificateArn"]
    lab.advance(minutes=2)
    listener = elb.create_listener(
        LoadBalancerArn=lb, Protocol="HTTPS", Port=443,
        Certificates=[{"CertificateArn": cert}],
        DefaultActions=[{"Type": "forward", "TargetGroupArn": tg}])["Listeners"][0]
    return elb, lb, tg, listener["ListenerArn"], cert
