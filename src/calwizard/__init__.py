"""calwizard: set up and validate calendar-to-presence connectors.

The package is split into parts that never reach into each other's insides
(see DESIGN.md): ``settings`` (the configuration model), ``checks`` (live
validation, pure asyncio), ``exchange`` (adapters over msal/exchangelib/HTTP),
``engine`` (the sync engine), ``wizard`` (the flow, no Qt), ``gui`` (Qt only),
and ``sandbox`` (a simulated Microsoft 365 tenant and on-premises Exchange).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("calwizard")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"
