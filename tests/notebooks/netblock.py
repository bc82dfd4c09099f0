"""Refuse every network connection this Python process tries to make.

The notebook tests copy this file as ``sitecustomize.py`` into a folder that goes first on a
kernel's ``PYTHONPATH``, so the kernel installs the block at start-up; the unit test installs
the same patches in-process with ``monkeypatch``. The kernel's own channels are ZMQ sockets,
made in C by libzmq, so they do not pass through Python's ``socket`` module and keep working.

If ``NETBLOCK_LOG`` names a file, the process appends ``installed pid=N`` to it when the block
is installed and one ``blocked ...`` line per refused attempt, so a test can tell that the
block was active and that nothing tried the network, even where the code caught the error.
"""
import os
import socket

LOG_ENV = "NETBLOCK_LOG"


class NetworkBlocked(ConnectionRefusedError):
    """Raised instead of connecting: the course must never touch the network."""


def _log(line):
    path = os.environ.get(LOG_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(line + "\n")


def _refuse(what, skip_self):
    def refuse(*args, **kwargs):
        target = args[1:] if skip_self else args
        _log(f"blocked {what} {target!r}")
        raise NetworkBlocked(f"network access is blocked in the awslab tests: "
                             f"{what}{target!r}")
    refuse.__name__ = what
    return refuse


def patches():
    """``(owner, attribute, replacement)`` for every entry point that reaches the network."""
    return [
        (socket.socket, "connect", _refuse("socket.connect", True)),
        (socket.socket, "connect_ex", _refuse("socket.connect_ex", True)),
        (socket, "create_connection", _refuse("socket.create_connection", False)),
        (socket, "getaddrinfo", _refuse("socket.getaddrinfo", False)),
    ]


def install():
    for owner, name, replacement in patches():
        setattr(owner, name, replacement)
    _log(f"installed pid={os.getpid()}")


if __name__ == "sitecustomize":
    install()
