"""Helpers of the Organizations tests: policy documents and the management account."""
import json

MANAGEMENT = "123456789012"


def deny(action, sid="Deny"):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": sid, "Effect": "Deny", "Action": action, "Resource": "*"}]})


def allow(action, sid="Allow"):
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": sid, "Effect": "Allow", "Action": action, "Resource": "*"}]})


def scp(org, name, content):
    return org.create_policy(Name=name, Description=name, Type="SERVICE_CONTROL_POLICY",
                             Content=content)["Policy"]["PolicySummary"]["Id"]
