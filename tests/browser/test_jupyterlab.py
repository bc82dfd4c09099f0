"""The course in a real browser: JupyterLab 4 in headless Debian Chromium, driven by Playwright.

One JupyterLab server serves a temporary copy of the repo's notebooks (JupyterLab autosaves)
with a fresh configuration. For every notebook: open it, clear all outputs, Run All, wait for
the kernel, check that no cell shows an error, and save a screenshot. The quiz of
00_welcome.ipynb is answered by clicking, as a learner would.

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
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WELCOME = [p for p in NOTEBOOKS if p.name == "00_welcome.ipynb"]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
RUN_TIMEOUT = 300           # seconds for Run All of one notebook
STDERR = "application/vnd.jupyter.stderr"

pytestmark = pytest.mark.browser


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}; .ci/run installs it", pytrace=False)
        pytest.skip(reason)
    return CHROMIUM


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


@pytest.fixture(scope="module")
def lab_server(chromium, tmp_path_factory):
    server = LabServer(tmp_path_factory.mktemp("jupyterlab"))
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), headless=True,
                                    args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory):
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture
def page(browser, lab_server):
    """A fresh page; any request that would leave this machine is refused and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    outside = []

    def guard(route):
        host = urllib.parse.urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith("data:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.outside_requests = outside
    try:
        yield page
    finally:
        context.close()


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


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_run_all_in_jupyterlab(notebook, page, lab_server, screenshots, capsys):
    open_notebook(page, lab_server, notebook)
    clear_outputs(page)
    state = run_all(page)
    assert state["errors"] == [], f"error outputs in {notebook.name}: {state['errors']}"
    assert shown_errors(page) == []
    first = page.locator(".jp-NotebookPanel .jp-Cell").first
    first.scroll_into_view_if_needed()
    paths = [shoot(page, screenshots, f"{notebook.stem}-top")]
    figures = page.locator(".jp-NotebookPanel .jp-RenderedImage img")
    if figures.count():
        figures.first.scroll_into_view_if_needed()
        paths.append(shoot(page, screenshots, f"{notebook.stem}-figure"))
    last = page.locator(".jp-NotebookPanel .jp-Cell").last
    last.scroll_into_view_if_needed()
    paths.append(shoot(page, screenshots, f"{notebook.stem}-end"))
    assert page.outside_requests == [], page.outside_requests
    with capsys.disabled():
        print("\n" + "\n".join(f"screenshot: {p}" for p in paths))


FEEDBACK = re.compile(r"Correct|Not quite")


@pytest.mark.parametrize("notebook", WELCOME, ids=[p.name for p in WELCOME])
def test_welcome_quiz_answers_a_click(notebook, page, lab_server, screenshots, capsys):
    """Quiz contract: RadioButtons, a "Check answer" button, feedback in the same box."""
    open_notebook(page, lab_server, notebook)
    clear_outputs(page)
    run_all(page)
    button = page.locator(".jp-NotebookPanel button.widget-button",
                          has_text=re.compile(r"^\s*Check answer\s*$")).first
    button.scroll_into_view_if_needed()
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
    path = shoot(page, screenshots, f"{notebook.stem}-quiz")
    assert page.outside_requests == [], page.outside_requests
    with capsys.disabled():
        print(f"\nscreenshot: {path}")
