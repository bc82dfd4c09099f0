"""Seeded identifiers: instance IDs, request IDs, access keys, tokens.

All come from the lab's own :class:`random.Random`, so the same seed gives the same IDs.
"""
from __future__ import annotations

import random
import string

_UPPER_DIGITS = string.ascii_uppercase + "234567"
_ALNUM = string.ascii_letters + string.digits


_VARIANT = {d: "89ab"[int(d, 16) % 4] for d in "0123456789abcdef"}


class IdFactory:
    """Makes AWS-shaped identifiers from a seeded generator."""

    def __init__(self, rng: random.Random):
        self._rng = rng

    def hex(self, n: int) -> str:
        return format(self._rng.getrandbits(4 * n), f"0{n}x")

    def uuid(self) -> str:
        """A version-4-shaped UUID string."""
        h = format(self._rng.getrandbits(128), "032x")
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}"

    def upper(self, n: int) -> str:
        return "".join(self._rng.choice(_UPPER_DIGITS) for _ in range(n))

    def secret(self, n: int = 40) -> str:
        return "".join(self._rng.choice(_ALNUM + "/+") for _ in range(n))

    def resource(self, prefix: str) -> str:
        """An EC2-style ID such as ``i-0123456789abcdef0``."""
        return f"{prefix}-0{self.hex(16)}"

    def access_key(self, temporary: bool = False) -> str:
        return ("ASIA" if temporary else "AKIA") + self.upper(16)

    def unique_id(self, prefix: str) -> str:
        """An IAM unique ID (``AIDA...`` users, ``AROA...`` roles)."""
        return prefix + self.upper(17)
