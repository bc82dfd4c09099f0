"""The CloudWatch agent's configuration file: validation and the wizard presets."""
import json

import pytest

from awslab.errors import AwslabError
from awslab.services.ec2 import AGENT_PRESETS, agent_preset
from awslab.services.ec2.agent_config import AgentConfigError, parse_agent_config


def _names(plan):
    return {s.name: [m.name for m in s.measurements] for s in plan.sections}


def test_basic_preset():
    plan = parse_agent_config(agent_preset("basic"))
    assert _names(plan) == {"mem": ["mem_used_percent"], "disk": ["disk_used_percent"]}
    assert plan.namespace == "CWAgent" and plan.flush_interval == 60
    assert plan.append_dimensions == {
        "ImageId": "${aws:ImageId}", "InstanceId": "${aws:InstanceId}",
        "InstanceType": "${aws:InstanceType}",
        "AutoScalingGroupName": "${aws:AutoScalingGroupName}"}


def test_standard_and_advanced_presets():
    standard = _names(parse_agent_config(agent_preset("standard")))
    assert standard["cpu"] == ["cpu_usage_idle", "cpu_usage_iowait", "cpu_usage_user",
                               "cpu_usage_system"]
    assert standard["disk"] == ["disk_used_percent", "disk_inodes_free"]
    assert standard["diskio"] == ["diskio_io_time"]
    assert standard["swap"] == ["swap_used_percent"]
    advanced = _names(parse_agent_config(agent_preset("advanced")))
    assert advanced["diskio"] == ["diskio_io_time", "diskio_write_bytes", "diskio_read_bytes",
                                  "diskio_writes", "diskio_reads"]
    assert advanced["netstat"] == ["netstat_tcp_established", "netstat_tcp_time_wait"]


def test_presets_are_copies_and_take_an_interval():
    config = agent_preset("basic", interval=10)
    config["metrics"]["namespace"] = "Mine"
    assert "namespace" not in AGENT_PRESETS["basic"]["metrics"]
    plan = parse_agent_config(config)
    assert {s.interval for s in plan.sections} == {10}
    with pytest.raises(AwslabError, match="unknown preset"):
        agent_preset("expert")


def test_units_and_renames():
    plan = parse_agent_config({"metrics": {"metrics_collected": {
        "mem": {"measurement": [{"name": "used_percent", "rename": "MemoryUtilization"},
                                "mem_total"]},
        "diskio": {"measurement": [{"name": "read_bytes", "unit": "Megabytes"}, "io_time"]},
        "cpu": {"measurement": ["time_idle"]}}}})
    units = {m.name: m.unit for s in plan.sections for m in s.measurements}
    assert units == {"MemoryUtilization": "Percent", "mem_total": "Bytes",
                     "diskio_read_bytes": "Megabytes", "diskio_io_time": "Milliseconds",
                     "cpu_time_idle": None}


def test_json_text_is_accepted():
    plan = parse_agent_config(json.dumps(agent_preset("basic")))
    assert plan.sections


def _error(config, **kw):
    with pytest.raises(AgentConfigError) as e:
        parse_agent_config(config, **kw)
    return str(e.value)


@pytest.mark.parametrize("config,expected", [
    ({"metrics": {"metrics_collected": {"mem": {"measurment": ["used_percent"]}}}},
     "Under path : metrics.metrics_collected.mem | Error : Additional property measurment "
     "is not allowed"),
    ({"metrics": {"metrics_collected": {"mem": {"measurement": ["used_pct"]}}}},
     'unknown measurement "used_pct" for mem (allowed: active, available'),
    ({"metrics": {"metrics_collected": {"memory": {"measurement": ["used_percent"]}}}},
     "Additional property memory is not allowed"),
    ({"metrics": {"append_dimensions": {"Environment": "prod"},
                  "metrics_collected": {"mem": {"measurement": ["used_percent"]}}}},
     "Under path : metrics.append_dimensions.Environment"),
    ({"metrics": {"append_dimensions": {"InstanceId": "i-123"},
                  "metrics_collected": {"mem": {"measurement": ["used_percent"]}}}},
     "metrics.append_dimensions.InstanceId"),
    ({"agent": {"metrics_collection_interval": "60"},
      "metrics": {"metrics_collected": {"mem": {"measurement": ["used_percent"]}}}},
     "agent.metrics_collection_interval | Error : Invalid type"),
    ({"metrics": {"metrics_collected": {"mem": {"measurement": [
        {"name": "used_percent", "unit": "Percentage"}]}}}}, 'unit "Percentage"'),
    ({"metrics": {"metrics_collected": {"mem": {}}}}, "measurement is required"),
    ({"agent": {"interval": 60}, "metrics": {"metrics_collected": {
        "mem": {"measurement": ["used_percent"]}}}},
     "Under path : agent | Error : Additional property interval is not allowed"),
    ({"agent": {}}, "metrics is required"),
    ({"metric": {}}, "Under path : (root) | Error : Additional property metric"),
])
def test_bad_configurations_name_the_bad_key(config, expected):
    message = _error(config)
    assert expected in message
    assert message.startswith("E! Invalid Json input schema.")


def test_every_problem_is_reported_at_once():
    message = _error({"metrics": {"metrics_collected": {
        "mem": {"measurement": ["nope"]}, "disk": {"measurment": []}}}})
    assert message.count("Under path") == 3


def test_invalid_json_text():
    assert "Invalid Json input" in _error('{"metrics": ')


def test_linux_sections_on_windows_get_a_hint():
    message = _error(agent_preset("basic"), windows=True)
    assert "mem is a Linux section; this instance runs Windows" in message
    plan = parse_agent_config(agent_preset("windows-basic"), windows=True)
    assert _names(plan) == {"LogicalDisk": ["LogicalDisk % Free Space"],
                            "Memory": ["Memory % Committed Bytes In Use"]}


def test_plugins_that_are_not_simulated_are_ignored():
    plan = parse_agent_config({"metrics": {"metrics_collected": {
        "statsd": {"service_address": ":8125"}, "mem": {"measurement": ["used_percent"]}}},
        "logs": {"logs_collected": {}}})
    assert plan.ignored == ["statsd"] and [s.name for s in plan.sections] == ["mem"]
