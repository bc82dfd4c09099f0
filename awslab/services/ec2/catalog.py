"""What the simulated EC2 knows about instance types and public AMIs.

Instance types are not listed one by one: every type botocore's model accepts is described
by rules on its name (family, generation, attribute letters, size), which is enough for
what the course looks at: vCPUs, memory, whether the type has instance-store volumes
(``d`` in the attributes, or a storage-optimised family), whether it runs on Nitro (EBS
metrics), its architecture (``g`` = Graviton) and, for burstable T types, CPU credits.

AMIs are a handful of well-known public images (Amazon Linux 2023 and 2, Ubuntu 24.04,
Windows Server 2022 and 2019) whose IDs are stable hashes of region and name, so every
student sees the same IDs in a region (as with real public AMIs).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

SIZE_VCPUS = {"nano": 2, "micro": 2, "small": 2, "medium": 1, "large": 2, "xlarge": 4}
T2_VCPUS = {"nano": 1, "micro": 1, "small": 1, "medium": 2, "large": 2, "xlarge": 4,
            "2xlarge": 8}
T_MEMORY_GIB = {"nano": 0.5, "micro": 1, "small": 2, "medium": 4, "large": 8,
                "xlarge": 16, "2xlarge": 32}
# CPU credits earned per hour by size (t3/t3a/t4g; t2 earns about half on small sizes).
T_CREDITS_PER_HOUR = {"nano": 6, "micro": 12, "small": 24, "medium": 24, "large": 36,
                      "xlarge": 96, "2xlarge": 192}
T2_CREDITS_PER_HOUR = {"nano": 3, "micro": 6, "small": 12, "medium": 24, "large": 36,
                       "xlarge": 54, "2xlarge": 81.6}
MEMORY_PER_VCPU = {"c": 2, "m": 4, "r": 8, "x": 16, "z": 8, "i": 8, "d": 8, "h": 4}
# Families with instance-store volumes although their name has no "d" attribute.
STORE_FAMILIES = {"i2", "i3", "i3en", "i4i", "i4g", "i7ie", "i8g", "im4gn", "is4gen",
                  "d2", "d3", "d3en", "h1", "x1", "x1e", "f1", "m1", "m2", "m3", "c1",
                  "c3", "r3", "g2", "p3dn"}
# Xen-based (pre-Nitro) families: no EBS* metrics.
XEN_FAMILIES = {"t1", "t2", "m1", "m2", "m3", "m4", "c1", "c3", "c4", "r3", "r4", "i2",
                "i3", "d2", "x1", "x1e", "h1", "g2", "g3", "g3s", "p2", "p3", "f1"}
_FAMILY = re.compile(r"^(?P<cls>[a-z]+?)(?P<gen>\d+)(?P<attrs>[a-z\-]*)$")


@dataclass(frozen=True)
class InstanceTypeInfo:
    """What the course needs to know about an instance type."""

    name: str
    family: str
    size: str
    vcpus: int
    memory_gib: float
    instance_store: bool
    nitro: bool
    architecture: str
    burstable: bool
    credits_per_hour: float = 0.0
    launch_credits: float = 0.0

    @property
    def max_credit_balance(self) -> float:
        """Credits a burstable instance can bank (24 hours of earnings)."""
        return 24 * self.credits_per_hour


def _size_vcpus(size: str) -> int:
    if size in SIZE_VCPUS:
        return SIZE_VCPUS[size]
    m = re.fullmatch(r"(\d+)xlarge", size)
    if m:
        return 4 * int(m.group(1))
    return 96  # metal and friends


@lru_cache(maxsize=None)
def instance_type_info(name: str) -> InstanceTypeInfo:
    """Describe ``name`` (e.g. ``"t3.micro"``) by the rules in this module's docstring."""
    family, _, size = name.partition(".")
    m = _FAMILY.match(family)
    cls, gen, attrs = (m.group("cls"), m.group("gen"), m.group("attrs")) if m else (
        family, "0", "")
    burstable = cls == "t"
    arm = cls == "a" or (m is not None and attrs.startswith("g")) or family in (
        "im4gn", "is4gen")
    if family == "t2":
        vcpus = T2_VCPUS.get(size, 8)
    elif burstable:
        vcpus = 2 if size in ("nano", "micro", "small", "medium", "large") else (
            _size_vcpus(size))
    else:
        vcpus = _size_vcpus(size)
    if burstable:
        memory = T_MEMORY_GIB.get(size, 32.0)
    else:
        memory = float(vcpus * MEMORY_PER_VCPU.get(cls[:1], 4))
    store = family in STORE_FAMILIES or "d" in attrs.replace("-", "")
    credits = (T2_CREDITS_PER_HOUR if family == "t2" else T_CREDITS_PER_HOUR).get(
        size, 0.0) if burstable else 0.0
    return InstanceTypeInfo(
        name=name, family=family, size=size, vcpus=vcpus, memory_gib=memory,
        instance_store=store, nitro=family not in XEN_FAMILIES,
        architecture="arm64" if arm else "x86_64", burstable=burstable,
        credits_per_hour=float(credits),
        launch_credits=30.0 * vcpus if family == "t2" else 0.0)


@dataclass(frozen=True)
class Image:
    """A public AMI."""

    image_id: str
    name: str
    description: str
    owner_id: str
    owner_alias: str
    architecture: str
    platform: str | None          # "windows" or None
    platform_details: str
    root_device_name: str
    root_size_gib: int
    creation_date: str
    alias: str                    # short name for notebooks ("al2023", "windows2022", ...)

    @property
    def is_windows(self) -> bool:
        return self.platform == "windows"


_AMAZON, _CANONICAL = "137112412989", "099720109477"
_WINDOWS_OWNER = "801119661308"
# alias, name, description, owner, alias of owner, arch, platform, details, root, GiB
_IMAGES = (
    ("al2023", "al2023-ami-2023.6.20250115.0-kernel-6.1-x86_64",
     "Amazon Linux 2023 AMI 2023.6.20250115.0 x86_64 HVM kernel-6.1", _AMAZON, "amazon",
     "x86_64", None, "Linux/UNIX", "/dev/xvda", 8),
    ("al2023-arm64", "al2023-ami-2023.6.20250115.0-kernel-6.1-arm64",
     "Amazon Linux 2023 AMI 2023.6.20250115.0 arm64 HVM kernel-6.1", _AMAZON, "amazon",
     "arm64", None, "Linux/UNIX", "/dev/xvda", 8),
    ("al2", "amzn2-ami-kernel-5.10-hvm-2.0.20250115.0-x86_64-gp2",
     "Amazon Linux 2 Kernel 5.10 AMI 2.0.20250115.0 x86_64 HVM gp2", _AMAZON, "amazon",
     "x86_64", None, "Linux/UNIX", "/dev/xvda", 8),
    ("ubuntu2404", "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20250115",
     "Canonical, Ubuntu, 24.04, amd64 noble image", _CANONICAL, "",
     "x86_64", None, "Linux/UNIX", "/dev/sda1", 8),
    ("windows2022", "Windows_Server-2022-English-Full-Base-2025.01.15",
     "Microsoft Windows Server 2022 Full Locale English AMI provided by Amazon",
     _WINDOWS_OWNER, "amazon", "x86_64", "windows", "Windows", "/dev/sda1", 30),
    ("windows2019", "Windows_Server-2019-English-Full-Base-2025.01.15",
     "Microsoft Windows Server 2019 with Desktop Experience Locale English AMI provided "
     "by Amazon", _WINDOWS_OWNER, "amazon", "x86_64", "windows", "Windows", "/dev/sda1",
     30),
)


def _ami_id(region: str, name: str) -> str:
    return "ami-0" + hashlib.sha256(f"{region}/{name}".encode()).hexdigest()[:16]


@lru_cache(maxsize=None)
def public_images(region: str) -> dict[str, Image]:
    """The public AMIs of ``region`` by image ID."""
    images = {}
    for alias, name, desc, owner, owner_alias, arch, platform, details, root, size in _IMAGES:
        image = Image(_ami_id(region, name), name, desc, owner, owner_alias, arch,
                      platform, details, root, size, "2025-01-15T20:11:34.000Z", alias)
        images[image.image_id] = image
    return images


def image_by_alias(region: str, alias: str) -> Image | None:
    """The public AMI called ``alias`` (``"al2023"``, ``"windows2022"``, ...) in ``region``."""
    for image in public_images(region).values():
        if image.alias == alias:
            return image
    return None


IMAGE_ALIASES = tuple(row[0] for row in _IMAGES)


# Xen-based families the recover action supports (the EC2 user guide's list; every Nitro
# type without instance store is supported too).
RECOVER_XEN_FAMILIES = {"c3", "c4", "m3", "m4", "r3", "r4", "t2", "x1", "x1e", "p2", "p3",
                        "g3", "g3s"}


def recovery_refusal(instance_type: str) -> str | None:
    """Why the ``recover`` action cannot move an instance of this type (None: it can).

    aws-facts 2.5: not for instances with instance-store volumes, and only on supported
    types (Nitro, or the Xen families in :data:`RECOVER_XEN_FAMILIES`).
    """
    info = instance_type_info(instance_type)
    if info.instance_store:
        return "instance-store"
    if not info.nitro and info.family not in RECOVER_XEN_FAMILIES:
        return "type"
    return None
