"""One representative successful call per CloudTrail operation: ``fn(lab) -> response``.

Shaped like ``tests/bridge/bridge_examples.py``, which gathers them.
"""
from cloudtrail_helpers import log_bucket, trail

INSIGHTS = [{"InsightType": "ApiCallRateInsight"}]


def _with_insights(lab):
    ct = trail(lab)
    ct.put_insight_selectors(TrailName="main", InsightSelectors=INSIGHTS)
    return ct


EXAMPLES = {"cloudtrail": {
    "CreateTrail": lambda lab: lab.client("cloudtrail").create_trail(
        Name="main", S3BucketName=log_bucket(lab), IsMultiRegionTrail=True,
        TagsList=[{"Key": "team", "Value": "sec"}]),
    "UpdateTrail": lambda lab: trail(lab).update_trail(Name="main", IsMultiRegionTrail=True),
    "DeleteTrail": lambda lab: trail(lab).delete_trail(Name="main"),
    "GetTrail": lambda lab: trail(lab).get_trail(Name="main"),
    "DescribeTrails": lambda lab: trail(lab).describe_trails(),
    "ListTrails": lambda lab: trail(lab).list_trails(),
    "GetTrailStatus": lambda lab: trail(lab).get_trail_status(Name="main"),
    "StartLogging": lambda lab: trail(lab).start_logging(Name="main"),
    "StopLogging": lambda lab: trail(lab).stop_logging(Name="main"),
    "PutEventSelectors": lambda lab: trail(lab).put_event_selectors(
        TrailName="main", EventSelectors=[{
            "ReadWriteType": "WriteOnly", "IncludeManagementEvents": True,
            "DataResources": [{"Type": "AWS::S3::Object",
                               "Values": ["arn:aws:s3:::shop-data/"]}]}]),
    "GetEventSelectors": lambda lab: trail(lab).get_event_selectors(TrailName="main"),
    "PutInsightSelectors": lambda lab: trail(lab).put_insight_selectors(
        TrailName="main", InsightSelectors=INSIGHTS),
    "GetInsightSelectors": lambda lab: _with_insights(lab).get_insight_selectors(
        TrailName="main"),
    "LookupEvents": lambda lab: (lab.client("s3").create_bucket(Bucket="shop-data"),
                                 lab.client("cloudtrail").lookup_events(MaxResults=5))[1],
}}
