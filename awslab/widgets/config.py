"""AWS Config explorers: a managed-rule explorer over the lab's recorded resources and a
remediation-settings explorer. Thin: controls -> services -> viz. Introduced in
``09_config.ipynb``."""
from __future__ import annotations

import json
from datetime import timedelta

from awslab.widgets.explorer import make_controls


def rule_explorer(lab, account_id: str = "123456789012", region: str = "us-east-1",
                  identifier: str = "INCOMING_SSH_DISABLED", parameters: str = "{}"):
    """Explorer: what one AWS managed rule would say about every recorded resource.

    Evaluates the rule's check on the latest configuration items without creating a
    rule (nothing is recorded or billed). Returns ``(render, controls)``.
    """
    from awslab.services.config.managed import MANAGED
    from awslab.viz.config import rule_results_figure

    def render(identifier: str = identifier, parameters: str = parameters):
        rule = MANAGED[identifier]
        try:
            params = json.loads(parameters or "{}")
            missing = [p for p in rule.required if not str(params.get(p, "")).strip()]
        except ValueError:
            params, missing = {}, ["(InputParameters is not valid JSON)"]
        if missing:
            return rule_results_figure([], f"{rule.name}: PutConfigRule would refuse "
                                           f"this, missing {', '.join(missing)}")
        state = lab.state("config", account_id, region)
        rows = []
        for (rtype, rid), snap in sorted(state.latest.items()):
            if rtype in rule.resource_types:
                kind, note = rule.check(lab, snap, params)
                rows.append((f"{rtype.split('::')[-1]} {snap.name or rid}"[:40], kind,
                             note))
        trigger = " and ".join(t for t, on in (("on changes", rule.change),
                                                ("periodic", rule.periodic)) if on)
        return rule_results_figure(rows, f"{rule.name} ({identifier}), {trigger}")

    return render, make_controls(
        identifier=("Dropdown", {"options": sorted(MANAGED), "value": identifier,
                                 "description": "Rule"}),
        parameters=("Text", {"value": parameters, "description": "Parameters"}))


def remediation_explorer(start, max_attempts: int = 5, retry_seconds: int = 60,
                         failures: int = 5):
    """Explorer: automatic remediation attempts for MaximumAutomaticAttempts,
    RetryAttemptSeconds and how many attempts fail. Returns ``(render, controls)``."""
    from awslab.services.config.remediation import retry_schedule
    from awslab.viz.config import remediation_timeline

    def render(max_attempts: int = max_attempts, retry_seconds: int = retry_seconds,
               failures: int = failures):
        offsets, gave_up = retry_schedule(int(max_attempts), int(retry_seconds),
                                          int(failures))
        attempts = [(start + timedelta(seconds=s), good) for s, good in offsets]
        end = start + timedelta(seconds=max(retry_seconds, offsets[-1][0]) * 1.15 + 5)
        return remediation_timeline(
            attempts, start - timedelta(seconds=retry_seconds * 0.05 + 1), end,
            window_seconds=int(retry_seconds), max_attempts=int(max_attempts),
            exception_at=attempts[-1][0] if gave_up else None,
            title="Remediation gives up" if gave_up else "Remediation succeeds")

    return render, make_controls(
        max_attempts=("IntSlider", {"value": max_attempts, "min": 1, "max": 25,
                                    "description": "Max attempts"}),
        retry_seconds=("IntSlider", {"value": retry_seconds, "min": 10, "max": 600,
                                     "step": 10, "description": "Retry seconds"}),
        failures=("IntSlider", {"value": failures, "min": 0, "max": 25,
                                "description": "Failing attempts"}))
