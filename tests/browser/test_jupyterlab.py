"""The course in a real browser: JupyterLab 4 in headless Debian Chromium, driven by Playwright.

One JupyterLab server (token auth) serves a temporary copy of the repo's notebooks
(JupyterLab autosaves) with a fresh configuration. For every notebook: open it, clear all
outputs, Run All (with a per-notebook timeout), check that no cell shows an error, move a
control of every explorer widget and check that its figure changes, and save artifacts
under ``test-artifacts/browser/``. The quiz of 00_welcome.ipynb is answered by clicking,
as a learner would.

Without /usr/bin/chromium these tests are skipped, except under CI=true where they fail.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from browser_pages import guarded_page

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WELCOME = [p for p in NOTEBOOKS if p.name == "00_welcome.ipynb"]
EXAM = [p for p in NOTEBOOKS if p.name.startswith("15_")]
RUN_TIMEOUT = 240           # seconds for Run All of one notebook
REDRAW_TIMEOUT = 30         # seconds for an explorer to redraw after a control moves
STDERR = "application/vnd.jupyter.stderr"

pytestmark = pytest.mark.browser


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_chromium_runs(chromium):
    """Present even before any notebook exists, so CI without Chromium always fails."""
    version = subprocess.run([str(chromium), "--version"], capture_output=True, text=True,
                             timeout=60)
    assert "Chromium" in version.stdout, version.stdout + version.stderr


class LabServer:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.root = workdir / "repo"                 # a copy: JupyterLab autosaves
        for folder in ("notebooks", "data"):
            if (ROOT / folder).is_dir():
                shutil.copytree(ROOT / folder, self.root / folder,
                                ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        settings = workdir / "settings" / "@jupyterlab" / "apputils-extension"
        settings.mkdir(parents=True)
        (settings / "notification.jupyterlab-settings").write_text(
            json.dumps({"fetchNews": "false", "checkForUpdates": False}))
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / "jupyterlab.log"
        env = {k: v for k, v in os.environ.items() if k != "AWSLAB_DEBUG"}  # learner's env
        env.update(JUPYTER_CONFIG_DIR=str(workdir / "config"),
                   JUPYTERLAB_SETTINGS_DIR=str(workdir / "settings"),
                   JUPYTERLAB_WORKSPACES_DIR=str(workdir / "workspaces"),
                   JUPYTER_RUNTIME_DIR=str(workdir / "runtime"))
        cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
               f"--port={self.port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={self.root}", "--LabApp.expose_app_in_browser=True"]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(cmd, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def wait_ready(self, timeout=90):
        deadline = time.monotonic() + timeout
        status = f"{self.url}/api/status?token={self.token}"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter-lab exited ({self.process.returncode}):\n"
                                   + self.log_path.read_text(errors="replace")[-3000:])
            try:
                with urllib.request.urlopen(status, timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.25)
        raise RuntimeError(f"jupyter-lab not ready in {timeout} s; log: {self.log_path}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()               # SIGTERM: shuts kernels down cleanly
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()

    def notebook_url(self, notebook: Path):
        return f"{self.url}/lab/tree/notebooks/{notebook.name}?reset&token={self.token}"


@pytest.fixture
def page(browser, lab_server):
    """A fresh page; any request that would leave this machine is refused and recorded."""
    context, page = guarded_page(browser)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="module")
def lab_server(chromium, tmp_path_factory):
    server = LabServer(tmp_path_factory.mktemp("jupyterlab"))
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


def open_notebook(page, lab_server, notebook):
    page.goto(lab_server.notebook_url(notebook))
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell")
    page.wait_for_function("""() => {
        const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
        const kernel = w && w.sessionContext && w.sessionContext.session
            && w.sessionContext.session.kernel;
        return !!kernel && kernel.status === 'idle';
    }""", timeout=90_000)


def menu(page, name, command):
    page.locator("#jp-MainMenu .lm-MenuBar-itemLabel",
                 has_text=re.compile(f"^{name}$")).click()
    page.locator(f".lm-Menu-item[data-command='{command}']").click()


STATE_JS = """() => {
    const w = window.jupyterapp.shell.currentWidget;
    const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
    const cells = w.content.widgets.filter(c => c.model.type === 'code');
    const errors = [];
    cells.forEach((c, i) => c.model.outputs.toJSON().forEach(o => {
        if (o.output_type === 'error') errors.push(`code cell ${i}: ${o.ename}: ${o.evalue}`);
    }));
    return {
        kernel: kernel ? kernel.status : 'none',
        counts: cells.map(c => c.model.executionCount),
        outputs: cells.reduce((n, c) => n + c.model.outputs.length, 0),
        running: cells.filter(c => /\\*/.test(c.node.querySelector(
            '.jp-InputPrompt') ? c.node.querySelector('.jp-InputPrompt').textContent : ''))
            .length,
        errors,
    };
}"""


def clear_outputs(page):
    menu(page, "Edit", "editmenu:clear-all")
    state = page.evaluate(STATE_JS)
    assert state["outputs"] == 0, f"outputs left after Clear All Outputs: {state}"
    assert page.locator(".jp-NotebookPanel .jp-OutputArea-output").count() == 0
    assert page.locator(".jp-NotebookPanel .jupyter-widgets").count() == 0, "stale widget"


def run_all(page):
    menu(page, "Run", "runmenu:run-all")
    deadline = time.monotonic() + RUN_TIMEOUT
    settled = 0
    while time.monotonic() < deadline:
        state = page.evaluate(STATE_JS)
        finished = all(c is not None for c in state["counts"]) or state["errors"]
        if state["kernel"] == "idle" and finished and not state["running"]:
            settled += 1
            if settled == 3:          # stays finished for a second: Run All is over
                return state
        else:
            settled = 0
        time.sleep(0.4)
    raise AssertionError(f"Run All did not finish in {RUN_TIMEOUT} s: {state}")


def shown_errors(page):
    """Tracebacks and widget-rendering errors visible in the notebook's output areas."""
    found = []
    for text in page.locator(f".jp-NotebookPanel .jp-RenderedText[data-mime-type='{STDERR}']"
                             ).all_inner_texts():
        if "Traceback" in text or re.search(r"^\w+Error\b", text, re.MULTILINE):
            found.append(text[-500:])
    for text in page.locator(".jp-NotebookPanel .jp-OutputArea-output").all_inner_texts():
        if "Error displaying widget" in text or "Error rendering" in text:
            found.append(text[-500:])
    return found


def shoot(page, folder, name):
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    return path


# An explorer is the nearest widget box around an Output showing a figure that also holds
# controls (awslab.widgets.explore: controls in an HBox above the Output). Marked with
# data-awslab-explorer="i" so that Playwright can find each one again.
MARK_EXPLORERS_JS = """() => {
    const controls = '.noUi-handle, select, .widget-toggle-buttons button, '
        + 'input[type=checkbox], input[type=radio], input[type=number]';
    const roots = [];
    for (const out of document.querySelectorAll(
            '.jp-NotebookPanel .jp-OutputArea-output .widget-output')) {
        if (!out.querySelector('img')) continue;
        let el = out.parentElement;
        while (el && !el.classList.contains('jp-OutputArea-output')) {
            if (el.classList.contains('widget-box') && el.querySelector(controls)) break;
            el = el.parentElement;
        }
        if (el && !el.classList.contains('jp-OutputArea-output') && !roots.includes(el))
            roots.push(el);
    }
    roots.forEach((root, i) => root.setAttribute('data-awslab-explorer', String(i)));
    return roots.length;
}"""
# A short fingerprint of the figure(s) an explorer shows (their data: URLs, hashed).
FIGURE_JS = """root => {
    let h = 0, n = 0;
    for (const img of root.querySelectorAll('.widget-output img')) {
        const s = img.src;
        n += s.length;
        for (let i = 0; i < s.length; i += 7) h = (h * 31 + s.charCodeAt(i)) | 0;
    }
    return n ? `${n}:${h}` : null;
}"""


def _redrawn(root, before, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = root.evaluate(FIGURE_JS)
        if now is not None and now != before:
            return True
        time.sleep(0.25)
    return False


def _moves(root):
    """Ways to move this explorer's controls, each a ``(label, action)``."""
    for i in range(root.locator(".noUi-handle").count()):
        handle = root.locator(".noUi-handle").nth(i)
        yield f"slider {i} right", lambda h=handle: (h.focus(), h.press("ArrowRight"))
        yield f"slider {i} left", lambda h=handle: (h.focus(), h.press("ArrowLeft"),
                                                    h.press("ArrowLeft"))
    for i in range(root.locator("select").count()):
        select = root.locator("select").nth(i)
        n = select.evaluate("s => s.options.length")
        if n > 1:
            k = select.evaluate("s => s.selectedIndex")
            yield f"dropdown {i}", lambda s=select, k=(k + 1) % n: s.select_option(index=k)
    toggles = root.locator(".widget-toggle-buttons button:not(.mod-active)")
    if toggles.count():
        yield "toggle button", lambda: toggles.first.click()
    for i in range(root.locator("input[type=checkbox]").count()):
        box = root.locator("input[type=checkbox]").nth(i)
        yield f"checkbox {i}", lambda b=box: b.click()
    radios = root.locator("input[type=radio]:not(:checked)")
    if radios.count():
        yield "radio button", lambda: radios.first.check()
    for i in range(root.locator("input[type=number]").count()):
        field = root.locator("input[type=number]").nth(i)
        yield f"number {i}", lambda f=field: (f.focus(), f.press("ArrowUp"),
                                              f.press("Enter"))


def move_every_explorer(page, folder, stem):
    """Move a control of every explorer until its figure changes; return the moves."""
    count = page.evaluate(MARK_EXPLORERS_JS)
    done = []
    for i in range(count):
        root = page.locator(f"[data-awslab-explorer='{i}']")
        root.scroll_into_view_if_needed()
        before = root.evaluate(FIGURE_JS)
        tried = []
        for label, action in _moves(root):
            tried.append(label)
            action()
            if _redrawn(root, before, REDRAW_TIMEOUT if len(tried) == 1 else 10):
                done.append(label)
                root.scroll_into_view_if_needed()
                root.screenshot(path=str(folder / f"{stem}-explorer{i + 1}.png"))
                break
        else:
            raise AssertionError(f"explorer {i + 1} of {count} in {stem}: the figure did "
                                 f"not change after moving {tried or 'no control'}")
    return done


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_run_all_in_jupyterlab(notebook, page, lab_server, artifacts, capsys):
    open_notebook(page, lab_server, notebook)
    clear_outputs(page)
    state = run_all(page)
    assert state["errors"] == [], f"error outputs in {notebook.name}: {state['errors']}"
    assert shown_errors(page) == []
    first = page.locator(".jp-NotebookPanel .jp-Cell").first
    first.scroll_into_view_if_needed()
    paths = [shoot(page, artifacts, f"{notebook.stem}-top")]
    figures = page.locator(".jp-NotebookPanel .jp-RenderedImage img")
    if figures.count():
        figures.first.scroll_into_view_if_needed()
        paths.append(shoot(page, artifacts, f"{notebook.stem}-figure"))
    last = page.locator(".jp-NotebookPanel .jp-Cell").last
    last.scroll_into_view_if_needed()
    paths.append(shoot(page, artifacts, f"{notebook.stem}-end"))
    moves = move_every_explorer(page, artifacts, notebook.stem)
    assert shown_errors(page) == [], "an explorer showed an error after a control moved"
    assert page.outside_requests == [], page.outside_requests
    with capsys.disabled():
        print("\n" + "\n".join(f"screenshot: {p}" for p in paths)
              + f"\n{notebook.stem}: {len(moves)} explorers redrawn ({', '.join(moves)})")


FEEDBACK = re.compile(r"Correct|Not quite")


def run_and_find_button(page, lab_server, notebook, label):
    """Open, clear and run ``notebook``; return its first button labelled ``label``."""
    open_notebook(page, lab_server, notebook)
    clear_outputs(page)
    run_all(page)
    button = page.locator(".jp-NotebookPanel button.widget-button",
                          has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")).first
    button.scroll_into_view_if_needed()
    return button


@pytest.mark.parametrize("notebook", WELCOME, ids=[p.name for p in WELCOME])
def test_welcome_quiz_answers_a_click(notebook, page, lab_server, artifacts, capsys):
    """Quiz contract: RadioButtons, a "Check answer" button, feedback in the same box."""
    button = run_and_find_button(page, lab_server, notebook, "Check answer")
    # the nearest widget box around the button that also holds the options
    box = button.locator("xpath=ancestor::*[contains(concat(' ', @class, ' '), ' widget-box ')]"
                         "[.//*[contains(concat(' ', @class, ' '), ' widget-radio-box ')]][1]")
    options = box.locator(".widget-radio-box input[type=radio]")
    assert options.count() >= 2, "the quiz offers fewer than two options"
    before = len(FEEDBACK.findall(box.inner_text()))
    options.first.check()
    button.click()
    deadline = time.monotonic() + 20
    while len(FEEDBACK.findall(box.inner_text())) <= before:
        assert time.monotonic() < deadline, \
            f"no 'Correct' / 'Not quite' feedback after Check answer: {box.inner_text()!r}"
        time.sleep(0.2)
    path = shoot(page, artifacts, f"{notebook.stem}-quiz")
    assert page.outside_requests == [], page.outside_requests
    with capsys.disabled():
        print(f"\nscreenshot: {path}")


@pytest.mark.parametrize("notebook", EXAM, ids=[p.name for p in EXAM])
def test_exam_review_scores_a_click(notebook, page, lab_server, artifacts, capsys):
    """The practice exam form: pick an answer, "Score my exam", the report and its chart."""
    button = run_and_find_button(page, lab_server, notebook, "Score my exam")
    form = button.locator("xpath=..")
    first = form.locator(".widget-radio-box input[type=radio]").first
    first.scroll_into_view_if_needed()
    first.check()
    button.scroll_into_view_if_needed()
    button.click()
    report = form.locator(".widget-output").last
    expect = time.monotonic() + 30
    while "Score:" not in report.inner_text() or not report.locator("img").count():
        assert time.monotonic() < expect, f"no score after a click: {report.inner_text()!r}"
        time.sleep(0.25)
    assert "answered 1, unanswered" in report.inner_text()
    assert report.locator("img").first.evaluate("i => i.naturalWidth") > 0
    report.scroll_into_view_if_needed()
    path = shoot(page, artifacts, f"{notebook.stem}-scored")
    assert page.outside_requests == [], page.outside_requests
    with capsys.disabled():
        print(f"\nscreenshot: {path}")
