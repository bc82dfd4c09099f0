"""NB02 explorers: resolution and query period, clock skew, a dashboard builder, cost.

Each explorer is :func:`awslab.widgets.explore` over a ``*_figure`` function that asks
the lab (through boto3 or :func:`awslab.services.cloudwatch.series`) and hands the
answers to a pure renderer in :mod:`awslab.viz.custom_metrics` or :mod:`awslab.viz`.
Explorers that must publish (to see what CloudWatch accepts) do so in a private
scratch lab at the learner's clock, so moving a slider never changes the learner's lab.
Introduced in ``02_custom_metrics_and_dashboards.ipynb``.
"""
from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta
from typing import Mapping, Sequence

from awslab.viz.custom_metrics import (PERIODS, RESOLUTIONS, render_acceptance,
                                       render_query, render_resolution)
from awslab.widgets.explorer import explore

HIGH_RES, STANDARD = "LatencyHighRes", "LatencyStandard"
NAMESPACE = "PetShop"
SCRATCH_NAMESPACE = "Scratch/NB02"
LATER = timedelta(hours=4)
WHEN = {"now": "minutes after publishing", "later": "4 hours after publishing"}

# -- chart 1 and widget 1: storage resolution and query period --------------------------


def resolution_figure(lab, start: datetime, end: datetime, namespace: str = NAMESPACE,
                      high_res: str = HIGH_RES, standard: str = STANDARD):
    """Chart the learner's two latency metrics: 1-s data at a 1-s period, 60-s data
    as 1-minute Average and Maximum.

    Introduced in ``02_custom_metrics_and_dashboards.ipynb``.
    """
    from awslab.services.cloudwatch import series

    def read(name, stat, period):
        return series(lab, namespace, name, stat=stat, period=period, start=start,
                      end=end)

    return render_resolution(read(high_res, "Average", 1), read(standard, "Average", 60),
                             read(standard, "Maximum", 60))


class ResolutionLab:
    """The same values published at both resolutions, queried minutes and 4 h later.

    Two private labs receive ``values`` (one per second from ``start``) through
    ``put_metric_data``: as ``LatencyHighRes`` with ``StorageResolution=1`` and as
    ``LatencyStandard`` with ``StorageResolution=60``. The second lab's clock is then
    moved 4 hours on, past the 3 hours 1-second data are kept.
    """

    def __init__(self, values: Sequence[float], start: datetime, seed: int = 0):
        from awslab import Lab

        self.start = start
        self.end = start + timedelta(seconds=len(values))
        self.labs = {}
        for when in WHEN:
            lab = Lab(seed=seed, start=self.end + timedelta(minutes=1))
            cw = lab.client("cloudwatch")
            for name, resolution in ((HIGH_RES, 1), (STANDARD, 60)):
                data = [{"MetricName": name, "Value": float(v), "Unit": "Milliseconds",
                         "Timestamp": start + timedelta(seconds=i),
                         "StorageResolution": resolution} for i, v in enumerate(values)]
                for i in range(0, len(data), 1000):        # 1,000 datums per call
                    cw.put_metric_data(Namespace=SCRATCH_NAMESPACE,
                                       MetricData=data[i:i + 1000])
            if when == "later":
                lab.advance(hours=LATER.total_seconds() / 3600)
            self.labs[when] = lab
        self._counts = {}

    def query(self, resolution: int, period: int, when: str = "now"):
        """The Average per ``period`` that GetMetricStatistics returns (a Series)."""
        from awslab.services.cloudwatch import series

        return series(self.labs[when], SCRATCH_NAMESPACE,
                      HIGH_RES if resolution == 1 else STANDARD, period=period,
                      start=self.start, end=self.end)

    def counts(self, when: str = "now") -> dict:
        """``{(resolution, period): datapoints}`` for every combination (cached)."""
        if when not in self._counts:
            self._counts[when] = {(r, p): len(self.query(r, p, when))
                                  for r in RESOLUTIONS for p in PERIODS}
        return self._counts[when]


def query_figure(world: ResolutionLab, resolution: int = 1, period: int = 10,
                 when: str = "now"):
    """Widget 1's figure: one query's datapoints beside the table of combinations."""
    return render_query(world.query(resolution, period, when), world.counts(when),
                        resolution, period, WHEN[when])


def resolution_explorer(values: Sequence[float], start: datetime, interactive: bool = True,
                        seed: int = 0) -> None:
    """StorageResolution toggle, query-period dropdown and query time.

    Introduced in ``02_custom_metrics_and_dashboards.ipynb``.

    Parameters
    ----------
    values : sequence of float
        One value per second, published from ``start`` (in a private lab).
    start : datetime
        Timestamp of the first value.
    interactive : bool
        Live controls (JupyterLab) or the figure for the default values (handouts).
    """
    import ipywidgets as w

    world = ResolutionLab(values, start, seed)
    explore(lambda resolution, period, when: query_figure(world, resolution, period, when),
            interactive=interactive,
            resolution=w.ToggleButtons(options=[("StorageResolution=1", 1),
                                                ("StorageResolution=60", 60)], value=1,
                                       description="Stored at"),
            period=w.Dropdown(options=[(f"{p} s", p) for p in PERIODS], value=10,
                              description="Period"),
            when=w.Dropdown(options=[(label, key) for key, label in WHEN.items()],
                            value="now", description="Query"))


# -- chart 2 and widget 2: the timestamp window and a skewed clock ---------------------

#: The clock offsets the skew slider offers: (label, offset).
OFFSETS = (
    ("−20 d", timedelta(days=-20)), ("−15 d", timedelta(days=-15)),
    ("−14 d + 30 min", timedelta(days=-14, minutes=30)), ("−7 d", timedelta(days=-7)),
    ("−1 d", timedelta(days=-1)), ("−1 h", timedelta(hours=-1)),
    ("0 (correct)", timedelta(0)), ("+1 h", timedelta(hours=1)),
    ("+2 h", timedelta(hours=2)), ("+2 h 30 min", timedelta(hours=2, minutes=30)),
    ("+3 h", timedelta(hours=3)), ("+5 h", timedelta(hours=5)),
)


def offset_label(offset: timedelta) -> str:
    """``"+2 h 30 min"``, ``"−15 d"``: a clock offset in words."""
    for label, value in OFFSETS:
        if value == offset:
            return label
    sign = "−" if offset < timedelta(0) else "+"
    rest = abs(offset)
    days, hours = rest.days, rest.seconds // 3600
    minutes = rest.seconds % 3600 // 60
    parts = [f"{days} d"] * bool(days) + [f"{hours} h"] * bool(hours) + \
        [f"{minutes} min"] * bool(minutes)
    return sign + " ".join(parts or ["0 h"])


class SkewedHost:
    """A host that publishes one point every 5 minutes, stamped with its own clock.

    Each point goes in its own PutMetricData request to a private lab whose clock is
    the learner's, so CloudWatch judges every timestamp on its own.
    """

    def __init__(self, now: datetime, points: int = 12, every: timedelta = timedelta(
            minutes=5), seed: int = 0):
        from awslab import Lab

        self.now = now
        self.sent = [now - every * (points - 1 - i) for i in range(points)]
        self.lab = Lab(seed=seed, start=now)
        self.cw = self.lab.client("cloudwatch")

    def publish(self, offset: timedelta) -> tuple[list[datetime], list[bool], list[str]]:
        """Send every point stamped ``correct time + offset``: (stamps, accepted, errors)."""
        from botocore.exceptions import ClientError

        stamped, accepted, errors = [], [], []
        for i, t in enumerate(self.sent):
            datum = {"MetricName": "QueueDepth", "Value": float(i % 4), "Unit": "Count",
                     "Timestamp": t + offset,
                     "Dimensions": [{"Name": "Host", "Value": "skewed-host"}]}
            stamped.append(t + offset)
            try:
                self.cw.put_metric_data(Namespace=SCRATCH_NAMESPACE, MetricData=[datum])
                accepted.append(True)
            except ClientError as err:
                accepted.append(False)
                errors.append(err.response["Error"]["Message"])
        return stamped, accepted, errors


def acceptance_figure(host: SkewedHost, offset: timedelta = timedelta(hours=2, minutes=30)):
    """Chart 2 / widget 2: where the host's stamps land, accepted or rejected."""
    stamped, accepted, _ = host.publish(offset)
    return render_acceptance(host.now, host.sent, stamped, accepted, offset_label(offset))


def skew_figure(lab, offset: timedelta = timedelta(hours=2, minutes=30)):
    """Chart 2: a host ``offset`` off the lab clock sends its last hour of points.

    Introduced in ``02_custom_metrics_and_dashboards.ipynb``.
    """
    return acceptance_figure(SkewedHost(lab.now, seed=lab.seed), offset)


def skew_explorer(lab, interactive: bool = True,
                  offset: timedelta = timedelta(days=-15)) -> None:
    """A clock-skew slider (−20 days … +5 hours) over the acceptance timeline.

    Introduced in ``02_custom_metrics_and_dashboards.ipynb``.
    """
    import ipywidgets as w

    host = SkewedHost(lab.now, seed=lab.seed)
    explore(lambda offset: acceptance_figure(host, offset), interactive=interactive,
            offset=w.SelectionSlider(options=list(OFFSETS), value=offset,
                                     description="Host clock",
                                     layout=w.Layout(width="620px"),
                                     style={"description_width": "initial"}))


# -- chart 3 and widget 3: the dashboard builder -----------------------------------------

HOME_ACCOUNT, HOME_REGION = "123456789012", "us-east-1"
TIME_RANGES = (("last 30 minutes", "-PT30M"), ("last hour", "-PT1H"),
               ("last 3 hours", "-PT3H"), ("last 6 hours", "-PT6H"))
TIME_ZONES = (("UTC", "+0000"), ("New York (UTC−05:00)", "-0500"),
              ("Paris (UTC+01:00)", "+0100"), ("Tokyo (UTC+09:00)", "+0900"))
REFRESH = ("Off", "10 seconds", "1 minute", "2 minutes", "5 minutes", "15 minutes")


def widget_source(widget: Mapping) -> tuple[str, str]:
    """``(account, region)`` a widget reads (the dashboard's own when not named)."""
    props = widget.get("properties", {})
    return props.get("accountId", HOME_ACCOUNT), props.get("region", HOME_REGION)


def build_body(base: Mapping, start: str = "-PT3H", timezone: str = "+0000",
               accounts: Sequence[str] | None = None,
               regions: Sequence[str] | None = None) -> dict:
    """A copy of dashboard body ``base`` keeping the metric widgets of the chosen
    accounts and regions, laid out two per row, with a time range and time zone.

    The time zone goes where CloudWatch reads it, in each metric widget's
    ``properties.timezone``; auto-refresh is not part of a body at all.
    """
    kept = [copy.deepcopy(wd) for wd in base.get("widgets", [])
            if (accounts is None or widget_source(wd)[0] in accounts)
            and (regions is None or widget_source(wd)[1] in regions)]
    for i, wd in enumerate(kept):
        wd.update(x=12 * (i % 2), y=6 * (i // 2), width=12, height=6)
        if wd.get("type") == "metric":
            wd["properties"]["timezone"] = timezone
    body = {k: v for k, v in base.items() if k not in ("widgets", "end")}
    body.update(start=start, widgets=kept)
    return body


def builder_figure(lab, base: Mapping, time_range: str = "-PT3H",
                   timezone: str = "+0000", accounts: Sequence[str] | None = None,
                   regions: Sequence[str] | None = None, refresh: str = "1 minute",
                   name: str = "PetShop-Overview"):
    """Widget 3's figure: the body built from the controls, drawn from ``lab``'s data."""
    from dataclasses import replace

    from awslab.services.cloudwatch.dashboards import parse_body
    from awslab.viz import lab_fetcher, render_dashboard

    body = parse_body(json.dumps(build_body(base, time_range, timezone, accounts,
                                            regions)))
    # CloudWatch reads the zone from each metric widget's properties; the renderer
    # draws the whole figure in the zone its DashboardBody names.
    return render_dashboard(replace(body, timezone=timezone), lab_fetcher(lab),
                            name=f"{name} · auto-refresh {refresh.lower()} (console)")


def dashboard_builder(lab, base: Mapping, interactive: bool = True,
                      name: str = "PetShop-Overview", time_range: str = "-PT3H",
                      timezone: str = "+0000", refresh: str = "1 minute") -> None:
    """Time range, time zone, account and region pickers → the rendered dashboard.

    ``time_range``, ``timezone`` and ``refresh`` are the controls' first values (the
    figure a handout shows). Auto-refresh is shown as a label: it is a console setting,
    not part of the body. Introduced in ``02_custom_metrics_and_dashboards.ipynb``.
    """
    import ipywidgets as w

    sources = [widget_source(wd) for wd in base.get("widgets", [])]
    accounts = sorted({a for a, _ in sources})
    regions = sorted({r for _, r in sources})
    names = {a: lab.accounts.get(a, {}).get("Name", a) for a in accounts}
    account_options = [("all accounts", tuple(accounts))] + [
        (f"{names[a]} ({a})", (a,)) for a in accounts]
    region_options = [("all Regions", tuple(regions))] + [(r, (r,)) for r in regions]
    layout = w.Layout(width="300px")
    explore(lambda **kw: builder_figure(lab, base, name=name, **kw),
            interactive=interactive,
            time_range=w.Dropdown(options=TIME_RANGES, value=time_range,
                                  description="Time range", layout=layout),
            timezone=w.Dropdown(options=TIME_ZONES, value=timezone,
                                description="Time zone", layout=layout),
            accounts=w.Dropdown(options=account_options, value=tuple(accounts),
                                description="Accounts", layout=layout),
            regions=w.Dropdown(options=region_options, value=tuple(regions),
                               description="Regions", layout=layout),
            refresh=w.Dropdown(options=REFRESH, value=refresh,
                               description="Refresh", layout=layout))


# -- chart 4: the cost meter -------------------------------------------------------------

def cost_items(metrics: int = 50, alarms: int = 20,
               datums_per_call: int = 1000) -> tuple[dict, dict]:
    """Line items of two months, standard vs high resolution, for ``render_cost``.

    The same ``metrics`` custom metrics and ``alarms`` alarms; the standard month
    publishes every 60 s, the high-resolution month every second, each round batched
    into as few PutMetricData calls as ``datums_per_call`` allows.

    Returns
    -------
    (dict, dict)
        The line items (keys ``"standard:..."`` and ``"high:..."``) and the two
        monthly totals in USD by resolution.
    """
    from awslab.services.cloudwatch.pricing import monthly_cost, put_requests

    months = {
        "standard": monthly_cost(custom_metrics=metrics, standard_alarms=alarms,
                                 api_requests=put_requests(metrics, 60, datums_per_call)),
        "high": monthly_cost(high_res_metrics=metrics, high_res_alarms=alarms,
                             api_requests=put_requests(metrics, 1, datums_per_call)),
    }
    every = {"standard": "every 60 s", "high": "every second"}
    items = {}
    for keys in (("custom_metrics", "high_res_metrics"), ("api_requests",),
                 ("standard_alarms", "high_res_alarms")):
        for res, key in ((r, k) for r in months for k in keys):
            month = months[res]
            item = dict(month[key])
            if not item["quantity"]:
                continue
            if key == "api_requests":
                item.update(label=f"PutMetricData requests ({every[res]})",
                            resolution=res)
            items[f"{res}:{key}"] = item
    return items, {res: month["total"]["usd"] for res, month in months.items()}


def cost_figure(metrics: int = 50, alarms: int = 20, datums_per_call: int = 1000):
    """Chart 4: monthly cost bars, standard vs high-resolution metrics and alarms.

    Introduced in ``02_custom_metrics_and_dashboards.ipynb``.
    """
    from awslab.viz import render_cost
    from awslab.viz.style import usd

    items, totals = cost_items(metrics, alarms, datums_per_call)
    # Two dollar signs in one title would start matplotlib's math mode: escape them.
    return render_cost(items, title=(
        f"A month of {metrics} metrics + {alarms} alarms: "
        f"{usd(totals['standard'])} standard, {usd(totals['high'])} high-res"
    ).replace("$", r"\$"))
