"""Where the catalog lives: a SQLite file or a PostgreSQL database, given by URL.

``catalog_url`` turns what a user writes (a path, ``sqlite:///…``,
``postgresql://…``) into a SQLAlchemy URL (PostgreSQL goes through psycopg 3);
``create_catalog_engine`` opens it; ``upgrade_catalog`` runs the Alembic
migrations shipped in ``reader/catalog/migrations`` up to the newest one.

A SQLite catalog runs in WAL mode (the server reads while a writer writes)
and takes the write lock at the start of a write transaction
(``BEGIN IMMEDIATE``), so concurrent writers wait (``busy_timeout``) instead
of failing half-way. On PostgreSQL concurrent upgrades serialise on an
advisory lock. ``HEAD_REVISION`` and the SQLite connection settings come from
``reader.catalog.lite``, which writes without SQLAlchemy with the same ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlalchemy as sa

from reader.catalog.lite import HEAD_REVISION, SQLITE_TIMEOUT_S, configure_sqlite_connection
from reader.errors import ConfigError

__all__ = [
    "HEAD_REVISION",
    "catalog_revision",
    "catalog_url",
    "create_catalog_engine",
    "describe_catalog",
    "upgrade_catalog",
]


def catalog_url(location: str | Path) -> sa.URL:
    """The SQLAlchemy URL of a catalog given as a path or a URL.

    ``output/reader.db`` and ``sqlite:///output/reader.db`` are SQLite files;
    ``postgresql://user@host/db`` (or ``postgres://``) is PostgreSQL through
    psycopg 3. Raises ConfigError for any other scheme.
    """
    text = str(location)
    if isinstance(location, Path) or "://" not in text:
        return sa.URL.create("sqlite", database=str(Path(text)))
    try:
        url = sa.make_url(text)
    except sa.exc.ArgumentError as e:
        raise ConfigError(f"catalog URL {_hide_password(text)!r} is not a valid URL ({e})") from e
    backend = url.get_backend_name()
    if backend == "sqlite":
        return url.set(drivername="sqlite")
    if backend in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    raise ConfigError(
        f"catalog URL {_hide_password(text)!r}: unknown database {backend!r}; "
        "use a SQLite file path or postgresql://user@host/database"
    )


def describe_catalog(url: sa.URL) -> str:
    """The catalog's address for messages, without its password."""
    if url.get_backend_name() == "sqlite":
        return str(url.database)
    return url.render_as_string(hide_password=True)


def _hide_password(text: str) -> str:
    try:
        return sa.make_url(text).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return text


def create_catalog_engine(url: sa.URL) -> sa.Engine:
    """An engine for the catalog at ``url``: thread-safe, pooled, ready for writers.

    Writes should run in ``connection.execution_options(immediate=True)``
    transactions: on SQLite these start with ``BEGIN IMMEDIATE``.
    """
    if url.get_backend_name() == "sqlite":
        if url.database not in (None, "", ":memory:"):
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": SQLITE_TIMEOUT_S})
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        return sa.create_engine(url, pool_pre_ping=True)
    except ModuleNotFoundError as e:
        raise ConfigError(
            f"catalog {describe_catalog(url)}: PostgreSQL needs psycopg; "
            "install reader with the scale extra: pip install 'article-reader[scale]'"
        ) from e


def _sqlite_connect(dbapi_connection: Any, _record: object) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN
    configure_sqlite_connection(dbapi_connection)


def _sqlite_begin(connection: sa.Connection) -> None:
    immediate = connection.get_execution_options().get("immediate", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def catalog_revision(engine: sa.Engine) -> str | None:
    """The catalog's migration revision; None for an empty or pre-migration catalog."""
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def upgrade_catalog(engine: sa.Engine, revision: str = "head") -> str:
    """Migrate the catalog to ``revision`` (the newest by default); return the revision.

    Creates the tables in an empty database, and brings a catalog written
    before migrations existed (tables but no ``alembic_version``) up to date
    without losing a row. Safe to run from several processes at once.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "reader.catalog:migrations")
    with engine.connect() as conn:
        conn.execution_options(immediate=True)  # SQLite: take the write lock up front
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
        conn.commit()
    current = catalog_revision(engine)
    assert current is not None
    return current
