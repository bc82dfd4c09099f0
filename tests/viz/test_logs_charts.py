"""NB03 charts: the playground highlights the right spans, the others draw what they say."""
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from awslab.services.logs.patterns import compile_pattern
from awslab.viz import logs as lv


def _boxes(fig):
    ax = fig.axes[0]
    return [(p.get_x(), p.get_width(), p.get_hatch()) for p in ax.patches
            if isinstance(p, Rectangle)]


def test_playground_boxes_sit_on_the_spans():
    lines = ["ERROR payment failed", "INFO fine"]
    p = compile_pattern("ERROR")
    fig = lv.pattern_playground("ERROR", lines, [p.explain(m) for m in lines])
    assert isinstance(fig, Figure)
    assert _boxes(fig) == [(0, 5, "")]
    assert "1 of 2 events match" in fig._suptitle.get_text()


def test_playground_failing_parts_are_hatched():
    lines = ["ERROR timeout"]
    p = compile_pattern("ERROR -timeout")
    fig = lv.pattern_playground("ERROR -timeout", lines, [p.explain(m) for m in lines])
    hatches = sorted(h or "" for _, _, h in _boxes(fig))
    assert hatches == ["", "////"]


def test_playground_shows_an_invalid_pattern_and_dollar_signs_literally():
    fig = lv.pattern_playground("{ $.x = ", ["a $5 line"], [],
                                error="InvalidParameterException: Invalid filter pattern")
    texts = [t.get_text() for t in fig.texts + fig.axes[0].texts]
    assert any("Invalid filter pattern" in t for t in texts)
    assert all(not t.get_parse_math() for t in fig.axes[0].texts)
    assert "invalid" in fig._suptitle.get_text()


def test_long_lines_are_cut_inside_the_axes():
    line = "x" * 400
    fig = lv.pattern_playground("x", [line], [compile_pattern("x").explain(line)])
    shown = [t.get_text() for t in fig.axes[0].texts if t.get_text().startswith("xxx")]
    assert shown and shown[0].endswith("…") and len(shown[0]) <= fig.axes[0].get_xlim()[1]


def test_retention_storage_plateaus():
    fig = lv.retention_storage(2.0, [None, 30], months=6)
    never, thirty = fig.axes[0].lines
    assert never.get_ydata()[-1] == 2.0 * 180 and max(thirty.get_ydata()) == 60.0
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels[1] == "30 days: 60 GB, $1.80/month"


def test_agent_coverage_adds_the_agent_to_ec2():
    fig = lv.agent_coverage({"cpu": 1, "mem": 0}, {"cpu": 0, "mem": 10}, note="n")
    heights = [b.get_height() for b in fig.axes[0].patches]
    assert heights == [1, 0, 1, 10]


def test_group_tree_rows():
    fig = lv.group_tree([("/g", [("a", 5), ("b", 7), ("c", 1), ("d", 2)])], max_streams=2)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["/g", "  └ b", "  └ a", "  └ … 2 more streams"]
    assert [b.get_width() for b in fig.axes[0].patches] == [15, 7, 5, 3]


def test_diagram_and_source_card_draw():
    assert isinstance(lv.logs_diagram(), Figure)
    card = lv.source_card("Lambda", "/aws/lambda/f", "s", "how", ["START $x"])
    assert any("START $x" in t.get_text() for t in card.axes[0].texts)
