"""Instance types described by rules on their names; the public AMIs."""
import botocore.session
import pytest

from awslab.services.ec2.catalog import image_by_alias, instance_type_info, public_images
from awslab.services.ec2.metrics import metric_names

ENUM = botocore.session.get_session().get_service_model("ec2").shape_for("InstanceType").enum


@pytest.mark.parametrize("name,vcpus,memory,store,nitro,arch,credits", [
    ("t2.micro", 1, 1, False, False, "x86_64", 6),
    ("t3.micro", 2, 1, False, True, "x86_64", 12),
    ("t3.xlarge", 4, 16, False, True, "x86_64", 96),
    ("t4g.small", 2, 2, False, True, "arm64", 24),
    ("m5.large", 2, 8, False, True, "x86_64", 0),
    ("m5d.2xlarge", 8, 32, True, True, "x86_64", 0),
    ("c6gd.xlarge", 4, 8, True, True, "arm64", 0),
    ("r5.large", 2, 16, False, True, "x86_64", 0),
    ("i3.large", 2, 16, True, False, "x86_64", 0),
    ("m4.large", 2, 8, False, False, "x86_64", 0),
])
def test_instance_type_rules(name, vcpus, memory, store, nitro, arch, credits):
    info = instance_type_info(name)
    assert (info.vcpus, info.memory_gib, info.instance_store, info.nitro, info.architecture,
            info.credits_per_hour) == (vcpus, memory, store, nitro, arch, credits)


def test_every_type_botocore_knows_is_described():
    for name in ENUM:
        info = instance_type_info(name)
        assert info.vcpus > 0 and info.memory_gib > 0, name


def test_burstable_types_bank_a_day_of_credits():
    assert instance_type_info("t3.micro").max_credit_balance == 288
    assert instance_type_info("t2.micro").launch_credits == 30


def test_default_metrics_never_include_memory_or_disk_space():
    for name in ("t3.micro", "m5d.large", "t2.micro", "c7g.large"):
        names = metric_names(name)
        assert "CPUUtilization" in names and "StatusCheckFailed_System" in names
        assert not [n for n in names if "Memory" in n or "mem" in n or "Space" in n]


def test_public_images():
    images = public_images("us-east-1")
    assert len(images) == 6 and all(i.startswith("ami-0") for i in images)
    assert image_by_alias("us-east-1", "windows2022").is_windows
    assert image_by_alias("us-east-1", "al2023-arm64").architecture == "arm64"
    assert image_by_alias("us-east-1", "nope") is None
