"""NB05 explorers: the Firehose buffer, the architecture picker and the destination
policy wizard. Each returns ``(render, controls)`` for :func:`awslab.widgets.explore`.
Introduced in ``05_logs_export_and_subscriptions.ipynb``.
"""
from __future__ import annotations

import json

from awslab.widgets.explorer import make_controls


def buffer_explorer(arrivals, size_mb: int = 5, interval: int = 300):
    """Sliders for ``SizeInMBs`` and ``IntervalInSeconds`` over a fixed arrival pattern
    (``(seconds, bytes)``): when objects are written, and why."""
    from awslab.services.firehose.buffering import schedule
    from awslab.viz.subscriptions import buffer_figure

    def render(size_mb: int, interval: int):
        return buffer_figure(arrivals, schedule(arrivals, size_mb, interval),
                             size_mb=size_mb, interval=interval)

    controls = make_controls(
        size_mb=("IntSlider", {"value": size_mb, "min": 1, "max": 128,
                               "description": "SizeInMBs", "continuous_update": False}),
        interval=("IntSlider", {"value": interval, "min": 0, "max": 900, "step": 30,
                                "description": "IntervalInSeconds",
                                "continuous_update": False}))
    return render, controls


def latency_explorer(latencies):
    """Pick an architecture and see where its delivery latency sits among the others."""
    from awslab.viz.subscriptions import latency_figure

    def render(architecture: str):
        return latency_figure(latencies, highlight=architecture)

    names = list(latencies)
    controls = make_controls(architecture=("Dropdown", {
        "options": names, "value": names[0], "description": "architecture"}))
    return render, controls


def destination_policy(arn: str, accounts) -> str:
    """The access policy that lets ``accounts`` subscribe to the destination ``arn``."""
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": sorted(accounts)},
        "Action": "logs:PutSubscriptionFilter", "Resource": arn}]})


def destination_wizard(arn: str, candidates, allowed=()):
    """Choose the accounts a destination policy lists; see which candidates may
    subscribe, as the IAM engine decides."""
    from awslab.services.logs.operations.destinations import policy_admits
    from awslab.viz.subscriptions import verdict_figure

    def render(accounts):
        text = destination_policy(arn, accounts) if accounts else None
        rows = [(a, *policy_admits(text, a, arn)) for a in candidates]
        return verdict_figure(rows, title=f"Who may call PutSubscriptionFilter on "
                                          f"{arn.rsplit(':', 1)[-1]}?")

    controls = make_controls(accounts=("SelectMultiple", {
        "options": list(candidates), "value": tuple(allowed),
        "description": "accounts in the policy", "rows": min(6, len(candidates))}))
    return render, controls
