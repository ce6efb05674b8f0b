"""The Celery app: broker from the CLI, the environment or reader.toml; settings for
long tasks (late acks, one task prefetched, Redis redelivery)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.config import load_settings
from reader.errors import ConfigError
from reader.queue import create_celery


def test_the_broker_comes_from_the_cli_then_the_environment_then_reader_toml(
    tmp_path: Path,
) -> None:
    config = tmp_path / "reader.toml"
    config.write_text(
        '[queue]\nbroker = "redis://file:6379/1"\nname = "mine"\nvisibility_timeout_s = 6000\n'
    )
    settings = load_settings(config, env={})
    assert settings.broker_url == "redis://file:6379/1" and settings.queue_name == "mine"
    assert create_celery(settings).conf.broker_url == "redis://file:6379/1"
    from_env = load_settings(config, env={"READER_BROKER_URL": "amqp://env:5672//"})
    assert from_env.broker_url == "amqp://env:5672//"
    app = create_celery(from_env, broker_url="redis://cli:6379/2")
    assert app.conf.broker_url == "redis://cli:6379/2"


def test_long_tasks_are_acknowledged_late_and_redelivered() -> None:
    settings = load_settings(env={"READER_BROKER_URL": "redis://h:6379/3"})
    conf = create_celery(settings, broker_url=None).conf
    assert conf.task_acks_late is True and conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    # The deadline: job_timeout_s (30 min) soft, a minute more hard.
    assert (conf.task_soft_time_limit, conf.task_time_limit) == (1800, 1860)
    # Redis redelivers a dead worker's task after the hard limit, the longest retry
    # wait and a minute; every worker sweeps for such tasks every 10 s, not 100 s.
    transport = conf.broker_transport_options
    assert transport["visibility_timeout"] == 1860 + 300 + 60
    assert transport["unacked_restore_interval"] == 10
    assert transport["unacked_restore_throttle"] == 1
    assert conf.result_backend == "redis://h:6379/3"
    assert conf.task_default_queue == "reader"
    rabbit = create_celery(settings, broker_url="amqp://guest:guest@h:5672//").conf
    assert rabbit.result_backend == "rpc://" and "visibility_timeout" not in (
        rabbit.broker_transport_options or {}
    )


def test_the_redis_visibility_timeout_follows_the_deadline(tmp_path: Path) -> None:
    env = {"READER_BROKER_URL": "redis://h:6379/3", "READER_JOB_TIMEOUT_S": "20"}
    conf = create_celery(load_settings(env=env)).conf
    assert (conf.task_soft_time_limit, conf.task_time_limit) == (20, 30)
    assert conf.broker_transport_options["visibility_timeout"] == 30 + 300 + 60
    shorter = create_celery(load_settings(env={**env, "READER_VISIBILITY_TIMEOUT_S": "32"}))
    assert shorter.conf.broker_transport_options["visibility_timeout"] == 32
    assert shorter.conf.broker_transport_options["unacked_restore_interval"] == 3
    with pytest.raises(ConfigError, match=r"visibility_timeout_s \(30 s\) must be longer"):
        create_celery(load_settings(env={**env, "READER_VISIBILITY_TIMEOUT_S": "30"}))


@pytest.mark.parametrize(
    ("broker", "needle"), [(None, "no broker"), ("http://h/", "must start with redis://")]
)
def test_a_missing_or_wrong_broker_says_how_to_give_one(broker: str | None, needle: str) -> None:
    with pytest.raises(ConfigError, match=needle):
        create_celery(load_settings(env={}, broker_url=broker))


def test_an_unknown_queue_key_is_a_config_error(tmp_path: Path) -> None:
    config = tmp_path / "reader.toml"
    config.write_text('[queue]\nbrokers = "redis://x"\n')
    with pytest.raises(ConfigError, match="unknown key 'brokers' in \\[queue\\]"):
        load_settings(config, env={})
