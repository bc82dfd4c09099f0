"""IAM operations, one module per resource family.

Every operation that changes IAM (all but Get*, List*, Simulate*) starts a new
*generation* of the account's IAM state, so that enforcement re-gathers the policies of
the account's principals (see :mod:`awslab.services.iam.enforce`).
"""
from functools import wraps

from awslab.bridge.registry import Operations

OPERATIONS = Operations("iam")

from awslab.services.iam.operations import (  # noqa: E402,F401
    account, attachments, groups, inline, instance_profiles, mfa, policies, providers,
    roles, simulate, users)

_READS = ("Get", "List", "Simulate", "Generate")


def _changes(handler):
    @wraps(handler)
    def changed(call, p):
        out = handler(call, p)
        call.state().changed()
        return out
    return changed


for _name, _handler in list(OPERATIONS.handlers.items()):
    if not _name.startswith(_READS):
        OPERATIONS.handlers[_name] = _changes(_handler)
