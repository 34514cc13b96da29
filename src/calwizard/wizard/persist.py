"""Loading and saving what the wizard edits: the configuration file and the secrets typed in it.

Secrets go to the secret store (:mod:`calwizard.secrets`), never into the file: the settings hold
references (``{store = "<profile>/exchange.<field>"}``). Plain Python, no Qt; the GUI runs
:func:`save` in a worker thread (keychains may block).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from calwizard.wizard.flow import WizardState, new_state, secret_ref

CONFIG_SUFFIX = ".toml"


def config_dir() -> Path:
    """Where profiles are kept by default: ``<user config dir>/calwizard/profiles``
    (``$CALWIZARD_CONFIG_DIR`` overrides it)."""
    from calwizard.paths import wizard_profiles_dir

    return wizard_profiles_dir()


def default_path(state: WizardState, directory: Path | None = None) -> Path:
    """The file the configuration is saved to: the state's path, else ``<dir>/<profile>.toml``."""
    if state.config_path:
        return Path(state.config_path)
    return (directory or config_dir()) / f"{state.profile}{CONFIG_SUFFIX}"


def list_profiles(directory: Path | None = None) -> list[Path]:
    """Configuration files in ``directory``, newest first."""
    d = directory or config_dir()
    try:
        files = [p for p in d.iterdir() if p.suffix == CONFIG_SUFFIX and p.is_file()]
    except OSError:
        return []
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)


def open_configuration(path: str | os.PathLike[str], **kw: Any) -> WizardState:
    """A state for the configuration file at ``path``; the profile is the one its secret store references name
    (:func:`calwizard.wizard.flow.profile_of`), else the file's stem when valid.

    Raises:
        ConfigError: the file cannot be read or is invalid (the message names the field).
    """
    from calwizard.settings import load_settings
    from calwizard.wizard.flow import PROFILE_RE, profile_of

    p = Path(path)
    settings = load_settings(p)
    # the profile its secrets are stored under (a copied or renamed file keeps its secrets), else the file's name
    profile = profile_of(settings, p.stem if PROFILE_RE.match(p.stem) else "default")
    return new_state(settings, profile=profile, config_path=str(p), saved=settings.model_copy(deep=True), **kw)


def _typed_entries(state: WizardState) -> dict[str, str]:
    """``{store key: value}`` of the secrets typed in the wizard."""
    out: dict[str, str] = {}
    for name in state.secrets:
        ref = secret_ref(state.settings, name)
        if ref is not None and ref.store:
            out[ref.store] = state.secrets[name]
    return out


def binding_conflicts(state: WizardState, store_opener: Callable[[], Any] | None) -> list[Any]:
    """Stored secrets the configuration references (not typed now) that are bound to other destinations than the
    configuration's, or to none: the wizard asks before :func:`save` re-binds them
    (:class:`calwizard.secretrefs.BindingConflict`; empty when nothing is referenced in the store).

    Raises:
        SecretError: the store cannot be opened or read.
    """
    from calwizard.secretrefs import binding_conflicts as conflicts

    if not any(ref.store for ref in _store_refs(state)):
        return []
    return conflicts(state.settings, _opener(store_opener)(), skip=_typed_entries(state))


def _store_refs(state: WizardState) -> list[Any]:
    from calwizard.secretbinding import secret_refs_by_path

    return list(secret_refs_by_path(state.settings).values())


def _opener(store_opener: Callable[[], Any] | None) -> Callable[[], Any]:
    if store_opener is not None:
        return store_opener
    from calwizard.secrets import open_store

    return open_store


def save(state: WizardState, path: str | os.PathLike[str], store_opener: Callable[[], Any] | None, *,
         rebind: Iterable[str] = ()) -> WizardState:
    """Write the typed secrets to the secret store, then the configuration to ``path`` (atomically).

    Only the secrets typed in the wizard are written (to the store entry their reference names), bound to the
    destinations of the configuration being saved (:mod:`calwizard.secretbinding`); references loaded from a
    file (env, other store entries, sandbox) are kept as they are. Store entries the technician removed
    (:func:`calwizard.wizard.flow.remove_secret`) are deleted.

    Args:
        rebind: store keys of referenced (not typed) secrets to re-bind to this configuration's destinations —
            the ones the user agreed to in the dialog about :func:`binding_conflicts`.
    Returns:
        The state with ``saved`` and ``config_path`` updated.
    Raises:
        SecretError: a secret was typed but the store cannot be opened or written (nothing was saved).
        ConfigError: the file cannot be written.
    """
    from calwizard.secretbinding import ref_destinations
    from calwizard.secretrefs import secret_fields
    from calwizard.settings import SecretRef, save_settings

    settings = state.settings
    to_store = _typed_entries(state)
    rebind = list(rebind)
    still_used = {ref.store for name in secret_fields() if (ref := secret_ref(settings, name)) is not None}
    to_delete = sorted(k for k in state.removed_secrets if k not in still_used and k not in to_store)
    if to_store or rebind or to_delete:
        store = _opener(store_opener)()
        if to_store:
            bound = {key: ref_destinations(settings, SecretRef(store=key)) for key in to_store}
            store.set_many(to_store, bound_to=bound)
        for key in rebind:
            store.bind(key, ref_destinations(settings, SecretRef(store=key)))
        for key in to_delete:  # the technician chose "Remove" for these stored secrets
            store.delete(key)
    written = save_settings(settings, path)
    return replace(state, config_path=str(written), saved=settings.model_copy(deep=True),
                   unsaved_secrets=frozenset(), removed_secrets=frozenset())
