"""Remediation operations (filled in with the SSM Automation engine)."""
