"""Systems Manager Automation in one account and region: custom documents and executions."""
from __future__ import annotations


class State:
    """Custom Automation documents and automation executions."""

    def __init__(self, account_id: str, region: str):
        self.account_id = account_id
        self.region = region
        self.documents: dict = {}              # name -> Document (custom ones)
        self.executions: dict = {}             # id -> Execution, in start order
