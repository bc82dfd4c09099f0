"""StateReason texts and StateReasonData, compared with AWS's own (quoted in public
repositories: SNS alarm notifications and DescribeAlarms answers)."""
import json
from datetime import datetime, timezone

import pytest

from awslab.services.cloudwatch.alarms.messages import region_name, subject
from awslab.services.cloudwatch.alarms.reasons import (
    composite_reason, composite_reason_data, insufficient_reason, iso_ms, java_double,
    reason_data, threshold_reason)

UTC = timezone.utc


def t(text: str) -> datetime:
    return datetime.strptime(text, "%d/%m/%y %H:%M:%S").replace(tzinfo=UTC)


@pytest.mark.parametrize("value,text", [
    (85.0, "85.0"), (1.0, "1.0"), (0.0, "0.0"), (-2.5, "-2.5"), (0.46522264287069004,
     "0.46522264287069004"), (1e7, "1.0E7"), (12345678.9, "1.23456789E7"),
    (0.0001, "1.0E-4"), (9999999.0, "9999999.0"), (0.001, "0.001"), (-1e20, "-1.0E20"),
])
def test_numbers_print_like_java(value, text):
    assert java_double(value) == text


def test_one_period_alarm():
    # "Threshold Crossed: 1 datapoint [3.0 (26/10/24 18:59:00)] was greater than or equal
    # to the threshold (1.0)."
    reason = threshold_reason("ALARM", [(t("26/10/24 18:59:00"), 3.0, True)], 0, None,
                              "GreaterThanOrEqualToThreshold", 1.0, 1, 1)
    assert reason == ("Threshold Crossed: 1 datapoint [3.0 (26/10/24 18:59:00)] was greater "
                      "than or equal to the threshold (1.0).")


def test_three_of_three_to_alarm_lists_newest_first():
    real = [(t("14/07/21 23:16:00"), 9.18241509182415, True),
            (t("14/07/21 23:17:00"), 9.72, True),
            (t("14/07/21 23:18:00"), 8.891518474692088, True)]
    reason = threshold_reason("ALARM", real, 0, None, "GreaterThanOrEqualToThreshold", 7.0, 3, 3)
    assert reason == (
        "Threshold Crossed: 3 out of the last 3 datapoints [8.891518474692088 (14/07/21 "
        "23:18:00), 9.72 (14/07/21 23:17:00), 9.18241509182415 (14/07/21 23:16:00)] were "
        "greater than or equal to the threshold (7.0) (minimum 3 datapoints for OK -> ALARM "
        "transition).")


def test_back_to_ok_lists_the_non_breaching_points_and_needs_n_minus_m_plus_1():
    real = [(t("21/12/21 06:41:00"), 1.0, True), (t("21/12/21 06:42:00"), 0.0, False),
            (t("21/12/21 06:43:00"), 2.0, True), (t("21/12/21 06:44:00"), 0.0, False),
            (t("21/12/21 06:45:00"), 0.0, False)]
    reason = threshold_reason("OK", real, 0, None, "GreaterThanThreshold", 0.0, 5, 3)
    assert reason == (
        "Threshold Crossed: 3 out of the last 5 datapoints [0.0 (21/12/21 06:45:00), 0.0 "
        "(21/12/21 06:44:00), 0.0 (21/12/21 06:42:00)] were not greater than the threshold "
        "(0.0) (minimum 3 datapoints for ALARM -> OK transition).")


def test_missing_points_treated_by_the_setting():
    reason = threshold_reason("ALARM", [(t("16/03/24 12:15:00"), 613.0, True)], 19, False,
                              "GreaterThanOrEqualToThreshold", 1.0, 20, 1)
    assert reason == (
        "Threshold Crossed: 1 out of the last 20 datapoints [613.0 (16/03/24 12:15:00)] was "
        "greater than or equal to the threshold (1.0) and 19 missing datapoints were treated "
        "as [NonBreaching] (minimum 1 datapoint for OK -> ALARM transition).")
    assert threshold_reason("ALARM", [], 2, True, "GreaterThanThreshold", 1.0, 2, 2) == (
        "Threshold Crossed: no datapoints were received for 2 periods and 2 missing "
        "datapoints were treated as [Breaching].")
    assert threshold_reason("ALARM", [(t("05/09/26 10:00:00"), 0.0, False)], 2, True,
                            "GreaterThanThreshold", 1.0, 3, 2) == (
        "Threshold Crossed: 1 datapoint was received for 3 periods and 2 missing "
        "datapoints were treated as [Breaching].")


def test_insufficient_data():
    assert insufficient_reason(1) == "Insufficient Data: 1 datapoint was unknown."
    assert insufficient_reason(5) == "Insufficient Data: 5 datapoints were unknown."


def test_reason_data_document():
    q, p = t("26/10/24 19:00:38"), t("26/10/24 18:59:00")
    doc = json.loads(reason_data(q, ("statistic", "Sum"), 60, 1.0,
                                 [(t("26/10/24 18:58:00"), None, None), (p, 3.0, 3.0)],
                                 [(p, 3.0, 3.0)]))
    assert doc == {"version": "1.0", "queryDate": "2024-10-26T19:00:38.000+0000",
                   "startDate": "2024-10-26T18:59:00.000+0000", "statistic": "Sum",
                   "period": 60, "recentDatapoints": [3.0], "threshold": 1.0,
                   "evaluatedDatapoints": [{"timestamp": "2024-10-26T18:59:00.000+0000",
                                            "sampleCount": 3.0, "value": 3.0}]}
    empty = json.loads(reason_data(q, ("statistic", "Sum"), 60, 1.0, [], [(p, None, None)]))
    assert "startDate" not in empty and empty["evaluatedDatapoints"] == [
        {"timestamp": "2024-10-26T18:59:00.000+0000"}]


def test_composite_reason():
    when = datetime(2022, 10, 30, 20, 47, 35, 671000, tzinfo=UTC)
    arn = "arn:aws:cloudwatch:us-east-2:123456789012:alarm:child"
    assert composite_reason(arn, "ALARM", when) == (
        f"{arn} transitioned to ALARM at Sunday 30 October, 2022 20:47:35 UTC")
    assert json.loads(composite_reason_data([(arn, "ALARM", when)])) == {"triggeringAlarms": [
        {"arn": arn, "state": {"value": "ALARM", "timestamp": "2022-10-30T20:47:35.671+0000"}}]}
    assert iso_ms(when) == "2022-10-30T20:47:35.671+0000"


def test_subject_and_region_names():
    assert subject("ALARM", "cpu", "us-east-1") == 'ALARM: "cpu" in US East (N. Virginia)'
    assert region_name("eu-west-2") == "EU (London)"
    long = subject("ALARM", "x" * 120, "eu-west-2")
    assert len(long) == 100 and long.endswith('..." in EU (London)')
