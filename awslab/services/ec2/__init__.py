"""Amazon EC2: instances on the simulated clock, and the metrics they send to CloudWatch.

Beside the boto3 operations (``OPERATIONS``), notebooks use the helpers exported here:
``launch_instances``, ``image_id``, ``true_cpu``/``true_series`` (the seeded ground truth
behind the stored metrics), ``inject_cpu_spike``, ``install_cloudwatch_agent`` with its
wizard presets, and for alarms and recovery (NB06) ``inject_failure``,
``fail_status_check``/``clear_status_check``, ``instance_attributes`` and
``attribute_changes``. ``receive`` answers other services (alarm actions, Auto Scaling).
"""
from awslab.services.ec2.agent import (
    AGENT_PRESETS, CloudWatchAgent, agent_preset, install_cloudwatch_agent)
from awslab.services.ec2.faults import (
    Failure, attribute_changes, inject_failure, instance_attributes)
from awslab.services.ec2.handoff import receive
from awslab.services.ec2.operations import OPERATIONS
from awslab.services.ec2.state import State
from awslab.services.ec2.truth import (
    clear_status_check, fail_status_check, image_id, inject_cpu_spike, launch_instances,
    seeded_spikes, true_cpu, true_series)

GLOBAL = False

__all__ = ["OPERATIONS", "State", "receive", "AGENT_PRESETS", "CloudWatchAgent",
           "Failure", "agent_preset", "attribute_changes", "clear_status_check",
           "fail_status_check", "image_id", "inject_cpu_spike", "inject_failure",
           "install_cloudwatch_agent", "instance_attributes", "launch_instances",
           "seeded_spikes", "true_cpu", "true_series"]
