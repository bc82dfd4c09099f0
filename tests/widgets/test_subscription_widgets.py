"""NB05 explorers: Firehose buffer sliders, architecture picker, destination wizard."""
import json

from awslab.widgets import subscriptions as explorers

ARN = "arn:aws:logs:us-east-1:222222222222:destination:central"


def test_buffer_explorer_redraws_per_hint():
    arrivals = [(t, 50_000) for t in range(0, 600, 5)]
    render, controls = explorers.buffer_explorer(arrivals)
    assert (controls["size_mb"].value, controls["interval"].value) == (5, 300)
    small = render(1, 60).axes[0].get_title(loc="left")
    large = render(128, 900).axes[0].get_title(loc="left")
    assert small.startswith("10 objects") and large.startswith("1 objects")


def test_latency_explorer():
    render, controls = explorers.latency_explorer({"x": [1.0], "y": [2.0]})
    assert list(controls["architecture"].options) == ["x", "y"]
    assert render("y").axes[0].get_xscale() == "log"


def test_destination_policy_and_wizard():
    doc = json.loads(explorers.destination_policy(ARN, ["2", "1"]))
    assert doc["Statement"][0]["Principal"] == {"AWS": ["1", "2"]}
    render, controls = explorers.destination_wizard(
        ARN, ["111111111111", "333333333333"], allowed=["111111111111"])
    words = " ".join(t.get_text() for t in render(("111111111111",)).axes[0].texts)
    assert "111111111111: allowed" in words and "333333333333: refused" in words
    words = " ".join(t.get_text() for t in render(()).axes[0].texts)
    assert "111111111111: refused" in words
