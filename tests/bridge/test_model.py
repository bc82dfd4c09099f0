"""Every simulated operation against botocore's service model."""
import importlib
import inspect

import botocore.session
import pytest

from awslab import Lab
from awslab.bridge.shapes import compiled
from awslab.errors import AwsError
from awslab.services import PACKAGES

from bridge_examples import EXAMPLES

COMMON_CODES = {"AccessDenied", "AccessDeniedException", "ExpiredToken", "InternalFailure",
                "InvalidClientTokenId", "UnsupportedOperation", "ValidationError",
                "ValidationException", "ThrottlingException", "IncompleteSignature",
                "MissingParameter", "InvalidParameterValue", "InvalidParameterCombination",
                "MalformedQueryString", "OptInRequired", "RequestExpired",
                "ServiceUnavailable", "UnrecognizedClientException"}
SESSION = botocore.session.get_session()


def _registered():
    for service, module in sorted(PACKAGES.items()):
        pkg = importlib.import_module(module)
        for op in pkg.OPERATIONS.names():
            yield service, op


REGISTERED = list(_registered())


def _shapes(shape, seen):
    if shape is None or shape.name in seen:
        return
    seen.add(shape.name)
    yield shape
    children = (shape.members.values() if shape.type_name == "structure" else
                [shape.member] if shape.type_name == "list" else
                [shape.key, shape.value] if shape.type_name == "map" else [])
    for child in children:
        yield from _shapes(child, seen)


@pytest.mark.parametrize("service,op", REGISTERED)
def test_operation_is_in_the_service_model(service, op):
    assert op in SESSION.get_service_model(service).operation_names


@pytest.mark.parametrize("service,op", REGISTERED)
def test_every_input_pattern_compiles(service, op):
    model = SESSION.get_service_model(service).operation_model(op)
    for shape in _shapes(model.input_shape, set()):
        if "pattern" in shape.metadata:
            compiled(shape.metadata["pattern"])


@pytest.mark.parametrize("service,op", REGISTERED)
def test_every_operation_has_an_example_whose_answer_fits_the_output_shape(service, op):
    assert op in EXAMPLES.get(service, {}), f"add an example for {service}:{op}"
    lab = Lab(seed=1)
    response = EXAMPLES[service][op](lab)       # AWSLAB_DEBUG=1: the bridge validates it
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert lab.audit_log[-1].operation == op


@pytest.mark.parametrize("service", sorted(PACKAGES))
def test_error_codes_are_modelled_or_common(service):
    model = SESSION.get_service_model(service)
    modelled = {s.error_code for s in (model.shape_for(n) for n in model.shape_names)
                if s.metadata.get("exception")}
    try:
        errors = importlib.import_module(PACKAGES[service] + ".errors")
    except ModuleNotFoundError:
        return
    if not modelled or service == "s3":
        return   # EC2's model lists no errors, S3's a handful: the API references list them
    for name, cls in inspect.getmembers(errors, inspect.isclass):
        if issubclass(cls, AwsError) and cls is not AwsError:
            assert cls.code in modelled | COMMON_CODES, f"{service}: unknown code {cls.code}"


@pytest.mark.parametrize("pattern,good,bad", [
    (r"[\p{L}\p{N}_.-]+", "Größe_1", "a b"),
    (r"[^\p{Cntrl}]*", "ok text", "bad\x01"),
    (r"\p{Alpha}+", "abc", "ab1"),
])
def test_java_patterns_translate(pattern, good, bad):
    assert compiled(pattern).fullmatch(good)
    assert not compiled(pattern).fullmatch(bad)
