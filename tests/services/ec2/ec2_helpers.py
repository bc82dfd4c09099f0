"""Helpers for the EC2 tests."""
from copy import deepcopy

import botocore.session
from botocore.validate import validate_parameters

from awslab.services.ec2 import image_id

AL2023 = image_id("al2023")
WINDOWS = image_id("windows2022")


class Sent(list):
    """Every payload EC2 (or the agent) handed to CloudWatch, in order."""

    def datums(self, namespace=None):
        return [d for p in self if namespace in (None, p["Namespace"])
                for d in p["MetricData"]]

    def named(self, name, dims=None, namespace=None):
        out = [d for d in self.datums(namespace) if d["MetricName"] == name]
        if dims is not None:
            out = [d for d in out if {x["Name"]: x["Value"] for x in d["Dimensions"]} == dims]
        return out


def run(ec2, count=1, itype="t3.micro", image=AL2023, **kw):
    """Launch instances and return their IDs."""
    resp = ec2.run_instances(ImageId=image, InstanceType=itype, MinCount=count,
                             MaxCount=count, **kw)
    return [i["InstanceId"] for i in resp["Instances"]]


def describe(ec2, iid):
    return ec2.describe_instances(InstanceIds=[iid])["Reservations"][0]["Instances"][0]


def error_of(excinfo):
    """``(code, message, http status)`` of a ClientError."""
    err = excinfo.value.response
    return err["Error"]["Code"], err["Error"]["Message"], \
        err["ResponseMetadata"]["HTTPStatusCode"]


SESSION = botocore.session.get_session()


def raw_answers(client):
    """Record each raw parsed answer (before boto3's after-call handlers change it)."""
    seen = []

    def keep(parsed, model, **_):
        seen.append((model, deepcopy(parsed)))
    client.meta.events.register_first("after-call.*.*", keep, unique_id="test-raw")
    return seen


def assert_fits_output_shape(model, parsed):
    body = {k: v for k, v in parsed.items() if k != "ResponseMetadata"}
    if model.output_shape is None:
        assert body == {}
    else:
        validate_parameters(body, model.output_shape)
