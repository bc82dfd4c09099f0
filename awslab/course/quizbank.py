"""The quiz bank: ``data/quiz/nbNN.yaml`` files, loaded and validated.

Schema of one file::

    notebook: "01"
    title: CloudWatch metrics and EC2 monitoring
    questions:
      - id: asg-misses-bursts          # unique in the file: a-z, 0-9 and -
        prompt: An Auto Scaling group ...
        options:                        # 3 to 5, exactly one with correct: true
          - text: Enable detailed monitoring
            correct: true
            explanation: Why it is right.
          - text: ...
            explanation: Why it is wrong (every option has one).
        source: optional note on the source notes
        changed: optional "what changed" note when the source notes are outdated

Errors name the file, the question and the field, and all are reported at once.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from awslab.errors import AwslabError

DATA_ENV = "AWSLAB_DATA_DIR"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TOP = {"notebook", "title", "questions"}
_QUESTION = {"id", "prompt", "options", "source", "changed"}
_OPTION = {"text", "correct", "explanation"}


class QuizError(AwslabError):
    """A quiz file is missing or does not follow the schema."""


@dataclass(frozen=True)
class Option:
    """One answer option and why it is right or wrong."""

    text: str
    explanation: str
    correct: bool = False


@dataclass(frozen=True)
class Question:
    """One multiple-choice question with exactly one correct option."""

    id: str
    prompt: str
    options: tuple[Option, ...]
    source: str | None = None
    changed: str | None = None

    @property
    def answer(self) -> int:
        """Index of the correct option."""
        return next(i for i, o in enumerate(self.options) if o.correct)


@dataclass(frozen=True)
class Quiz:
    """The questions of one notebook."""

    notebook: str
    title: str
    questions: tuple[Question, ...]


def data_dir() -> Path:
    """The course's ``data/`` folder, found from the package, not the working directory.

    Looks at ``$AWSLAB_DATA_DIR``, then ``data/`` beside the ``awslab`` package (the
    repository of an editable install), then ``awslab/data``.

    Raises
    ------
    AwslabError
        If none of them holds a ``quiz`` folder.
    """
    package = Path(__file__).resolve().parent.parent
    tried = []
    env = os.environ.get(DATA_ENV, "").strip()
    candidates = ([Path(env).expanduser()] if env else []) + [
        package.parent / "data", package / "data"]
    for folder in candidates:
        tried.append(str(folder))
        if (folder / "quiz").is_dir():
            return folder
    raise QuizError("cannot find the course's data folder (with quiz/ inside); looked "
                    f"in: {'; '.join(tried)}. Install awslab from its repository "
                    f"(pip install -e .) or set {DATA_ENV}.")


def quiz_path(notebook: str) -> Path:
    """The YAML file of ``notebook``'s quiz."""
    return data_dir() / "quiz" / f"nb{notebook}.yaml"


def load_quiz(notebook) -> Quiz:
    """Load and validate the quiz of ``notebook`` (``"01"``, ``1`` or ``"nb01"``).

    Returns
    -------
    Quiz

    Raises
    ------
    QuizError
        If the file is missing, is not YAML, or breaks the schema.
    """
    from awslab.course.registry import notebook_id
    nb = notebook_id(notebook)
    path = quiz_path(nb)
    if not path.is_file():
        have = sorted(p.stem for p in path.parent.glob("nb*.yaml"))
        raise QuizError(f"no quiz for notebook {nb}: {path} does not exist "
                        f"(quizzes: {', '.join(have) or 'none'})")
    return parse_quiz(path.read_text(encoding="utf-8"), name=path.name, notebook=nb)


def parse_quiz(text: str, name: str = "<quiz>", notebook: str | None = None) -> Quiz:
    """Parse and validate quiz YAML ``text``; ``name`` labels the errors."""
    try:
        import yaml
    except ImportError as exc:  # pragma: no cover - pyyaml is a dependency
        raise QuizError("reading quizzes needs PyYAML: pip install pyyaml") from exc
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise QuizError(f"{name} is not valid YAML: {exc}") from None
    errors: list[str] = []
    quiz = _quiz(raw, notebook, errors)
    if errors:
        shown = errors[:20] + ([f"... and {len(errors) - 20} more"] if len(errors) > 20
                               else [])
        raise QuizError(f"{name} does not follow the quiz schema:\n- " +
                        "\n- ".join(shown))
    return quiz


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _quiz(raw, notebook, errors) -> Quiz | None:
    if not isinstance(raw, dict):
        errors.append("the file must be a mapping with notebook, title and questions")
        return None
    errors += [f"unknown top-level key {k!r} (allowed: {', '.join(sorted(_TOP))})"
               for k in raw if k not in _TOP]
    nb = raw.get("notebook")
    nb = f"{nb:02d}" if isinstance(nb, int) and not isinstance(nb, bool) else nb
    if not _text(nb):
        errors.append("'notebook' is missing (e.g. notebook: \"01\")")
    elif notebook is not None and nb != notebook:
        errors.append(f"'notebook' says {nb!r} but the file is for {notebook!r}")
    if not _text(raw.get("title")):
        errors.append("'title' is missing or empty")
    items = raw.get("questions")
    if not isinstance(items, list) or not items:
        errors.append("'questions' must be a non-empty list")
        items = []
    questions, seen = [], set()
    for n, item in enumerate(items, 1):
        question = _question(item, n, errors)
        if question is not None:
            if question.id in seen:
                errors.append(f"question {n}: id {question.id!r} is used twice")
            seen.add(question.id)
            questions.append(question)
    return Quiz(str(nb), str(raw.get("title", "")).strip(), tuple(questions))


def _question(item, n, errors) -> Question | None:
    if not isinstance(item, dict):
        errors.append(f"question {n} must be a mapping with id, prompt and options")
        return None
    where = f"question {n} ({item.get('id')!r})"
    errors += [f"{where}: unknown key {k!r} (allowed: {', '.join(sorted(_QUESTION))})"
               for k in item if k not in _QUESTION]
    if not (isinstance(item.get("id"), str) and _ID.match(item["id"])):
        errors.append(f"{where}: 'id' must be lower-case letters, digits and dashes")
    if not _text(item.get("prompt")):
        errors.append(f"{where}: 'prompt' is missing or empty")
    for key in ("source", "changed"):
        if key in item and not _text(item[key]):
            errors.append(f"{where}: '{key}' must be text when given")
    raw_options = item.get("options")
    if not isinstance(raw_options, list) or not 3 <= len(raw_options) <= 5:
        count = len(raw_options) if isinstance(raw_options, list) else 0
        errors.append(f"{where}: needs 3 to 5 options, has {count}")
        raw_options = raw_options if isinstance(raw_options, list) else []
    options = [o for o in (_option(o, where, k, errors)
                           for k, o in enumerate(raw_options, 1)) if o is not None]
    correct = sum(o.correct for o in options)
    if raw_options and correct != 1:
        errors.append(f"{where}: exactly one option must have correct: true, "
                      f"found {correct}")
    texts = [o.text for o in options]
    if len(set(texts)) != len(texts):
        errors.append(f"{where}: two options have the same text")
    return Question(str(item.get("id")), str(item.get("prompt", "")).strip(),
                    tuple(options), _opt_text(item.get("source")),
                    _opt_text(item.get("changed")))


def _option(raw, where, k, errors) -> Option | None:
    at = f"{where}, option {k}"
    if not isinstance(raw, dict):
        errors.append(f"{at} must be a mapping with text and explanation")
        return None
    errors += [f"{at}: unknown key {key!r} (allowed: {', '.join(sorted(_OPTION))})"
               for key in raw if key not in _OPTION]
    if not _text(raw.get("text")):
        errors.append(f"{at}: 'text' is missing or not text (quote values such as "
                      "yes, no or numbers)")
    if not _text(raw.get("explanation")):
        errors.append(f"{at}: 'explanation' is missing; every option explains why "
                      "it is right or wrong")
    if not isinstance(raw.get("correct", False), bool):
        errors.append(f"{at}: 'correct' must be true or false")
    return Option(str(raw.get("text", "")).strip(),
                  str(raw.get("explanation", "")).strip(), raw.get("correct") is True)


def _opt_text(value) -> str | None:
    return value.strip() if _text(value) else None
