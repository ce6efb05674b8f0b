"""Jobs end to end: queued over HTTP, narrated in a worker process (the fake
narrator), recorded in the catalog, in the feed; restarts; deletes."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import feedparser
import pytest
from support.fake_engine import FAKE_ENGINE

from reader.catalog import Catalog
from reader.config import Settings
from reader.errors import ConfigError
from reader.web.worker import load_job_function, narrate_job

from .conftest import TOKEN, Server, run_server, server_settings

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _wait_for(server: Server, job_id: str, statuses: tuple[str, ...] = ("done", "failed")) -> Any:
    deadline = time.monotonic() + 90
    with server.client() as client:
        while True:
            job = client.get(f"/api/jobs/{job_id}").json()
            if job["status"] in statuses:
                return job
            assert time.monotonic() < deadline, f"job stuck: {job}"
            time.sleep(0.1)


def _post(server: Server, body: dict[str, Any]) -> str:
    with server.client() as client:
        r = client.post("/api/articles", json=body, headers=AUTH)
    assert r.status_code == 202, r.text
    return str(r.json()["id"])


def test_a_text_job_becomes_an_episode_in_the_feed(
    fresh_out: Path, start_server: Callable[[Settings], Server]
) -> None:
    server = start_server(server_settings(fresh_out))
    job_id = _post(server, {"text": "# Leg cramps\n\nBody.", "format": "markdown", "voice": "joe"})
    job = _wait_for(server, job_id)
    assert job["status"] == "done", job
    assert job["slug"] == "leg-cramps" and job["error"] is None and job["attempts"] == 1
    assert job["episode_url"] == f"{server.url}/api/episodes/leg-cramps"
    assert job["notices"] == [], "a job function that returns a Manifest has no notices"
    record = json.loads((fresh_out / "leg-cramps" / "job.json").read_text())
    assert record == {
        "format": "markdown",
        "source": "<api>",
        "voice": "joe",
        "lexicons": [],
        "language_dirs": [],
        "formats": ["mp3"],
        "read_references": False,
    }
    with server.client() as client:
        titles = {e.title for e in feedparser.parse(client.get("/feed.xml").content).entries}
        assert "Leg cramps" in titles
        episode = client.get("/api/episodes/leg-cramps").json()
        assert client.get(episode["audio_url"]).status_code == 200


def test_the_default_voice_comes_from_settings(
    fresh_out: Path, start_server: Callable[[Settings], Server]
) -> None:
    server = start_server(server_settings(fresh_out, voice="piper-joe"))
    job = _wait_for(server, _post(server, {"text": "# Voices\n\nBody."}))
    assert job["status"] == "done", job
    record = json.loads((fresh_out / "voices" / "job.json").read_text())
    assert record["voice"] == "piper-joe" and record["format"] is None


def test_jobs_narrate_with_the_narrate_settings_of_the_server(
    fresh_out: Path, start_server: Callable[[Settings], Server]
) -> None:
    lexicon, languages = fresh_out / "names.toml", fresh_out / "languages"
    settings = server_settings(
        fresh_out,
        lexicons=(lexicon,),
        language_dirs=(languages,),
        formats=("m4b",),
        read_references=True,
    )
    server = start_server(settings)
    job = _wait_for(server, _post(server, {"text": "# Settings\n\nBody."}))
    assert job["status"] == "done", job
    record = json.loads((fresh_out / "settings" / "job.json").read_text())
    assert record["lexicons"] == [str(lexicon)]
    assert record["language_dirs"] == [str(languages)]
    assert record["formats"] == ["mp3", "m4b"] and record["read_references"] is True


def test_a_real_job_speaks_with_the_servers_voices_and_language_files(
    tmp_path: Path, start_server: Callable[[Settings], Server]
) -> None:
    voices, languages = tmp_path / "voices", tmp_path / "languages"
    voices.mkdir()
    languages.mkdir()
    (voices / "tones.toml").write_text(f'engine = "{FAKE_ENGINE}"\n', encoding="utf-8")
    (languages / "en.toml").write_text(
        'code = "en"\nname = "English"\n\n[phrases]\nby = "Written by {author}."\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    settings = server_settings(
        out,
        job_function="reader.web.worker:narrate_job",
        voice="tones",
        voices_dir=voices,
        language_dirs=(languages,),
        formats=("m4b",),
    )
    server = start_server(settings)
    text = "---\ntitle: Tones\nauthor: Ada\n---\n\nBody text here.\n"
    job = _wait_for(server, _post(server, {"text": text, "format": "markdown"}))
    assert job["status"] == "done", job
    transcript = (out / "tones" / "transcript.vtt").read_text(encoding="utf-8")
    assert "Written by Ada." in transcript
    assert (out / "tones" / "episode.m4b").is_file()


def test_a_failing_job_reports_the_error(
    fresh_out: Path, start_server: Callable[[Settings], Server]
) -> None:
    server = start_server(server_settings(fresh_out))
    job = _wait_for(server, _post(server, {"text": "# Broken\n\nFAIL"}))
    assert job["status"] == "failed"
    assert job["error"] == "<api>: the fake narrator refuses this article"


def test_a_crashing_worker_fails_the_job_not_the_server(
    fresh_out: Path, start_server: Callable[[Settings], Server]
) -> None:
    server = start_server(server_settings(fresh_out))
    job = _wait_for(server, _post(server, {"text": "# Crash\n\nCRASH"}))
    assert job["status"] == "failed"
    assert "exit code 3" in job["error"]
    after = _wait_for(server, _post(server, {"text": "# After the crash\n\nBody."}))
    assert after["status"] == "done"


@pytest.fixture
def article_site() -> Iterator[str]:
    """A local web server with one article and a redirect to it."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/moved":
                self.send_response(302)
                self.send_header("Location", "/article.md")
                self.end_headers()
                return
            body = b"# Fetched article\n\nFrom the web."
            self.send_response(200)
            self.send_header("Content-Type", "text/markdown; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_url_job_fetches_the_article_when_private_urls_are_allowed(
    fresh_out: Path, start_server: Callable[[Settings], Server], article_site: str
) -> None:
    server = start_server(server_settings(fresh_out, allow_private_urls=True))
    job = _wait_for(server, _post(server, {"url": f"{article_site}/moved"}))
    assert job["status"] == "done", job
    record = json.loads((fresh_out / "fetched-article" / "job.json").read_text())
    assert record["source"] == f"{article_site}/article.md"
    assert record["format"] == "markdown"


def test_the_worker_checks_the_url_again_when_it_fetches(
    fresh_out: Path, start_server: Callable[[Settings], Server], article_site: str
) -> None:
    """A job that reached the queue some other way is still refused at fetch time."""
    server = start_server(server_settings(fresh_out, allow_private_urls=False))
    catalog = Catalog(server.settings.catalog_path)
    job = catalog.add_job({"url": f"{article_site}/moved"})
    job_id = job.id
    done = _wait_for(server, job_id)
    assert done["status"] == "failed"
    assert "non-public address" in done["error"]


def test_an_interrupted_job_runs_again_after_a_restart(fresh_out: Path, tmp_path: Path) -> None:
    release = tmp_path / "release"
    started = Path(f"{release}.started")
    settings = server_settings(fresh_out)
    with run_server(settings) as first:
        job_id = _post(first, {"text": f"# Slow one\n\nWAIT:{release}"})
        _wait_for(first, job_id, ("running",))
        deadline = time.monotonic() + 60
        while not started.exists():
            assert time.monotonic() < deadline
            time.sleep(0.05)
    # The server stopped mid-job: the job is still marked running.
    stopped = Catalog(settings.catalog_path).job(job_id)
    assert stopped is not None and stopped.status == "running"
    with run_server(settings) as second:
        _wait_for(second, job_id, ("running",))
        release.touch()
        job = _wait_for(second, job_id)
    assert job["status"] == "done", job
    assert job["attempts"] == 2
    assert started.read_text().count("started") == 2


def test_delete_takes_the_episode_out_of_the_feed_and_off_disk(
    fresh_out: Path, start_server: Callable[[Settings], Server]
) -> None:
    server = start_server(server_settings(fresh_out))
    slug = "calf-cramps"
    with server.client() as client:
        before = client.get("/feed.xml")
        assert b"Calf cramps" in before.content
        r = client.delete(f"/api/episodes/{slug}", headers=AUTH)
        assert r.status_code == 204
        assert not (fresh_out / slug).exists()
        after = client.get("/feed.xml", headers={"If-None-Match": before.headers["etag"]})
        assert after.status_code == 200 and b"Calf cramps" not in after.content
        assert client.get(f"/api/episodes/{slug}").status_code == 404
        assert client.get(f"/episodes/{slug}/{slug}.mp3").status_code == 404
        assert client.delete(f"/api/episodes/{slug}", headers=AUTH).status_code == 404
        assert (fresh_out / "inner-thigh-cramps").is_dir()


def test_the_job_function_is_swappable_by_import_path() -> None:
    from .fake_narration import JOB_FUNCTION, narrate

    assert load_job_function(JOB_FUNCTION) is narrate
    assert load_job_function("reader.web.worker:narrate_job") is narrate_job
    with pytest.raises(ConfigError, match="module:function"):
        load_job_function("reader.web.worker:nothing")


GERMAN = "---\ntitle: Krämpfe\nlanguage: de\n---\n\nKrämpfe sind häufig.\n"


def test_a_job_in_a_language_without_a_neural_voice_logs_the_fallback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from reader.narrate import NarrateSettings

    settings = NarrateSettings(out_dir=tmp_path / "out", speech_workers=1)
    with caplog.at_level("WARNING", logger="reader.web.worker"):
        result = narrate_job(GERMAN, format="markdown", source="<api>", settings=settings)
    assert result.manifest.voice["engine"] == "espeak"
    (record,) = caplog.records
    assert "krampfe" in record.getMessage() and "'Krämpfe' is in de" in record.getMessage()
    assert "'espeak'" in record.getMessage()
    assert result.notices == (record.getMessage().split(": ", 1)[1],)


def test_the_job_status_and_the_episode_say_the_voice_fell_back(
    tmp_path: Path, start_server: Callable[[Settings], Server]
) -> None:
    """A German article asked of the default (English Piper) voice is read by espeak-ng:
    the publisher reads why in the job's ``notices``, and the episode's ``voice``."""
    settings = server_settings(tmp_path / "out", job_function="reader.web.worker:narrate_job")
    server = start_server(settings)
    job = _wait_for(server, _post(server, {"text": GERMAN, "format": "markdown"}))
    assert job["status"] == "done", job
    (notice,) = job["notices"]
    assert notice.startswith("'Krämpfe' is in de, which the 'default' voice (piper)")
    assert notice.endswith("read by the 'espeak' voice (espeak) instead")
    with server.client() as client:
        episode = client.get(job["episode_url"]).json()
        again = client.get(job["job_url"]).json()
    assert episode["voice"] == {"profile": "espeak", "engine": "espeak", "fallback_from": "default"}
    assert again["notices"] == [notice], "kept in the catalog"
    english = _wait_for(server, _post(server, {"text": "# Cramps\n\nThey hurt.\n"}))
    assert english["status"] == "done" and english["notices"] == [], english
