"""Real boto3 clients answered in-process, hooked the way botocore's Stubber hooks them.

``before-parameter-build`` (registered first) keeps the caller's own arguments in the
request context; botocore then validates and serialises them as for AWS; ``before-call``
answers from the lab, so no request is signed or sent.
"""
from __future__ import annotations

import os
from functools import lru_cache

from awslab.errors import AwslabError

_KEY = "awslab_request"


@lru_cache(maxsize=1)
def _session():
    import boto3
    import botocore.session
    core = botocore.session.Session()
    # Never read the learner's ~/.aws files or profiles: the lab is its own world.
    core.set_config_variable("config_file", os.devnull)
    core.set_config_variable("credentials_file", os.devnull)
    core.set_config_variable("profile", None)
    return boto3.session.Session(botocore_session=core)


@lru_cache(maxsize=None)
def _regions(service: str) -> tuple[str, ...]:
    s = _session()
    return tuple(s.get_available_regions(service) or s.get_available_regions("ec2"))


def _own(value):
    """The caller's arguments copied down to their leaves (dicts and lists): what the
    lab keeps of a call never changes when the caller reuses its own objects."""
    if type(value) is dict:
        return {k: _own(v) for k, v in value.items()}
    if type(value) is list:
        return [_own(v) for v in value]
    return value


def make_client(lab, service: str, region: str, key: str, secret: str | None,
                token: str | None):
    """A boto3 client for ``service`` in ``region`` whose calls ``lab`` answers."""
    from botocore.awsrequest import AWSResponse
    from botocore.config import Config

    session = _session()
    if service not in session.get_available_services():
        raise AwslabError(f"{service!r} is not an AWS service name boto3 knows")
    if region not in _regions(service):
        raise AwslabError(f"unknown region {region!r} for {service}; "
                          f"try one of: {', '.join(_regions(service)[:8])}, ...")
    config = Config(retries={"total_max_attempts": 1}, connect_timeout=0.001,
                    read_timeout=0.001, user_agent_appid="awslab")
    client = session.client(service, region_name=region, aws_access_key_id=key,
                            aws_secret_access_key=secret or "-",
                            aws_session_token=token, config=config)

    def keep_request(params, context, **_):
        context[_KEY] = _own(params)

    def respond(model, context, **_):
        from awslab.bridge.dispatch import answer
        status, parsed = answer(lab, model, context.get(_KEY, {}), key, region)
        return AWSResponse("https://awslab.invalid/", status, {}, None), parsed

    events = client.meta.events
    events.register_first("before-parameter-build.*.*", keep_request,
                          unique_id="awslab-keep-request")
    events.register("before-call.*.*", respond, unique_id="awslab-respond")
    return client
