"""CreateExportTask, DescribeExportTasks, CancelExportTask (aws-facts 3.7).

Only one export task may be active (``PENDING`` or ``RUNNING``) per account
(``LimitExceededException``); the bucket must exist in the log group's Region and its
policy must let ``logs.<region>.amazonaws.com`` call ``s3:GetBucketAcl`` on it and
``s3:PutObject`` under the prefix (else AWS's "GetBucketAcl call on the given bucket
failed" error). At creation Logs writes ``<prefix>/aws-logs-write-test``, as AWS does.
The export itself runs on the clock (:mod:`..exports`).
"""
from __future__ import annotations

import weakref
from typing import Any

from awslab.bridge.pagination import paginate
from awslab.services.logs.errors import (
    InvalidOperationException, InvalidParameterException, LimitExceededException,
    ResourceNotFoundException)
from awslab.services.logs.exports import ExportTask, start
from awslab.services.logs.ingest import epoch_ms
from awslab.services.logs.operations import OPERATIONS
from awslab.services.logs.operations.common import group_of

DEFAULT_PREFIX = "exportedlogs"
ACL_FAILED = ("GetBucketAcl call on the given bucket failed. Please check if CloudWatch "
              "Logs has been granted permission to perform this operation.")
WRITE_TEST = b"Permission Check Successful"

_TASKS: "weakref.WeakKeyDictionary[Any, dict[str, ExportTask]]" = weakref.WeakKeyDictionary()


def tasks_of(state) -> dict[str, ExportTask]:
    """The export tasks of one account and Region, oldest first."""
    return _TASKS.setdefault(state, {})


def _active_in_account(lab, account_id: str) -> bool:
    return any(t.active for (acct, _), state in lab.states("logs") if acct == account_id
               for t in tasks_of(state).values())


def _check_bucket(call, group, bucket: str, prefix: str) -> None:
    from awslab.services import s3
    from awslab.services.iam.service_access import service_allowed
    found = s3.find_bucket(call.lab, bucket)
    if found is None:
        raise InvalidParameterException("The specified bucket does not exist.")
    if found.region != group.region:
        raise InvalidParameterException("The specified bucket must be in the same Region as "
                                        "the log group.")
    service = f"logs.{group.region}.amazonaws.com"
    acl = service_allowed(call.lab, service, "s3:GetBucketAcl", found.arn, found.policy,
                          resource_account=found.account_id, source_arn=group.arn,
                          source_account=group.account_id)
    if not acl.allowed:
        raise InvalidParameterException(ACL_FAILED)
    try:
        s3.deliver(call.lab, bucket, f"{prefix}/aws-logs-write-test", WRITE_TEST,
                   service=service, source_account=group.account_id, source_arn=group.arn)
    except s3.DeliveryError:
        raise InvalidParameterException(ACL_FAILED) from None


@OPERATIONS("CreateExportTask")
def create_export_task(call, p):
    group = group_of(call.state(), p["logGroupName"])
    first = p["from"] if "from" in p else p["fromTime"]     # boto3's alias of "from"
    if first > p["to"]:
        raise InvalidParameterException("The from time must be earlier than the to time.")
    if _active_in_account(call.lab, call.account_id):
        raise LimitExceededException("Resource limit exceeded.")
    prefix = (p.get("destinationPrefix") or DEFAULT_PREFIX).strip("/")
    _check_bucket(call, group, p["destination"], prefix)
    task = ExportTask(call.lab.ids.uuid(), p.get("taskName"), group,
                      p.get("logStreamNamePrefix"), first, p["to"], p["destination"],
                      prefix, call.now)
    tasks_of(call.state())[task.task_id] = task
    start(call.lab, task)
    return {"taskId": task.task_id}


def _wire(task: ExportTask) -> dict:
    info = {"creationTime": epoch_ms(task.created)}
    if task.completed is not None:
        info["completionTime"] = epoch_ms(task.completed)
    out = {"taskId": task.task_id, "logGroupName": task.group.name, "from": task.start,
           "to": task.end, "destination": task.bucket, "destinationPrefix": task.prefix,
           "status": {"code": task.status, "message": task.message},
           "executionInfo": info}
    if task.name:
        out["taskName"] = task.name
    return out


@OPERATIONS("DescribeExportTasks")
def describe_export_tasks(call, p):
    tasks = list(reversed(tasks_of(call.state()).values()))
    if p.get("taskId"):
        tasks = [t for t in tasks if t.task_id == p["taskId"]]
    if p.get("statusCode"):
        tasks = [t for t in tasks if t.status == p["statusCode"]]
    page, token = paginate([_wire(t) for t in tasks], p.get("nextToken"),
                           p.get("limit") or 50,
                           f"exports/{p.get('taskId')}/{p.get('statusCode')}",
                           InvalidParameterException)
    return {"exportTasks": page, "nextToken": token}


@OPERATIONS("CancelExportTask")
def cancel_export_task(call, p):
    task = tasks_of(call.state()).get(p["taskId"])
    if task is None:
        raise ResourceNotFoundException("The specified export task does not exist.")
    if not task.active:
        raise InvalidOperationException("The specified export task has already finished.")
    task.status, task.message, task.completed = "CANCELLED", "Cancelled by user", call.now
    for job in task.jobs:
        job.cancel()
    return {}



def group_resource(call) -> list:
    """The ARN of the call's ``logGroupName`` (the IAM resource), else ``"*"``."""
    name = call.params.get("logGroupName")
    return [f"arn:aws:logs:{call.region}:{call.account_id}:log-group:{name}"] if name \
        else ["*"]


#: IAM resources: CreateExportTask acts on its log group (the others on task IDs).
RESOURCES = {"CreateExportTask": group_resource}
