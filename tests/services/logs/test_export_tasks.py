"""CreateExportTask / DescribeExportTasks / CancelExportTask and the 12-hour lag."""
import gzip

from logs_insights_helpers import aws_error, export_bucket, seeded_group

from awslab.services import s3
from awslab.services.logs import find_group
from awslab.services.logs.exports import MAX_LAG, MIN_LAG, export_lag, exportable

GROUP = "/petshop/api"


def status(logs, task):
    return logs.describe_export_tasks(taskId=task)["exportTasks"][0]["status"]["code"]


def test_lifecycle_and_aws_layout_after_the_lag(lab, logs):
    first = seeded_group(lab, count=30)
    export_bucket(lab)
    lab.advance(hours=12, minutes=1)                  # everything is exportable by now
    task = logs.create_export_task(taskName="day1", logGroupName=GROUP, fromTime=first,
                                   to=first + 30 * 60_000, destination="archive",
                                   destinationPrefix="exports/api")["taskId"]
    assert status(logs, task) == "PENDING"
    assert s3.read(lab, "archive", "exports/api/aws-logs-write-test") == \
        b"Permission Check Successful"
    lab.advance(seconds=5)
    assert status(logs, task) == "RUNNING"
    lab.advance(seconds=11)
    (desc,) = logs.describe_export_tasks(taskId=task)["exportTasks"]
    assert desc["status"] == {"code": "COMPLETED", "message": "Completed successfully"}
    assert desc["taskName"] == "day1" and desc["destinationPrefix"] == "exports/api"
    assert "completionTime" in desc["executionInfo"]
    key = f"exports/api/{task}/web-1/000000.gz"
    assert s3.keys(lab, "archive", f"exports/api/{task}") == [key]
    lines = gzip.decompress(s3.read(lab, "archive", key)).decode().splitlines()
    assert len(lines) == 30 and lines[0].startswith("2026-01-05T00:00:00.000Z {")


def test_recent_data_is_not_yet_exportable(lab, logs):
    first = seeded_group(lab, count=30)
    export_bucket(lab)
    task = logs.create_export_task(logGroupName=GROUP, fromTime=first,
                                   to=first + 30 * 60_000, destination="archive")["taskId"]
    lab.advance(seconds=20)
    assert status(logs, task) == "COMPLETED"
    assert s3.keys(lab, "archive", f"exportedlogs/{task}") == []   # ingested minutes ago
    group = find_group(lab, "123456789012", "us-east-1", GROUP)
    event = group.streams["web-1"].events[0]
    lag = export_lag(lab.seed, GROUP, "web-1", event.ingestion_time)
    assert MIN_LAG <= lag <= MAX_LAG
    at = event.ingestion_time + int(lag.total_seconds() * 1000)
    assert not exportable(lab.seed, group, event, at - 1) and exportable(
        lab.seed, group, event, at)


def test_one_active_task_per_account_and_cancel(lab, logs):
    first = seeded_group(lab, count=5)
    seeded_group(lab, region="us-west-2", count=1)
    export_bucket(lab)
    task = logs.create_export_task(logGroupName=GROUP, fromTime=first, to=first + 10**6,
                                   destination="archive")["taskId"]
    assert aws_error(logs.create_export_task, logGroupName=GROUP, fromTime=first,
                     to=first + 10**6, destination="archive") == (
        "LimitExceededException", "Resource limit exceeded.")
    west = lab.client("logs", region_name="us-west-2")
    assert aws_error(west.create_export_task, logGroupName=GROUP, fromTime=first,
                     to=first + 10**6, destination="archive")[0] == \
        "LimitExceededException"                      # per account, not per Region
    logs.cancel_export_task(taskId=task)
    assert status(logs, task) == "CANCELLED"
    assert aws_error(logs.cancel_export_task, taskId=task) == (
        "InvalidOperationException", "The specified export task has already finished.")
    assert aws_error(logs.cancel_export_task, taskId="nope")[0] == \
        "ResourceNotFoundException"
    again = logs.create_export_task(logGroupName=GROUP, fromTime=first, to=first + 10**6,
                                    destination="archive")["taskId"]
    assert [t["taskId"] for t in logs.describe_export_tasks(statusCode="PENDING")[
        "exportTasks"]] == [again]


def test_bucket_policy_must_admit_logs(lab, logs):
    first = seeded_group(lab, count=1)
    export_bucket(lab, allow=False)
    assert aws_error(logs.create_export_task, logGroupName=GROUP, fromTime=first,
                     to=first + 1, destination="archive") == (
        "InvalidParameterException", "GetBucketAcl call on the given bucket failed. Please "
        "check if CloudWatch Logs has been granted permission to perform this operation.")
    assert aws_error(logs.create_export_task, logGroupName=GROUP, fromTime=first,
                     to=first + 1, destination="nosuchbucket")[0] == \
        "InvalidParameterException"
    assert aws_error(logs.create_export_task, logGroupName="/nope", fromTime=first,
                     to=first + 1, destination="archive")[0] == "ResourceNotFoundException"
    assert aws_error(logs.create_export_task, logGroupName=GROUP, fromTime=first + 5,
                     to=first, destination="archive")[0] == "InvalidParameterException"


def test_stream_prefix_and_failed_write(lab, logs):
    first = seeded_group(lab, count=3)
    logs.create_log_stream(logGroupName=GROUP, logStreamName="worker-1")
    logs.put_log_events(logGroupName=GROUP, logStreamName="worker-1",
                        logEvents=[{"timestamp": first + 1000, "message": "job done"}])
    export_bucket(lab)
    lab.advance(hours=13)
    task = logs.create_export_task(logGroupName=GROUP, fromTime=first, to=first + 10**7,
                                   destination="archive", logStreamNamePrefix="work")[
        "taskId"]
    lab.client("s3").delete_bucket_policy(Bucket="archive")   # revoked while pending
    lab.advance(seconds=20)
    (desc,) = logs.describe_export_tasks(taskId=task)["exportTasks"]
    assert desc["status"]["code"] == "FAILED"
