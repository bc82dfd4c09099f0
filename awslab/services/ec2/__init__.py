"""Amazon EC2: instances on the simulated clock, and the metrics they send to CloudWatch.

Beside the boto3 operations (``OPERATIONS``), notebooks use the helpers exported here:
``launch_instances``, ``image_id``, ``true_cpu``/``true_series`` (the seeded ground truth
behind the stored metrics), ``inject_cpu_spike``, ``fail_status_check`` and
``install_cloudwatch_agent`` with its wizard presets.
"""
from awslab.services.ec2.agent import (
    AGENT_PRESETS, CloudWatchAgent, agent_preset, install_cloudwatch_agent)
from awslab.services.ec2.operations import OPERATIONS
from awslab.services.ec2.state import State
from awslab.services.ec2.truth import (
    clear_status_check, fail_status_check, image_id, inject_cpu_spike, launch_instances,
    seeded_spikes, true_cpu, true_series)

GLOBAL = False

__all__ = ["OPERATIONS", "State", "AGENT_PRESETS", "CloudWatchAgent", "agent_preset",
           "install_cloudwatch_agent", "clear_status_check", "fail_status_check",
           "image_id", "inject_cpu_spike", "launch_instances", "seeded_spikes", "true_cpu",
           "true_series"]
