"""AWS Systems Manager, Automation only: runbooks (AWS-managed and custom) and their
executions, the remediation engine behind AWS Config (NB09).

``start(lab, account, region, document, params, executed_by)`` runs an automation for
other services; boto3 has StartAutomationExecution and GetAutomationExecution.
"""
from awslab.services.ssm.documents import MANAGED
from awslab.services.ssm.operations import OPERATIONS, find_document, start
from awslab.services.ssm.state import State

GLOBAL = False

__all__ = ["OPERATIONS", "State", "MANAGED", "find_document", "start"]
