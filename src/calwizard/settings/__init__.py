"""The configuration model (pydantic) and its TOML file format.

See :mod:`calwizard.settings.model` for the fields and :mod:`calwizard.settings.io`
for loading, saving and migrating files.
"""

from calwizard.settings.io import (
    dumps_settings,
    load_settings,
    mailboxes_from_csv,
    save_settings,
    settings_from_dict,
)
from calwizard.settings.model import (
    SCHEMA_VERSION,
    AccessModel,
    AccountTypes,
    CloudName,
    CustomCloud,
    ExchangeServerChoice,
    ExchangeSettings,
    FreeBusySource,
    GraphPermission,
    Mailbox,
    NameResolvingUser,
    PbxSettings,
    PresenceMappingSettings,
    PresenceTarget,
    SecretRef,
    Settings,
    SyncType,
    UserSource,
    normalize_timezone,
)

__all__ = [
    "SCHEMA_VERSION",
    "AccessModel",
    "AccountTypes",
    "CloudName",
    "CustomCloud",
    "ExchangeServerChoice",
    "ExchangeSettings",
    "FreeBusySource",
    "GraphPermission",
    "Mailbox",
    "NameResolvingUser",
    "PbxSettings",
    "PresenceMappingSettings",
    "PresenceTarget",
    "SecretRef",
    "Settings",
    "SyncType",
    "UserSource",
    "dumps_settings",
    "load_settings",
    "mailboxes_from_csv",
    "normalize_timezone",
    "save_settings",
    "settings_from_dict",
]
