"""AWS Config error codes (JSON protocol), with Config's wording (aws-facts 7)."""
from __future__ import annotations

from awslab.errors import error_class

ValidationException = error_class("ValidationException")
InvalidParameterValueException = error_class("InvalidParameterValueException")
NoSuchConfigurationRecorderException = error_class(
    "NoSuchConfigurationRecorderException")
NoAvailableConfigurationRecorderException = error_class(
    "NoAvailableConfigurationRecorderException",
    message="Configuration recorder is not available to put delivery channel.")
NoAvailableDeliveryChannelException = error_class(
    "NoAvailableDeliveryChannelException",
    message="Delivery channel is not available to start configuration recorder.")
NoSuchDeliveryChannelException = error_class("NoSuchDeliveryChannelException")
NoRunningConfigurationRecorderException = error_class(
    "NoRunningConfigurationRecorderException")
MaxNumberOfConfigurationRecordersExceededException = error_class(
    "MaxNumberOfConfigurationRecordersExceededException")
MaxNumberOfDeliveryChannelsExceededException = error_class(
    "MaxNumberOfDeliveryChannelsExceededException")
MaxNumberOfConfigRulesExceededException = error_class("MaxNumberOfConfigRulesExceededException")
InvalidConfigurationRecorderNameException = error_class(
    "InvalidConfigurationRecorderNameException")
InvalidDeliveryChannelNameException = error_class("InvalidDeliveryChannelNameException")
InvalidRoleException = error_class("InvalidRoleException")
InvalidRecordingGroupException = error_class("InvalidRecordingGroupException")
NoSuchBucketException = error_class("NoSuchBucketException")
InsufficientDeliveryPolicyException = error_class("InsufficientDeliveryPolicyException")
InvalidSNSTopicARNException = error_class("InvalidSNSTopicARNException")
InvalidS3KeyPrefixException = error_class("InvalidS3KeyPrefixException")
LastDeliveryChannelDeleteFailedException = error_class(
    "LastDeliveryChannelDeleteFailedException")
NoSuchConfigRuleException = error_class("NoSuchConfigRuleException")
ResourceInUseException = error_class("ResourceInUseException")
InsufficientPermissionsException = error_class("InsufficientPermissionsException")
InvalidResultTokenException = error_class("InvalidResultTokenException",
                                          message="The result token is invalid.")
LimitExceededException = error_class("LimitExceededException")
ResourceNotDiscoveredException = error_class("ResourceNotDiscoveredException")
InvalidTimeRangeException = error_class("InvalidTimeRangeException")
InvalidLimitException = error_class("InvalidLimitException")
InvalidNextTokenException = error_class("InvalidNextTokenException")
NoSuchRemediationConfigurationException = error_class(
    "NoSuchRemediationConfigurationException")
RemediationInProgressException = error_class("RemediationInProgressException")
NoSuchConfigurationAggregatorException = error_class(
    "NoSuchConfigurationAggregatorException",
    message="The configuration aggregator does not exist. Check the configuration "
            "aggregator name and try again.")
NoAvailableOrganizationException = error_class("NoAvailableOrganizationException")
OrganizationAccessDeniedException = error_class("OrganizationAccessDeniedException")


def no_rule(name: str):
    return NoSuchConfigRuleException(
        f"The ConfigRule '{name}' provided in the request is invalid. Please check the "
        "configRule name.")


def no_recorder(name: str):
    return NoSuchConfigurationRecorderException(
        f"Cannot find configuration recorder with the specified name '{name}'.")
