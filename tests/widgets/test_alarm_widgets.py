"""NB06 wiring: the explorers draw for default and edge values fast enough, decide as
the lab's own alarms decide, and the charts read alarm history and snapshots right."""
import inspect
import io
import time
from datetime import timedelta

import pytest
from matplotlib.figure import Figure

from awslab import Lab
from awslab.services import ec2 as ec2_sim
from awslab.services.autoscaling import inject_load
from awslab.viz import alarms as av
from awslab.widgets import alarms as aw
from awslab.widgets.metrics import quiet_start

BOUND = 0.5       # seconds per update; the design's goal is 0.1 s on an idle machine
TOPIC = "arn:aws:sns:us-east-1:123456789012:ops"


def timed(render, **values):
    """``(figure, seconds)`` of one update (recompute, build, draw the PNG), best of 3."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        fig = render(**values)
        fig.savefig(io.BytesIO(), format="png", dpi=fig.dpi)
        best = min(best, time.perf_counter() - start)
    return fig, best


def texts(fig):
    out = [t.get_text() for t in fig.texts]
    for ax in fig.axes:
        out += [t.get_text() for t in ax.texts] + [ax.get_title(loc="left")]
    return out


@pytest.fixture(scope="module")
def world():
    """NB06 section 2: web with 1-minute CPU, a 2-of-3 alarm, and a busy hour."""
    lab = Lab(student_id="nb06-widgets")
    cw = lab.client("cloudwatch")
    assert lab.client("sns").create_topic(Name="ops")["TopicArn"] == TOPIC
    web = ec2_sim.launch_instances(lab, monitoring="detailed")[0]
    cw.put_metric_alarm(
        AlarmName="two-of-three", Namespace="AWS/EC2", MetricName="CPUUtilization",
        Dimensions=[{"Name": "InstanceId", "Value": web}], Statistic="Average",
        Period=60, EvaluationPeriods=3, DatapointsToAlarm=2, Threshold=70.0,
        ComparisonOperator="GreaterThanThreshold", AlarmActions=[TOPIC],
        OKActions=[TOPIC])
    busy = quiet_start(lab, [web], lab.now + timedelta(minutes=5), minutes=60)
    for offset, minutes in ((8, 1), (18, 2), (30, 1), (32, 1), (44, 4)):
        ec2_sim.inject_cpu_spike(lab, web, busy + timedelta(minutes=offset), minutes, 70)
    end = busy + timedelta(minutes=60)
    lab.advance(seconds=(end - lab.now).total_seconds())
    return {"lab": lab, "cw": cw, "web": web, "start": busy, "end": end}


def defaults(render):
    return {k: p.default for k, p in inspect.signature(render).parameters.items()}


# -- reading history ------------------------------------------------------------------------

@pytest.mark.parametrize("arn, kind", [
    (TOPIC, "sns"), ("arn:aws:automate:us-east-1:ec2:recover", "ec2"),
    ("arn:aws:swf:us-east-1:123456789012:action/actions/AWS_EC2.InstanceId.Stop/1.0",
     "ec2"),
    ("arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:1:autoScalingGroupName/"
     "web:policyName/out", "autoscaling"),
    ("arn:aws:lambda:us-east-1:123456789012:function:f", "other"), ("junk", "other")])
def test_action_kind(arn, kind):
    assert aw.action_kind(arn) == kind


def test_alarm_history_gives_states_and_sns_markers(world):
    intervals, markers = aw.alarm_history(world["cw"], "two-of-three", world["end"])
    assert intervals[0].state == "INSUFFICIENT_DATA"
    alarms = [iv for iv in intervals if iv.state == "ALARM"]
    assert len(alarms) == 3                           # the burst, the pair, the surge
    assert all(b.start == a.end for a, b in zip(intervals, intervals[1:]))
    assert intervals[-1].end == world["end"]
    assert len(markers) == len(intervals) - 1         # one SNS action per transition
    assert {m.kind for m in markers} == {"sns"} and all(m.ok for m in markers)


def test_explorer_decides_as_the_alarm_did(world):
    """The pure engine over the stored series gives the alarm's own ALARM periods."""
    render, _ = aw.threshold_explorer(world["lab"], world["web"], world["start"],
                                      world["end"])
    fig = render(evaluation_periods=3, datapoints_to_alarm=2)
    from_history, _ = aw.alarm_history(world["cw"], "two-of-three", world["end"])
    expected = [(iv.start.replace(tzinfo=None), iv.end.replace(tzinfo=None))
                for iv in from_history if iv.state == "ALARM"]
    assert "3 ALARM episodes" in fig.axes[0].get_title(loc="left")
    grid = aw._grid(world["lab"], {"InstanceId": world["web"]}, "Average", 60,
                    world["start"] - timedelta(minutes=12), world["end"])
    codes = aw.series_states(grid.to_numpy(), "GreaterThanThreshold", 70, 3, 2, "missing")
    shown = grid.index >= world["start"]
    got = [(iv.start, iv.end) for iv in av.intervals_from_codes(
        grid.index[shown], codes[shown], 60, world["end"]) if iv.state == "ALARM"]
    assert got == expected


# -- explorers: defaults, edges, speed ----------------------------------------------------

def threshold(world):
    return aw.threshold_explorer(world["lab"], world["web"], world["start"], world["end"])


def missing(world):
    return aw.missing_data_explorer()


def failures(world):
    return aw.failure_explorer(world["lab"])


CASES = [
    (threshold, {}), (threshold, {"period": 300, "stat": "Maximum"}),
    (threshold, {"period": 300, "stat": "p90", "threshold": 95}),
    (threshold, {"threshold": 10, "evaluation_periods": 10, "datapoints_to_alarm": 1}),
    (threshold, {"stat": "Minimum", "evaluation_periods": 1, "datapoints_to_alarm": 1}),
    (missing, {}), (missing, {"points": "0 - X - X", "treat": "breaching"}),
    (missing, {"points": "X", "n": 1, "m": 1, "treat": "notBreaching"}),
    (missing, {"points": "- - - - -", "treat": "ignore", "current": "ALARM"}),
    (missing, {"points": "X X X X X X X X X", "n": 5, "m": 5}),
    (failures, {}), (failures, {"kind": "host", "remedy": "recover"}),
    (failures, {"kind": "ebs", "remedy": "none"})]


@pytest.mark.parametrize("make, values", CASES,
                         ids=[f"{m.__name__}-{'-'.join(map(str, v.values())) or 'default'}"
                              for m, v in CASES])
def test_explorer_updates_render_fast(world, make, values):
    render, controls = make(world)
    assert set(controls) == set(defaults(render))
    assert {k: c.value for k, c in controls.items()} == defaults(render)
    render(**values)                                   # first use fills any cache
    fig, seconds = timed(render, **values)
    assert isinstance(fig, Figure)
    assert seconds < BOUND, f"{make.__name__} took {seconds:.3f} s"


@pytest.mark.parametrize("make, values", [
    (threshold, {"evaluation_periods": 2, "datapoints_to_alarm": 3}),
    (missing, {"n": 2, "m": 4})])
def test_m_greater_than_n_is_what_aws_refuses(world, make, values):
    render, _ = make(world)
    assert any("must be less than or equal to EvaluationPeriods" in t
               for t in texts(render(**values)))


# -- widget 2: the notation and AWS's tables ----------------------------------------------

@pytest.mark.parametrize("text, points", [
    ("X X - 0 X", [True, True, None, False, True]), ("x-o0", [True, None, False, False]),
    ("X, 0, -", [True, False, None]), ("  -  ", [None])])
def test_parse_points(text, points):
    assert aw.parse_points(text) == points


@pytest.mark.parametrize("text, words", [("X Y", "cannot read 'y'"), ("", "type a range")])
def test_parse_points_refuses(text, words):
    with pytest.raises(ValueError, match=words):
        aw.parse_points(text)


def test_fit_range_pads_old_periods_and_keeps_the_newest():
    assert aw.fit_range([True], 3) == ([None, None, None, None, True], (
        "The range holds N + 2 = 5 periods: the 4 older ones you did not type count as "
        "missing."))
    points, note = aw.fit_range([False] * 3 + [True] * 5, 3)
    assert points == [True] * 5 and "only the newest 5 of your 8" in note
    assert aw.fit_range([None] * 3, 1) == ([None] * 3, None)


AWS_TABLE_3_OF_3 = {     # AWS's documented table: missing, ignore, breaching, notBreaching
    "0 - X - X": ("OK", "OK", "OK", "OK"), "0 - - - -": ("OK", "OK", "OK", "OK"),
    "- - - - -": ("INSUFFICIENT_DATA", "kept", "ALARM", "OK"),
    "0 X X - X": ("ALARM", "ALARM", "ALARM", "ALARM"),
    "- - X - -": ("ALARM", "kept", "ALARM", "OK")}


@pytest.mark.parametrize("row", sorted(AWS_TABLE_3_OF_3))
def test_the_evaluation_view_tells_the_documented_state(row):
    for treat, want in zip(("missing", "ignore", "breaching", "notBreaching"),
                           AWS_TABLE_3_OF_3[row]):
        state = "INSUFFICIENT_DATA" if want == "kept" else want   # kept: the current one
        fig = aw.evaluation_view(row, 3, 3, treat, current="INSUFFICIENT_DATA")
        assert state in texts(fig), (row, treat)


def test_missing_table_has_both_documented_tables():
    fig = aw.missing_table()
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert titles == ["N = 3, M = 3: ranges of 5 periods", "N = 3, M = 2: ranges of 5 periods"]


# -- widget 3 and chart 3: failures and remedies --------------------------------------------

@pytest.fixture(scope="module")
def scenarios(world):
    return aw.failure_scenarios(world["lab"].seed)


KEPT = ("InstanceId", "PrivateIpAddress", "PublicIpAddress", "ElasticIp",
        "AvailabilityZone", "Metadata")


@pytest.mark.parametrize("kind, remedy, fixed, moved", [
    ("host", "none", False, False), ("host", "reboot", False, False),
    ("host", "recover", True, True), ("kernel", "none", False, False),
    ("kernel", "reboot", True, False), ("kernel", "recover", True, True),
    ("ebs", "none", False, False), ("ebs", "reboot", False, False),
    ("ebs", "recover", False, True)])
def test_each_remedy_against_each_failure(scenarios, kind, remedy, fixed, moved):
    before, after = scenarios[kind, remedy]
    assert before["StatusChecks"] == {"System": "ok", "Instance": "ok", "AttachedEbs": "ok"}
    assert ("impaired" not in after["StatusChecks"].values()) == fixed
    assert (after["Host"] != before["Host"]) == moved
    assert after["ElasticIp"] is not None and after["State"] == "running"
    assert all(before[k] == after[k] for k in KEPT)
    line = aw.verdict(kind, remedy, before, after)
    assert line.startswith("Fixed" if fixed else "Still impaired")


def test_attribute_rows_mark_what_a_recovery_changes(scenarios):
    before, after = scenarios["host", "recover"]
    rows = {label: kept for label, _, _, kept in aw.attribute_rows(before, after)}
    assert [k for k, kept in rows.items() if not kept] == ["Host", "Since boot"]
    assert rows["Private IP"] and rows["Elastic IP"] and rows["Metadata (IMDS)"]
    assert rows["Placement"]
    before, after = scenarios["ebs", "none"]
    rows = {label: (b, a, kept) for label, b, a, kept in aw.attribute_rows(before, after)}
    assert rows["Checks sys/inst/EBS"] == ("ok / ok / ok", "ok / ok / impaired", False)
    assert rows["Since boot"][2] is True                   # no restart: RAM survived
    assert rows["Placement"][0] == "us-east-1a, no group"


def test_failure_explorer_without_precompute_plays_on_first_use(world):
    render, controls = aw.failure_explorer(world["lab"], kind="host", remedy="recover",
                                           precompute=False)
    assert controls["kind"].value == "host" and controls["remedy"].value == "recover"
    assert any(t.startswith("Fixed") for t in texts(render()))


# -- charts from the lab -----------------------------------------------------------------

def test_alarm_chart_and_timeline_read_the_lab(world):
    fig = aw.alarm_chart(world["lab"], "two-of-three", world["start"], world["end"])
    assert "two-of-three" in fig.axes[0].get_title(loc="left")
    fig = aw.timeline(world["lab"], ["two-of-three"], world["start"], world["end"])
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["two-of-three"]


def test_scaling_chart_reads_the_group_and_its_alarm():
    lab = Lab(seed=6)
    asg, cw = lab.client("autoscaling"), lab.client("cloudwatch")
    asg.create_launch_configuration(LaunchConfigurationName="lc",
                                    ImageId=ec2_sim.image_id(), InstanceType="t3.micro")
    asg.create_auto_scaling_group(AutoScalingGroupName="shop", LaunchConfigurationName="lc",
                                  MinSize=2, MaxSize=6, DesiredCapacity=2,
                                  AvailabilityZones=["us-east-1a"])
    policy = asg.put_scaling_policy(AutoScalingGroupName="shop", PolicyName="out",
                                    AdjustmentType="ChangeInCapacity",
                                    ScalingAdjustment=1, Cooldown=120)["PolicyARN"]
    cw.put_metric_alarm(AlarmName="shop-high", Namespace="AWS/EC2",
                        MetricName="CPUUtilization",
                        Dimensions=[{"Name": "AutoScalingGroupName", "Value": "shop"}],
                        Statistic="Average", Period=60, EvaluationPeriods=2,
                        Threshold=70.0, ComparisonOperator="GreaterThanThreshold",
                        AlarmActions=[policy])
    lab.advance(minutes=5)
    start = lab.now
    inject_load(lab, "shop", lab.now + timedelta(minutes=3), 40, height=250.0)
    lab.advance(minutes=30)
    fig = aw.scaling_chart(lab, "shop", "shop-high", start, lab.now)
    bottom = fig.axes[1]
    runs = [line for line in bottom.get_lines() if len(line.get_xdata())]
    changed = [line for line in runs if line.get_markerfacecolor() != "white"]
    assert changed and len(changed[0].get_xdata()) >= 2      # capacity grew twice or more
    assert bottom.get_ylim()[1] >= 4
