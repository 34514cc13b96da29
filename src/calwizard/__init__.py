"""calwizard: set up and validate calendar-to-presence connectors.

The package is split into parts that never reach into each other's insides
(see DESIGN.md): ``settings`` (the configuration model), ``checks`` (live
validation, pure asyncio), ``exchange`` (adapters over msal/exchangelib/HTTP),
``engine`` (the sync engine), ``wizard`` (the flow, no Qt), ``gui`` (Qt only),
and ``sandbox`` (a simulated Microsoft 365 tenant and on-premises Exchange).
"""



def __getattr__(name: str) -> str:
    # computed on first use: importlib.metadata costs ~40 ms, which every start (and the GUI's first page) paid
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("calwizard")
        except PackageNotFoundError:  # running from a source tree that is not installed
            value = "0.0.0+unknown"
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module 'calwizard' has no attribute {name!r}")
