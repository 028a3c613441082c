"""The loopback sites' server takes a crawler's first burst of connections without dropping any."""

from __future__ import annotations

import socket

from crawler.sites.serving import LoopbackServer, PageHandler


def test_a_burst_of_connections_is_queued_before_the_server_accepts_any() -> None:
    """Scrapy opens 16 connections to a site at once. With the standard library's listen queue of 5, the kernel
    dropped the rest, and each waited a second for TCP to retry: a connect that does not finish at once times out."""
    server = LoopbackServer(("127.0.0.1", 0), PageHandler)  # bound and listening, not yet accepting
    opened = []
    try:
        for _ in range(32):
            opened.append(socket.create_connection(server.server_address, timeout=0.3))
        assert len(opened) == 32
    finally:
        for connection in opened:
            connection.close()
        server.server_close()
