"""Trail delivery: gzipped JSON log files to S3 about every 5 minutes, the same records
to a CloudWatch Logs group, and Insights events (aws-facts 6.3, 6.4).

Each delivery writes, per region the trail covers, one object
``[prefix/]AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/<account>_CloudTrail_<region>_
<YYYYMMDDTHHMMZ>_<unique>.json.gz`` holding ``{"Records": [...]}`` of the events selected
by the trail's event selectors since the last delivery; Insights events go under
``CloudTrail-Insight/``. S3 writes go through ``s3.deliver`` as ``cloudtrail.amazonaws.com``
(the bucket policy decides; a refusal shows in GetTrailStatus ``LatestDeliveryError``).
With ``CloudWatchLogsLogGroupArn`` the records also go to the log stream
``<account>_CloudTrail_<region>`` of that group. Digest files (log file validation) are not
written.
"""
from __future__ import annotations

import calendar
import gzip
import json
import time
from datetime import datetime

import numpy as np

from awslab.services.cloudtrail import records
from awslab.services.cloudtrail.activity import OPS
from awslab.services.cloudtrail.hub import hub, sync
from awslab.services.cloudtrail.selectors import logs_management, selected
from awslab.services.cloudtrail.trails import DELIVERY_EVERY, SERVICE, log_prefix

MAX_CWL_MESSAGE = 256 * 1024


def schedule(lab, trail) -> None:
    """Deliver the trail's logs every 5 minutes from now on (calls made before this
    moment are not the trail's)."""
    h = sync(lab)
    trail.cursors = {**{("m", p): len(f.calls) for p, f in h.management.items()},
                     **{("d", p): len(f.calls) for p, f in h.data.items()}}
    trail.job = lab.clock.every(DELIVERY_EVERY, lambda t: deliver(lab, trail, t),
                                name=f"cloudtrail delivery {trail.name}")


def regions_of(lab, account_id: str) -> set[str]:
    """Regions where the account has any recorded activity."""
    h = sync(lab)
    return {r for (a, r) in (*h.management, *h.data, *h.activity) if a == account_id}


def collect(lab, trail, region: str, since: datetime, until: datetime, *,
            only_global: bool = False) -> list[dict]:
    """Records the trail logs for ``region`` in ``(since, until]``, oldest first: the
    lab's own calls not yet delivered (a cursor per place: calls share timestamps) and
    the seeded activity of the window."""
    h = sync(lab)
    place = (trail.account_id, region)
    lo, hi = since.timestamp(), until.timestamp()
    found = []
    for kind, filed in (("m", h.management.get(place)), ("d", h.data.get(place))):
        if filed is None:
            continue
        i = trail.cursors.get((kind, place), 0)
        while i < len(filed.calls) and filed.times[i] <= hi:
            c = filed.calls[i]
            i += 1
            is_global = c.service in records.GLOBAL_SERVICES
            if (only_global and not is_global) or (is_global and not trail.include_global):
                continue
            if selected(trail.selectors, c):
                found.append((filed.times[i - 1], c))
        trail.cursors[(kind, place)] = i
    act = h.activity.get(place)
    if act is not None and not only_global:
        rows = act.window(int(lo * 1000) + 1, int(hi * 1000))
        logged = np.array([logs_management(trail.selectors, records.is_read_only(
            o.service, o.operation)) and (trail.include_global or o.service not in
                                          records.GLOBAL_SERVICES) for o in OPS])
        for i in rows.start + np.flatnonzero(logged[act.op[rows]]):
            found.append((act.t[i] / 1000, act.call(int(i))))
    found.sort(key=lambda x: x[0])
    return [records.record(lab, c) for _, c in found]


def _key(trail, region: str, when: datetime, unique: str, kind: str = "CloudTrail") -> str:
    acct = trail.account_id
    return (f"{log_prefix(trail, acct)}{kind}/{region}/{when:%Y/%m/%d}/"
            f"{acct}_{kind}_{region}_{when:%Y%m%dT%H%MZ}_{unique}.json.gz")


def _write(lab, trail, key: str, recs: list[dict]) -> bool:
    s3 = lab.service("s3")
    body = gzip.compress(json.dumps({"Records": recs}, separators=(",", ":")).encode(),
                         mtime=0)
    try:
        if s3 is None:
            raise LookupError("NoSuchBucket")
        s3.deliver(lab, trail.bucket, key, body, service=SERVICE,
                   source_account=trail.account_id, source_arn=trail.arn)
    except (LookupError, getattr(s3, "DeliveryError", LookupError)) as err:
        trail.latest_delivery_error = getattr(err, "code", "NoSuchBucket")
        return False
    trail.latest_delivery, trail.latest_delivery_error = lab.now, None
    return True


def _to_logs(lab, trail, region: str, recs: list[dict]) -> None:
    group = trail.log_group_arn.split(":log-group:", 1)[1].rsplit(":", 1)[0]
    group_region = trail.log_group_arn.split(":")[3]
    events = []
    for r in recs:
        text = json.dumps(r, separators=(",", ":"))
        if len(text) <= MAX_CWL_MESSAGE:
            t = calendar.timegm(time.strptime(r["eventTime"], "%Y-%m-%dT%H:%M:%SZ"))
            events.append({"timestamp": t * 1000, "message": text})
    if not events:
        return
    if lab.service("logs") is None:
        trail.latest_cwl_error = "CloudWatch Logs is not simulated in this awslab version"
        return
    try:
        lab.send("logs", "put", trail.account_id, group_region, {
            "logGroupName": group, "logStreamName": f"{trail.account_id}_CloudTrail_{region}",
            "events": events})
        trail.latest_cwl_delivery, trail.latest_cwl_error = lab.now, None
    except Exception as err:       # the Logs error AWS would show in the trail status
        trail.latest_cwl_error = getattr(err, "code", type(err).__name__)


def deliver(lab, trail, until: datetime) -> None:
    """Deliver everything the trail logged since its last delivery, up to ``until``."""
    since = trail.delivered_until
    if since is None or until < since:
        return
    h = hub(lab)
    regions = trail.regions(regions_of(lab, trail.account_id))
    plan = [(r, False) for r in regions]
    if trail.include_global and "us-east-1" not in regions:
        plan.append(("us-east-1", True))
    for region, only_global in plan:
        recs = collect(lab, trail, region, since, until, only_global=only_global)
        if not recs:
            continue
        _write(lab, trail, _key(trail, region, until, h.ids.hex(16).upper()), recs)
        if trail.log_group_arn:
            _to_logs(lab, trail, region, recs)
    if trail.insight_types:
        _deliver_insights(lab, trail, regions, until)
    trail.delivered_until = until


def _deliver_insights(lab, trail, regions, until: datetime) -> None:
    from awslab.services.cloudtrail.eventbridge import INSIGHT_DETAIL_TYPE, send
    from awslab.services.cloudtrail.anomalies import region_events
    h = hub(lab)
    for region in regions:
        new = [r for r in region_events(lab, trail.account_id, region, until)
               if r["eventID"] not in trail.insights_delivered and
               r["insightDetails"]["insightType"] in trail.insight_types]
        if not new:
            continue
        trail.insights_delivered.update(r["eventID"] for r in new)
        _write(lab, trail, _key(trail, region, until, h.ids.hex(16).upper(),
                                "CloudTrail-Insight"), new)
        sent = h.insights_sent
        for r in new:
            if r["eventID"] not in sent and lab.service("events") is not None:
                sent.add(r["eventID"])
                send(lab, (trail.account_id, region), "aws.cloudtrail", INSIGHT_DETAIL_TYPE,
                     r)
