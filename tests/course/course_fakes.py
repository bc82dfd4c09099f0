"""A tiny stand-in for a lab and its CloudWatch, to test check logic on exact data.

Only what the checks call: ``list_metrics`` (paged two at a time, to exercise
NextToken), ``get_metric_statistics`` (Minimum/Maximum/Average/Sum/SampleCount by
period) and ``get_dashboard``.
"""
from __future__ import annotations

import importlib
from datetime import datetime, timedelta, timezone

import pytest
from botocore.exceptions import ClientError

START = datetime(2026, 1, 5, tzinfo=timezone.utc)


def _key(dims):
    return tuple(sorted((d["Name"], d["Value"]) for d in dims or []))


class FakeCloudWatch:
    def __init__(self):
        self.points = []          # (namespace, name, dims key, time, value, unit)
        self.dashboards = {}
        self.calls = 0            # API calls made (put() is not one)

    def put(self, namespace, name, dims, when, value, unit="None"):
        self.points.append((namespace, name, _key(dims), when, float(value), unit))

    def list_metrics(self, Namespace=None, MetricName=None, NextToken=None, **_):
        self.calls += 1
        seen = []
        for ns, name, dims, *_ in self.points:
            item = (ns, name, dims)
            if (Namespace in (None, ns) and MetricName in (None, name)
                    and item not in seen):
                seen.append(item)
        first = int(NextToken or 0)
        page = seen[first:first + 2]
        out = {"Metrics": [{"Namespace": ns, "MetricName": name, "Dimensions": [
            {"Name": n, "Value": v} for n, v in dims]} for ns, name, dims in page]}
        if first + 2 < len(seen):
            out["NextToken"] = str(first + 2)
        return out

    def get_metric_statistics(self, Namespace, MetricName, StartTime, EndTime, Period,
                              Statistics, Dimensions=(), Unit=None, **_):
        self.calls += 1
        buckets = {}
        for ns, name, dims, when, value, unit in self.points:
            if (ns, name, dims) != (Namespace, MetricName, _key(Dimensions)):
                continue
            if not StartTime <= when < EndTime or Unit not in (None, unit):
                continue
            slot = StartTime + timedelta(
                seconds=(when - StartTime).total_seconds() // Period * Period)
            buckets.setdefault(slot, []).append((value, unit))
        points = []
        for slot, values in buckets.items():
            nums = [v for v, _ in values]
            stats = {"Minimum": min(nums), "Maximum": max(nums), "Sum": sum(nums),
                     "SampleCount": float(len(nums)),
                     "Average": sum(nums) / len(nums)}
            point = {"Timestamp": slot, "Unit": values[0][1]}
            point.update({s: stats[s] for s in Statistics})
            points.append(point)
        return {"Datapoints": points, "Label": MetricName}

    def put_dashboard(self, DashboardName, DashboardBody):
        self.dashboards[DashboardName] = DashboardBody
        return {"DashboardValidationMessages": []}

    def get_dashboard(self, DashboardName):
        self.calls += 1
        if DashboardName not in self.dashboards:
            raise ClientError({"Error": {"Code": "ResourceNotFound",
                                         "Message": "Dashboard does not exist"}},
                              "GetDashboard")
        return {"DashboardName": DashboardName,
                "DashboardBody": self.dashboards[DashboardName]}


class FakeLab:
    """Seed, student, simulated clock and one shared fake CloudWatch."""

    def __init__(self, seed=7, student_id="fake", now=START):
        self.seed = seed
        self.student_id = student_id
        self.now = now
        self.cw = FakeCloudWatch()
        self.clients = []

    def client(self, service, region_name="us-east-1"):
        self.clients.append((service, region_name))
        if service != "cloudwatch":
            raise AssertionError(f"the fake lab has no {service}")
        return self.cw

    def advance(self, minutes=0, hours=0):
        self.now += timedelta(minutes=minutes, hours=hours)


def services_missing(*modules):
    """The first module that cannot be imported, or None (to skip real-lab tests)."""
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            return name
    return None


def needs(*modules):
    """Skip a test with "needs awslab.services.X" only when that import fails."""
    missing = services_missing(*modules)
    return pytest.mark.skipif(missing is not None, reason=f"needs {missing}")
