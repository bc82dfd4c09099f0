"""Every EC2 answer fits botocore's output shape (validated on the raw parsed answer)."""
import pytest

from awslab import Lab
from awslab.services.ec2 import OPERATIONS
from vpc_examples import EXAMPLES          # ec2_examples plus VPCs, subnets, TGWs
from ec2_helpers import assert_fits_output_shape, raw_answers


def test_every_operation_has_an_example():
    assert set(OPERATIONS.names()) == set(EXAMPLES["ec2"])


@pytest.mark.parametrize("op", sorted(EXAMPLES["ec2"]))
def test_answer_fits_the_output_shape(op, monkeypatch):
    lab = Lab(seed=3)
    monkeypatch.setattr(lab, "send", _no_cloudwatch(lab.send))
    seen = []
    original = lab.client

    def client(*a, **kw):
        c = original(*a, **kw)
        seen.append(raw_answers(c))
        return c
    monkeypatch.setattr(lab, "client", client)
    response = EXAMPLES["ec2"][op](lab)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    answers = [(m, p) for calls in seen for m, p in calls if m.name == op]
    assert answers, f"{op} was not called"
    for model, parsed in answers:
        assert_fits_output_shape(model, parsed)


def _no_cloudwatch(forward):
    def send(service, kind, account_id, region, payload):
        return None if service == "cloudwatch" else forward(
            service, kind, account_id, region, payload)
    return send
