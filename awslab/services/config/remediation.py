"""Remediation engine (filled in below)."""


def on_non_compliant(lab, state, rule, rtype, rid) -> None:
    config = state.remediations.get(rule.name)
    if config is None or not config.automatic:
        return
