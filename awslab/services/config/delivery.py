"""What Config writes to the delivery channel's S3 bucket (for Athena and auditors).

* **Configuration snapshots**: every recorded resource as it is now, on
  DeliverConfigSnapshot and every ``deliveryFrequency`` (default 24 hours);
* **Configuration history**: the items recorded since the last delivery, one file per
  resource type, every 6 hours.

Files are gzipped JSON under AWS's key layout
``[prefix/]AWSLogs/<account>/Config/<region>/<yyyy>/<m>/<d>/ConfigSnapshot|ConfigHistory/
...json.gz``, written as ``config.amazonaws.com`` (the bucket policy decides); a refused
write shows as ``FAILURE`` in DescribeDeliveryChannelStatus.
"""
from __future__ import annotations

import gzip
import json
from datetime import timedelta

from awslab.errors import AwsError
from awslab.services.config import items as ci_json

HISTORY_EVERY = timedelta(hours=6)
FREQUENCY_HOURS = {"One_Hour": 1, "Three_Hours": 3, "Six_Hours": 6, "Twelve_Hours": 12,
                   "TwentyFour_Hours": 24}


def _folder(state, kind: str, t) -> str:
    channel = state.channel
    base = (f"AWSLogs/{state.account_id}/Config/{state.region}/{t.year}/{t.month}/{t.day}/"
            f"{kind}/")
    return f"{channel.prefix}/{base}" if channel.prefix else base


def _stamp(t) -> str:
    return t.strftime("%Y%m%dT%H%M%SZ")


def _write(lab, state, key: str, document: dict, status: dict) -> bool:
    s3 = lab.service("s3")
    status.update(lastAttemptTime=lab.now)
    try:
        s3.deliver(lab, state.channel.bucket, key,
                   gzip.compress(json.dumps(document).encode(), mtime=0),
                   service="config.amazonaws.com", source_account=state.account_id)
    except AwsError as err:
        status.update(lastStatus="FAILURE", lastErrorCode=err.code,
                      lastErrorMessage=err.message)
        return False
    status.update(lastStatus="SUCCESS", lastSuccessfulTime=lab.now)
    status.pop("lastErrorCode", None)
    status.pop("lastErrorMessage", None)
    return True


def deliver_snapshot(lab, state) -> str:
    """Write a configuration snapshot now; returns its ID."""
    from awslab.services.config.engine import ids
    snapshot_id = ids(lab, state).uuid()
    now = lab.now
    current = [ci_json.json_item(history[-1]) for history in state.items.values()
               if history[-1].status != "ResourceDeleted"]
    key = (_folder(state, "ConfigSnapshot", now) + f"{state.account_id}_Config_"
           f"{state.region}_ConfigSnapshot_{_stamp(now)}_{snapshot_id}.json.gz")
    status = state.channel.last_snapshot
    _write(lab, state, key, {"fileVersion": "1.0", "configSnapshotId": snapshot_id,
                             "configurationItems": current}, status)
    hours = FREQUENCY_HOURS.get(state.channel.frequency, 24)
    status["nextDeliveryTime"] = now + timedelta(hours=hours)
    return snapshot_id


def deliver_history(lab, state) -> int:
    """Write the items recorded since the last history delivery; returns the file count."""
    since = state.history_delivered
    now = lab.now
    by_type: dict[str, list] = {}
    for history in state.items.values():
        for item in history:
            if (since is None or item.capture_time > since) and item.capture_time <= now:
                by_type.setdefault(item.snapshot.resource_type, []).append(item)
    written = 0
    status = state.channel.last_history
    for rtype, chosen in sorted(by_type.items()):
        start = since or min(i.capture_time for i in chosen)
        key = (_folder(state, "ConfigHistory", now) + f"{state.account_id}_Config_"
               f"{state.region}_ConfigHistory_{rtype.replace('::', '_')}_{_stamp(start)}_"
               f"{_stamp(now)}_{len(chosen)}.json.gz")
        body = {"fileVersion": "1.0", "configurationItems": [
            ci_json.json_item(i) for i in sorted(chosen, key=lambda i: i.capture_time)]}
        written += _write(lab, state, key, body, status)
    state.history_delivered = now
    status["nextDeliveryTime"] = now + HISTORY_EVERY
    return written


def schedule(lab, state) -> None:
    """Put snapshot and history deliveries on the clock (once per Config state)."""
    if state.delivery_jobs:
        return

    def snapshots(_t, lab=lab, state=state):
        if state.recording and state.channel is not None:
            deliver_snapshot(lab, state)

    def history(_t, lab=lab, state=state):
        if state.recording and state.channel is not None:
            from awslab.services.config.engine import flush
            flush(lab, state)
            deliver_history(lab, state)
    hours = FREQUENCY_HOURS.get(state.channel.frequency, 24)
    state.delivery_jobs = [
        lab.clock.every(timedelta(hours=hours), snapshots,
                        name=f"config snapshot {state.account_id}"),
        lab.clock.every(HISTORY_EVERY, history, name=f"config history {state.account_id}")]
