"""The socket `jobbmatch serve --workers N` shares is a TCP socket proper.

Accepted connections inherit the listener's `proto`; asyncio only sets TCP_NODELAY
when it is IPPROTO_TCP, and without it every keep-alive response waits for the
client's delayed ACK (~40 ms on Linux, uvicorn issue #3149).
"""

import socket

from service.cli import _listener


def test_the_shared_listener_is_created_as_tcp() -> None:
    sock = _listener("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
        assert sock.get_inheritable()
    finally:
        sock.close()
