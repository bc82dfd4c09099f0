"""AWS Config: the configuration recorder, rules, remediation, notifications, aggregators.

Beside the boto3 operations (``OPERATIONS``), notebooks read :func:`timeline` (a resource's
configuration items, compliance results and the calls that changed it) and
:func:`cost` (the price table of aws-facts 7.5). Config records what changes through the
lab's APIs (:mod:`awslab.services.config.recorder`) and never blocks a change.
"""
from awslab.services.config.managed import MANAGED
from awslab.services.config.operations import OPERATIONS
from awslab.services.config.pricing import cost, estimate
from awslab.services.config.setup import bucket_policy, enable
from awslab.services.config.timeline import compliance_history, timeline
from awslab.services.config.state import State

GLOBAL = False

__all__ = ["OPERATIONS", "State", "MANAGED", "bucket_policy", "cost", "estimate", "enable", "timeline",
           "compliance_history"]
