"""The wizard's controller: holds the :class:`~calwizard.wizard.flow.WizardState` and the injected services.

Pages read the state, and change it only through :meth:`Controller.update` (which replaces the frozen
state and emits :attr:`Controller.stateChanged`). Services (secret store opener, config directory,
clock, debounce interval) are passed in, never looked up globally (DESIGN.md §2.7).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from calwizard.wizard.flow import WizardState  # the flow itself loads after the first page (bench/startup.py)


@dataclass
class Services:
    """What the GUI needs from the outside world.

    Attributes:
        store_opener: opens the secret store (default: :func:`calwizard.secrets.open_store`).
        config_dir: where profiles are saved (default: the user config directory).
        today: the date EWS-in-Exchange-Online rules are judged by.
        debounce_ms: delay between the last keystroke and a live check.
        open_browser: shows the delegated sign-in URL (default: the system browser).
        demo: a short text shown on the Welcome page when the wizard runs against the sandbox (or a function
            returning it in the current language).
        store_probe: looks for a usable OS keychain (default: :func:`calwizard.secrets.find_keychain`), called
            in a worker when no ``store_opener`` is given.
        store_path: the encrypted file store used without a keychain (default: the user data directory's).
    """

    store_opener: Callable[[], Any] | None = None
    config_dir: Path | None = None
    today: Callable[[], date] = date.today
    debounce_ms: int = 700
    open_browser: Callable[[str], Any] | None = None
    demo: str | Callable[[], str] = ""
    store_probe: Callable[[], Any] | None = None
    store_path: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Controller(QObject):
    """Owns the state; emits :attr:`stateChanged` with the new state after every change."""

    stateChanged = Signal(object)
    resultsChanged = Signal()
    """A check's results were recorded (:meth:`record`), or the secret store's state is known."""

    def __init__(self, state: WizardState, services: Services, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.services = services
        self.last_report: list[Any] = []  # the Validate page's last results (for the bundle and the summary)
        self._book: Any = None
        self.store_needs_passphrase = False
        """No OS keychain and the encrypted file's passphrase is not known yet (the Summary page asks for it)."""
        self.store_status: Any = None
        """The Welcome page's verdict on the secret store (a :class:`~calwizard.wizard.flow.StepStatus`), once known."""

    @property
    def book(self) -> Any:
        """Every check's latest results with the inputs they judged (a :class:`~calwizard.wizard.flow.ResultBook`:
        outdated ones are told apart). Created on first use: the flow loads after the first page."""
        if self._book is None:
            from calwizard.wizard.flow import ResultBook

            self._book = ResultBook()
        return self._book

    def record(self, state: WizardState, spec_id: str, results: Any) -> None:
        """Results of check ``spec_id`` run against ``state`` (the state its run started with)."""
        self.book.record(state, spec_id, results)
        self.resultsChanged.emit()

    @property
    def state(self) -> WizardState:
        return self._state

    def set_state(self, state: WizardState) -> None:
        if state is not self._state:
            self._state = state
            self.stateChanged.emit(state)

    def update(self, fn: Callable[..., WizardState], *args: Any) -> WizardState:
        """``state = fn(state, *args)``; emits :attr:`stateChanged` if it changed."""
        self.set_state(fn(self._state, *args))
        return self._state

    def fetcher(self, state: WizardState | None = None) -> Callable[[Any], str]:
        """``fetch(ref)`` for checks: typed secrets first, then the configured references."""
        from calwizard.secretrefs import make_fetcher as base_fetcher
        from calwizard.wizard.flow import make_fetcher

        st = state or self._state
        return make_fetcher(st, base_fetcher(st.settings, store_opener=self.services.store_opener,
                                             config_path=st.config_path or None))

    @property
    def config_dir(self) -> Path:
        from calwizard.wizard.persist import config_dir

        return self.services.config_dir or config_dir()
