"""Fixtures for the Auto Scaling tests: a lab, clients, and a launch configuration."""
import pytest

from awslab import Lab
from awslab.services.ec2 import image_id


@pytest.fixture
def lab():
    return Lab(seed=5)


@pytest.fixture
def asg(lab):
    client = lab.client("autoscaling")
    client.create_launch_configuration(LaunchConfigurationName="web-lc", ImageId=image_id(),
                                       InstanceType="t3.micro")
    return client


@pytest.fixture
def ec2(lab):
    return lab.client("ec2")
