"""Command-line verbs for secrets and bundles: ``export``, ``import``, ``secrets status|set|delete-profile``.

:func:`register` adds the verbs to the ``calwizard`` argument parser; each sets ``func`` to a function
``(args) -> int`` that returns the exit code: 0 on success, 2 for every bundle, secret or
configuration error (one line on stderr naming the problem and the fix, never a traceback).
:func:`load_for_validate` gives ``calwizard validate`` the settings and a secret fetcher for a ``.toml``
configuration or a ``.calwiz`` bundle.

Passphrases never come from arguments. The bundle passphrase is asked on the terminal (twice for
export, with a strength hint); with no terminal it is read from ``CALWIZARD_BUNDLE_PASSPHRASE``. The
encrypted file store's passphrase works the same way with ``CALWIZARD_STORE_PASSPHRASE`` (see
:mod:`calwizard.secrets`).

Import writes the bundle's secrets to the local secret store under ``"<profile>/exchange.<field>"``
and a configuration whose secret fields reference those entries (``{store = "<profile>/exchange.<field>"}``).
Fields the bundle holds no secret for keep their ``env``/``sandbox`` reference; ``store`` references
are renamed to the new profile and listed with the command that stores them.
"""

from __future__ import annotations

import argparse
import functools
import getpass
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from calwizard.errors import BundlePassphraseError, ConfigError, SecretError, UserFacingError

if TYPE_CHECKING:  # the settings model (pydantic) loads only when a verb runs: --help/--version stay fast
    from calwizard.settings.model import SecretRef, Settings

BUNDLE_PASSPHRASE_ENV = "CALWIZARD_BUNDLE_PASSPHRASE"
EXIT_OK = 0
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130

SecretFetcher = Callable[["SecretRef"], str]


# --------------------------------------------------------------------------- helpers


def _is_terminal() -> bool:
    """Whether we may prompt: stdin is a terminal."""
    return sys.stdin is not None and sys.stdin.isatty()


def _say(text: str, stream: TextIO | None = None) -> None:
    print(text, file=stream or sys.stderr)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _fail(verb: str, exc: BaseException) -> int:
    _say(f"calwizard {verb}: error: {_one_line(str(exc))}")
    return EXIT_ERROR


def _run(verb: str, body: Callable[[], int]) -> int:
    """Run a command body, turning user-facing errors into one line on stderr and exit code 2."""
    try:
        return body()
    except UserFacingError as exc:
        return _fail(verb, exc)
    except EOFError:
        _say(f"calwizard {verb}: error: no input (the prompt was closed) — run it in a terminal or set the "
             "environment variable")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _say(f"calwizard {verb}: cancelled")
        return EXIT_INTERRUPTED


def bundle_passphrase(*, confirm: bool) -> str:
    """The bundle passphrase: asked on the terminal, else taken from ``CALWIZARD_BUNDLE_PASSPHRASE``.

    Args:
        confirm: ask twice and show a strength hint (export); too-short passphrases are asked again.
    Raises:
        BundlePassphraseError: no terminal and the variable is unset, or the two entries differ.
    """
    from calwizard.bundle import MIN_PASSPHRASE_LENGTH, passphrase_strength

    if not _is_terminal():
        value = os.environ.get(BUNDLE_PASSPHRASE_ENV)
        if not value:
            raise BundlePassphraseError(
                "the bundle passphrase is needed and there is no terminal to ask for it",
                remedy=f"Set the environment variable {BUNDLE_PASSPHRASE_ENV}, or run the command in a terminal.",
            )
        return value
    if not confirm:
        return getpass.getpass("Bundle passphrase: ")
    for _ in range(3):
        first = getpass.getpass(f"Passphrase to seal the bundle (at least {MIN_PASSPHRASE_LENGTH} characters): ")
        score, label, hint = passphrase_strength(first)
        _say(f"Strength: {label}. {hint}")
        if score == 0:
            continue
        second = getpass.getpass("Repeat the passphrase: ")
        if first != second:
            raise BundlePassphraseError(
                "the two passphrases differ", remedy="Run the command again and type the same passphrase twice."
            )
        return first
    raise BundlePassphraseError(
        f"no passphrase of at least {MIN_PASSPHRASE_LENGTH} characters was entered",
        remedy="Choose a longer passphrase (four or more random words are best).",
    )


def _interactive_store_opener() -> Callable[[], Any]:
    from calwizard.secrets import open_store

    return functools.partial(open_store, interactive=True)


def default_config_path(profile: str) -> Path:
    """Where ``import`` writes a profile's configuration by default: ``<user config dir>/<profile>.toml``."""
    import platformdirs

    return platformdirs.user_config_path("calwizard", appauthor=False) / f"{profile}.toml"


def profile_from_filename(path: Path) -> str:
    """A profile name derived from a bundle's file name (``Customer A.calwiz`` -> ``customer-a``)."""
    name = re.sub(r"[^a-z0-9._@+-]+", "-", path.stem.lower()).strip("-._@+")
    return name[:128] or "default"


def _field_key(text: str) -> str:
    """``client_secret`` or ``exchange.client_secret`` -> ``exchange.client_secret``; ``pbx.app_password`` stays
    (validated)."""
    from calwizard.secretrefs import field_path, secret_fields

    name = text.removeprefix("exchange.")
    if name not in secret_fields():
        raise SecretError(
            f"{text!r} is not a secret field",
            remedy="Use one of: " + ", ".join(field_path(f) for f in secret_fields()) + ".",
        )
    return field_path(name)


def _read_report(path: str) -> tuple[list[dict[str, Any]], Any]:
    """Read a validation report: a JSON list of check results, or ``{"created_at"?, "results": [...]}``."""
    from calwizard.bundle import parse_timestamp

    p = Path(path)
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read the report {p}: {exc.strerror}", remedy="Check the path.") from None
    except ValueError:
        raise ConfigError(
            f"the report {p} is not JSON", remedy="Use the output of 'calwizard validate --json'."
        ) from None
    created = None
    if isinstance(doc, dict):
        try:
            created = parse_timestamp(doc["created_at"]) if "created_at" in doc else None
        except ValueError:
            created = None
        doc = doc.get("results")
    if not isinstance(doc, list) or not all(isinstance(r, dict) for r in doc):
        raise ConfigError(
            f"the report {p} is not a list of check results", remedy="Use the output of 'calwizard validate --json'."
        )
    return doc, created


# --------------------------------------------------------------------------- validate


def load_for_validate(path: str | os.PathLike[str]) -> tuple[Settings, SecretFetcher]:
    """Settings and a secret fetcher for ``calwizard validate PATH``.

    ``PATH`` is a ``.calwiz`` bundle (by suffix or signature) or a TOML configuration. For a bundle, the
    fetcher answers a reference with the sealed secret of the Exchange field holding it (``password``,
    ``client_secret``, ``client_certificate_password``) and falls back to the reference itself (secret store,
    environment, sandbox) for fields the bundle has no secret for. The passphrase of a sealed bundle is asked
    on the terminal or read from ``CALWIZARD_BUNDLE_PASSPHRASE``. Migration notices go to stderr.

    Raises:
        ConfigError: unreadable or invalid configuration.
        BundleError: (a ConfigError) any bundle problem: wrong passphrase, tampered, truncated, newer version.
    """
    from calwizard.bundle import MAGIC, SUFFIX, bundle_is_sealed, read_bundle
    from calwizard.secretrefs import make_fetcher
    from calwizard.settings.io import load_settings

    p = Path(path)
    is_bundle = p.suffix.lower() == SUFFIX
    if not is_bundle:
        try:
            with p.open("rb") as fh:
                is_bundle = fh.read(len(MAGIC)) == MAGIC
        except OSError:
            is_bundle = False
    opener = _interactive_store_opener()
    if is_bundle:
        passphrase = bundle_passphrase(confirm=False) if bundle_is_sealed(p) else None
        bundle = read_bundle(p, passphrase)
        for notice in bundle.notices:
            _say(f"calwizard: note: {p}: {notice}")
        return bundle.settings, bundle.fetcher(fallback=make_fetcher(bundle.settings, store_opener=opener))
    settings = load_settings(p)
    return settings, make_fetcher(settings, store_opener=opener)


# --------------------------------------------------------------------------- export


def cmd_export(args: argparse.Namespace) -> int:
    """``calwizard export CONFIG -o FILE.calwiz [--no-secrets] [--report REPORT.json]``."""

    def body() -> int:
        from calwizard.bundle import collect_secrets, write_bundle
        from calwizard.secretrefs import make_fetcher, secret_refs
        from calwizard.settings.io import load_settings

        settings = load_settings(args.config)
        report, report_created = _read_report(args.report) if args.report else (None, None)
        secrets: dict[str, str] | None = None
        passphrase: str | None = None
        if not args.no_secrets:
            if secret_refs(settings):
                fetch = make_fetcher(settings, store_opener=_interactive_store_opener())
                secrets = collect_secrets(settings, fetch)
                passphrase = bundle_passphrase(confirm=True)
            else:
                _say("calwizard export: note: the configuration references no secrets; the bundle carries none")
        out = write_bundle(args.output, settings, secrets, passphrase, report, report_created_at=report_created)
        what = f"secrets sealed: {', '.join(sorted(secrets))}" if secrets else "no secrets"
        _say(f"calwizard export: wrote {out} ({len(settings.mailboxes)} mailboxes, {what})")
        return EXIT_OK

    return _run("export", body)


# --------------------------------------------------------------------------- import


def cmd_import(args: argparse.Namespace) -> int:
    """``calwizard import FILE.calwiz [--profile NAME] [--config-out PATH] [--force]``."""

    def body() -> int:
        from calwizard.bundle import bundle_is_sealed, read_bundle
        from calwizard.secretrefs import field_path, secret_refs, store_key, with_refs
        from calwizard.secrets import check_profile_name, open_store
        from calwizard.settings.io import save_settings

        path = Path(args.bundle)
        profile = check_profile_name(args.profile or profile_from_filename(path))
        config_out = Path(args.config_out) if args.config_out else default_config_path(profile)
        if config_out.exists() and not args.force:
            raise ConfigError(
                f"{config_out} already exists", remedy="Pass --force to replace it, or choose --config-out/--profile."
            )
        passphrase = bundle_passphrase(confirm=False) if bundle_is_sealed(path) else None
        bundle = read_bundle(path, passphrase)
        for notice in bundle.notices:
            _say(f"calwizard import: note: {notice}")
        if not bundle.has_secrets:
            _say("calwizard import: note: this bundle carries no sealed secrets, so its settings are not "
                 "authenticated: check them before use")

        from calwizard.settings.model import SecretRef

        updates: dict[str, SecretRef] = {}
        to_store: dict[str, str] = {}
        missing: list[str] = []
        for name, ref in secret_refs(bundle.settings).items():
            key = store_key(profile, name)
            if bundle.secrets.get(name):
                to_store[key] = bundle.secrets[name]
                updates[name] = SecretRef(store=key)
            elif ref.store:
                updates[name] = SecretRef(store=key)
                missing.append(name)
        settings = with_refs(bundle.settings, dict(updates))

        store = None
        previous: dict[str, str | None] = {}
        if to_store:
            store = open_store(interactive=True)
            previous = store.set_many(to_store)
        try:
            save_settings(settings, config_out)
        except BaseException:
            if store is not None:
                store.restore(previous)
            raise
        where = f" into {store.backend_name}" if store is not None else ""
        _say(f"calwizard import: profile {profile}: wrote {config_out}, stored {len(to_store)} secrets{where}")
        for name in missing:
            _say(f"calwizard import: {field_path(name)} is not in the bundle: store it with "
                 f"'calwizard secrets set {profile} {field_path(name)}'")
        return EXIT_OK

    return _run("import", body)


# --------------------------------------------------------------------------- secrets


def cmd_secrets_status(args: argparse.Namespace) -> int:
    """``calwizard secrets status``: the chosen backend and the profiles (field names only) it holds."""

    def body() -> int:
        from calwizard.secrets import open_store

        store = open_store(interactive=True)
        _say(f"secret store: {store.backend_name}", sys.stdout)
        profiles = store.profiles()
        if not profiles:
            _say("profiles: none", sys.stdout)
        for profile in profiles:
            _say(f"profile {profile}: {', '.join(store.fields(profile)) or '(no entries)'}", sys.stdout)
        return EXIT_OK

    return _run("secrets status", body)


def cmd_secrets_delete_profile(args: argparse.Namespace) -> int:
    """``calwizard secrets delete-profile NAME``: delete every secret of a profile."""

    def body() -> int:
        from calwizard.secrets import check_profile_name, open_store

        profile = check_profile_name(args.name)
        store = open_store(interactive=True)
        deleted = store.delete_profile(profile)
        if deleted:
            _say(f"calwizard secrets: deleted {len(deleted)} entries of profile {profile} from {store.backend_name}")
        else:
            _say(f"calwizard secrets: profile {profile} has no entries in {store.backend_name}")
        return EXIT_OK

    return _run("secrets delete-profile", body)


def cmd_secrets_set(args: argparse.Namespace) -> int:
    """``calwizard secrets set NAME FIELD``: store a secret, typed twice on the terminal or read from stdin."""

    def body() -> int:
        from calwizard.secrets import check_profile_name, open_store

        profile = check_profile_name(args.name)
        key = f"{profile}/{_field_key(args.field)}"
        if _is_terminal():
            value = getpass.getpass(f"Value of {key}: ")
            if getpass.getpass("Repeat it: ") != value:
                raise SecretError("the two values differ", remedy="Run the command again.")
        else:
            value = sys.stdin.read().removesuffix("\n").removesuffix("\r")
        store = open_store(interactive=True)
        store.set(key, value)
        _say(f"calwizard secrets: stored {key} in {store.backend_name}")
        return EXIT_OK

    return _run("secrets set", body)


def _secrets_usage(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    def show(args: argparse.Namespace) -> int:
        parser.print_usage(sys.stderr)
        _say("calwizard secrets: error: choose one of: status, set, delete-profile")
        return EXIT_ERROR

    return show


# --------------------------------------------------------------------------- wiring


def register(subparsers: Any) -> None:
    """Add ``export``, ``import`` and ``secrets`` to ``subparsers`` (from ``parser.add_subparsers()``).

    Each command sets ``func``; the caller runs ``sys.exit(args.func(args))``. Imports nothing heavy.
    """
    env_note = (
        f"The passphrase is asked on the terminal; with no terminal it is read from {BUNDLE_PASSPHRASE_ENV}. "
        "It is never accepted as an argument."
    )
    p = subparsers.add_parser(
        "export",
        help="write a configuration to a *.calwiz bundle (secrets sealed with a passphrase)",
        description="Write CONFIG, its mailboxes and (optionally) the last validation report to a bundle, with "
        "the secrets it references sealed with a passphrase (scrypt + AES-256-GCM). " + env_note,
    )
    p.add_argument("config", metavar="CONFIG", help="the configuration (TOML) to export")
    p.add_argument("-o", "--output", required=True, metavar="FILE.calwiz", help="the bundle to write")
    p.add_argument("--no-secrets", action="store_true",
                   help="leave the secrets out; the engine then reads them from its own secret store")
    p.add_argument("--report", metavar="REPORT.json", help="the last validation report ('calwizard validate --json')")
    p.set_defaults(func=cmd_export)

    p = subparsers.add_parser(
        "import",
        help="import a *.calwiz bundle: secrets into the local secret store, settings into a configuration",
        description="Verify a bundle, store its secrets in the local secret store under the profile NAME, and "
        "write a configuration that references them. " + env_note,
    )
    p.add_argument("bundle", metavar="FILE.calwiz", help="the bundle to import")
    p.add_argument("--profile", metavar="NAME", help="profile name (default: from the file name)")
    p.add_argument("--config-out", metavar="PATH",
                   help="configuration to write (default: <user config dir>/calwizard/<profile>.toml)")
    p.add_argument("--force", action="store_true", help="replace an existing configuration")
    p.set_defaults(func=cmd_import)

    p = subparsers.add_parser(
        "secrets",
        help="show or manage the local secret store",
        description="The secret store is the OS keychain, or an encrypted file unlocked with "
        "CALWIZARD_STORE_PASSPHRASE (CALWIZARD_SECRET_STORE=keychain|file chooses).",
    )
    sub = p.add_subparsers(dest="secrets_command", metavar="COMMAND")
    p.set_defaults(func=_secrets_usage(p))
    s = sub.add_parser("status", help="show the secret store in use and the profiles it holds")
    s.set_defaults(func=cmd_secrets_status)
    s = sub.add_parser("set", help="store a secret of a profile (typed twice, or read from stdin)")
    s.add_argument("name", metavar="NAME", help="profile name")
    s.add_argument("field", metavar="FIELD", help="exchange.password, exchange.client_secret or "
                   "exchange.client_certificate_password")
    s.set_defaults(func=cmd_secrets_set)
    s = sub.add_parser("delete-profile", help="delete every secret of a profile")
    s.add_argument("name", metavar="NAME", help="profile name")
    s.set_defaults(func=cmd_secrets_delete_profile)
