"""render_cost: monthly cost bars, standard vs high resolution, in USD."""
import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

from awslab.services.cloudwatch.pricing import monthly_cost
from awslab.viz.cost import render_cost


@pytest.fixture(autouse=True)
def no_pyplot_figures():
    yield
    assert plt.get_fignums() == []


HIGH = "High resolution (1 s metrics, 10-30 s alarms)"
ITEMS = monthly_cost(custom_metrics=40, high_res_metrics=20, standard_alarms=25,
                     high_res_alarms=10, dashboards=5, detailed_instances=10)


def test_bars_values_and_labels():
    fig = render_cost(ITEMS)
    assert isinstance(fig, Figure)
    ax, = fig.axes
    bars = ax.patches
    assert len(bars) == len(ITEMS) - 1                      # "total" is not a bar
    assert [b.get_width() for b in bars] == [i["usd"] for k, i in ITEMS.items()
                                             if k != "total"]
    assert fig.get_suptitle() == "Estimated CloudWatch bill: $46.50 per month"
    assert ax.get_xlabel() == "Monthly cost (USD)"
    values = [t.get_text() for t in ax.texts]
    assert values[:3] == ["$9.00", "$21.00", "$6.00"]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0] == "Custom metrics (standard resolution)\n30 billable metric-months, 10 free"
    assert "Illustrative" in ax.get_title(loc="left")


def test_resolution_is_shown_by_colour_hatch_and_legend():
    ax, = render_cost(ITEMS).axes
    by_label = dict(zip([i["label"] for k, i in ITEMS.items() if k != "total"], ax.patches))
    std, high = by_label["Alarms (standard resolution)"], by_label["Alarms (high resolution)"]
    assert std.get_facecolor() != high.get_facecolor()
    assert std.get_hatch() in (None, "") and high.get_hatch() == "///"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Standard resolution (60 s)", HIGH, "Not resolution-specific"]


def test_hide_zero_and_custom_title():
    fig = render_cost(monthly_cost(high_res_alarms=2), title="Two fast alarms",
                      hide_zero=True)
    ax, = fig.axes
    assert len(ax.patches) == 1 and fig.get_suptitle() == "Two fast alarms"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [HIGH]
