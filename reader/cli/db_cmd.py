"""``reader db upgrade|current``: migrate the catalog, or show its revision."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parser(commands: Any) -> None:
    p: argparse.ArgumentParser = commands.add_parser(
        "db",
        help="migrate the catalog database (SQLite or PostgreSQL)",
        description=(
            "Manage the catalog database: `reader db upgrade` migrates it to the newest "
            "revision (creating the tables in an empty database); `reader db current` "
            "prints its revision. The catalog is --catalog URL, else READER_CATALOG_URL, "
            "else reader.toml, else <out>/reader.db."
        ),
    )
    actions = p.add_subparsers(dest="db_action", required=True, metavar="ACTION")
    for name, help_text in (
        ("upgrade", "migrate the catalog to the newest revision"),
        ("current", "print the catalog's revision and the newest one this reader knows"),
    ):
        action: argparse.ArgumentParser = actions.add_parser(name, help=help_text)
        action.add_argument(
            "--catalog",
            default=None,
            metavar="URL",
            help="SQLite file or postgresql://user@host/database",
        )
        action.add_argument("--out", type=Path, default=None, help="editions directory (output/)")
        action.add_argument("--config", type=Path, default=None, help="settings file (reader.toml)")
        action.set_defaults(run=run)


def catalog_location(args: argparse.Namespace) -> str | Path:
    """The catalog the command line names: --catalog, else the settings' catalog."""
    if args.catalog:
        return str(args.catalog)
    from reader.config import load_settings  # pydantic loads only when it is needed

    return load_settings(args.config, out_dir=args.out).catalog_location


def run(args: argparse.Namespace) -> int:
    import sqlalchemy as sa

    from reader.catalog.engine import (
        HEAD_REVISION,
        catalog_revision,
        catalog_url,
        create_catalog_engine,
        describe_catalog,
        upgrade_catalog,
    )
    from reader.errors import ConfigError

    url = catalog_url(catalog_location(args))
    engine = create_catalog_engine(url)
    try:
        if args.db_action == "current":
            revision = catalog_revision(engine)
            now = revision or "none"
            print(f"{describe_catalog(url)}: revision {now} (newest {HEAD_REVISION})")  # noqa: T201
            return 0
        before = catalog_revision(engine)
        after = upgrade_catalog(engine)
        change = "already at" if before == after else f"upgraded from {before or 'empty'} to"
        print(f"{describe_catalog(url)}: {change} revision {after}")  # noqa: T201
        return 0
    except (OSError, sa.exc.SQLAlchemyError) as e:
        reason = str(getattr(e, "orig", None) or e).strip().splitlines()[0]
        raise ConfigError(f"catalog {describe_catalog(url)}: {reason}") from e
    finally:
        engine.dispose()
