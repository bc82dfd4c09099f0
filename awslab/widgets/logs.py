"""NB03 explorers: the filter-pattern playground, retention vs storage, the unified-agent
configurator, the log-source picker. Controls -> services -> :mod:`awslab.viz.logs`.

Introduced in ``03_cloudwatch_logs.ipynb``.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

from awslab.widgets.explorer import make_controls

SAMPLE_START = datetime(2026, 1, 5, 12, 0, tzinfo=timezone.utc)
SHORT = ("ip", "httpMethod", "resourcePath", "status", "latency")   # a compact format
DEFAULT_PATTERNS = {"application": "ERROR", "API Gateway (JSON)": "{ $.status >= 500 }",
                    "VPC Flow Logs": "[version, account, eni, src, dst, srcport, "
                                     "dstport = 22, protocol, packets, bytes, start, end, "
                                     "action = REJECT, status]"}


def samples(seed: int = 0, count: int = 8) -> dict[str, list[str]]:
    """A few lines of three formats, with errors and rejections among them."""
    from awslab import log_lines
    first, _ = log_lines.incident_window(seed, int(SAMPLE_START.timestamp()) // 86400)
    start = datetime.fromtimestamp(first * 60 - 300, timezone.utc)   # errors to find
    api = [(t, json.dumps({k: v for k, v in json.loads(m).items() if k in SHORT}))
           for t, m in log_lines.apigw_lines(seed, "a1b2c3", start, 15)]
    sets = {"application": log_lines.app_lines(seed, "web-1", start, 15),
            "API Gateway (JSON)": api,
            "VPC Flow Logs": log_lines.flow_lines(seed, "123456789012",
                                                  "eni-0a1b2c3d", start, 15)}
    return {name: _spread([m for _, m in lines], DEFAULT_PATTERNS[name], count)
            for name, lines in sets.items()}


def _spread(lines: list[str], pattern: str, count: int) -> list[str]:
    """``count`` lines: up to half matching ``pattern``, the rest spread evenly."""
    from awslab.services.logs.patterns import compile_pattern
    test = compile_pattern(pattern).matches
    bad = [m for m in lines if test(m)][:count // 2]
    rest = [m for m in lines if m not in bad]
    step = max(1, len(rest) // max(1, count - len(bad)))
    keep = set(bad) | set(rest[::step][:count - len(bad)])
    return [m for m in lines if m in keep][:count]


def render_playground(pattern: str, messages: list[str]):
    """The playground figure for one pattern over ``messages``."""
    from awslab.services.logs.errors import PatternError
    from awslab.services.logs.patterns import compile_pattern
    from awslab.viz.logs import pattern_playground
    try:
        compiled = compile_pattern(pattern)
    except PatternError as exc:
        return pattern_playground(pattern, messages, [],
                                  error=f"InvalidParameterException: {exc.message} "
                                        f"({exc.detail})")
    return pattern_playground(pattern, messages, [compiled.explain(m) for m in messages])


def playground(seed: int = 0, sample: str = "application"):
    """``(render, controls)``: type a filter pattern, pick a sample set, see what matches
    and why (use with :func:`awslab.widgets.explore`)."""
    sets = samples(seed)

    def render(pattern: str, sample: str):
        return render_playground(pattern, sets[sample])
    controls = make_controls(
        pattern=("Text", {"value": DEFAULT_PATTERNS[sample], "description": "pattern",
                          "continuous_update": False,
                          "layout": {"width": "640px"}}),
        sample=("Dropdown", {"options": list(sets), "value": sample,
                             "description": "log lines"}))
    return render, controls


def retention_explorer(daily_gb: float = 5.0):
    """``(render, controls)``: daily volume and a retention against never-expire."""
    from awslab.services.logs.retention import ALLOWED
    from awslab.viz.logs import retention_storage

    def render(daily_gb: float, retention: int, months: int):
        return retention_storage(daily_gb, [None, retention, 30], months)
    controls = make_controls(
        daily_gb=("FloatSlider", {"value": daily_gb, "min": 0.5, "max": 50, "step": 0.5,
                                  "description": "GB per day"}),
        retention=("Dropdown", {"options": [d for d in ALLOWED if d <= 3653],
                                "value": 90, "description": "retention (days)"}),
        months=("IntSlider", {"value": 12, "min": 3, "max": 36, "description": "months"}))
    return render, controls


EC2_DEFAULT = {"cpu": 1, "disk": 0, "diskio": 4, "mem": 0, "net": 4, "netstat": 0,
               "processes": 0, "swap": 0}


def agent_counts(sections: list[str]) -> dict[str, int]:
    """Metrics per category the unified agent (Linux) can collect for ``sections``."""
    from awslab.services.ec2.agent_config import LINUX
    return {name: len(LINUX[name]) if name in sections else 0 for name in EC2_DEFAULT}


def agent_config(sections: list[str], log_file: str | None) -> dict:
    """A unified agent configuration collecting every measurement of ``sections`` and
    shipping ``log_file`` (validated by the agent's own parser)."""
    from awslab.services.ec2.agent_config import LINUX, parse_agent_config
    config: dict = {"agent": {"metrics_collection_interval": 60}}
    if sections:
        config["metrics"] = {"metrics_collected": {
            name: {"measurement": list(LINUX[name])} for name in sections}}
    if log_file:
        config["logs"] = {"logs_collected": {"files": {"collect_list": [
            {"file_path": log_file, "log_group_name": "/petshop/app",
             "log_stream_name": "{instance_id}"}]}}}
    parse_agent_config(config)
    return config


def agent_configurator():
    """``(render, controls)``: tick metric groups, a log file and the IAM policy; see
    what the agent would collect and whether anything reaches CloudWatch."""
    from awslab.viz.logs import agent_coverage
    names = list(EC2_DEFAULT)

    def render(iam_policy: bool, log_file: bool, **ticked):
        sections = [n for n in names if ticked[n]]
        if not sections and not log_file:
            sections = ["mem"]
        config = agent_config(sections, "/var/log/app.log" if log_file else None)
        status = ("role allows cloudwatch:PutMetricData, logs:CreateLogGroup/CreateLogStream/"
                  "PutLogEvents: metrics and logs arrive" if iam_policy
                  else "no IAM policy: the agent runs, gets AccessDenied, nothing arrives "
                       "(its log says why)")
        keys = ", ".join(config.get("metrics", {}).get("metrics_collected", {}))
        return agent_coverage(EC2_DEFAULT, agent_counts(sections),
                              f"{status} · collects: {keys}{' + logs' if log_file else ''}")
    specs = {n: ("Checkbox", {"value": n in ("mem", "disk", "swap"), "description": n,
                              "indent": False, "layout": {"width": "110px"}})
             for n in names}
    controls = make_controls(
        iam_policy=("Checkbox", {"value": True, "description": "IAM policy attached",
                                 "indent": False}),
        log_file=("Checkbox", {"value": True, "description": "ship /var/log/app.log",
                               "indent": False}), **specs)
    return render, controls


def source_picker(lab, source: str = "Lambda"):
    """``(render, controls)``: pick an AWS service and see the log group and stream it
    writes to, how it is set up, and a few of its lines."""
    from awslab.services.logs.sources import sources
    from awslab.viz.logs import source_card
    found = {s.name: s for s in sources(lab.seed)}

    def render(source: str):
        s = found[source]
        lines = s.lines(lab.seed, SAMPLE_START, 3)
        stream = s.stream.replace("{date}", SAMPLE_START.strftime("%Y/%m/%d"))
        return source_card(s.name, s.group, stream, s.how, [m for _, m in lines[:4]])
    controls = make_controls(source=("Dropdown", {"options": list(found), "value": source,
                                                  "description": "service"}))
    return render, controls


def group_tree(lab, account: str = "123456789012", region: str = "us-east-1"):
    """The tree chart of every log group of an account and region, read with boto3."""
    from awslab.viz.logs import group_tree as chart
    logs = lab.client("logs", region_name=region)
    tree = []
    for page in logs.get_paginator("describe_log_groups").paginate():
        for g in page["logGroups"]:
            streams = []
            for sp in logs.get_paginator("describe_log_streams").paginate(
                    logGroupName=g["logGroupName"]):
                for s in sp["logStreams"]:
                    streams.append((s["logStreamName"], _count(lab, account, region,
                                                               g["logGroupName"],
                                                               s["logStreamName"])))
            tree.append((g["logGroupName"], streams))
    return chart(tree)


def _count(lab, account, region, group, stream) -> int:
    from awslab.services.logs import find_group
    found = find_group(lab, account, region, group)
    return len(found.streams[stream].events) if found and stream in found.streams else 0
