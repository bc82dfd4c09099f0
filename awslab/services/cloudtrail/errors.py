"""CloudTrail error codes (JSON protocol), with CloudTrail's wording where it is known.

Quoted from real answers: ``InsufficientS3BucketPolicyException`` "Incorrect S3 bucket
policy is detected for bucket: NAME"; ``TrailNotFoundException`` "Unknown trail: NAME for
the user: ACCOUNT"; the trail-name rules of ``InvalidTrailNameException``.
"""
from __future__ import annotations

from awslab.errors import error_class

CloudTrailARNInvalidException = error_class("CloudTrailARNInvalidException")
InsightNotEnabledException = error_class("InsightNotEnabledException")
InsufficientS3BucketPolicyException = error_class("InsufficientS3BucketPolicyException")
InvalidCloudWatchLogsLogGroupArnException = error_class(
    "InvalidCloudWatchLogsLogGroupArnException")
InvalidCloudWatchLogsRoleArnException = error_class("InvalidCloudWatchLogsRoleArnException")
InvalidEventCategoryException = error_class("InvalidEventCategoryException")
InvalidEventSelectorsException = error_class("InvalidEventSelectorsException")
InvalidInsightSelectorsException = error_class("InvalidInsightSelectorsException")
InvalidLookupAttributesException = error_class("InvalidLookupAttributesException")
InvalidMaxResultsException = error_class("InvalidMaxResultsException")
InvalidNextTokenException = error_class("InvalidNextTokenException")
InvalidParameterCombinationException = error_class("InvalidParameterCombinationException")
InvalidParameterException = error_class("InvalidParameterException")
InvalidS3PrefixException = error_class("InvalidS3PrefixException")
InvalidTimeRangeException = error_class("InvalidTimeRangeException")
InvalidTrailNameException = error_class("InvalidTrailNameException")
MaximumNumberOfTrailsExceededException = error_class("MaximumNumberOfTrailsExceededException")
S3BucketDoesNotExistException = error_class("S3BucketDoesNotExistException")
TrailAlreadyExistsException = error_class("TrailAlreadyExistsException")
TrailNotFoundException = error_class("TrailNotFoundException")


def trail_not_found(name: str, account_id: str) -> TrailNotFoundException:
    return TrailNotFoundException(f"Unknown trail: {name} for the user: {account_id}")
InvalidHomeRegionException = error_class("InvalidHomeRegionException")
UnsupportedOperationException = error_class("UnsupportedOperationException")


def not_simulated(what: str) -> UnsupportedOperationException:
    return UnsupportedOperationException(f"awslab does not simulate {what}; "
                                         "no request was sent anywhere.")
