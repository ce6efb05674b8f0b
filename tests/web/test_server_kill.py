"""kill -9 of ``reader serve`` mid-job: the job process and its ffmpeg end at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
from test_processes import wait_gone

from reader.processes import child_pids

from .test_serve import _free_port

TESTS = Path(__file__).resolve().parents[1]


def test_killing_the_server_ends_its_job_and_the_jobs_ffmpeg(tmp_path: Path) -> None:
    (tmp_path / "reader.toml").write_text(
        '[server]\napi_token = "t0ken"\njob_function = "web.fake_narration:narrate"\n'
    )
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), *sys.path])}
    env.pop("READER_API_TOKEN", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "reader", "serve", "--out", str(tmp_path / "out")]
        + ["--port", str(port), "--config", str(tmp_path / "reader.toml")],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    pid_file = tmp_path / "job.pid"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{url}/feed.xml", timeout=2)
                break
            except httpx.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "no server"
                time.sleep(0.1)
        article = {"text": f"# Busy\n\nFFMPEG:{pid_file}", "format": "markdown"}
        answer = httpx.post(
            f"{url}/api/articles", json=article, headers={"Authorization": "Bearer t0ken"}
        )
        assert answer.status_code == 202, answer.text
        while not (pid_file.exists() and pid_file.read_text()):
            assert time.monotonic() < deadline, "the job never started"
            time.sleep(0.05)
        job = int(pid_file.read_text())
        while not (tools := child_pids(job)):
            assert time.monotonic() < deadline, "the job's ffmpeg never started"
            time.sleep(0.05)
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        assert wait_gone([job, *tools], 1.5) == []
    finally:
        server.kill()
        server.wait()
