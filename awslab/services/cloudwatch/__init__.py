"""Amazon CloudWatch: metrics, statistics, metric math and dashboards.

Public pure entry points the notebooks use beside boto3 are exported here.
"""
from awslab.services.cloudwatch.operations import OPERATIONS
from awslab.services.cloudwatch.query import series
from awslab.services.cloudwatch.state import State, receive

__all__ = ["OPERATIONS", "State", "receive", "series"]
