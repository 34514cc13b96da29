"""The sync engine as an operating system service: ``calwizard engine install-service | uninstall-service |
service-status``.

One plan, three service managers: :func:`prepare` turns a configuration or bundle into what the service runs
(its own configuration file, its own encrypted secret store, a passphrase for it that only the service can
read) and the platform module writes the service definition:

* Linux — a systemd unit (:mod:`.systemd`): ``DynamicUser``, ``Restart=on-failure``, hardening, journald
  logging; the configuration and the store passphrase reach the service as systemd credentials
  (``LoadCredential=``; encrypted with ``systemd-creds`` where available).
* macOS — a launchd daemon (:mod:`.launchd`): a plist in ``/Library/LaunchDaemons``, ``launchctl bootstrap``.
* Windows — a service of the pywin32 service framework (:mod:`.windows`): automatic (delayed) start, restart
  on failure, a chosen account; the store passphrase protected with DPAPI.

**How secrets reach the service** (the same on every platform): the bundle's (or this machine's store's)
secrets are written into a *new encrypted file store of the service's own* (``secrets.cfg`` in the service's
state directory; :mod:`calwizard.secrets`, Argon2id + AES-GCM), under the profile named like the service, and
the service's configuration refers to them as ``{store = "<name>/exchange.…"}``. The store's passphrase is 32
random bytes that nobody types or sees; it is kept where only the service account can read it: a systemd
credential (root-only file under ``/etc/credstore``, or encrypted by ``systemd-creds`` with the host key/TPM),
a root-only file beside the daemon on macOS, a DPAPI blob (machine scope, ACL'd to the service account and
administrators) on Windows. The service finds both through ``CALWIZARD_STORE_FILE`` and
``CALWIZARD_STORE_PASSPHRASE_FILE`` (Windows: the service host unprotects the blob into its own process).
``{env = …}`` references stay as they are (the service manager's environment provides them) and so do
``{sandbox = …}`` ones. Files the configuration names (CA file, client certificate) are copied into the
service's state directory, where the service account can read them.

Installing on the real system needs root / administrator rights; ``--root DIR`` writes everything below DIR
instead (an image, a chroot, a test) and starts nothing.
"""

from __future__ import annotations

import os
import secrets as _random
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any

from calwizard.errors import ConfigError
from calwizard.i18n import translate

DEFAULT_NAME = "calwizard-engine"
DEFAULT_HEALTH_PORT = 9464
CONFIG_NAME = "engine.toml"
STORE_NAME = "secrets.cfg"
PASSPHRASE_CREDENTIAL = "store-passphrase"
CONFIG_CREDENTIAL = "engine.toml"
_NAME_OK = "abcdefghijklmnopqrstuvwxyz0123456789-_."


def check_name(name: str) -> str:
    """A service name: lower-case letters, digits, ``-``, ``_``, ``.``; 1-64 characters, starting with a letter.

    Raises:
        ConfigError: (field ``--name``) otherwise.
    """
    if not name or len(name) > 64 or not name[0].isalpha() or any(c not in _NAME_OK for c in name):
        raise ConfigError(translate("service", "{name} is not a usable service name").format(name=repr(name)),
                          field="--name",
                          remedy=translate("service", "Use lower-case letters, digits, '-', '_' and '.', starting with "
                                           "a letter (e.g. {example} or {example}-1).").format(example=DEFAULT_NAME))
    return name


def program_command(frozen: bool | None = None, executable: str | None = None) -> list[str]:
    """The command that starts ``calwizard engine …`` on this machine: the frozen program itself, or this Python
    with ``-m calwizard.engine``."""
    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    exe = executable or sys.executable
    return [exe, "engine"] if frozen else [exe, "-m", "calwizard.engine"]


@dataclass(frozen=True)
class ServiceSpec:
    """What one installed engine service runs.

    Attributes:
        name: service name (systemd unit / launchd label suffix / Windows service name).
        platform: ``linux`` | ``darwin`` | ``windows``.
        command: the program (:func:`program_command`).
        config: the service's configuration file, as the running service sees it.
        state_dir: its state directory.
        store_file: its encrypted secret store.
        passphrase_file: where the store passphrase is kept (systemd: the credential's source file).
        health: ``HOST:PORT`` of the health endpoint.
        sinks: the ``--sink`` values of ``engine run`` (:func:`service_sinks`); empty: none on the command line, the
            engine sends to the configuration's default sinks (the PBX when one is configured, else stdout).
        shard: ``K/N`` or None.
        account: the account it runs as (None: the platform default — systemd DynamicUser, launchd root,
            Windows ``NT AUTHORITY\\LocalService``).
        log_file: ``--log-file`` (None: stderr only, e.g. journald).
        log_level: ``--log-level`` or None.
        extra_env: environment variables the service needs.
    """

    name: str
    platform: str
    command: tuple[str, ...]
    config: PurePath
    state_dir: PurePath
    store_file: PurePath
    passphrase_file: PurePath
    health: str = f"127.0.0.1:{DEFAULT_HEALTH_PORT}"
    sinks: tuple[str, ...] = ()
    shard: str | None = None
    account: str | None = None
    log_file: PurePath | None = None
    log_level: str | None = None
    extra_env: dict[str, str] = field(default_factory=dict)

    def run_args(self, config: str | None = None, state_dir: str | None = None) -> list[str]:
        """``engine run`` arguments (after :attr:`command`); ``config``/``state_dir`` override the paths (systemd
        specifiers)."""
        args = ["run", config or str(self.config), "--state-dir", state_dir or str(self.state_dir),
                "--health", self.health]
        for sink in self.sinks:
            args += ["--sink", sink]
        if self.shard:
            args += ["--shard", self.shard]
        if self.log_file is not None:
            args += ["--log-file", str(self.log_file)]
        if self.log_level:
            args += ["--log-level", self.log_level]
        return args

    def environment(self) -> dict[str, str]:
        """The service's environment: where its store and the store's passphrase are."""
        return {"CALWIZARD_SECRET_STORE": "file", "CALWIZARD_STORE_FILE": str(self.store_file),
                "CALWIZARD_STORE_PASSPHRASE_FILE": str(self.passphrase_file), **self.extra_env}


SINK_FILE = "presence.jsonl"
"""The file sink of a service whose presence has nowhere else to go (Windows without a PBX), in its state
directory."""


def service_sinks(sinks: Sequence[str], *, state_dir: PurePath, pbx_configured: bool, stdout_logged: bool
                  ) -> tuple[str, ...]:
    """The ``--sink`` values an installed service runs with, checked now rather than when the service starts.

    Args:
        sinks: ``install-service --sink`` values (``pbx``, ``stdout``, a file, ``https://…``, ``default``), in order;
            empty: the engine's default sinks (no ``--sink`` on the service's command line: the PBX when the
            configuration has a PBX connection, else stdout).
        state_dir: the service's state directory (a relative file sink is placed there: the one directory every
            platform lets the service write).
        pbx_configured: the configuration has a PBX connection.
        stdout_logged: the service manager keeps what the engine writes to stdout (journald, launchd's
            ``StandardOutPath``); a Windows service's stdout goes nowhere.
    Returns:
        The values, duplicates removed; without ``sinks``, no PBX and no logged stdout: ``STATE_DIR/presence.jsonl``.
    Raises:
        ConfigError: (field ``--sink``) ``pbx`` without a PBX connection, ``stdout`` where it is not kept, a plain
            ``http://`` webhook.
    """
    out: list[str] = []
    for raw in sinks:
        sink = raw.strip()
        if sink == "default":  # engine run's own word for its default sinks; where stdout is lost, the file
            sink = "default" if pbx_configured or stdout_logged else str(state_dir / SINK_FILE)
        elif sink == "pbx" and not pbx_configured:
            raise ConfigError(translate("service", "--sink pbx: the configuration has no PBX connection"),
                              field="--sink",
                              remedy=translate("service", "Enter the PBX address, App object name and password "
                                               "(wizard: PBX & presence) and export again, or choose another sink."))
        if sink in ("", "-", "stdout"):
            if not stdout_logged:
                raise ConfigError(translate("service", "--sink stdout: a Windows service's output is not kept "
                                            "anywhere"), field="--sink",
                                  remedy=translate("service", "Give a file (e.g. --sink {file}, in the service's state "
                                                   "directory), an https:// webhook, or pbx.").format(file=SINK_FILE))
            sink = "stdout"
        elif sink.lower().startswith("http://"):
            raise ConfigError(translate("service", "--sink {url}: the webhook must be an https:// URL").format(
                url=sink.split("?")[0]), field="--sink",
                remedy=translate("engine", "Give the receiver's https:// URL (presence text is not sent in clear)."))
        elif sink not in ("pbx", "default") and not sink.lower().startswith("https://"):
            flavour = type(state_dir)  # the service's platform's paths (Windows paths when installing for Windows)
            if not flavour(sink).is_absolute():
                sink = str(state_dir / sink)
        if sink not in out:
            out.append(sink)
    if not out and not pbx_configured and not stdout_logged:
        out.append(str(state_dir / SINK_FILE))
    return tuple(out)


def current_platform() -> str:
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform == "darwin":
        return "darwin"
    return "linux"


def under(root: Path | None, path: PurePath) -> Path:
    """``path`` (absolute, as the running system sees it) below ``root`` (None: the real system)."""
    if root is None:
        return Path(path)
    pure = path if isinstance(path, PurePath) else PurePath(path)  # keeps a Windows path's drive as its anchor
    return Path(root, *pure.parts[1:]) if pure.is_absolute() else Path(root, *pure.parts)


@dataclass(frozen=True)
class Installed:
    """What :func:`prepare` wrote: files (real paths, below the root), and the spec the service runs."""

    spec: ServiceSpec
    files: list[Path]
    imported: list[str]
    """Secret fields imported into the service's store."""
    kept: list[str]
    """Secret fields left as references (``env``/``sandbox``)."""


def load_source(source: Path, passphrase: str | None = None) -> tuple[Any, Any, set[str]]:
    """(settings, fetch, sealed field names) of a configuration or bundle (a sealed bundle's passphrase:
    ``passphrase``, else the terminal or ``CALWIZARD_BUNDLE_PASSPHRASE``)."""
    from calwizard.cli_secrets import load_configuration

    # the one loader of validate, engine run and import: whatever they accept, the installer accepts
    loaded = load_configuration(source, passphrase=passphrase)
    sealed = {n for n, v in loaded.bundle.secrets.items() if v} if loaded.authenticated and loaded.bundle else set()
    return loaded.settings, loaded.fetcher(), sealed


def prepare(source: Path, spec: ServiceSpec, *, root: Path | None, passphrase_writer: Any = None,
            bundle_passphrase: str | None = None, loaded: tuple[Any, Any, set[str]] | None = None) -> Installed:
    """Write the service's configuration, its encrypted secret store and the store passphrase.

    Args:
        source: configuration (``.toml``) or bundle (``.calwiz``; its passphrase from the terminal or
            ``CALWIZARD_BUNDLE_PASSPHRASE``).
        spec: the service (paths as the running system sees them).
        root: write below this directory instead of ``/`` (None: the real system).
        passphrase_writer: ``(path, passphrase) -> Path`` storing the passphrase (platform: DPAPI on Windows);
            default: an owner-only file.
        bundle_passphrase: the passphrase of a sealed bundle (None: asked as :func:`load_source` does).
        loaded: what :func:`load_source` returned for ``source`` (None: loaded here).
    Returns:
        What was written. Every secret field the service needs is in its store — the Exchange secrets and the PBX's
        App object password alike — unless it is an ``env``/``sandbox`` reference.
    Raises:
        UserFacingError: the source cannot be read, a secret cannot be resolved, a file cannot be written.
    """
    from calwizard.bundle import collect_secrets
    from calwizard.secretrefs import secret_refs, store_key, with_refs
    from calwizard.secrets import open_store
    from calwizard.settings.io import save_settings
    from calwizard.settings.model import SecretRef

    settings, fetch, sealed = loaded if loaded is not None else load_source(source, bundle_passphrase)
    state_dir = under(root, spec.state_dir)
    files: list[Path] = []
    _mkdir(state_dir)
    # the files the configuration names, where the service account can read them
    updates: dict[str, Any] = {}
    for fld in ("ca_file", "client_certificate"):
        value = getattr(settings.exchange, fld, "") or ""
        if value and Path(value).is_file():
            target = PurePath(spec.state_dir, "files", Path(value).name)
            dest = under(root, target)
            _mkdir(dest.parent)
            shutil.copyfile(value, dest)
            os.chmod(dest, 0o600)
            files.append(dest)
            updates[fld] = str(target)
    # secrets: a new encrypted store of the service's own, with a random passphrase
    refs = secret_refs(settings)
    # sealed in the bundle, or in this machine's secret store: into the service's store; env/sandbox stay
    to_import = {name: ref for name, ref in refs.items() if name in sealed or not (ref.env or ref.sandbox)}
    values = collect_secrets(with_refs(settings, {n: (r if n in to_import else None) for n, r in refs.items()}),
                             fetch) if to_import else {}
    passphrase = _random.token_urlsafe(32)
    imported: list[str] = []
    new_refs: dict[str, SecretRef | None] = {}
    if values:
        store_path = under(root, spec.store_file)
        if store_path.exists():
            store_path.unlink()  # a reinstall: the old store's passphrase is gone with the old credential
        store = open_store("file", path=store_path, passphrase=passphrase)
        from calwizard.secretbinding import field_destinations, field_path

        # bound to this configuration's destinations (calwizard.secretbinding): the service sends them nowhere else
        store.set_many({store_key(spec.name, n): v for n, v in values.items()},
                       bound_to={store_key(spec.name, n): field_destinations(settings, field_path(n)) for n in values})
        os.chmod(store_path, 0o600)
        files.append(store_path)
        for n in values:
            new_refs[n] = SecretRef(store=store_key(spec.name, n))
            imported.append(n)
    writer = passphrase_writer or _write_owner_only
    files.append(writer(under(root, spec.passphrase_file), passphrase))
    service_settings = with_refs(settings.model_copy(update={"exchange": settings.exchange.model_copy(
        update=updates)}), new_refs)
    config = under(root, spec.config)
    _mkdir(config.parent)
    files.append(save_settings(service_settings, config))
    kept = sorted(set(refs) - set(imported))
    return Installed(spec, files, sorted(imported), kept)


def _mkdir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)


def _write_owner_only(path: Path, text: str) -> Path:
    from calwizard.settings.io import atomic_write_text

    _mkdir(path.parent)
    return atomic_write_text(path, text + "\n", mode=0o600)
