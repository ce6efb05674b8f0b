"""What each engine offers: its version and voices, asked in a process of its own.

Engines cannot share a process safely (pyttsx3 and the direct espeak binding
initialise the same library differently), so each is asked in a fresh
worker started with spawn.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from reader.errors import ReaderError
from reader.speech.engine import VoiceInfo, engine_for

__all__ = ["EngineReport", "read_engine_reports"]


@dataclass(frozen=True, slots=True, kw_only=True)
class EngineReport:
    name: str
    installed: bool
    version: str = ""
    voices: tuple[VoiceInfo, ...] = ()
    problem: str = ""
    """Why the engine cannot be used, and how to fix it."""


def read_engine_reports(names: Sequence[str], *, timeout_s: float = 60) -> list[EngineReport]:
    """One report per engine name, in the order given."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        max_workers=max(1, len(names)), mp_context=context, max_tasks_per_child=1
    ) as pool:
        futures = [pool.submit(_report, name) for name in names]
        reports = []
        for name, future in zip(names, futures, strict=True):
            try:
                reports.append(future.result(timeout=timeout_s))
            except FutureTimeout:
                reports.append(
                    EngineReport(name=name, installed=False, problem="did not answer in time")
                )
            except Exception as e:  # a crashed worker (BrokenProcessPool) and the like
                reports.append(EngineReport(name=name, installed=False, problem=str(e)))
    return reports


def _report(name: str) -> EngineReport:
    try:
        engine = engine_for(name)
        return EngineReport(
            name=name,
            installed=True,
            version=engine.version(),
            voices=tuple(engine.list_voices()),
        )
    except ReaderError as e:
        return EngineReport(name=name, installed=False, problem=str(e))
