"""The control channel between the CLI and the running daemon.

`protocol` owns what a request may say, `server` the daemon's end and the
single-instance guard, `client` the CLI's end. The names below are the
package's public face.
"""

from deskbreak.ipc.client import Client, DaemonFailed, NoAnswer, NotRunning
from deskbreak.ipc.protocol import MAX_LINE, DaemonCommands, handle_line, parse_clock, pause_spec
from deskbreak.ipc.server import MAX_CONNECTIONS, READ_TIMEOUT, AlreadyRunning, Server

__all__ = [
    "MAX_CONNECTIONS",
    "MAX_LINE",
    "READ_TIMEOUT",
    "AlreadyRunning",
    "Client",
    "DaemonCommands",
    "DaemonFailed",
    "NoAnswer",
    "NotRunning",
    "Server",
    "handle_line",
    "parse_clock",
    "pause_spec",
]
