"""Amazon CloudWatch: metrics, statistics, metric math, dashboards and alarms.

Public pure entry points the notebooks use beside boto3 are exported here.
"""
from awslab.services.cloudwatch.alarms import alarm_state, evaluate, states_over_time
from awslab.services.cloudwatch.operations import OPERATIONS
from awslab.services.cloudwatch.query import series
from awslab.services.cloudwatch.state import State, receive

__all__ = ["OPERATIONS", "State", "alarm_state", "evaluate", "receive", "series",
           "states_over_time"]
