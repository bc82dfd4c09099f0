"""AWS STS: who am I (GetCallerIdentity). Role sessions arrive with the IAM engine."""
from awslab.bridge.registry import Operations

GLOBAL = True
OPERATIONS = Operations("sts")


class State:
    """STS keeps no state of its own here; credentials live in the lab."""

    def __init__(self, account_id: str, region: str):
        self.account_id = account_id


@OPERATIONS("GetCallerIdentity")
def get_caller_identity(call, p):
    c = call.caller
    return {"UserId": c.principal_id, "Account": c.account_id, "Arn": c.arn}
