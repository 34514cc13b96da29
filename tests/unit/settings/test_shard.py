"""Shards: every user belongs to exactly one of N instances, the split is stable, K/N is parsed strictly."""

from __future__ import annotations

import pytest

from calwizard.errors import ConfigError
from calwizard.settings.shard import Shard, propose_shards, shard_loads, shard_of

NAMES = [f"user{i:05d}" for i in range(3000)] + ["Anna", "ben", "room-1"]


@pytest.mark.parametrize("n", [1, 2, 3, 5, 8])
def test_n_shards_cover_every_user_exactly_once(n: int) -> None:
    shards = [Shard(k, n) for k in range(n)]
    for name in NAMES:
        assert sum(s.owns(name) for s in shards) == 1
    assert sum(shard_loads(NAMES, n)) == len(NAMES)
    if n > 1:
        assert min(shard_loads(NAMES, n)) > len(NAMES) / n * 0.8  # roughly even


def test_the_split_is_stable_and_case_insensitive() -> None:
    assert shard_of("Anna", 7) == shard_of("anna", 7) == shard_of(" ANNA ", 7)
    # SHA-256 of the name: the same on every machine and Python version (a change here moves users between
    # running instances: only with a migration note)
    import hashlib

    for name in ("anna", "ben", "room-1", "user00001"):
        expected = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big") % 4
        assert shard_of(name, 4) == expected
    assert shard_of("anna", 1) == 0


def test_parse() -> None:
    assert Shard.parse("0/2") == Shard(0, 2) and str(Shard.parse(" 1 / 3 ")) == "1/3"
    assert Shard.parse("ordinal/3", hostname="calwizard-engine-2.calwizard-engine.default.svc") == Shard(2, 3)
    for bad in ("2/2", "-1/2", "1", "a/b", "0/0", "1/2/3", ""):
        with pytest.raises(ConfigError) as exc:
            Shard.parse(bad)
        assert exc.value.field == "--shard"
    with pytest.raises(ConfigError, match="ordinal"):
        Shard.parse("ordinal/2", hostname="server")


def test_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CALWIZARD_SHARD", raising=False)
    assert Shard.from_env() is None
    monkeypatch.setenv("CALWIZARD_SHARD", "1/4")
    assert Shard.from_env() == Shard(1, 4)


def test_propose_shards_fits_every_shard() -> None:
    assert propose_shards(NAMES[:2000], 2000) == 1
    n = propose_shards(NAMES, 1000)
    assert n >= 4 and max(shard_loads(NAMES, n)) <= 1000
    assert max(shard_loads(NAMES, n - 1)) > 1000
