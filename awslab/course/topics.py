"""The coverage map: which notebook cell teaches each topic of the source notes.

``data/coverage_map.yaml`` lists the topics (one per heading of the source notes'
coverage checklist, curriculum.md section 5), the notebook that teaches each, and phrases
of the markdown cell that teaches it; it also names each notebook's *area* (used to group
progress and exam scores). A cell teaches a topic when its metadata says so::

    {"awslab": {"topics": ["cloudwatch-metrics"]}}     # or a tag "topic:cloudwatch-metrics"

:func:`apply_map` writes that metadata into the notebooks from the table (metadata only:
outputs and execution counts are untouched, so strict nbval is unaffected);
:func:`untaught` lists the topics no cell teaches. Command line::

    python -m awslab.course.topics            # report untaught topics (exit 1 if any)
    python -m awslab.course.topics --apply    # tag the notebooks, then report
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

MAP_FILE = "coverage_map.yaml"
TAG_PREFIX = "topic:"


@dataclass(frozen=True)
class Topic:
    """One topic of the source notes and where it is taught."""

    id: str
    source: str
    notebook: str
    headings: tuple


@dataclass(frozen=True)
class CoverageMap:
    topics: tuple
    areas: dict            # notebook id -> area name

    def area(self, notebook: str) -> str:
        """The area of ``notebook`` (``"Notebook NN"`` when the map does not name one)."""
        return self.areas.get(notebook, f"Notebook {notebook}")


def load_map(path: Path | None = None) -> CoverageMap:
    """Read and check ``data/coverage_map.yaml`` (ids unique, notebooks two digits)."""
    import yaml
    from awslab.course.quizbank import data_dir
    from awslab.errors import AwslabError
    path = Path(path) if path else data_dir() / MAP_FILE
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    topics, seen = [], set()
    for n, item in enumerate(raw.get("topics") or [], 1):
        ident, nb = item.get("id"), str(item.get("notebook", ""))
        heads = item.get("headings") or []
        if not ident or ident in seen or not (len(nb) == 2 and nb.isdigit()) or not heads:
            raise AwslabError(f"{path.name}: topic {n} ({ident!r}) needs a unique id, a "
                              "notebook like \"01\" and at least one heading phrase")
        seen.add(ident)
        topics.append(Topic(ident, str(item.get("source", "")), nb, tuple(heads)))
    areas = {str(k): str(v) for k, v in (raw.get("areas") or {}).items()}
    return CoverageMap(tuple(topics), areas)


def cell_topics(cell) -> set:
    """The topics a cell teaches (metadata ``awslab.topics``, and ``topic:`` tags)."""
    meta = cell.get("metadata", {})
    found = set((meta.get("awslab") or {}).get("topics") or [])
    return found | {t[len(TAG_PREFIX):] for t in meta.get("tags", [])
                    if t.startswith(TAG_PREFIX)}


def notebook_files(folder: Path) -> dict:
    """``{notebook id: path}`` of the ``NN_name.ipynb`` files in ``folder``."""
    return {p.name[:2]: p for p in sorted(Path(folder).glob("*.ipynb"))
            if p.name[:2].isdigit()}


def taught(folder: Path) -> dict:
    """``{topic id: [(notebook id, cell index), ...]}`` over the notebooks of ``folder``."""
    import nbformat
    found: dict = {}
    for nb_id, path in notebook_files(folder).items():
        nb = nbformat.read(str(path), as_version=4)
        for index, cell in enumerate(nb.cells):
            for topic in cell_topics(cell):
                found.setdefault(topic, []).append((nb_id, index))
    return found


def untaught(folder: Path, cmap: CoverageMap | None = None) -> list:
    """``[(topic, why)]`` for every topic that no cell of its notebook teaches."""
    cmap = cmap or load_map()
    files, where = notebook_files(folder), taught(folder)
    missing = []
    for topic in cmap.topics:
        cells = [c for c in where.get(topic.id, []) if c[0] == topic.notebook]
        if cells:
            continue
        if topic.notebook not in files:
            why = f"notebook {topic.notebook} does not exist yet"
        elif where.get(topic.id):
            why = (f"tagged only in notebook(s) {sorted({c[0] for c in where[topic.id]})}, "
                   f"not in {topic.notebook}")
        else:
            why = (f"no cell of {files[topic.notebook].name} is tagged (looked for a "
                   f"markdown cell with: {' | '.join(topic.headings)})")
        missing.append((topic, why))
    return missing


def _heading_lines(cell) -> list:
    """Section headings (``##`` and deeper; the ``#`` title names the whole notebook)."""
    return [line.lstrip("#").strip().lower() for line in cell.source.splitlines()
            if line.startswith("##")]


def find_cells(nb, phrases) -> list:
    """Indices of the markdown cells that teach a topic known by ``phrases``.

    Each phrase picks the first markdown cell with a section heading (``##`` or deeper)
    containing it (case-insensitive; a phrase starting with ``#`` matches the start of a
    line, e.g. ``"## 5. Dashboards"``). If no phrase matches a heading, the first markdown cell after
    the title whose text contains a phrase is used.
    """
    marks = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "markdown"]
    chosen = []
    for phrase in phrases:
        wanted = phrase.lower()
        for i, cell in marks:
            if wanted.startswith("#"):
                hit = any(line.lower().startswith(wanted) for line in
                          cell.source.splitlines())
            else:
                hit = any(wanted in line for line in _heading_lines(cell))
            if hit:
                if i not in chosen:
                    chosen.append(i)
                break
    if chosen:
        return chosen
    for phrase in phrases:
        for i, cell in marks[1:]:
            if phrase.lower() in cell.source.lower():
                return [i]
    return []


def tag_cell(cell, topic_id: str) -> bool:
    """Add ``topic_id`` to a cell's ``awslab.topics`` metadata; True if it was added."""
    meta = cell.metadata.setdefault("awslab", {})
    topics = meta.setdefault("topics", [])
    if topic_id in topics:
        return False
    topics.append(topic_id)
    return True


def apply_map(folder: Path, cmap: CoverageMap | None = None, *, write: bool = True) -> dict:
    """Tag the cells of the notebooks in ``folder`` from the map (metadata only).

    Returns ``{"tagged": [(topic, notebook, cell)], "not_found": [(topic, why)]}``.
    A notebook is rewritten only if a tag was added.
    """
    import nbformat
    cmap = cmap or load_map()
    files = notebook_files(folder)
    report: dict = {"tagged": [], "not_found": []}
    for nb_id, path in files.items():
        mine = [t for t in cmap.topics if t.notebook == nb_id]
        if not mine:
            continue
        nb = nbformat.read(str(path), as_version=4)
        changed = False
        for topic in mine:
            cells = find_cells(nb, topic.headings)
            if not cells:
                report["not_found"].append((topic, f"no markdown cell of {path.name} "
                                            f"matches {' | '.join(topic.headings)}"))
            for index in cells:
                changed |= tag_cell(nb.cells[index], topic.id)
                report["tagged"].append((topic.id, nb_id, index))
        if changed and write:
            nbformat.write(nb, str(path))
    for topic in cmap.topics:
        if topic.notebook not in files:
            report["not_found"].append((topic, f"notebook {topic.notebook} does not exist"))
    return report


def main(argv: list[str]) -> int:
    folder = Path(__file__).resolve().parents[2] / "notebooks"
    if "--apply" in argv:
        report = apply_map(folder)
        print(f"tagged {len(report['tagged'])} cells")
    missing = untaught(folder)
    for topic, why in missing:
        print(f"untaught: {topic.id} ({topic.source}) -> notebook {topic.notebook}: {why}")
    total = len(load_map().topics)
    print(f"{total - len(missing)} of {total} topics taught")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
