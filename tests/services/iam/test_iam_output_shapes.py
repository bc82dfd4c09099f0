"""Every IAM answer fits botocore's output shape (validated on the raw parsed answer)."""
from copy import deepcopy

import pytest
from botocore.validate import validate_parameters

from awslab import Lab
from awslab.services.iam import OPERATIONS
from iam_examples import EXAMPLES


def test_every_operation_has_an_example():
    assert set(OPERATIONS.names()) == set(EXAMPLES["iam"])


@pytest.mark.parametrize("op", sorted(EXAMPLES["iam"]))
def test_answer_fits_the_output_shape(op, monkeypatch):
    lab = Lab(seed=3)
    seen = []
    original = lab.client

    def client(*a, **kw):
        c = original(*a, **kw)
        c.meta.events.register_first(
            "after-call.*.*", lambda parsed, model, **_: seen.append((model, deepcopy(parsed))),
            unique_id="test-raw")
        return c
    monkeypatch.setattr(lab, "client", client)
    response = EXAMPLES["iam"][op](lab)
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    answers = [(m, p) for m, p in seen if m.name == op]
    assert answers
    for model, parsed in answers:
        body = {k: v for k, v in parsed.items() if k != "ResponseMetadata"}
        if model.output_shape is None:
            assert body == {}
        else:
            validate_parameters(body, model.output_shape)
