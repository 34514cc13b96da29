""""Create it for me": the dialog in which an administrator signs in once and calwizard creates the Entra app
registration (:mod:`calwizard.exchange.entra_setup` does the work; this only draws it).

Sign in (system browser, or a code for another device) -> the plan (what will be created, which permission is
granted, what may fail) -> Create (each step with its result) -> the wait until the app's token carries the
permission -> the page is filled in and its live checks run. A failed step is named and what was created can be
deleted. The administrator's token lives in this dialog only and is dropped when it closes.

When app registrations of the chosen name exist, the plan describes them and the dialog offers one choice per app
("Reuse …": only what it lacks is added) and "Create a new one named '<name> (2)'"; Create stays disabled until the
technician has chosen (the same planner as ``calwizard entra create-app``: :meth:`AppSetup.plan`).
"""

from __future__ import annotations

import asyncio
import functools
import threading
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from calwizard.exchange import entra_setup as es
from calwizard.gui.asyncglue import TaskHolder
from calwizard.gui.messages import Banner
from calwizard.gui.pages.base import form_layout
from calwizard.gui.widgets import FlowLayout, chars, rows_height
from calwizard.wizard import flow

MARK = {"running": "…", "done": "✓", "failed": "✗", "skipped": "–"}
CLEARED = ("exchange.client_id", "exchange.tenant_id", "exchange.client_secret", "exchange.client_certificate",
           "exchange.client_certificate_password")


class CreateAppDialog(QDialog):
    """Creates the app registration for the wizard's configuration.

    Args:
        ctl: the wizard's controller (state, services: ``open_browser``, ``store_opener``; ``extra`` may set
            ``entra_setup_interval``/``entra_setup_timeout`` in seconds for the propagation wait).
        parent: the Entra app page.
    """

    def __init__(self, ctl: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = ctl
        self.setObjectName("create-app-dialog")
        self.setWindowTitle(self.tr("Create the app registration"))
        self.session: es.AdminSession | None = None
        self.plan: es.Plan | None = None
        self.created: es.Created | None = None
        self.result_: es.SetupResult | None = None
        self._cancel: threading.Event | None = None
        self._creating = False
        self._task = TaskHolder(self)
        self._task.runningChanged.connect(lambda _r: self._buttons())
        self._replan = QTimer(self)
        self._replan.setSingleShot(True)
        self._replan.setInterval(300)
        self._replan.timeout.connect(self._start_plan)
        settings = ctl.state.settings
        self.permission = es.required_permission(settings.exchange)
        self._build()
        self._buttons()

    # ------------------------------------------------------------------------------------------ widgets

    def _build(self) -> None:
        p = self.permission
        outer = QVBoxLayout(self)
        # the window keeps the size it is given: no minimum size pushed to the window system each time a message
        # appears (the offscreen platform warns about every such change); what does not fit scrolls
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        scroll = QScrollArea(self)
        scroll.setObjectName("setup-scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content = QWidget(scroll)
        lay = QVBoxLayout(content)
        lay.setContentsMargins(0, 0, 0, 0)
        intro = QLabel(self.tr(
            "An administrator of the tenant signs in once. calwizard then creates a single-tenant app registration "
            "with exactly the permission this sync type needs ({permission}), its credential and service principal, "
            "and grants the consent. The sign-in asks Microsoft Graph for Application.ReadWrite.All and "
            "AppRoleAssignment.ReadWrite.All only; consent to {value} may be given by {granters}. The "
            "administrator's token is kept in memory only and dropped when this window closes.").format(
                permission=p.text(), value=p.value, granters=p.granter_names), self)
        intro.setWordWrap(True)
        intro.setObjectName("setup-intro")
        lay.addWidget(intro)
        form = form_layout()
        self.name = QLineEdit(es.DEFAULT_DISPLAY_NAME, self)
        self.name.setObjectName("setup-name")
        form.addRow(self.tr("&Display name:"), self.name)
        kinds = FlowLayout()  # the two choices side by side, one under the other where they do not fit
        self.kind = QButtonGroup(self)
        self.use_secret = QRadioButton(self.tr("Client &secret (kept in the secret store, never shown)"), self)
        self.use_cert = QRadioButton(self.tr("C&ertificate generated on this computer"), self)
        self.use_secret.setChecked(True)
        self.kind.addButton(self.use_secret, 0)
        self.kind.addButton(self.use_cert, 1)
        kinds.addWidget(self.use_secret)
        kinds.addWidget(self.use_cert)
        form.addRow(self.tr("Credential:"), kinds)
        self.months = QComboBox(self)
        for m in es.MONTHS_CHOICES:
            self.months.addItem(self.tr("{n} months").format(n=m), m)
        self.months.setCurrentIndex(self.months.findData(12))
        form.addRow(self.tr("&Valid for:"), self.months)
        consent = QVBoxLayout()
        self.consent = QButtonGroup(self)
        self.tenant_wide = QRadioButton(self.tr("&Tenant-wide admin consent (every mailbox of the tenant)"), self)
        self.scoped = QRadioButton(self.tr("Scoped to the s&ynced mailboxes (Exchange RBAC for Applications)"),
                                   self)  # a radio button cannot wrap: what it means is in the note below
        self.tenant_wide.setChecked(True)
        self.consent.addButton(self.tenant_wide, 0)
        self.consent.addButton(self.scoped, 1)
        consent.addWidget(self.tenant_wide)
        consent.addWidget(self.scoped)
        self.consent_note = QLabel(self.tr(
            "The two grants add up: a tenant-wide consent lets the app read every mailbox whatever an Exchange RBAC "
            "for Applications scope says. 'Scoped' grants nothing tenant-wide; you then run the Exchange Online "
            "PowerShell shown (with this app's real IDs) to allow the synced mailboxes."), self)
        self.consent_note.setWordWrap(True)
        consent.addWidget(self.consent_note)
        self.consent_label = QLabel(self.tr("Consent:"), self)
        form.addRow(self.consent_label, consent)
        graph = p.is_graph
        for w in (self.consent_label, self.tenant_wide, self.scoped, self.consent_note):
            w.setVisible(graph)
        self.scoped.setEnabled(p.rbac_possible)
        if graph and not p.rbac_possible:
            self.scoped.setToolTip(self.tr("Calendars.ReadBasic has no Exchange RBAC for Applications role: choose "
                                           "Calendars.Read on the Entra app page to scope the app."))
        self.client = QLineEdit(self.ctl.state.settings.exchange.setup_client_id, self)
        self.client.setObjectName("setup-client-id")
        self.client.setToolTip(self.tr("The public client the administrator signs in with (default: Microsoft Graph "
                                       "Command Line Tools). A company may use its own multi-tenant public client."))
        form.addRow(self.tr("Sign-in &app ID:"), self.client)
        lay.addLayout(form)

        row = QHBoxLayout()
        self.signin = QPushButton(self.tr("Sign &in as administrator…"), self)
        self.signin.setObjectName("setup-signin")
        self.device = QPushButton(self.tr("Use a c&ode instead"), self)
        self.device.setObjectName("setup-device-code")
        self.device.setToolTip(self.tr("For a computer without a browser: enter the code shown on any device."))
        for b in (self.signin, self.device):
            b.setAutoDefault(False)
            row.addWidget(b)
        self.status = QLabel(self.tr("Not signed in."), self)
        self.status.setObjectName("setup-status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.status, 1)
        lay.addLayout(row)

        self.plan_label = QLabel(self)
        self.plan_label.setObjectName("setup-plan")
        self.plan_label.setWordWrap(True)
        self.plan_label.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.plan_label)
        self.existing_box = QWidget(self)  # one choice per app of that name, and a new name
        self.existing_box.setObjectName("setup-existing")
        self.existing_layout = QVBoxLayout(self.existing_box)
        self.existing_layout.setContentsMargins(0, 0, 0, 0)
        self.existing_group = QButtonGroup(self)
        self.existing_group.buttonToggled.connect(self._existing_toggled)
        self.existing_box.hide()
        self._existing_key: tuple[str, ...] = ()
        self._choice = ""
        """The technician's answer to "an app of that name exists": "" none, "new", or the client ID to reuse."""
        lay.addWidget(self.existing_box)
        self.script = QLabel(self)
        self.script.setObjectName("setup-script")
        self.script.setTextFormat(Qt.TextFormat.PlainText)
        self.script.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.script.setWordWrap(True)
        self.script.hide()
        lay.addWidget(self.script)
        lay.addStretch(1)
        scroll.setWidget(content)
        outer.addWidget(scroll, 1)
        self.steps = QListWidget(self)
        self.steps.setObjectName("setup-steps")
        self.steps.setFixedHeight(rows_height(self.steps, 5))
        self.steps.setWordWrap(True)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.steps)
        self.banner = Banner(self)
        self.banner.setObjectName("setup-error")
        outer.addWidget(self.banner)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.create = QPushButton(self.tr("&Create"), self)
        self.create.setObjectName("setup-create")
        self.rollback = QPushButton(self.tr("&Delete what was created"), self)
        self.rollback.setObjectName("setup-rollback")
        self.close_button = QPushButton(self.tr("Cancel"), self)
        self.close_button.setObjectName("setup-close")
        for b in (self.create, self.rollback, self.close_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        outer.addLayout(buttons)

        self.signin.clicked.connect(lambda: self._start_sign_in(device=False))
        self.device.clicked.connect(lambda: self._start_sign_in(device=True))
        self.create.clicked.connect(self._start_create)
        self.rollback.clicked.connect(self._start_rollback)
        self.close_button.clicked.connect(self._close)
        self.name.textChanged.connect(lambda _t: self._name_changed())
        self.kind.idToggled.connect(lambda _i, on: on and self._options_changed())
        self.consent.idToggled.connect(lambda _i, on: on and self._options_changed())
        self.months.currentIndexChanged.connect(lambda _i: self._options_changed())
        # sized by the font (wide enough for the explanations to wrap into a few lines), never beyond the screen
        screen = self.screen()
        room = screen.availableGeometry() if screen is not None else None
        margins = outer.contentsMargins()
        need = (content.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width()
                + margins.left() + margins.right())  # the widest row (a radio button's text cannot wrap)
        width, height = max(chars(self, 120), need), self.fontMetrics().lineSpacing() * 52
        self.resize(min(width, room.width()) if room else width, min(height, room.height()) if room else height)

    def options(self) -> es.SetupOptions:
        return es.SetupOptions(
            display_name=self.name.text(),
            credential=es.CredentialKind.CERTIFICATE if self.use_cert.isChecked() else es.CredentialKind.SECRET,
            months=int(self.months.currentData()),
            consent=es.ConsentMode.RBAC_SCOPED if self.scoped.isChecked() and self.scoped.isVisible()
            else es.ConsentMode.TENANT_WIDE,
            reuse=self._choice if self._choice not in ("", "new") else "", new_name=self._choice == "new")

    def _buttons(self) -> None:
        busy = self._task.running
        done = self.result_ is not None
        self.signin.setEnabled(not busy and not done)
        self.device.setEnabled(not busy and not done)
        for w in (self.name, self.use_secret, self.use_cert, self.months, self.tenant_wide, self.client):
            w.setEnabled(not busy and self.created is None)
        self.scoped.setEnabled(not busy and self.created is None and self.permission.rbac_possible)
        self.create.setEnabled(not busy and self.plan is not None and self.plan.ok and self.created is None)
        reusing = self.plan is not None and self.plan.reuse is not None
        self.create.setText(self.tr("&Reuse it") if reusing else self.tr("&Create"))
        for b in self.existing_group.buttons():
            b.setEnabled(not busy and self.created is None)
        self.rollback.setText(self.tr("&Undo what was added") if self.created is not None and self.created.reused
                              else self.tr("&Delete what was created"))
        self.rollback.setVisible(self.created is not None and self.created.anything and not done)
        self.rollback.setEnabled(not busy)
        self.close_button.setText(self.tr("Close") if done or self.created is not None else self.tr("Cancel"))
        self.close_button.setEnabled(not self._creating)

    def _step(self, ev: es.SetupEvent) -> None:
        text = f"{MARK.get(ev.status, '')} {es.step_label(ev.step)}" + (f": {ev.detail}" if ev.detail else "")
        for i in range(self.steps.count()):
            item = self.steps.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == ev.step:
                item.setText(text)
                return
        self.steps.addItem(text)
        self.steps.item(self.steps.count() - 1).setData(Qt.ItemDataRole.UserRole, ev.step)

    def _fail(self, exc: Exception) -> None:
        from calwizard.errors import UserFacingError

        if isinstance(exc, UserFacingError):
            text = exc.message + (f"\n{exc.remedy}" if exc.remedy else "")
        else:  # pragma: no cover - a bug
            text = self.tr("Internal error: {what}").format(what=type(exc).__name__)
        self.banner.show_message("failed", text)

    def _http(self) -> Any:
        from calwizard.exchange.http import HttpPolicy

        return HttpPolicy.from_settings(self.ctl.state.settings.exchange)

    # ------------------------------------------------------------------------------------------ sign-in, plan

    def _exchange(self) -> Any:
        ex = self.ctl.state.settings.exchange
        client = self.client.text().strip()
        if client and client != ex.setup_client_id:
            self.ctl.update(flow.set_field, "exchange.setup_client_id", client)
            ex = self.ctl.state.settings.exchange
        return ex

    def _start_sign_in(self, *, device: bool) -> None:
        self.session = None
        self.plan = None
        self.banner.show_message(None)
        self._cancel = threading.Event()
        self._task.start(self._sign_in(device, self._cancel))

    async def _sign_in(self, device: bool, cancel: threading.Event) -> None:
        import webbrowser

        from calwizard.errors import UserFacingError

        try:
            ex = self._exchange()
            http = self._http()
            if device:
                loop = asyncio.get_running_loop()

                def show(message: str, url: str, code: str) -> None:  # called in the sign-in thread
                    loop.call_soon_threadsafe(self.status.setText, message or f"{url} {code}")

                session = await asyncio.to_thread(es.admin_sign_in_device_code, ex, http, show=show, cancel=cancel)
            else:
                self.status.setText(self.tr("Complete the sign-in in your browser…"))
                opener = self.ctl.services.open_browser or webbrowser.open
                session = await asyncio.to_thread(es.admin_sign_in, ex, http, open_browser=opener, cancel=cancel)
        except asyncio.CancelledError:
            cancel.set()
            raise
        except UserFacingError as exc:
            self.status.setText(self.tr("Not signed in."))
            self._fail(exc)
            return
        self.session = session
        roles = ", ".join(session.role_names) or self.tr("no administrator role")
        self.status.setText(self.tr("Signed in as {user} ({roles}).").format(user=session.username, roles=roles))
        await self._plan()

    def _name_changed(self) -> None:
        self._choice = ""  # reuse or a new name was the answer for the other name
        self._options_changed()

    def _existing_toggled(self, button: Any, checked: bool) -> None:
        if checked:
            self._choice = str(button.property("choice"))
            self._options_changed()

    def _show_existing(self, plan: es.Plan) -> None:
        """The choice between the apps of that name (reuse one) and a new name; hidden when there are none."""
        key = (*(e.client_id for e in plan.existing), plan.proposed_name)
        if key != self._existing_key:
            self._existing_key = key
            for b in self.existing_group.buttons():
                self.existing_group.removeButton(b)
                self.existing_layout.removeWidget(b)
                b.hide()
                b.setParent(None)  # out of the dialog now, not only when the deferred delete runs
                b.deleteLater()
            # short: a radio button cannot wrap (the plan above describes each app in full)
            current = self.ctl.state.settings.exchange.client_id.strip().lower()
            choices = [(e.client_id, (self.tr("Reuse app ID {id} (created {day}), the one this configuration uses")
                                      if e.client_id.lower() == current else
                                      self.tr("Reuse app ID {id} (created {day})")).format(
                id=e.client_id, day=e.created.date().isoformat() if e.created else "?")) for e in plan.existing]
            if plan.proposed_name:
                choices.append(("new", self.tr("Create a new one named '{name}'").format(name=plan.proposed_name)))
            for choice, text in choices:
                button = QRadioButton(text, self.existing_box)
                button.setObjectName(f"setup-reuse:{choice}" if choice != "new" else "setup-new-name")
                button.setProperty("choice", choice)
                self.existing_layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)  # as wide as what is clickable
                self.existing_group.addButton(button)
        for b in self.existing_group.buttons():
            if b.property("choice") == self._choice and not b.isChecked():
                b.blockSignals(True)
                b.setChecked(True)
                b.blockSignals(False)
        self.existing_box.setVisible(bool(plan.existing))

    def _options_changed(self) -> None:
        if self.session is not None and self.created is None:
            self.plan = None  # no Create on a plan that no longer matches the choices
            self._buttons()
            self._replan.start()

    def _start_plan(self) -> None:
        if self.session is not None and self.created is None and not self._task.running:
            self._task.start(self._plan())
        elif self.session is not None and self.created is None:
            self._replan.start()

    async def _plan(self) -> None:
        assert self.session is not None
        from calwizard.errors import UserFacingError

        self.plan = None
        self._buttons()
        try:
            async with es.AppSetup(self.session, self.ctl.state.settings, self._http()) as setup:
                plan = await setup.plan(self.options())
        except UserFacingError as exc:
            self._fail(exc)
            return
        self.plan = plan
        self.plan_label.setText(plan.text())
        self._show_existing(plan)
        self.banner.show_message(None)
        self._buttons()

    # ------------------------------------------------------------------------------------------ create

    def _start_create(self) -> None:
        if self.plan is not None and self.plan.ok:
            self._task.start(self._create(self.plan))

    async def _create(self, plan: es.Plan) -> None:
        from calwizard.errors import UserFacingError
        from calwizard.settings.model import SecretRef

        assert self.session is not None
        self.banner.show_message(None)
        self.steps.clear()
        state = self.ctl.state
        opener = self.ctl.services.store_opener
        try:
            if opener is None:
                from calwizard.secrets import open_store

                store = await asyncio.to_thread(open_store)
            else:
                store = await asyncio.to_thread(opener)
        except UserFacingError as exc:  # before anything is created: the credential must have somewhere to go
            self._fail(exc)
            return
        extra = self.ctl.services.extra
        async with es.AppSetup(self.session, state.settings, self._http()) as setup:
            self._creating = True
            try:
                result = await setup.execute(plan, self._step)
            except es.SetupFailed as exc:
                self.created = exc.created
                self._fail(exc)
                return
            finally:
                self._creating = False
                self._buttons()
            self.created = result.created
            field = es.credential_field(result)
            ref = SecretRef(store=f"{state.profile}/exchange.{field}")
            assert ref.store is not None
            configured = es.configure(self.ctl.state.settings, result, ref)
            from calwizard.secretbinding import field_destinations

            # the new secret goes only to this configuration's Entra authority and hosts (calwizard.secretbinding)
            await asyncio.to_thread(functools.partial(store.set, ref.store, result.credential_value,
                                                      bound_to=field_destinations(configured, f"exchange.{field}")))
            self.ctl.update(lambda st: flow.set_settings(st, configured, clear_errors=CLEARED))
            self.result_ = result
            self._buttons()
            if result.consent == es.ConsentMode.RBAC_SCOPED:
                self.script.setText(self.tr("Run in Exchange Online PowerShell (as an Exchange administrator) to "
                                            "allow the synced mailboxes:") + "\n" + flow.scope_script(configured))
                self.script.show()
            try:
                await setup.wait_until_granted(result, self._step,
                                               timeout=float(extra.get("entra_setup_timeout", es.PROPAGATION_TIMEOUT)),
                                               interval=float(extra.get("entra_setup_interval",
                                                                        es.PROPAGATION_INTERVAL)))
            except es.SetupFailed as exc:
                self._fail(exc)
                return
        self.session = None  # done with the administrator's token
        self.banner.show_message("ok", self.tr("Created. The Entra app page is filled in; its checks run now."))
        if result.consent == es.ConsentMode.TENANT_WIDE:
            QTimer.singleShot(0, self, self.accept)

    # ------------------------------------------------------------------------------------------ rollback, close

    def _start_rollback(self) -> None:
        if self.created is not None and self.session is not None:
            self._task.start(self._rollback(self.created))

    async def _rollback(self, created: es.Created) -> None:
        assert self.session is not None
        async with es.AppSetup(self.session, self.ctl.state.settings, self._http()) as setup:
            left = await setup.rollback(created, self._step)
        if left:
            self.banner.show_message("failed", self.tr("Could not undo: {what}").format(what="; ".join(left)))
            return
        self.created = None
        self.banner.show_message("ok", self.tr("What this run added has been removed; the application itself was kept "
                                               "as it was.") if created.reused
                                 else self.tr("Everything that was created has been deleted."))
        self._buttons()

    def _close(self) -> None:
        if self.result_ is not None:
            self.accept()
        else:
            self.reject()

    def reject(self) -> None:
        """Cancel, Esc or the window's close button: not in the middle of creating (that would leave a half-made
        app registration without the offer to delete it)."""
        if self._creating:
            self.banner.show_message("warning", self.tr("Wait until the current step has finished: closing now would "
                                                        "leave a half-made app registration."))
            return
        super().reject()

    def done(self, r: int) -> None:
        """However it closes (also when the page is left): drop the administrator's token, stop the work."""
        if self._cancel is not None:
            self._cancel.set()
        self._task.cancel()
        self._replan.stop()
        self.session = None
        super().done(r)
