"""Helpers for tests that start real servers on loopback."""

import socket


def free_port() -> int:
    """A port nothing listens on now, so parallel runs and other servers on the machine don't
    collide with fixed numbers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
