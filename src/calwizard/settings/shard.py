"""Shards: N engine instances that together sync every configured user exactly once.

One EWS service account carries at most 10 streaming connections ("hanging connection limit") of at most
``max_subscriptions_per_connection`` (<= 200) subscriptions each: its *streaming budget*. A configuration with
more users runs as N instances, ``calwizard engine run --shard K/N`` for K = 0 … N-1, each with its own state
directory (and, where the account's other limits call for it, its own service account).

An instance owns a user when :func:`shard_of` of the user's PBX name is its K. The hash is SHA-256 of the PBX
name in lower case (PBX names are unique and case-insensitive in a configuration, and do not change when an
address does), so every instance computes the same assignment on any machine and Python version, and each user
belongs to exactly one instance. Hashing does not split users evenly: :func:`propose_shards` picks the smallest N
for which *every* shard fits the budget.
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from calwizard.errors import ConfigError
from calwizard.i18n import translate

STREAMING_CONNECTIONS = 10
"""Streaming connections per service account (Exchange's default hanging connection limit)."""
SHARD_ENV = "CALWIZARD_SHARD"
"""Environment variable with ``K/N`` when ``--shard`` is not given (containers)."""
MAX_SHARDS = 1000

_SPEC = re.compile(r"^\s*(\d+|ordinal)\s*/\s*(\d+)\s*$", re.IGNORECASE)
_ORDINAL = re.compile(r"-(\d+)$")


def shard_of(pbx_name: str, count: int) -> int:
    """The shard (0 … ``count``-1) that owns the user with PBX name ``pbx_name``."""
    digest = hashlib.sha256(pbx_name.strip().lower().encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count


def streaming_budget(max_subscriptions_per_connection: int) -> int:
    """Users one service account can follow with streaming notifications (10 connections x per connection)."""
    return STREAMING_CONNECTIONS * max_subscriptions_per_connection


def shard_loads(pbx_names: Iterable[str], count: int) -> list[int]:
    """How many of ``pbx_names`` each of ``count`` shards owns."""
    loads = Counter(shard_of(name, count) for name in pbx_names)
    return [loads.get(k, 0) for k in range(count)]


def propose_shards(pbx_names: Iterable[str], budget: int) -> int:
    """The smallest number of shards in which every shard owns at most ``budget`` users (1 when all fit)."""
    names = list(pbx_names)
    count = max(1, -(-len(names) // max(budget, 1)))
    while count < MAX_SHARDS and max(shard_loads(names, count)) > budget:
        count += 1
    return count


@dataclass(frozen=True)
class Shard:
    """This instance's part of the users: shard ``index`` of ``count``."""

    index: int
    count: int

    def owns(self, pbx_name: str) -> bool:
        return shard_of(pbx_name, self.count) == self.index

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    @classmethod
    def parse(cls, text: str, *, hostname: str | None = None) -> Shard:
        """``K/N`` (0 <= K < N), or ``ordinal/N``: K is the number at the end of the host name, as in a
        Kubernetes StatefulSet's pod names (``calwizard-engine-2`` -> 2).

        Raises:
            ConfigError: (field ``--shard``) not of that form, K out of range, or no ordinal in the host name.
        """
        m = _SPEC.match(text or "")
        if not m:
            raise ConfigError(translate("engine", "--shard {value} is not K/N").format(value=repr(text)),
                              field="--shard", remedy=translate(
                                  "engine", "Give the shard as K/N with 0 <= K < N, e.g. --shard 0/2 and --shard 1/2."))
        count = int(m.group(2))
        if m.group(1).lower() == "ordinal":
            host = hostname if hostname is not None else socket.gethostname()
            o = _ORDINAL.search(host.split(".")[0])
            if not o:
                raise ConfigError(
                    translate("engine", "--shard {value}: the host name {host} ends in no ordinal (-0, -1, …)").format(
                        value=text, host=repr(host)), field="--shard",
                    remedy=translate("engine", "Give K explicitly (--shard K/N), or run the instances as a StatefulSet "
                                     "whose pods are named NAME-0, NAME-1, …."))
            index = int(o.group(1))
        else:
            index = int(m.group(1))
        if not 1 <= count <= MAX_SHARDS or not 0 <= index < count:
            raise ConfigError(translate("engine", "--shard {value}: K must be 0 to N-1 and N 1 to {most}").format(
                value=text, most=MAX_SHARDS), field="--shard",
                remedy=translate("engine", "Run N instances with --shard 0/N … --shard {last}/N.").format(
                    last=max(count, 1) - 1))
        return cls(index, count)

    @classmethod
    def from_env(cls) -> Shard | None:
        """The shard in ``$CALWIZARD_SHARD``, or None when it is not set. Raises :class:`ConfigError`."""
        text = os.environ.get(SHARD_ENV, "").strip()
        return cls.parse(text) if text else None
