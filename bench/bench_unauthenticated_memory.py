"""Server memory under anonymous write requests, as issue 9 item 14 measured it.

    .venv/bin/python bench/bench_unauthenticated_memory.py [--requests 16] [--mib 10]

Starts ``reader serve`` with a write token, sends ``--requests`` concurrent
POSTs of ``--mib`` MiB each without the token, and prints the server's
resident memory before and after. The issue saw 78 MiB grow to 298 MiB with
16 such requests, because bodies were buffered before the token was checked;
now the token is checked from the headers and no body is read, so the ratio
after / before should stay near 1.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _post(port: int, body: bytes) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        head = (
            "POST /api/articles HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        try:
            sock.sendall(head.encode())
            sock.sendall(body)
            sock.recv(4096)
        except OSError:
            pass  # the server answered 401 and closed without reading the body


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=16)
    parser.add_argument("--mib", type=float, default=10)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="reader-bench-"))
    port = _free_port()
    env = {**os.environ, "READER_API_TOKEN": "bench-token"}
    server = subprocess.Popen(
        [sys.executable, "-m", "reader", "serve", "--out", str(out), "--port", str(port)],
        cwd=out,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.1)
        time.sleep(1)
        before = _rss_mib(server.pid)
        body = b'{"text": "' + b"x" * int(args.mib * 1024 * 1024) + b'"}'
        threads = [threading.Thread(target=_post, args=(port, body)) for _ in range(args.requests)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        time.sleep(1)
        after = _rss_mib(server.pid)
    finally:
        server.terminate()
        server.wait()
    print(
        f"{args.requests} unauthenticated POSTs of {args.mib:g} MiB: server RSS "
        f"{before:.0f} MiB -> {after:.0f} MiB, ratio {after / before:.2f} "
        "(issue 9 baseline: 78 -> 298 MiB, 3.82)"
    )


if __name__ == "__main__":
    main()
