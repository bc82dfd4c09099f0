"""Amazon SQS standard queues: create, send, receive with visibility timeouts on the
simulated clock, delete, queue policies and dead-letter redrive.

Other services send with :func:`deliver` (the queue policy must admit them); notebooks
peek with :func:`bodies`. FIFO queues are refused with a message that says so.
"""
from awslab.services.iam.service_access import named_policy
from awslab.services.sqs import messages, queues  # noqa: F401  (register operations)
from awslab.services.sqs.messages import DeliveryError, bodies, deliver, find_queue
from awslab.services.sqs.operations import OPERATIONS
from awslab.services.sqs.state import State

GLOBAL = False

__all__ = ["OPERATIONS", "State", "DeliveryError", "deliver", "bodies", "find_queue",
           "RESOURCES", "ACTIONS", "resource_policy"]

ACTIONS = {"SendMessageBatch": "sqs:SendMessage", "DeleteMessageBatch": "sqs:DeleteMessage",
           "ChangeMessageVisibilityBatch": "sqs:ChangeMessageVisibility"}


def _queue_arn(call) -> list:
    url = call.params.get("QueueUrl")
    if url:
        parts = url.rstrip("/").split("/")
        host = parts[2].split(".") if len(parts) > 2 else []
        region = host[1] if len(host) > 2 else call.region
        if len(parts) >= 5:
            return [f"arn:aws:sqs:{region}:{parts[-2]}:{parts[-1]}"]
    name = call.params.get("QueueName")
    owner = call.params.get("QueueOwnerAWSAccountId") or call.account_id
    return [f"arn:aws:sqs:{call.region}:{owner}:{name}"] if name else ["*"]


RESOURCES = {op: _queue_arn for op in OPERATIONS.names() if op != "ListQueues"}


def resource_policy(lab, action: str, arn: str):
    """The access policy of the queue ``arn``."""
    queue = find_queue(lab, arn)
    if queue is None:
        return None
    return named_policy(queue.attributes.get("Policy"), f"access policy of queue {queue.name}",
                        "SQS queue policy")

