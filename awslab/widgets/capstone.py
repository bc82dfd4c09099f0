"""NB10 wiring: the incident's three panes read from the lab, the incident time cursor,
and the question sorter.

The three panes come from the services' own APIs: CloudWatch ``GetMetricData`` (metric
math for the 5xx percentage), CloudTrail event history (``lookup_all``) and AWS Config
(``config.timeline``: configuration items and compliance). Drawing is
:mod:`awslab.viz.capstone`. Introduced in ``10_which_service.ipynb``.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from awslab.course.checks.nb10 import CARDS, SERVICES, cards_of
from awslab.viz import capstone as viz
from awslab.widgets.explorer import make_controls

UTC = timezone.utc
NAMESPACE = "AWS/ApplicationELB"


def _metric(lab_id: str, name: str, dimension: str, stat: str = "Sum") -> dict:
    return {"Id": lab_id, "ReturnData": False, "MetricStat": {
        "Metric": {"Namespace": NAMESPACE, "MetricName": name,
                   "Dimensions": [{"Name": "LoadBalancer", "Value": dimension}]},
        "Period": 60, "Stat": stat}}


def metric_panes(lab, incident, start: datetime, end: datetime) -> dict:
    """Per-minute 5xx percentage (metric math), connections and TLS errors."""
    cw = lab.client("cloudwatch")
    dim = incident.lb_dimension
    queries = [_metric("elb5xx", "HTTPCode_ELB_5XX_Count", dim),
               _metric("tgt5xx", "HTTPCode_Target_5XX_Count", dim),
               _metric("requests", "RequestCount", dim),
               {**_metric("conns", "ActiveConnectionCount", dim), "ReturnData": True},
               {**_metric("tls", "ClientTLSNegotiationErrorCount", dim), "ReturnData": True},
               {"Id": "pct", "Expression": "100 * (elb5xx + tgt5xx) / requests",
                "Label": "5xx %"}]
    found = cw.get_metric_data(MetricDataQueries=queries, StartTime=start, EndTime=end,
                               ScanBy="TimestampAscending")["MetricDataResults"]
    series = {r["Id"]: dict(zip(r["Timestamps"], r["Values"])) for r in found}
    times = sorted(series["conns"])
    return {"times": times,
            "error_pct": [series["pct"].get(t, 0.0) for t in times],
            "connections": [series["conns"].get(t, 0.0) for t in times],
            "tls_errors": [series["tls"].get(t, 0.0) for t in times]}


def call_rows(lab, incident, start: datetime, end: datetime) -> list[tuple]:
    """CloudTrail: ``(time, who, eventName, write)`` of calls on the incident's resources
    (the load balancer's, its listener's and the two security groups')."""
    from awslab.services import cloudtrail
    names = {incident.lb_arn, incident.listener_arn, incident.alb_group,
             incident.web_group}
    rows = []
    for rec in cloudtrail.lookup_all(lab, start=start, end=end, limit=50_000):
        text = str(rec.get("requestParameters") or "")
        if rec["eventSource"] not in ("ec2.amazonaws.com",
                                      "elasticloadbalancing.amazonaws.com"):
            continue
        if not any(n in text for n in names):
            continue
        who = rec["userIdentity"].get("userName") or rec["userIdentity"].get("arn", "?")
        rows.append((datetime.strptime(rec["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(
            tzinfo=UTC), who, rec["eventName"], not rec["readOnly"]))
    return rows[::-1]


def config_rows(lab, incident, start: datetime, end: datetime) -> tuple[list, list]:
    """Config: ``(time, resource, what)`` changes and ``(start, end, resource, state)``
    compliance spans of the web tier's security group and the load balancer."""
    from awslab.services import config
    labels = {("AWS::EC2::SecurityGroup", incident.web_group): "web security group",
              ("AWS::ElasticLoadBalancingV2::Listener", incident.listener_arn):
                  "HTTPS listener",
              ("AWS::ElasticLoadBalancingV2::LoadBalancer", incident.lb_arn):
                  "load balancer"}
    changes, spans = [], []
    for (kind, rid), label in labels.items():
        rows = config.timeline(lab, kind, rid)
        for r in rows:
            if r["kind"] == "configuration" and start <= r["time"] <= end and \
                    r["status"] != "ResourceDiscovered":
                props = sorted({c.split(".")[1] for c in r["changed"]
                                if c.startswith("Configuration.")})
                changes.append((r["time"], label, ", ".join(props[:2]) or r["what"]))
        states = [(r["time"], r["compliance"]) for r in rows if r["kind"] == "compliance"]
        for k, (t, state) in enumerate(states):
            until = states[k + 1][0] if k + 1 < len(states) else end
            if until > start:
                spans.append((max(t, start), until, label, state))
    return changes, spans


def incident_figure(lab, incident, start: datetime, end: datetime,
                    cursor: datetime | None = None):
    """The synchronised three panes of the incident."""
    changes, spans = config_rows(lab, incident, start, end)
    return viz.three_panes(metric_panes(lab, incident, start, end),
                           call_rows(lab, incident, start, end), changes, spans,
                           cursor=cursor, title="The PetShop ALB incident: CloudWatch, "
                                                "CloudTrail and Config on one clock")


def cursor_explorer(lab, incident, start: datetime, end: datetime):
    """``(render, controls)``: move one time cursor through all three panes."""
    metrics = metric_panes(lab, incident, start, end)
    calls = call_rows(lab, incident, start, end)
    changes, spans = config_rows(lab, incident, start, end)
    minutes = int((end - start).total_seconds() // 60)

    def render(minute: int):
        at = start + timedelta(minutes=minute)
        before = [c for c in calls if c[0] <= at and c[3]]
        last = f"last change: {before[-1][2]} by {before[-1][1]}" if before else \
            "no change yet"
        return viz.three_panes(metrics, calls, changes, spans, cursor=at,
                               title=f"{at:%H:%M} UTC: {last}")
    controls = make_controls(minute=("IntSlider", {
        "min": 0, "max": minutes, "value": minutes // 2, "step": 1,
        "description": "minutes after the start"}))
    return render, controls


def sorter(lab, chosen: dict | None = None):
    """``(render, controls)``: one dropdown per requirement card; the figure shows the
    verdicts (the notebook's E1 grades the same mapping)."""
    cards = cards_of(lab)
    chosen = chosen or {}

    def render(**picks):
        return viz.sorter_verdicts([CARDS[c][0] for c in cards],
                                   [picks.get(f"card_{c}") or None for c in cards],
                                   [CARDS[c][1] for c in cards])
    controls = make_controls(**{f"card_{c}": ("Dropdown", {
        "options": ["", *SERVICES], "value": chosen.get(c, ""),
        "description": f"{c}."}) for c in cards})
    return render, controls
