"""IAM instance profiles on instances (EC2 asks IAM through the lab)."""
import json

import pytest
from botocore.exceptions import ClientError

from ec2_helpers import describe, error_of, run

TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
    "Action": "sts:AssumeRole"}]})


@pytest.fixture
def profile(iam):
    iam.create_role(RoleName="AppRole", AssumeRolePolicyDocument=TRUST)
    p = iam.create_instance_profile(InstanceProfileName="AppProfile")["InstanceProfile"]
    iam.add_role_to_instance_profile(InstanceProfileName="AppProfile", RoleName="AppRole")
    return p


def test_launch_with_a_profile(lab, ec2, profile):
    [iid] = run(ec2, IamInstanceProfile={"Name": "AppProfile"})
    inst = describe(ec2, iid)
    assert inst["IamInstanceProfile"] == {"Arn": profile["Arn"],
                                          "Id": profile["InstanceProfileId"]}
    [assoc] = ec2.describe_iam_instance_profile_associations()["IamInstanceProfileAssociations"]
    assert assoc["InstanceId"] == iid and assoc["State"] == "associated"
    assert assoc["AssociationId"].startswith("iip-assoc-0")


def test_launch_with_an_unknown_profile(ec2, profile):
    with pytest.raises(ClientError) as e:
        run(ec2, IamInstanceProfile={"Name": "Nope"})
    assert error_of(e) == ("InvalidParameterValue",
                           "Value (Nope) for parameter iamInstanceProfile.name is invalid. "
                           "Invalid IAM Instance Profile name", 400)
    with pytest.raises(ClientError) as e:
        run(ec2, IamInstanceProfile={"Arn": profile["Arn"] + "x"})
    assert error_of(e)[0] == "InvalidParameterValue"
    assert "iamInstanceProfile.arn" in error_of(e)[1]


def test_associate_then_replace_then_disassociate(lab, ec2, iam, profile):
    [iid] = run(ec2)
    lab.advance(minutes=1)
    assoc = ec2.associate_iam_instance_profile(
        InstanceId=iid, IamInstanceProfile={"Arn": profile["Arn"]}
    )["IamInstanceProfileAssociation"]
    assert assoc["State"] == "associating" and assoc["Timestamp"] == lab.now
    lab.advance(seconds=5)
    [now] = ec2.describe_iam_instance_profile_associations(
        Filters=[{"Name": "instance-id", "Values": [iid]}])["IamInstanceProfileAssociations"]
    assert now["State"] == "associated"
    with pytest.raises(ClientError) as e:
        ec2.associate_iam_instance_profile(InstanceId=iid,
                                           IamInstanceProfile={"Name": "AppProfile"})
    assert error_of(e) == ("IncorrectState",
                           f"There is an existing association for instance {iid}", 400)
    iam.create_instance_profile(InstanceProfileName="Other")
    new = ec2.replace_iam_instance_profile_association(
        AssociationId=assoc["AssociationId"],
        IamInstanceProfile={"Name": "Other"})["IamInstanceProfileAssociation"]
    assert new["AssociationId"] != assoc["AssociationId"]
    assert describe(ec2, iid)["IamInstanceProfile"]["Arn"].endswith("/Other")
    gone = ec2.disassociate_iam_instance_profile(AssociationId=new["AssociationId"])
    assert gone["IamInstanceProfileAssociation"]["State"] == "disassociating"
    assert "IamInstanceProfile" not in describe(ec2, iid)
    lab.advance(seconds=5)
    assert ec2.describe_iam_instance_profile_associations()[
        "IamInstanceProfileAssociations"] == []
    with pytest.raises(ClientError) as e:
        ec2.disassociate_iam_instance_profile(AssociationId=new["AssociationId"])
    assert error_of(e)[0] == "InvalidAssociationID.NotFound"


def test_associate_errors(lab, ec2, profile):
    with pytest.raises(ClientError) as e:
        ec2.associate_iam_instance_profile(InstanceId="i-0123456789abcdef0",
                                           IamInstanceProfile={"Name": "AppProfile"})
    assert error_of(e)[0] == "InvalidInstanceID.NotFound"
    [iid] = run(ec2)
    with pytest.raises(ClientError) as e:
        ec2.associate_iam_instance_profile(InstanceId=iid, IamInstanceProfile={"Name": "X"})
    assert error_of(e)[0] == "InvalidParameterValue"


def test_a_terminated_instance_loses_its_association(lab, ec2, profile):
    [iid] = run(ec2, IamInstanceProfile={"Name": "AppProfile"})
    ec2.terminate_instances(InstanceIds=[iid])
    lab.advance(minutes=1)
    assert ec2.describe_iam_instance_profile_associations()[
        "IamInstanceProfileAssociations"] == []


def test_association_pages(ec2, profile):
    run(ec2, 6, IamInstanceProfile={"Name": "AppProfile"})
    page = ec2.describe_iam_instance_profile_associations(MaxResults=5)
    assert len(page["IamInstanceProfileAssociations"]) == 5 and page["NextToken"]
    with pytest.raises(ClientError) as e:
        ec2.describe_iam_instance_profile_associations(MaxResults=1001)
    assert error_of(e) == ("InvalidParameterValue",
                           "Value (1001) for parameter maxResults is invalid.", 400)
