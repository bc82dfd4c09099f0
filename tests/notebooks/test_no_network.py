"""No network, ever: the course runs with every socket connection refused.

The notebook runs of conftest.py all have netblock.py installed in their kernels. Here we check
that the block really was active in them, that nothing even tried to connect, and, as a
positive control, that the same block stops a connection which works without it.
"""
import importlib.util
import socket

import nbformat
import pytest

from notebook_runs import NETBLOCK, NOTEBOOKS, error_outputs, execute, ids, make_netblock_dir


def load_netblock():
    spec = importlib.util.spec_from_file_location("netblock_for_test", NETBLOCK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=ids(NOTEBOOKS))
def test_notebook_runs_offline(notebook, notebook_runs):
    run = notebook_runs.get(notebook, "alice")
    lines = run.netblock_lines()
    assert any(line.startswith("installed pid=") for line in lines), \
        f"the network block was not loaded in the kernel of {notebook.name}"
    assert run.error is None, run.describe_failure()
    assert error_outputs(run.nb) == []
    attempts = [line for line in lines if line.startswith("blocked")]
    assert attempts == [], f"{notebook.name} tried to use the network: {attempts}"


CONTROL_CELLS = [
    "import socket, urllib.request",
    """\
for name, attempt in [
    ("create_connection", lambda: socket.create_connection(("127.0.0.1", PORT), timeout=5)),
    ("connect", lambda: socket.socket().connect(("127.0.0.1", PORT))),
    ("connect_ex", lambda: socket.socket().connect_ex(("127.0.0.1", PORT))),
    ("getaddrinfo", lambda: socket.getaddrinfo("localhost", PORT)),
    ("urlopen", lambda: urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=0.5)),
]:
    try:
        attempt()
        print(name, "reached the network")
    except OSError as exc:  # urllib wraps the socket error in URLError.reason
        print(name, "refused:", type(getattr(exc, "reason", exc)).__name__)""",
]


@pytest.fixture(scope="module")
def listening_port():
    """A local TCP port that accepts connections (the kernel of the backlog does)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server.getsockname()[1]


@pytest.fixture(scope="module")
def control_notebook(tmp_path_factory, listening_port):
    folder = tmp_path_factory.mktemp("netblock-control")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("PORT = 0", metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(src) for src in CONTROL_CELLS]
    path = folder / "control.ipynb"
    nbformat.write(nb, path)
    return path


def control_output(run):
    assert run.error is None, run.describe_failure()
    return "".join(o.get("text", "") for o in run.nb.cells[-1].outputs)


def test_control_connects_without_the_block(control_notebook, listening_port):
    run = execute(control_notebook, control_notebook.with_name("open.ipynb"),
                  {"PORT": listening_port})
    printed = control_output(run)
    # urlopen gets no HTTP answer from a bare socket, but it does reach the network.
    for name in ("create_connection", "connect", "getaddrinfo"):
        assert f"{name} reached the network" in printed, printed


def test_control_is_refused_with_the_block(control_notebook, listening_port, tmp_path):
    log = tmp_path / "net.log"
    run = execute(control_notebook, tmp_path / "blocked.ipynb", {"PORT": listening_port},
                  netblock_dir=make_netblock_dir(tmp_path / "netblock"), netblock_log=log)
    printed = control_output(run)
    for name in ("create_connection", "connect", "connect_ex", "getaddrinfo", "urlopen"):
        assert f"{name} refused: NetworkBlocked" in printed, printed
    blocked = [line for line in run.netblock_lines() if line.startswith("blocked")]
    assert len(blocked) == 5, blocked


def test_lab_never_opens_a_socket(monkeypatch):
    netblock = load_netblock()
    attempts = []
    for owner, name, refuse in netblock.patches():
        def recording(*args, _refuse=refuse, _name=name, **kwargs):
            attempts.append(_name)
            return _refuse(*args, **kwargs)
        monkeypatch.setattr(owner, name, recording)
    with pytest.raises(netblock.NetworkBlocked):       # the block is live in this process
        socket.create_connection(("127.0.0.1", 9))
    attempts.clear()

    from awslab import Lab

    lab = Lab(student_id="demo")
    sts = lab.client("sts")
    identity = sts.get_caller_identity()
    assert identity["Account"] == "123456789012"
    assert attempts == []
