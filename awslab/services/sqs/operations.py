"""The SQS operation registry and how a request names its queue."""
from awslab.bridge.registry import Operations
from awslab.services.sqs.errors import QueueDoesNotExist

OPERATIONS = Operations("sqs", validation_code="InvalidParameterValue")


def queue_of(call, url: str):
    """The queue behind ``url`` (in any of the lab's accounts: the IAM engine has already
    decided whether the caller may use it)."""
    parts = url.rstrip("/").split("/")
    if len(parts) < 5 or not parts[-2].isdigit():
        raise QueueDoesNotExist()
    host = parts[2].split(".")
    region = host[1] if len(host) > 2 else call.region
    queue = call.lab.state("sqs", parts[-2], region).queues.get(parts[-1])
    if queue is None:
        raise QueueDoesNotExist()
    return queue
