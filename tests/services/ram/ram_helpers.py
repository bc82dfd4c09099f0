"""Helpers of the RAM tests."""
from awslab.services.ec2 import image_id

MANAGEMENT = "123456789012"
OUTSIDER = "444455556666"


def subnet_arn(subnet_id, owner=MANAGEMENT):
    return f"arn:aws:ec2:us-east-1:{owner}:subnet/{subnet_id}"


def as_admin(lab, account, service):
    return lab.client(service, **lab.admin_credentials(account).as_client_kwargs())


def launch(ec2, subnet_id):
    return ec2.run_instances(ImageId=image_id(), InstanceType="t3.micro", MinCount=1,
                             MaxCount=1, SubnetId=subnet_id)["Instances"][0]["InstanceId"]
