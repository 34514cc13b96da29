"""Where calwizard keeps its files by default (one place, so that every layer agrees).

* :func:`wizard_profiles_dir` — configurations the wizard saves: ``<user config dir>/calwizard/profiles``
  (``$CALWIZARD_CONFIG_DIR`` overrides it).
* :func:`imported_config_path` — the configuration ``calwizard import`` writes for a profile:
  ``<user config dir>/calwizard/<profile>.toml``.
* :func:`own_configuration_files` — both files of a profile: the configurations calwizard itself wrote for it
  (the secret binding's rule for entries written before bindings existed, :mod:`calwizard.secretbinding`).
"""

from __future__ import annotations

import os
from pathlib import Path

WIZARD_CONFIG_DIR_ENV = "CALWIZARD_CONFIG_DIR"


def wizard_profiles_dir() -> Path:
    """Where the wizard keeps profiles: ``$CALWIZARD_CONFIG_DIR``, else ``<user config dir>/calwizard/profiles``."""
    env = os.environ.get(WIZARD_CONFIG_DIR_ENV)
    if env:
        return Path(env)
    import platformdirs

    return platformdirs.user_config_path("calwizard", appauthor=False) / "profiles"


def imported_config_path(profile: str) -> Path:
    """Where ``import`` writes a profile's configuration by default: ``<user config dir>/calwizard/<profile>.toml``."""
    import platformdirs

    return platformdirs.user_config_path("calwizard", appauthor=False) / f"{profile}.toml"


def own_configuration_files(profile: str) -> tuple[Path, ...]:
    """The configuration files calwizard writes for ``profile`` by default (wizard and import), absolute."""
    return (
        (wizard_profiles_dir() / f"{profile}.toml").expanduser().absolute(),
        imported_config_path(profile).expanduser().absolute(),
    )
