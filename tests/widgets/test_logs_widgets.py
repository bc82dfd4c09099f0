"""NB03 wiring: explorers draw fast for default and edge values, from the lab's engine."""
import io
import time

from awslab import Lab
from awslab.services.logs.sources import seed_petshop
from awslab.widgets import logs as lw

BOUND = 0.5       # CPU seconds per update (about 0.2 s; the design's goal is 0.1 s)


def timed(render, **values):
    """``(figure, CPU seconds)`` of one update, best of 3 (CPU time: other processes on a
    shared machine do not count)."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        fig = render(**values)
        fig.savefig(io.BytesIO(), format="png", dpi=fig.dpi,
                    pil_kwargs={"compress_level": 1})      # as the explorer draws it
        best = min(best, time.process_time() - start)
    return fig, best


def _defaults(controls):
    return {k: c.value for k, c in controls.items()}


def test_playground_every_sample_and_an_invalid_pattern():
    render, controls = lw.playground(seed=4)
    for sample, pattern in lw.DEFAULT_PATTERNS.items():
        fig, took = timed(render, pattern=pattern, sample=sample)
        assert took < BOUND
        assert "events match" in fig._suptitle.get_text()
    fig, _ = timed(render, pattern='"unterminated', sample="application")
    assert "invalid" in fig._suptitle.get_text()


def test_samples_hold_matches_and_misses():
    from awslab.services.logs.patterns import compile_pattern
    for name, lines in lw.samples(4).items():
        hits = compile_pattern(lw.DEFAULT_PATTERNS[name]).select(lines)
        assert 0 < sum(hits) < len(lines), name


def test_retention_and_agent_explorers():
    for factory in (lw.retention_explorer, lw.agent_configurator):
        render, controls = factory()
        _, took = timed(render, **_defaults(controls))
        assert took < BOUND
    render, controls = lw.agent_configurator()
    values = {**_defaults(controls), **{n: False for n in lw.EC2_DEFAULT},
              "log_file": False}
    fig, _ = timed(render, **values)          # nothing ticked: falls back to mem
    assert "collects: mem" in fig._supxlabel.get_text()


def test_agent_config_is_what_the_agent_accepts():
    config = lw.agent_config(["mem", "swap"], "/var/log/app.log")
    assert set(config["metrics"]["metrics_collected"]) == {"mem", "swap"}
    assert config["logs"]["logs_collected"]["files"]["collect_list"][0]["file_path"] == \
        "/var/log/app.log"


def test_source_picker_and_tree():
    lab = Lab(seed=4)
    render, controls = lw.source_picker(lab)
    for name in controls["source"].options:
        fig, took = timed(render, source=name)
        assert took < BOUND
    seed_petshop(lab, hours=1, only=("ECS", "Route 53"))
    fig = lw.group_tree(lab)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert "/ecs/petshop-api" in labels and len(labels) == 4
