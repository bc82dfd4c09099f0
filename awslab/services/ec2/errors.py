"""EC2 error codes, with AWS's wording (EC2 codes may contain a dot: the Python names drop it).

Messages quoted from real EC2 answers: ``InvalidInstanceID.Malformed`` 'Invalid id: "x"',
``InvalidAMIID.NotFound`` "The image id '[ami-...]' does not exist".
"""
from __future__ import annotations

from awslab.errors import AwsError, error_class

InvalidInstanceIDNotFound = error_class("InvalidInstanceID.NotFound")
InvalidInstanceIDMalformed = error_class("InvalidInstanceID.Malformed")
InvalidAMIIDMalformed = error_class("InvalidAMIID.Malformed")
InvalidAMIIDNotFound = error_class("InvalidAMIID.NotFound")
IncorrectInstanceState = error_class("IncorrectInstanceState")
IncorrectState = error_class("IncorrectState")
InvalidParameterValue = error_class("InvalidParameterValue")
InvalidParameterCombination = error_class("InvalidParameterCombination")
MissingParameter = error_class("MissingParameter")
InvalidSubnetIDNotFound = error_class("InvalidSubnetID.NotFound")
InvalidAssociationIDNotFound = error_class("InvalidAssociationID.NotFound")
InvalidNextToken = error_class("InvalidNextToken", 400, "The token is invalid")
VcpuLimitExceeded = error_class("VcpuLimitExceeded")
AddressLimitExceeded = error_class("AddressLimitExceeded")
InvalidAllocationIDNotFound = error_class("InvalidAllocationID.NotFound")
InvalidAddressNotFound = error_class("InvalidAddress.NotFound")
InvalidIPAddressInUse = error_class("InvalidIPAddress.InUse")
ResourceAlreadyAssociated = error_class("Resource.AlreadyAssociated")
InvalidPlacementGroupUnknown = error_class("InvalidPlacementGroup.Unknown")
InvalidPlacementGroupDuplicate = error_class("InvalidPlacementGroup.Duplicate")
InvalidPlacementGroupInUse = error_class("InvalidPlacementGroup.InUse")
InvalidLaunchTemplateNameNotFound = error_class("InvalidLaunchTemplateName.NotFoundException")
InvalidLaunchTemplateIdNotFound = error_class("InvalidLaunchTemplateId.NotFound")
InvalidLaunchTemplateIdMalformed = error_class("InvalidLaunchTemplateId.Malformed")
InvalidLaunchTemplateNameMalformed = error_class("InvalidLaunchTemplateName.MalformedException")
InvalidLaunchTemplateNameAlreadyExists = error_class(
    "InvalidLaunchTemplateName.AlreadyExistsException")
UnsupportedOperation = error_class("UnsupportedOperation")
DryRunOperation = error_class(
    "DryRunOperation", 412, "Request would have succeeded, but DryRun flag is set.")


def instances_not_found(ids: list[str]) -> AwsError:
    """``InvalidInstanceID.NotFound`` for one or several IDs, worded as EC2 words it."""
    if len(ids) == 1:
        return InvalidInstanceIDNotFound(f"The instance ID '{ids[0]}' does not exist")
    return InvalidInstanceIDNotFound(f"The instance IDs '{', '.join(ids)}' do not exist")


def malformed_instance_id(value: str) -> AwsError:
    return InvalidInstanceIDMalformed(f'Invalid id: "{value}"')


def malformed_ami(value: str) -> AwsError:
    return InvalidAMIIDMalformed(f'Invalid id: "{value}" (expecting "ami-...")')


def ami_not_found(value: str) -> AwsError:
    return InvalidAMIIDNotFound(f"The image id '[{value}]' does not exist")


def incorrect_state(instance_id: str, verb: str) -> AwsError:
    """``IncorrectInstanceState`` for an action (``"started"``, ``"stopped"``) not allowed now."""
    return IncorrectInstanceState(
        f"The instance '{instance_id}' is not in a state from which it can be {verb}.")
