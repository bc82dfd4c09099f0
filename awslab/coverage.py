"""Which AWS operations the lab simulates, generated from the registries and botocore."""
from __future__ import annotations

import importlib


def coverage_table() -> str:
    """A Markdown table: per service, the simulated operations out of botocore's list."""
    import botocore.session
    from awslab.services import PACKAGES

    session = botocore.session.get_session()
    lines = ["| service | simulated | of | operations |", "|---|---:|---:|---|"]
    for service, module in sorted(PACKAGES.items()):
        ops = importlib.import_module(module).OPERATIONS.names()
        total = len(session.get_service_model(service).operation_names)
        lines.append(f"| {service} | {len(ops)} | {total} | {', '.join(ops)} |")
    return "\n".join(lines)
