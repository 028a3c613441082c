"""The loopback sites' server takes a crawler's first burst of connections without dropping any, and answers at once."""

from __future__ import annotations

import socket
import threading
import urllib.request

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


class _ReportsNoDelay(PageHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        nodelay = self.connection.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
        self.send_page(200, "text/plain", str(nodelay).encode())


def test_each_response_goes_out_at_once() -> None:
    """Headers and body are two writes: with Nagle's algorithm on, the body waited for the client's delayed
    acknowledgement of the headers (up to 40 ms a response). The server's connections have TCP_NODELAY set."""
    server = LoopbackServer(("127.0.0.1", 0), _ReportsNoDelay)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/", timeout=10) as response:
            assert int(response.read()) != 0
    finally:
        server.shutdown()
        server.server_close()
