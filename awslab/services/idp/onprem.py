"""The corporate network beside the lab: an on-premises Active Directory domain that AWS
reaches over VPN or Direct Connect.

Active Directory in a few words (the source notes' "What is Microsoft AD"): a database of
*objects* -- users, computers, printers, file shares, security groups -- with central
security management; domains of objects form *trees*, and trees form a *forest*. The lab
keeps what federation needs: users with passwords and group memberships, the domain's
DNS servers, and whether AWS can reach it.

>>> corp = CorporateDirectory("corp.example.com")
>>> corp.add_user("alice", "Corp-Passw0rd", groups=["AWS-Prod-ReadOnly"])
>>> connect(lab, corp)           # reachable from the lab's VPCs from now on
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from typing import Optional

from awslab.errors import AwslabError

_NETWORKS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


@dataclass
class CorporateDirectory:
    """An on-premises AD domain (its users, groups and DNS servers)."""

    domain: str
    dns_ips: tuple = ("192.168.10.10", "192.168.10.11")
    users: dict = field(default_factory=dict)       # name -> {password, groups, ...}

    @property
    def netbios(self) -> str:
        return self.domain.split(".", 1)[0].upper()

    def add_user(self, name: str, password: str, groups=(), display: Optional[str] = None,
                 email: Optional[str] = None) -> dict:
        given, _, family = (display or name.title()).partition(" ")
        self.users[name.lower()] = {"name": name, "password": password,
                                    "groups": list(groups), "display": display or name,
                                    "given": given or name, "family": family or "-",
                                    "email": email or f"{name}@{self.domain}"}
        return self.users[name.lower()]

    def add_to_group(self, user: str, group: str) -> None:
        entry = self.user(user)
        if group not in entry["groups"]:
            entry["groups"].append(group)

    def user(self, name: str) -> dict:
        found = self.users.get(name.lower().split("\\")[-1].split("@")[0])
        if found is None:
            raise AwslabError(f"no user {name!r} in the domain {self.domain}")
        return found

    def authenticate(self, name: str, password: str) -> bool:
        """Whether the domain accepts this user name and password (Kerberos/NTLM)."""
        entry = self.users.get(name.lower().split("\\")[-1].split("@")[0])
        return entry is not None and entry["password"] == password

    def groups(self) -> dict:
        """``{group: [user names]}``."""
        out: dict = {}
        for entry in self.users.values():
            for group in entry["groups"]:
                out.setdefault(group, []).append(entry["name"])
        return out


def connect(lab, directory: CorporateDirectory) -> CorporateDirectory:
    """Make the domain reachable from the lab (the VPN or Direct Connect link is up)."""
    _NETWORKS.setdefault(lab, {})[directory.domain.lower()] = directory
    return directory


def disconnect(lab, domain: str) -> None:
    """Take the link down: AWS can no longer reach the domain."""
    _NETWORKS.get(lab, {}).pop(domain.lower(), None)


def reachable(lab, domain: str, dns_ips=None) -> Optional[CorporateDirectory]:
    """The on-premises domain AWS reaches by this name (and, if given, DNS servers)."""
    found = _NETWORKS.get(lab, {}).get(domain.lower())
    if found is None or (dns_ips and not set(dns_ips) & set(found.dns_ips)):
        return None
    return found
