"""NB01 wiring: controls -> lab -> Figure for default and edge values, fast enough,
and the spike explorer's what-if summaries equal what the lab really stores."""
import inspect
import io
import time
from datetime import datetime, timedelta, timezone

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from awslab import Lab
from awslab.services import ec2 as ec2_sim
from awslab.widgets import metrics as mw
from awslab.workloads import Spike

BOUND = 0.5       # seconds per update; the design's goal is 0.1 s on an idle machine
UTC = timezone.utc


def timed(render, **values):
    """``(figure, seconds)`` of one update: recompute, build the figure and draw the PNG
    a notebook shows (bbox "tight", as the inline backend does). Best of three, so one
    slow run on a busy machine does not fail the test."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        fig = render(**values)
        fig.savefig(io.BytesIO(), format="png", bbox_inches="tight")
        best = min(best, time.perf_counter() - start)
    return fig, best


@pytest.fixture(scope="module")
def world():
    """A lab as NB01 leaves it: a basic and a detailed instance after three hours, and
    the same 3-minute spike of +80 points on both in a quiet half hour."""
    lab = Lab(student_id="widgets")
    ec2 = lab.client("ec2")
    instances = {}
    for mode in ("basic", "detailed"):
        resp = ec2.run_instances(ImageId=ec2_sim.image_id("al2023"),
                                 InstanceType="t3.micro", MinCount=1, MaxCount=1,
                                 Monitoring={"Enabled": mode == "detailed"})
        instances[mode] = resp["Instances"][0]["InstanceId"]
    lab.advance(hours=3)
    start = mw.quiet_start(lab, instances.values(), lab.now)
    for iid in instances.values():
        spike = ec2_sim.inject_cpu_spike(lab, iid, start + timedelta(minutes=12), 3, 80)
    lab.advance(seconds=(start + timedelta(minutes=40) - lab.now).total_seconds())
    return {"lab": lab, "instances": instances, "start": start, "spike": spike,
            "end": start + timedelta(minutes=30)}


def defaults(render):
    return {name: p.default for name, p in inspect.signature(render).parameters.items()}


# -- explorers: defaults, edges, speed ---------------------------------------------------

def resolution(world):
    return mw.resolution_explorer(world["lab"], world["instances"], world["start"],
                                  world["end"], spike=world["spike"], threshold=80)


def spike(world):
    lab, iid = world["lab"], world["instances"]["detailed"]
    quiet = mw.quiet_start(lab, [iid], lab.now - timedelta(hours=3), minutes=40)
    return mw.spike_explorer(lab, iid, quiet)


def streams(world):
    return mw.stream_explorer(world["lab"])


CASES = [
    (resolution, {}), (resolution, {"monitoring": "detailed", "stat": "p90"}),
    (resolution, {"monitoring": "basic", "stat": "p90"}),
    (resolution, {"monitoring": "basic", "stat": "Maximum"}),
    (spike, {}), (spike, {"length": 1, "offset": 0}), (spike, {"length": 10, "offset": 9}),
    (streams, {}), (streams, {"dimensions": ()}),
    (streams, {"dimensions": mw.DIMENSION_FILTERS, "metric_name": "StatusCheckFailed"}),
]


@pytest.mark.parametrize("make, values", CASES,
                         ids=[f"{m.__name__}-{v or 'defaults'}" for m, v in CASES])
def test_update_returns_a_figure_quickly(world, make, values):
    render, _ = make(world)
    render(**values)                                  # warm caches, as the first draw does
    fig, seconds = timed(render, **values)
    print(f"{make.__name__} {values or 'defaults'}: {seconds * 1000:.0f} ms")
    assert isinstance(fig, Figure)
    assert seconds < BOUND, f"update took {seconds:.3f} s"


@pytest.mark.parametrize("make", [resolution, spike, streams])
def test_controls_match_the_render_defaults(world, make):
    render, controls = make(world)
    assert set(controls) == set(defaults(render))
    for name, control in controls.items():
        assert control.value == defaults(render)[name], name


def test_spike_controls_span_the_card_ranges(world):
    _, controls = spike(world)
    assert (controls["length"].min, controls["length"].max) == (1, 10)
    assert (controls["offset"].min, controls["offset"].max) == (0, 9)


def test_resolution_controls_offer_the_three_statistics(world):
    _, controls = resolution(world)
    assert tuple(controls["stat"].options) == ("Average", "Maximum", "p90")
    assert [v for _, v in controls["monitoring"].options] == ["basic", "detailed"]


# -- the what-if path equals the lab's own ---------------------------------------------

@pytest.mark.parametrize("mode", ["basic", "detailed"])
@pytest.mark.parametrize("stat", ["Average", "Maximum", "p90"])
def test_summaries_equal_what_the_lab_stored(world, mode, stat):
    lab, iid = world["lab"], world["instances"][mode]
    start, end = world["start"], world["end"]
    true = ec2_sim.true_cpu(lab, iid, start, end)          # includes the injected spike
    expected = mw.stored_cpu(lab, iid, mode, start, end, stat).series
    got = mw.summarize_minutes(true, mode, stat)
    assert list(got.index) == list(expected.index)
    np.testing.assert_allclose(got.to_numpy(float), expected.to_numpy(float),
                               rtol=1e-9, equal_nan=True)


def test_reactions_from_the_stored_datapoints(world):
    got = mw.reactions(world["lab"], world["instances"], world["spike"], threshold=80)
    assert got == {"basic": None, "detailed": 1.0}


@pytest.mark.parametrize("values, period, expected", [
    ([10, 90, 10], 60, 1.0),            # breach in the spike's first minute
    ([10, 10, 90], 60, 2.0),
    ([10, 10, 10], 60, None),
    ([80, 10, 10], 60, None),           # ended before the spike: does not count
    ([10, 71], 300, 5.0),
    ([10, 70], 300, None),              # strictly above the threshold
    ([10, np.nan], 300, None),
])
def test_reaction_rule(values, period, expected):
    t0 = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)
    step = timedelta(seconds=period)
    index = pd.DatetimeIndex([t0 + i * step for i in range(len(values))])
    stored = pd.Series(values, index, dtype=float)
    assert mw.reaction_minutes(stored, period, 70, t0 + step) == expected


@pytest.mark.parametrize("length, offset", [(3, 2), (5, 0), (4, 3), (1, 9)])
def test_what_if_spike_matches_an_injected_one(length, offset):
    """The explorer's spike on a quiet hour gives the same stored series, and the
    same reactions, as that spike injected into twin labs with each monitoring mode.

    The first instance of labs with the same seed runs the same workload, so the
    twins differ from the explorer's lab only by the injected spike.
    """
    lab = Lab(student_id="what-if")
    (iid,) = ec2_sim.launch_instances(lab, 1, "detailed")
    lab.advance(hours=2)
    quiet = mw.quiet_start(lab, [iid], lab.now - timedelta(hours=2), minutes=40)
    render, _ = mw.spike_explorer(lab, iid, quiet)
    title = render(length=length, offset=offset).axes[0].get_title(loc="left")
    at = quiet + timedelta(minutes=10 + offset)
    base = ec2_sim.true_cpu(lab, iid, quiet, quiet + timedelta(minutes=40))
    extra = np.zeros(40)
    extra[10 + offset:10 + offset + length] = 80
    true = (base + extra).clip(0, 100)
    for mode in ("basic", "detailed"):
        twin = Lab(student_id="what-if")
        (twin_id,) = ec2_sim.launch_instances(twin, 1, mode)
        ec2_sim.inject_cpu_spike(twin, twin_id, at, length, 80)
        twin.advance(hours=2)
        stored = mw.stored_cpu(twin, twin_id, mode, quiet,
                               quiet + timedelta(minutes=40)).series
        got = mw.summarize_minutes(true, mode)
        np.testing.assert_allclose(got.to_numpy(float), stored.to_numpy(float))
        react = mw.reaction_minutes(stored, mw.PERIODS[mode], 80, at)
        assert react == mw.reaction_minutes(got, mw.PERIODS[mode], 80, at)
        said = "never" if react is None else f"after {react:g} min"
        assert f"{mode} {said}" in title


# -- helpers ---------------------------------------------------------------------------

def test_quiet_start_is_a_five_minute_boundary_without_seeded_spikes(world):
    lab, ids = world["lab"], list(world["instances"].values())
    after = lab.now - timedelta(hours=3, minutes=2)
    t = mw.quiet_start(lab, ids, after, minutes=30)
    assert t >= after and t.minute % 5 == 0 and t.second == 0
    assert not any(ec2_sim.seeded_spikes(lab, i, t, t + timedelta(minutes=30))
                   for i in ids)


@pytest.mark.parametrize("dimensions, count", [
    (("InstanceId",), 2), ((), 5), (("InstanceType",), 1),
    (("InstanceId", "InstanceType"), 0), (("AutoScalingGroupName",), 0)])
def test_stream_filter_semantics(world, dimensions, count):
    cw = world["lab"].client("cloudwatch")
    request = {"Namespace": "AWS/EC2", "MetricName": "CPUUtilization"}
    if dimensions:
        request["Dimensions"] = [{"Name": n} for n in dimensions]
    assert len(mw.list_all_metrics(cw, **request)) == count


def test_static_charts(world):
    fig = mw.monitoring_figure(world["lab"], world["instances"], world["start"],
                               world["end"], spike=world["spike"], threshold=80)
    assert len([ax for ax in fig.axes if ax.axison]) == 2
    tree = mw.metric_tree(world["lab"])
    assert tree.get_suptitle().startswith("71 metric streams")
