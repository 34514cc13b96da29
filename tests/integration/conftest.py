"""Integration fixtures: one sandbox tenant per test session (real HTTPS on loopback).

``sandbox`` is the started :class:`calwizard.sandbox.Sandbox`; ``sandbox_policy`` the
:class:`calwizard.exchange.http.HttpPolicy` that trusts its CA and routes its host names to it.
Tests that need a sandbox with other parameters build one on ``sandbox_data_dir`` (keys are reused).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from calwizard.exchange.http import HttpPolicy
from calwizard.sandbox import Sandbox


@pytest.fixture(scope="session")
def sandbox_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("sandbox-data")


@pytest.fixture(scope="session")
def sandbox(sandbox_data_dir: Path) -> Iterator[Sandbox]:
    sb = Sandbox(sandbox_data_dir)
    sb.start()
    try:
        yield sb
    finally:
        sb.stop()


def policy_for(sb: Sandbox, cache_dir: Path) -> HttpPolicy:
    """The HTTP policy of a client of ``sb`` (CA + host overrides; CA bundle cached in ``cache_dir``)."""
    return HttpPolicy(ca_file=sb.ca_file, host_overrides=sb.host_overrides, timeout=20.0, cache_dir=cache_dir)


@pytest.fixture(scope="session")
def sandbox_policy(sandbox: Sandbox, tmp_path_factory: pytest.TempPathFactory) -> HttpPolicy:
    return policy_for(sandbox, tmp_path_factory.mktemp("ca-cache"))
