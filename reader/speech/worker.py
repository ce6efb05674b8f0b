"""``Speaker``: an engine in a worker process, so a crash or hang is an error, not a dead program.

The worker is started with ``spawn`` (pyttsx3 is a per-process singleton and
``fork`` after its init hangs). It builds the engine, picks each role's voice
for the article's language, and answers synthesis requests in order. Every
clip it returns has been checked for sound and trimmed of leading and
trailing silence, so a clip starts at its first sound.

Requests are pipelined (several in flight) to cut round trips; each reply is
awaited at most ``timeout_s``. When the worker dies or overruns, it is killed,
the call raises ``SpeechError`` or ``EngineTimeoutError``, and the next call
starts a fresh worker.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import TYPE_CHECKING, Any

from reader.errors import EngineTimeoutError, SpeechError
from reader.processes import exit_with_parent
from reader.script.model import Role
from reader.speech.clip import Clip
from reader.speech.engine import engine_for, engine_target, resolve_roles, speak_checked
from reader.speech.identity import voice_identity
from reader.speech.messages import (
    Failed,
    Ready,
    Reply,
    Request,
    Resolve,
    Spoken,
    Stop,
    Synthesize,
)
from reader.speech.profile import ROLES, VoiceProfile, VoiceSettings

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

__all__ = ["Speaker", "open_speaker"]

_MAX_IN_FLIGHT = 16
_MAX_IN_FLIGHT_BYTES = 32 * 1024
"""Unread requests stay far below a pipe's buffer, so neither side can block the other."""
_MIN_START_TIMEOUT_S = 60.0


def open_speaker(
    profile: VoiceProfile, *, language: str, timeout_s: float = 30, threads: int | None = None
) -> Speaker:
    """Start a worker for ``profile`` speaking ``language``; use it as a context manager.
    ``threads`` caps an engine that computes on several threads (Piper)."""
    speaker = Speaker(profile, language=language, timeout_s=timeout_s, threads=threads)
    try:
        speaker.start()
    except BaseException:
        speaker.close()
        raise
    return speaker


class Speaker:
    def __init__(
        self,
        profile: VoiceProfile,
        *,
        language: str,
        timeout_s: float = 30,
        threads: int | None = None,
    ) -> None:
        self.profile = profile
        self.language = language
        self.timeout_s = timeout_s
        self.threads = threads
        """Threads the engine may compute on (Piper's onnxruntime); None: its own choice."""
        self.engine_version = ""
        self.voices: dict[Role, VoiceSettings] = {}
        """Each role's settings with the voice the engine chose for the language."""
        self._process: Any = None
        self._conn: Connection | None = None
        self._next_id = 0
        self._stale = 0
        """Replies still coming for requests whose caller went away."""

    def __enter__(self) -> Speaker:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def identity(self, role: Role) -> str:
        """Engine, engine version, voice and settings of ``role``: a cache key part."""
        return voice_identity(self.profile, role, language=self.language)

    def start(self) -> None:
        """Start the worker if none is running (``synthesize`` does this too)."""
        if self._process is not None:
            return
        # Imported here: only engines that run in a worker process need it (espeak
        # speaks in-process), and it loads socket, pickle and more (~10 ms).
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe(duplex=True)
        process = context.Process(
            target=_serve,
            args=(child, engine_target(self.profile.engine), self.timeout_s, self.threads),
            name=f"reader-speech-{self.profile.engine}",
            daemon=True,
        )
        process.start()
        child.close()
        self._process, self._conn, self._stale = process, parent, 0
        start_timeout_s = max(_MIN_START_TIMEOUT_S, self.timeout_s)
        roles = {r: self.profile.settings_for(r) for r in ROLES}
        self._send(Resolve(roles=roles, language=self.language))
        reply = self._receive(start_timeout_s, "starting the engine")
        if not isinstance(reply, Ready):
            self.close()
            raise _unexpected(reply, self.profile.engine)
        self.engine_version, self.voices = reply.engine_version, dict(reply.voices)

    def close(self) -> None:
        """Stop the worker (politely, then by force)."""
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            try:
                conn.send(Stop())
            except (OSError, ValueError):
                pass
            conn.close()
        if process is not None:
            process.join(timeout=2)
            if process.is_alive():
                process.kill()
                process.join(timeout=5)

    def synthesize(self, text: str, role: Role = "narrator") -> Clip:
        return next(iter(self.synthesize_many([(text, role)])))

    def synthesize_many(self, items: Iterable[tuple[str, Role]]) -> Iterator[Clip]:
        """Clips for ``items`` in order, several requests in flight at once."""
        pending: deque[tuple[int, str, int]] = deque()
        source = iter(items)
        exhausted = False
        in_flight_bytes = 0
        try:
            while True:
                while (
                    not exhausted
                    and len(pending) < _MAX_IN_FLIGHT
                    and (not pending or in_flight_bytes < _MAX_IN_FLIGHT_BYTES)
                ):
                    item = next(source, None)
                    if item is None:
                        exhausted = True
                        break
                    text, role = item
                    self.start()
                    self._drain_stale()
                    request_id = self._next_id
                    self._next_id += 1
                    size = len(text.encode())
                    self._send(Synthesize(request_id=request_id, text=text, role=role))
                    pending.append((request_id, text, size))
                    in_flight_bytes += size
                if not pending:
                    return
                request_id, text, size = pending[0]
                reply = self._receive(self.timeout_s, f"speaking {_quote(text)}")
                pending.popleft()
                in_flight_bytes -= size
                if not isinstance(reply, Spoken | Failed) or reply.request_id != request_id:
                    raise SpeechError(f"{self.profile.engine}: worker answered out of order")
                if isinstance(reply, Failed):
                    raise reply.error(self.profile.engine)
                yield Clip(reply.pcm, words=reply.words)
        finally:
            if pending and self._process is not None:
                self._stale += len(pending)

    def _send(self, message: Request) -> None:
        assert self._conn is not None
        try:
            self._conn.send(message)
        except (OSError, ValueError) as e:
            error = self._died("sending a request")
            raise error from e

    def _receive(self, timeout_s: float, doing: str) -> Reply:
        conn = self._conn
        assert conn is not None
        try:
            if not conn.poll(timeout_s):
                self.close()
                raise EngineTimeoutError(
                    f"{self.profile.engine}: no answer within {timeout_s:g} s while {doing}; "
                    "the engine process was stopped and will be restarted for the next call"
                )
            reply: Reply = conn.recv()
        except (EOFError, OSError) as e:
            raise self._died(doing) from e
        return reply

    def _died(self, doing: str) -> SpeechError:
        code = self._process.exitcode if self._process is not None else None
        if self._process is not None:
            self._process.join(timeout=1)
            code = self._process.exitcode
        self.close()
        return SpeechError(
            f"{self.profile.engine}: the engine process died (exit code {code}) while {doing}; "
            "it will be restarted for the next call"
        )

    def _drain_stale(self) -> None:
        while self._stale and self._process is not None:
            self._receive(self.timeout_s, "finishing an abandoned request")
            self._stale -= 1


def _serve(conn: Connection, engine_name: str, timeout_s: float, threads: int | None) -> None:
    """The worker's loop: build the engine, then answer requests until told to stop."""
    exit_with_parent()
    roles: dict[Role, VoiceSettings] = {}
    try:
        engine = engine_for(engine_name, threads=threads)
        if hasattr(engine, "timeout_s"):
            engine.timeout_s = timeout_s
    except BaseException as e:
        _reply(conn, Failed.of(None, e))
        return
    while True:
        try:
            message: Request = conn.recv()
        except (EOFError, OSError):
            return
        if isinstance(message, Stop):
            return
        try:
            if isinstance(message, Resolve):
                roles = resolve_roles(engine, message.roles, language=message.language)
                conn.send(Ready(engine_version=engine.version(), voices=roles))
            else:
                clip = speak_checked(engine, message.text, roles[message.role])
                conn.send(Spoken(request_id=message.request_id, pcm=clip.pcm, words=clip.words))
        except Exception as e:
            _reply(conn, Failed.of(getattr(message, "request_id", None), e))


def _reply(conn: Connection, reply: Reply) -> None:
    try:
        conn.send(reply)
    except (OSError, ValueError):
        pass


def _unexpected(reply: Reply, engine: str) -> Exception:
    if isinstance(reply, Failed):
        return reply.error(engine)
    return SpeechError(f"{engine}: the engine process answered {type(reply).__name__} out of turn")


def _quote(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")
