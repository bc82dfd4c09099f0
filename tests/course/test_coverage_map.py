"""Every topic of the source notes is taught by a tagged cell of its notebook.

The topics are the rows of the coverage checklist in curriculum.md (section 5), kept in
``data/coverage_map.yaml``; a cell teaches a topic with the metadata
``{"awslab": {"topics": [...]}}`` or a ``topic:<id>`` tag. Every notebook of the
course exists now, so a missing notebook or an untagged topic fails, naming the command
that tags cells from the map's heading phrases (``python -m awslab.course.topics --apply``).
"""
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from awslab.course import topics

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
CURRICULUM = ROOT.parent / "shared" / "reference" / "curriculum.md"
MAP = topics.load_map()


def test_topic_ids_are_unique_and_notebooks_have_areas():
    ids = [t.id for t in MAP.topics]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)
    assert {t.notebook for t in MAP.topics} <= set(MAP.areas)


@pytest.mark.skipif(not CURRICULUM.is_file(), reason="curriculum.md is not beside the repo")
def test_every_row_of_the_coverage_checklist_has_a_topic():
    text = CURRICULUM.read_text(encoding="utf-8")
    section = text.split("## 5. Coverage checklist", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1].strip() for line in section.splitlines()
            if line.startswith("| ") and not line.startswith(("| Source heading", "|---"))]
    assert sorted(t.source for t in MAP.topics) == sorted(rows), \
        "one topic per row of the checklist (source = the row's first column)"


TAUGHT = topics.taught(NOTEBOOKS)


def _status(topic):
    files = topics.notebook_files(NOTEBOOKS)
    where = TAUGHT.get(topic.id, [])
    return files, [c for c in where if c[0] == topic.notebook]


@pytest.mark.parametrize("topic", MAP.topics, ids=[t.id for t in MAP.topics])
def test_topic_is_taught(topic):
    files, cells = _status(topic)
    assert topic.notebook in files, (
        f"notebook {topic.notebook}, which teaches {topic.id!r}, is missing")
    assert cells, (f"{topic.id} ({topic.source}) is untaught: no cell of "
                   f"{files[topic.notebook].name} has awslab.topics metadata with it; "
                   f"looked for a markdown cell with: {' | '.join(topic.headings)} "
                   "(python -m awslab.course.topics --apply tags it, or fix the phrases in "
                   "data/coverage_map.yaml)")
    nb = nbformat.read(str(files[topic.notebook]), as_version=4)
    for _, index in cells:
        assert nb.cells[index].cell_type == "markdown" or nb.cells[index].source.strip()


def test_untaught_lists_what_is_missing(tmp_path):
    nb = new_notebook(cells=[new_markdown_cell("# 01 · Metrics"),
                             new_markdown_cell("## 1. Metrics, namespaces and dimensions")])
    nbformat.write(nb, str(tmp_path / "01_x.ipynb"))
    missing = {t.id: why for t, why in topics.untaught(tmp_path, MAP)}
    assert "no cell of 01_x.ipynb is tagged" in missing["cloudwatch-metrics"]
    assert "notebook 06 does not exist yet" in missing["alarms"]


def test_apply_tags_headings_metadata_only(tmp_path):
    cells = [new_markdown_cell("# 01 · CloudWatch metrics and EC2 monitoring\n\nIntro "
                               "mentions Basic or detailed monitoring."),
             new_code_cell("x = 1", execution_count=1),
             new_markdown_cell("## 1. Metrics, namespaces and dimensions"),
             new_markdown_cell("## 3. Basic or detailed: a spike"),
             new_markdown_cell("## 4. What EC2 cannot see")]
    path = tmp_path / "01_cloudwatch_metrics.ipynb"
    nbformat.write(new_notebook(cells=cells), str(path))
    report = topics.apply_map(tmp_path, MAP)
    assert ("cloudwatch-metrics", "01", 2) in report["tagged"]
    assert ("ec2-detailed-monitoring", "01", 3) in report["tagged"]
    assert ("ec2-detailed-monitoring", "01", 4) in report["tagged"]
    assert ("course-title", "01", 0) in report["tagged"]
    nb = nbformat.read(str(path), as_version=4)
    assert nb.cells[2].metadata["awslab"]["topics"] == ["cloudwatch-metrics"]
    assert nb.cells[1].execution_count == 1 and "awslab" not in nb.cells[1].metadata
    assert topics.apply_map(tmp_path, MAP)["tagged"] == report["tagged"]   # idempotent
    nb = nbformat.read(str(path), as_version=4)
    assert nb.cells[2].metadata["awslab"]["topics"] == ["cloudwatch-metrics"]


def test_tags_count_too_and_body_text_is_the_fallback():
    cell = new_markdown_cell("text", metadata={"tags": ["topic:cognito", "other"]})
    assert topics.cell_topics(cell) == {"cognito"}
    nb = new_notebook(cells=[new_markdown_cell("# 12 · Identity with Cognito"),
                             new_markdown_cell("Amazon Cognito identity pools ...")])
    assert topics.find_cells(nb, ["Cognito"]) == [1]
    assert topics.find_cells(nb, ["Kerberos"]) == []
