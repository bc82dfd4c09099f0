"""NB04 explorers: a Logs Insights query box, and "when was the metric filter created?".

Each returns ``(render, controls)`` for :func:`awslab.widgets.explore`; ``render`` reads
the lab (never changes it) and draws with :mod:`awslab.viz.insights`. Introduced in
``04_metric_filters_and_insights.ipynb``.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from awslab.widgets.explorer import make_controls

UTC = timezone.utc


def query_explorer(lab, groups, query: str, hours: int = 6, *, highlight=None,
                   account: str = "123456789012", region: str = "us-east-1"):
    """A query box and a time-range slider over ``groups``: the table and chart the
    console would show (or the MalformedQueryException it would answer)."""
    from awslab.errors import AwsError
    from awslab.services.logs.operations.queries import logs_query
    from awslab.viz.insights import error_figure, result_figure
    now = lab.now

    def render(query: str, window: tuple) -> object:
        start = now - timedelta(hours=window[1])
        end = now - timedelta(hours=window[0])
        try:
            result = logs_query(lab, query, start, end, groups=groups, account=account,
                                region=region)
        except AwsError as err:
            return error_figure(err.code, err.message, query)
        return result_figure(result, query=query, highlight=highlight)

    controls = make_controls(
        query=("Textarea", {"value": query, "description": "query",
                            "layout": {"width": "95%", "height": "70px"}}),
        window=("IntRangeSlider", {"value": (0, hours), "min": 0, "max": max(hours, 6),
                                   "description": "hours before now (from, to)",
                                   "continuous_update": False}))
    return render, controls


def filter_minutes(group, pattern_text: str, created: datetime, start: datetime,
                   end: datetime, bucket: int = 10):
    """Per ``bucket`` minutes from ``start`` to ``end``: the events matching the pattern,
    and what a metric filter (value 1) created at ``created`` would have published (events
    ingested at or after ``created`` only)."""
    from awslab.services.logs.patterns import compile_pattern
    pattern = compile_pattern(pattern_text)
    first = start.replace(second=0, microsecond=0)
    first -= timedelta(minutes=first.minute % bucket)
    minutes = [first + timedelta(minutes=i)
               for i in range(0, int((end - first).total_seconds() // 60) + 1, bucket)]
    index = {m: i for i, m in enumerate(minutes)}
    matches = [0] * len(minutes)
    published: dict[datetime, float] = {}
    created_ms = int(created.timestamp() * 1000)
    lo, hi = int(first.timestamp() * 1000), int(end.timestamp() * 1000)
    for event in group.timeline():
        if not lo <= event.timestamp <= hi or not pattern.matches(event.message):
            continue
        minute = datetime.fromtimestamp(event.timestamp // (60_000 * bucket) * 60 * bucket,
                                        UTC)
        matches[index[minute]] += 1
        if event.ingestion_time >= created_ms:
            published[minute] = published.get(minute, 0) + 1
    return minutes, matches, published


def creation_explorer(lab, group_name: str, pattern: str, moments: dict, start: datetime,
                      end: datetime, *, account: str = "123456789012",
                      region: str = "us-east-1"):
    """Choose when the metric filter was created (``moments``: label -> time) and see
    what it publishes: nothing for events ingested before it existed."""
    from awslab.services.logs import find_group
    from awslab.viz.insights import metric_filter_figure
    group = find_group(lab, account, region, group_name)

    def render(created: str) -> object:
        when = moments[created]
        minutes, matches, published = filter_minutes(group, pattern, when, start, end)
        return metric_filter_figure(minutes, matches, published, when,
                                    title=f"Metric filter {pattern!r} created {created}",
                                    unit_label="matching events per 10 minutes")

    controls = make_controls(
        created=("ToggleButtons", {"options": list(moments), "value": list(moments)[0],
                                   "description": "create the filter"}))
    return render, controls
