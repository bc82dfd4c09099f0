"""AWS Config's recording overhead: one boto3 write call with the recorder on vs off.

The lab holds a small estate (10 instances, 10 security groups, 10 EBS volumes); the call
alternates AuthorizeSecurityGroupIngress and RevokeSecurityGroupIngress on one group, so
every call changes a recorded resource and makes a configuration item (the worst case:
read calls cost Config nothing but a prefix test). Both labs run CloudTrail's record of
the call when CloudTrail is in the lab (Config looks up the CloudTrail event ID of each
change). Target (issue 6): under 25% added per call.

Not a test: it prints measurements. ``python bench/config.py`` runs it alone.
"""
from __future__ import annotations

import statistics
import time

SSH = [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22,
        "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]


def estate(recording: bool):
    """A lab with the estate, Config recording or not; returns ``(lab, ec2, group)``."""
    from awslab import Lab
    from awslab.services import config
    from awslab.services.ec2 import image_id
    lab = Lab(seed=6)
    ec2 = lab.client("ec2")
    ec2.run_instances(ImageId=image_id("al2023"), MinCount=10, MaxCount=10,
                      InstanceType="t3.micro")
    groups = [ec2.create_security_group(GroupName=f"g{i}", Description="bench")["GroupId"]
              for i in range(10)]
    for _ in range(10):
        ec2.create_volume(AvailabilityZone="us-east-1a", Size=8)
    lab.advance(minutes=2)
    if recording:
        config.enable(lab)
        lab.client("config").put_config_rule(ConfigRule={
            "ConfigRuleName": "restricted-ssh",
            "Source": {"Owner": "AWS", "SourceIdentifier": "INCOMING_SSH_DISABLED"}})
    return lab, ec2, groups[0]


def caller(recording: bool, read: bool = False):
    """A function making the next write call (authorize, then revoke, then ...), or the
    same read call (DescribeSecurityGroups of the group) each time."""
    lab, ec2, group = estate(recording)
    state = {"open": False}
    if read:
        return lambda: ec2.describe_security_groups(GroupIds=[group])

    def call():
        if state["open"]:
            ec2.revoke_security_group_ingress(GroupId=group, IpPermissions=SSH)
        else:
            ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=SSH)
        state["open"] = not state["open"]
    call()
    return call


def per_call(read: bool = False, repeat: int = 9, number: int = 40) -> tuple[float, float]:
    """Median seconds per call without and with Config, batches interleaved so that the
    machine's load weighs on both alike."""
    calls = {False: caller(False, read), True: caller(True, read)}
    runs = {False: [], True: []}
    for _ in range(repeat):
        for recording, call in calls.items():
            t = time.perf_counter()
            for _ in range(number):
                call()
            runs[recording].append((time.perf_counter() - t) / number)
    return statistics.median(runs[False]), statistics.median(runs[True])


def rows() -> list:
    """``(name, awslab, baseline, unit)``: the call with Config recording vs without."""
    out = []
    for read, what in ((False, "write call changing a resource"),
                       (True, "read call")):
        off, on = per_call(read)
        added = (on - off) / off * 100
        out.append((f"boto3 {what}, Config recording + rule vs off ({added:+.0f}%, "
                    "target < 25%)", on * 1e6, off * 1e6, "us"))
    return out


def main() -> None:
    for name, ours, base, unit in rows():
        print(f"{name:<80} {ours:>8.0f}{unit} {base:>8.0f}{unit}")


if __name__ == "__main__":
    main()
