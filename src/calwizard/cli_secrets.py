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

Import writes the bundle's secrets to the local secret store under ``"<profile>/exchange.<field>"``,
bound to the destinations of the bundle's settings (:mod:`calwizard.secretbinding`), and a configuration
whose secret fields reference those entries (``{store = "<profile>/exchange.<field>"}``).
Fields the bundle holds no secret for keep their ``env``/``sandbox`` reference; ``store`` references
are renamed to the new profile and listed with the command that stores them.

``validate``, ``engine run``, ``import`` (and the wizard's *open*) read a configuration or bundle through
one function, :func:`load_configuration`: whatever one of them accepts, all of them accept. An unsealed
bundle is not authenticated (see :mod:`calwizard.bundle`): it is read like any configuration file, and a
note says so.
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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from calwizard.errors import BundlePassphraseError, ConfigError, SecretError, UserFacingError
from calwizard.i18n import translate

if TYPE_CHECKING:  # the settings model (pydantic) loads only when a verb runs: --help/--version stay fast
    from calwizard.bundle import Bundle
    from calwizard.settings.model import SecretRef, Settings

BUNDLE_PASSPHRASE_ENV = "CALWIZARD_BUNDLE_PASSPHRASE"
EXIT_OK = 0
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130

SecretFetcher = Callable[["SecretRef"], str]

UNSEALED_NOTICE = (
    "this bundle is not sealed (exported without secrets, or its seal was removed), so it is not authenticated: "
    "nothing proves who wrote it. Its settings are treated like any configuration file, and secrets stored on this "
    "machine are used only for the destinations they were saved for"
)
REBIND_HELP = ("re-bind stored secrets the configuration references to its destinations (Entra authority, EWS, "
               "Graph, PBX hosts) instead of refusing them; use it only for a configuration you trust")


# --------------------------------------------------------------------------- helpers


def _is_terminal() -> bool:
    """Whether we may prompt: stdin is a terminal."""
    return sys.stdin is not None and sys.stdin.isatty()


def _say(text: str, stream: TextIO | None = None) -> None:
    print(text, file=stream or sys.stderr)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _fail(verb: str, exc: BaseException) -> int:
    _say(translate("secrets_cli", "calwizard {verb}: error: {message}").format(verb=verb,
                                                                               message=_one_line(str(exc))))
    return EXIT_ERROR


def _run(verb: str, body: Callable[[], int]) -> int:
    """Run a command body, turning user-facing errors into one line on stderr and exit code 2."""
    try:
        return body()
    except UserFacingError as exc:
        return _fail(verb, exc)
    except EOFError:
        _say(translate("secrets_cli", "calwizard {verb}: error: no input (the prompt was closed) — run it in a "
                                      "terminal or set the environment variable").format(verb=verb))
        return EXIT_ERROR
    except KeyboardInterrupt:
        _say(translate("secrets_cli", "calwizard {verb}: cancelled").format(verb=verb))
        return EXIT_INTERRUPTED


def bundle_passphrase(*, confirm: bool) -> str:
    """The bundle passphrase: asked on the terminal, else taken from ``CALWIZARD_BUNDLE_PASSPHRASE``.

    Args:
        confirm: ask twice and show a strength hint (export); too-short passphrases are asked again.
    Raises:
        BundlePassphraseError: no terminal and the variable is unset, or the two entries differ.
    """
    from calwizard.bundle import MIN_PASSPHRASE_LENGTH, check_passphrase, passphrase_strength

    if not _is_terminal():
        value = os.environ.get(BUNDLE_PASSPHRASE_ENV)
        if not value:
            raise BundlePassphraseError(
                translate("secrets_cli", "the bundle passphrase is needed and there is no terminal to ask for it"),
                remedy=translate("secrets_cli", "Set the environment variable {env}, or run the command in a "
                                                "terminal.").format(env=BUNDLE_PASSPHRASE_ENV),
            )
        if confirm:  # the same policy as the prompt below: refused where the prompt would ask again
            _, label, hint = passphrase_strength(value)
            check_passphrase(value)
            _say(translate("secrets_cli", "Strength of {env}: {label}. {hint}").format(
                env=BUNDLE_PASSPHRASE_ENV, label=label, hint=hint))
        return value
    if not confirm:
        return getpass.getpass(translate("secrets_cli", "Bundle passphrase: "))
    for _ in range(3):
        first = getpass.getpass(translate("secrets_cli", "Passphrase to seal the bundle (at least {length} "
                                                         "characters): ").format(length=MIN_PASSPHRASE_LENGTH))
        score, label, hint = passphrase_strength(first)
        _say(translate("secrets_cli", "Strength: {label}. {hint}").format(label=label, hint=hint))
        if score == 0:
            continue
        second = getpass.getpass(translate("secrets", "Repeat the passphrase: "))
        if first != second:
            raise BundlePassphraseError(
                translate("secrets", "the two passphrases differ"),
                remedy=translate("secrets", "Run the command again and type the same passphrase twice."))
        return first
    raise BundlePassphraseError(
        translate("secrets_cli", "no passphrase of at least {length} characters was entered").format(
            length=MIN_PASSPHRASE_LENGTH),
        remedy=translate("bundle", "Choose a longer passphrase (four or more random words are best)."),
    )


def _interactive_store_opener() -> Callable[[], Any]:
    from calwizard.secrets import open_store

    return functools.partial(open_store, interactive=True)


def default_config_path(profile: str) -> Path:
    """Where ``import`` writes a profile's configuration by default: ``<user config dir>/<profile>.toml``."""
    from calwizard.paths import imported_config_path

    return imported_config_path(profile)


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
            translate("secrets_cli", "{field} is not a secret field").format(field=repr(text)),
            remedy=translate("secrets_cli", "Use one of: {fields}.").format(
                fields=", ".join(field_path(f) for f in secret_fields())),
        )
    return field_path(name)


def _report_remedy() -> str:
    return translate("secrets_cli", "Use the output of 'calwizard validate --json'.")


def _read_report(path: str) -> tuple[list[dict[str, Any]], Any]:
    """Read a validation report: a JSON list of check results, or ``{"created_at"?, "results": [...]}``."""
    from calwizard.bundle import parse_timestamp

    p = Path(path)
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(translate("secrets_cli", "cannot read the report {path}: {why}").format(
            path=p, why=exc.strerror), remedy=translate("files", "Check the path.")) from None
    except ValueError:
        raise ConfigError(translate("secrets_cli", "the report {path} is not JSON").format(path=p),
                          remedy=_report_remedy()) from None
    created = None
    if isinstance(doc, dict):
        try:
            created = parse_timestamp(doc["created_at"]) if "created_at" in doc else None
        except ValueError:
            created = None
        doc = doc.get("results")
    if not isinstance(doc, list) or not all(isinstance(r, dict) for r in doc):
        raise ConfigError(translate("secrets_cli", "the report {path} is not a list of check results").format(path=p),
                          remedy=_report_remedy())
    return doc, created


# --------------------------------------------------------------------------- loading (one path for every verb)


@dataclass(frozen=True)
class LoadedConfiguration:
    """A configuration as :func:`load_configuration` read it.

    Attributes:
        path: the file.
        settings: the settings.
        bundle: the bundle, when the file is one (None for a TOML configuration).
        notices: what the user should know (migrations; an unsealed bundle is not authenticated).
    """

    path: Path
    settings: Settings
    bundle: Bundle | None = None
    notices: tuple[str, ...] = ()

    @property
    def authenticated(self) -> bool:
        """A sealed bundle (its content is authenticated by the passphrase holder)."""
        return self.bundle is not None and self.bundle.authenticated

    def fetcher(self, *, store_opener: Callable[[], Any] | None = None, rebind: bool = False,
                notice: Callable[[str], None] | None = None) -> SecretFetcher:
        """The secret fetcher: the bundle's sealed secrets first (if any), then the references themselves
        (secret store with the binding rule, environment, sandbox), see :func:`calwizard.secretrefs.make_fetcher`.
        Only a plain configuration file counts as the profile's own file for entries without a binding."""
        from calwizard.secretrefs import make_fetcher

        base = make_fetcher(self.settings, store_opener=store_opener, rebind=rebind, notice=notice,
                            config_path=None if self.bundle is not None else self.path)
        return self.bundle.fetcher(fallback=base) if self.bundle is not None else base


def load_configuration(path: str | os.PathLike[str], *, passphrase: str | None = None) -> LoadedConfiguration:
    """Read a ``.calwiz`` bundle (by suffix or signature) or a TOML configuration — the one loader of
    ``validate``, ``engine run`` and ``import``.

    The file is read once, bounded (regular files only, size caps: :func:`calwizard.fsutil.read_regular_file`).
    A sealed bundle's passphrase is ``passphrase``, else asked on the terminal or read from
    ``CALWIZARD_BUNDLE_PASSPHRASE``; an unsealed bundle's settings are used like a configuration file's and a
    notice says so.

    Raises:
        ConfigError: unreadable or invalid configuration (FIFO, device, too large, empty, not TOML, invalid field).
        BundleError: (a ConfigError) any bundle problem: wrong passphrase, tampered, truncated, newer version.
    """
    from calwizard.bundle import MAGIC, MAX_BUNDLE_SIZE, SUFFIX, is_sealed, parse_bundle
    from calwizard.errors import BundleError
    from calwizard.fsutil import read_regular_file
    from calwizard.i18n import translate
    from calwizard.settings.io import MAX_CONFIG_BYTES, settings_from_bytes

    p = Path(path)
    named_bundle = p.suffix.lower() == SUFFIX
    # a bundle not named *.calwiz (recognized by its signature) is read within the configuration file limit
    data = read_regular_file(p, max_bytes=MAX_BUNDLE_SIZE if named_bundle else MAX_CONFIG_BYTES,
                             what=translate("bundle", "bundle") if named_bundle else
                             translate("settings", "configuration file"),
                             error=BundleError if named_bundle else ConfigError)
    if not (named_bundle or data.startswith(MAGIC)):
        return LoadedConfiguration(p, settings_from_bytes(data, source=str(p)))
    if is_sealed(data, str(p)):
        passphrase = passphrase if passphrase is not None else bundle_passphrase(confirm=False)
    bundle = parse_bundle(data, passphrase, source=str(p))
    notices = [*bundle.notices] + ([] if bundle.authenticated else [UNSEALED_NOTICE])
    return LoadedConfiguration(p, bundle.settings, bundle, tuple(notices))


def load_for_validate(path: str | os.PathLike[str], *, rebind: bool = False) -> tuple[Settings, SecretFetcher]:
    """Settings and a secret fetcher for ``calwizard validate PATH`` and ``engine run PATH``
    (:func:`load_configuration`; notices go to stderr; the secret store may ask for its passphrase).

    Args:
        rebind: ``--rebind-secrets``: re-bind stored secrets to this configuration's destinations.
    Raises:
        ConfigError / BundleError: see :func:`load_configuration`.
    """
    loaded = load_configuration(path)
    for notice in loaded.notices:
        _say(f"calwizard: note: {loaded.path}: {notice}")
    fetch = loaded.fetcher(store_opener=_interactive_store_opener(), rebind=rebind,
                           notice=lambda text: _say(f"calwizard: note: {text}"))
    return loaded.settings, fetch


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
                fetch = make_fetcher(settings, store_opener=_interactive_store_opener(), config_path=args.config,
                                     rebind=args.rebind_secrets, notice=lambda t: _say(f"calwizard export: note: {t}"))
                secrets = collect_secrets(settings, fetch)
                passphrase = bundle_passphrase(confirm=True)
            else:
                _say(translate("secrets_cli", "calwizard export: note: the configuration references no secrets; "
                                              "the bundle carries none"))
        out = write_bundle(args.output, settings, secrets, passphrase, report, report_created_at=report_created)
        what = (translate("secrets_cli", "secrets sealed: {fields}").format(fields=", ".join(sorted(secrets)))
                if secrets else translate("secrets_cli", "no secrets"))
        _say(translate("secrets_cli", "calwizard export: wrote {path} ({count} mailboxes, {what})").format(
            path=out, count=len(settings.mailboxes), what=what))
        return EXIT_OK

    return _run("export", body)


# --------------------------------------------------------------------------- import


def cmd_import(args: argparse.Namespace) -> int:
    """``calwizard import FILE.calwiz [--profile NAME] [--config-out PATH] [--force]``."""

    def body() -> int:
        from calwizard.secretrefs import field_path, secret_refs, store_key, with_refs
        from calwizard.secrets import check_profile_name, open_store
        from calwizard.settings.io import save_settings

        path = Path(args.bundle)
        profile = check_profile_name(args.profile or profile_from_filename(path))
        config_out = Path(args.config_out) if args.config_out else default_config_path(profile)
        if config_out.exists() and not args.force:
            raise ConfigError(
                translate("secrets_cli", "{path} already exists").format(path=config_out),
                remedy=translate("secrets_cli", "Pass --force to replace it, or choose --config-out/--profile."))
        loaded = load_configuration(path)
        for notice in loaded.notices:
            _say(f"calwizard import: note: {notice}")
        sealed = loaded.bundle.secrets if loaded.authenticated and loaded.bundle is not None else {}

        from calwizard.secretbinding import field_destinations
        from calwizard.settings.model import SecretRef

        updates: dict[str, SecretRef] = {}
        to_store: dict[str, str] = {}
        bound_to: dict[str, frozenset[str]] = {}
        missing: list[str] = []
        for name, ref in secret_refs(loaded.settings).items():
            key = store_key(profile, name)
            if sealed.get(name):
                to_store[key] = sealed[name]
                bound_to[key] = field_destinations(loaded.settings, field_path(name))
                updates[name] = SecretRef(store=key)
            elif ref.store:
                updates[name] = SecretRef(store=key)
                missing.append(name)
        settings = with_refs(loaded.settings, dict(updates))

        store = None
        previous: dict[str, Any] = {}
        if to_store:
            store = open_store(interactive=True)
            previous = store.set_many(to_store, bound_to=bound_to)
        try:
            save_settings(settings, config_out)
        except BaseException:
            if store is not None:
                store.restore(previous)
            raise
        if store is not None:
            _say(translate("secrets_cli", "calwizard import: profile {profile}: wrote {path}, stored {count} secrets "
                                          "into {store}").format(profile=profile, path=config_out,
                                                                 count=len(to_store), store=store.backend_name))
        else:
            _say(translate("secrets_cli", "calwizard import: profile {profile}: wrote {path}, stored {count} "
                                          "secrets").format(profile=profile, path=config_out, count=len(to_store)))
        for name in missing:
            _say(translate("secrets_cli", "calwizard import: {field} is not in the bundle: store it with 'calwizard "
                                          "secrets set {profile} {field}'").format(field=field_path(name),
                                                                                   profile=profile))
        return EXIT_OK

    return _run("import", body)


# --------------------------------------------------------------------------- secrets


def cmd_secrets_status(args: argparse.Namespace) -> int:
    """``calwizard secrets status [--bindings]``: the chosen backend and the profiles (field names only) it holds;
    with ``--bindings`` also where each entry may go (:mod:`calwizard.secretbinding`), never a value."""

    def body() -> int:
        from calwizard.secretbinding import describe
        from calwizard.secrets import open_store

        store = open_store(interactive=True)
        _say(translate("secrets_cli", "secret store: {store}").format(store=store.backend_name), sys.stdout)
        profiles = store.profiles()
        if not profiles:
            _say(translate("secrets_cli", "profiles: none"), sys.stdout)
        for profile in profiles:
            _say(translate("secrets_cli", "profile {profile}: {fields}").format(
                profile=profile, fields=", ".join(store.fields(profile)) or translate("secrets_cli", "(no entries)")),
                sys.stdout)
            for field in store.fields(profile) if getattr(args, "bindings", False) else []:
                entry = store.get_entry(f"{profile}/{field}")
                where = translate("secrets_cli", "unbound (bound on first use by the profile's own configuration)") \
                    if entry is None or entry.bound_to is None else translate("secrets_cli", "bound to {where}").format(
                        where=describe(entry.bound_to))
                _say(f"  {field}: {where}", sys.stdout)
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
            _say(translate("secrets_cli", "calwizard secrets: deleted {count} entries of profile {profile} from "
                                          "{store}").format(count=len(deleted), profile=profile,
                                                            store=store.backend_name))
        else:
            _say(translate("secrets_cli", "calwizard secrets: profile {profile} has no entries in {store}").format(
                profile=profile, store=store.backend_name))
        return EXIT_OK

    return _run("secrets delete-profile", body)


def cmd_secrets_set(args: argparse.Namespace) -> int:
    """``calwizard secrets set NAME FIELD``: store a secret, typed twice on the terminal or read from stdin."""

    def body() -> int:
        from calwizard.secrets import check_profile_name, open_store

        profile = check_profile_name(args.name)
        path = _field_key(args.field)
        key = f"{profile}/{path}"
        bound_to = None
        if args.for_config:
            from calwizard.secretbinding import describe, field_destinations

            bound_to = field_destinations(load_configuration(args.for_config).settings, path)
        if _is_terminal():
            value = getpass.getpass(translate("secrets_cli", "Value of {key}: ").format(key=key))
            if getpass.getpass(translate("secrets_cli", "Repeat it: ")) != value:
                raise SecretError(translate("secrets_cli", "the two values differ"),
                                  remedy=translate("secrets_cli", "Run the command again."))
        else:
            value = sys.stdin.read().removesuffix("\n").removesuffix("\r")
        store = open_store(interactive=True)
        store.set(key, value, bound_to=bound_to)
        if bound_to is not None:
            _say(translate("secrets_cli", "calwizard secrets: stored {key} in {store}, bound to {where}").format(
                key=key, store=store.backend_name, where=describe(bound_to)))
        else:
            _say(translate("secrets_cli", "calwizard secrets: stored {key} in {store} (unbound: the profile's own "
                                          "configuration binds it on first use)").format(key=key,
                                                                                         store=store.backend_name))
        return EXIT_OK

    return _run("secrets set", body)


def _secrets_usage(parser: argparse.ArgumentParser) -> Callable[[argparse.Namespace], int]:
    def show(args: argparse.Namespace) -> int:
        parser.print_usage(sys.stderr)
        _say(translate("secrets_cli", "calwizard secrets: error: choose one of: status, set, delete-profile"))
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
    p.add_argument("--rebind-secrets", action="store_true", help=REBIND_HELP)
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
    s.add_argument("--bindings", action="store_true",
                   help="also show where each stored secret may be sent (its bound destinations)")
    s.set_defaults(func=cmd_secrets_status)
    s = sub.add_parser("set", help="store a secret of a profile (typed twice, or read from stdin)")
    s.add_argument("name", metavar="NAME", help="profile name")
    s.add_argument("field", metavar="FIELD", help="exchange.password, exchange.client_secret, "
                   "exchange.client_certificate_password, exchange.token_cache (or another section's secret field)")
    s.add_argument("--for", dest="for_config", metavar="CONFIG",
                   help="bind the secret to the destinations of this configuration (Entra authority, EWS/Graph or "
                   "PBX host); without it the entry is bound on first use by the profile's own configuration")
    s.set_defaults(func=cmd_secrets_set)
    s = sub.add_parser("delete-profile", help="delete every secret of a profile")
    s.add_argument("name", metavar="NAME", help="profile name")
    s.set_defaults(func=cmd_secrets_delete_profile)
