"""What each directory type can do (aws-facts 12.4): the capability matrix the notebook
draws, and the quotas the operations enforce.

Sources: the AWS Directory Service Administration Guide pages on AWS Managed Microsoft
AD, AD Connector and Simple AD (see aws-facts 12.4).
"""
from __future__ import annotations

LABELS = {"MicrosoftAD": "AWS Managed Microsoft AD", "ADConnector": "AD Connector",
          "SimpleAD": "Simple AD"}

#: capability -> {directory type: True/False}; rows in the order the chart shows them
MATRIX = {
    "Users live in AWS (a directory in the cloud)": {
        "MicrosoftAD": True, "ADConnector": False, "SimpleAD": True},
    "Uses your existing on-premises AD users": {
        "MicrosoftAD": True, "ADConnector": True, "SimpleAD": False},
    "Trust with on-premises AD": {"MicrosoftAD": True, "ADConnector": False,
                                  "SimpleAD": False},
    "MFA (RADIUS)": {"MicrosoftAD": True, "ADConnector": True, "SimpleAD": False},
    "Schema extensions": {"MicrosoftAD": True, "ADConnector": False, "SimpleAD": False},
    "LDAPS": {"MicrosoftAD": True, "ADConnector": False, "SimpleAD": False},
    "Share with other AWS accounts": {"MicrosoftAD": True, "ADConnector": False,
                                      "SimpleAD": False},
    "IAM Identity Center identity source": {"MicrosoftAD": True, "ADConnector": True,
                                            "SimpleAD": False},
    "Amazon RDS for SQL Server": {"MicrosoftAD": True, "ADConnector": False,
                                  "SimpleAD": False},
    "Amazon WorkSpaces / QuickSight": {"MicrosoftAD": True, "ADConnector": True,
                                       "SimpleAD": True},
}

#: sizes and editions: users each holds (aws-facts 12.4)
SIZES = {("SimpleAD", "Small"): "up to 500 users (about 2,000 objects)",
         ("SimpleAD", "Large"): "up to 5,000 users (about 20,000 objects)",
         ("MicrosoftAD", "Standard"): "up to about 5,000 employees (about 30,000 objects)",
         ("MicrosoftAD", "Enterprise"): "about 500,000 objects",
         ("ADConnector", "Small"): "a proxy for small organisations",
         ("ADConnector", "Large"): "a proxy for larger organisations"}

#: default quota of directories per Region and account (DirectoryLimitExceededException)
LIMITS = {"SimpleAD": 10, "ADConnector": 10, "MicrosoftAD": 20}

#: simulated minutes in each stage before the next one (real creations take tens of
#: minutes; the lab keeps the order and shortens the wait)
STAGE_MINUTES = {"MicrosoftAD": (1, 30), "SimpleAD": (1, 10), "ADConnector": (1, 5)}


def capability_rows() -> list[tuple[str, dict]]:
    """``[(capability, {type: bool})]`` in display order."""
    return list(MATRIX.items())
