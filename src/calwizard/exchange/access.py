"""Access models: HOW the connector reaches other users' calendars, WHAT that lets it see, and how to keep it to
the least privilege — for validation, the sync engine, the remedies and the wizard.

Sources: seed 001 ("Delegate access and EWS in Exchange": three ways — delegates, folder permissions, impersonation;
explicit access with a Mailbox in DistinguishedFolderId; the permission levels), seed 000 (what Reviewer, Author and
Editor allow), seed 003 (Microsoft Graph calendar roles freeBusyRead … delegateWithPrivateEventAccess), seed 004
(impersonation scoped to rooms; delegate access is throttled as one account), and Microsoft Learn:
"Impersonation and EWS in Exchange", "Configure impersonation" (New-ManagementScope, New-ManagementRoleAssignment
-Role ApplicationImpersonation -CustomRecipientWriteScope), "Add-MailboxFolderPermission",
"PermissionSet", "CalendarPermission", "CalendarPermissionLevel", "ReadItems (CalendarPermissionType)",
"EffectiveRights", "ViewPrivateItems", "Role Based Access Control for Applications in Exchange Online".

The access models (:func:`model_for`):

==================  ===========================================  =================================================
model               how                                          what it lets the connector see
==================  ===========================================  =================================================
``impersonation``   EWS, ``ExchangeImpersonation`` header; the   what the owner sees: every appointment with
                    ApplicationImpersonation role, limited by a  subject and location; private ones are shown as
                    management scope                             "Private"
``app_only``        EWS, application permission                  the same, for the mailboxes in the app's scope
                    ``full_access_as_app`` + impersonation
                    header; RBAC for Applications / application
                    access policy scope
``graph``           Microsoft Graph, application permission      the same (Calendars.ReadBasic: without bodies)
                    Calendars.Read(Basic), RBAC for Applications
``delegate``        EWS explicit access (Mailbox in              what the folder permission allows
                    DistinguishedFolderId), no impersonation;    (:data:`LEVELS`)
                    a folder permission on each calendar
==================  ===========================================  =================================================

What each calendar permission level lets the connector see (:data:`LEVELS`; the level's ``ReadItems``):

===================================  ======================  ============================================
level                                ReadItems               the presence shows
===================================  ======================  ============================================
None, Contributor                    None                    nothing: access denied
FreeBusyTimeOnly                     TimeOnly                free/busy without subject ("Busy until 12:30")
FreeBusyTimeAndSubjectAndLocation    TimeAndSubjectAnd…      the seed's text ("Meeting … until 12:30"):
                                                             the least a delegate needs
Reviewer                             FullDetails             the same (bodies and attendees too, unused)
NoneditingAuthor, Author,            FullDetails             the same, and may change the calendar: more
PublishingAuthor, Editor,                                    than the connector needs
PublishingEditor, Owner
Custom                               as its ReadItems        as its ReadItems
===================================  ======================  ============================================

Private appointments: without ``ViewPrivateItems`` (CanViewPrivateItems) Exchange withholds their details from a
delegate, as Outlook shows them ("Private appointment"); with it, the details come. Either way the presence says
"Private" (:mod:`calwizard.engine.presence`, decision 11), so the connector never needs ViewPrivateItems.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from calwizard.i18n import QT_TRANSLATE_NOOP, translate


class Visibility(StrEnum):
    """What a calendar permission lets the connector read (EWS ``CalendarPermissionReadAccessType``)."""

    NONE = "None"
    FREE_BUSY = "TimeOnly"
    SUBJECT_LOCATION = "TimeAndSubjectAndLocation"
    FULL_DETAILS = "FullDetails"

    @property
    def rank(self) -> int:
        return list(Visibility).index(self)


@dataclass(frozen=True)
class Level:
    """A calendar permission level (EWS ``CalendarPermissionLevelType``) and what it grants."""

    name: str
    read: Visibility | None
    """``ReadItems`` of the level (None for Custom: see the entry's own ReadItems)."""
    writes: bool
    """The level may create, change or delete items (more than the connector needs)."""


LEVELS: dict[str, Level] = {lv.name: lv for lv in (
    Level("None", Visibility.NONE, False),
    Level("FreeBusyTimeOnly", Visibility.FREE_BUSY, False),
    Level("FreeBusyTimeAndSubjectAndLocation", Visibility.SUBJECT_LOCATION, False),
    Level("Reviewer", Visibility.FULL_DETAILS, False),
    Level("Contributor", Visibility.NONE, True),
    Level("NoneditingAuthor", Visibility.FULL_DETAILS, True),
    Level("Author", Visibility.FULL_DETAILS, True),
    Level("PublishingAuthor", Visibility.FULL_DETAILS, True),
    Level("Editor", Visibility.FULL_DETAILS, True),
    Level("PublishingEditor", Visibility.FULL_DETAILS, True),
    Level("Owner", Visibility.FULL_DETAILS, True),
    Level("Custom", None, False),
)}
"""Every CalendarPermissionLevel of EWS (types.xsd) by name."""

LEAST_LEVEL = "FreeBusyTimeAndSubjectAndLocation"
"""The least folder permission that gives the seed's presence text (subject and location)."""
LEAST_LEVEL_NO_SUBJECT = "FreeBusyTimeOnly"
"""The least folder permission when the presence hides subjects (``pbx.show_subject`` off)."""

SEES = {
    Visibility.NONE: QT_TRANSLATE_NOOP("exchange", "nothing (access denied)"),
    Visibility.FREE_BUSY: QT_TRANSLATE_NOOP("exchange", "free/busy times only: presence without subject "
                                                        '("Busy until 12:30")'),
    Visibility.SUBJECT_LOCATION: QT_TRANSLATE_NOOP("exchange", "free/busy, subject and location: the full "
                                                               "presence text"),
    Visibility.FULL_DETAILS: QT_TRANSLATE_NOOP("exchange", "every detail of the appointments: the full "
                                                           "presence text"),
}
"""What the presence can show at each visibility."""


def least_level(show_subject: bool) -> str:
    """The least calendar permission level the configured presence needs."""
    return LEAST_LEVEL if show_subject else LEAST_LEVEL_NO_SUBJECT


def needed_visibility(show_subject: bool) -> Visibility:
    return Visibility.SUBJECT_LOCATION if show_subject else Visibility.FREE_BUSY


# ------------------------------------------------------------------------------------------ access models


class Model(StrEnum):
    IMPERSONATION = "impersonation"
    APP_ONLY = "app_only"
    GRAPH = "graph"
    DELEGATE = "delegate"


@dataclass(frozen=True)
class AccessModelInfo:
    """An access model: its key, how the connector reaches a calendar, and what that lets it see."""

    model: Model
    how: str
    what: str


def model_for(exchange: Any) -> Model:
    """The access model of :class:`calwizard.settings.model.ExchangeSettings` (``access_model`` counts for
    on-premises only; the cloud sync types each have one)."""
    from calwizard.settings.model import AccessModel, SyncType

    if exchange.sync_type.uses_graph:
        return Model.GRAPH
    if exchange.sync_type == SyncType.CLOUD_APP_ONLY:
        return Model.APP_ONLY
    if exchange.sync_type == SyncType.ON_PREMISES and exchange.access_model == AccessModel.DELEGATE:
        return Model.DELEGATE
    return Model.IMPERSONATION


def describe(exchange: Any, show_subject: bool = True) -> AccessModelInfo:
    """How and what for ``exchange``'s access model (one sentence each, for validation and the wizard)."""
    model = model_for(exchange)
    who = exchange.user or translate("exchange", "the service account")
    private = translate("exchange", 'private appointments are shown as "Private"')
    if model is Model.GRAPH:
        return AccessModelInfo(model, translate("exchange", "Microsoft Graph, application permission "
                                                            "{value} (limited by the app's Exchange RBAC "
                                                            "for Applications scope)").format(
                                                                value=exchange.graph_permission.value),
                               translate("exchange", "every appointment with subject and location; {private}").format(
                                   private=private))
    if model is Model.APP_ONLY:
        return AccessModelInfo(model, translate("exchange", "EWS, application permission "
                                                            "full_access_as_app with impersonation "
                                                            "(limited by the app's RBAC for Applications "
                                                            "scope or application access policy)"),
                               translate("exchange", "what the owner sees: every appointment with subject "
                                                     "and location; {private}").format(private=private))
    if model is Model.DELEGATE:
        return AccessModelInfo(model, translate("exchange", "EWS delegate access: {who} opens each "
                                                            "calendar with its own folder permission "
                                                            "(explicit access, no impersonation)").format(who=who),
                               translate("exchange", "what each calendar's folder permission allows; at "
                                                     "least {least_level} is needed").format(
                                                         least_level=least_level(show_subject)))
    return AccessModelInfo(model, translate("exchange", "EWS impersonation: {who} acts as each mailbox "
                                                        "(ApplicationImpersonation role, limited by its "
                                                        "management scope)").format(who=who),
                           translate("exchange", "what the owner sees: every appointment with subject and "
                                                 "location; {private}").format(private=private))


# ------------------------------------------------------------------------------------------ folder rights


@dataclass(frozen=True)
class FolderRights:
    """The service account's rights on one calendar, from GetFolder's ``PermissionSet`` and ``EffectiveRights``.

    Attributes:
        level: the CalendarPermissionLevel of the account's own entry (else of the ``Default`` entry it falls
            under); None when the PermissionSet was not returned.
        read: what the account can read (the entry's ReadItems; without a PermissionSet, ``FullDetails`` when
            EffectiveRights grants Read, else unknown -> None).
        view_private: EffectiveRights ViewPrivateItems.
        writes: the account may create, change or delete items (EffectiveRights CreateContents/Modify/Delete, or
            the level's).
        via: ``own entry``, ``Default`` (no entry of its own) or ``effective rights``.
    """

    level: str | None
    read: Visibility | None
    view_private: bool = False
    writes: bool = False
    via: str = "own entry"

    @property
    def sees(self) -> str:
        return translate("exchange", SEES[self.read]) \
            if self.read is not None else translate("exchange", "unknown (the server did not say)")

    def label(self) -> str:
        """Short text for a table cell, e.g. ``Reviewer`` or ``FreeBusyTimeOnly (Default)``."""
        name = self.level or (self.read.value if self.read else "unknown")
        extra = [] if self.via == "own entry" else [self.via]
        if self.view_private:
            extra.append(translate("exchange", "private items"))
        return f"{name} ({', '.join(extra)})" if extra else name


def _flag(value: Any) -> bool:
    return bool(value) and str(value).lower() not in ("false", "0", "none")


def rights_from_entries(entries: Iterable[dict[str, Any]], account: Sequence[str], effective: dict[str, Any] | None
                        ) -> FolderRights:
    """The account's rights from the folder's calendar permission entries and its EffectiveRights.

    Args:
        entries: one dict per CalendarPermission: ``user`` (SMTP address, or ``Default``/``Anonymous`` for a
            DistinguishedUser), ``level`` (CalendarPermissionLevel), ``read`` (ReadItems), and the booleans/levels
            ``can_create_items``, ``edit_items``, ``delete_items``.
        account: the service account's SMTP addresses (any of them matches its entry).
        effective: EffectiveRights as a dict (``read``, ``view_private_items``, ``create_contents``, ``modify``,
            ``delete``), or None when not returned.
    """
    wanted = {a.lower() for a in account}
    own = default = None
    listed = False
    for e in entries:
        listed = True
        user = str(e.get("user") or "")
        if user.lower() in wanted:
            own = e
        elif user == "Default":
            default = e
    eff = effective or {}
    view_private = _flag(eff.get("view_private_items"))
    eff_writes = any(_flag(eff.get(k)) for k in ("create_contents", "modify", "delete"))
    entry, via = (own, translate("exchange", "own entry")) if own is not None else (default, "Default")
    if entry is None:
        if listed:  # a PermissionSet without an entry that applies: no access
            return FolderRights("None", Visibility.NONE, view_private, eff_writes, via="Default")
        read = Visibility.FULL_DETAILS if _flag(eff.get("read")) else None
        return FolderRights(None, read, view_private, eff_writes, via=translate("exchange", "effective rights"))
    level_name = str(entry.get("level") or "Custom")
    level = LEVELS.get(level_name)
    read_text = str(entry.get("read") or "")
    read = Visibility(read_text) if read_text in Visibility._value2member_map_ else (level.read if level else None)
    writes = eff_writes or (level.writes if level is not None and level.name != "Custom" else any(
        _flag(entry.get(k)) and str(entry.get(k)) != "None" for k in ("can_create_items", "edit_items",
                                                                      "delete_items")))
    return FolderRights(level_name, read, view_private, writes, via=via)


def rights_from_exchangelib(folder: Any, account: Sequence[str]) -> FolderRights:
    """:func:`rights_from_entries` for an exchangelib folder fetched with ``permission_set`` and
    ``effective_rights`` (exchangelib parses Microsoft's XML; this reads its objects)."""
    entries = []
    pset = getattr(folder, "permission_set", None)
    for p in (getattr(pset, "calendar_permissions", None) or []) if pset is not None else []:
        uid = getattr(p, "user_id", None)
        user = ""
        if uid is not None:
            user = getattr(uid, "primary_smtp_address", None) or getattr(uid, "distinguished_user", None) or ""
        entries.append({"user": user, "level": getattr(p, "calendar_permission_level", None),
                        "read": getattr(p, "read_items", None), "can_create_items": getattr(p, "can_create_items",
                                                                                            None),
                        "edit_items": getattr(p, "edit_items", None), "delete_items": getattr(p, "delete_items", None)})
    eff = getattr(folder, "effective_rights", None)
    effective = None if eff is None else {k: getattr(eff, k, None) for k in (
        "read", "view_private_items", "create_contents", "modify", "delete")}
    return rights_from_entries(entries, account, effective)


# ------------------------------------------------------------------------------------------ remedies


def folder_permission_line(mailbox: str, service_account: str, level: str = LEAST_LEVEL) -> str:
    """One Exchange Management Shell line granting ``service_account`` ``level`` on ``mailbox``'s calendar (via
    the ``Grant-CalendarSync`` helper of :func:`folder_permission_script`, which finds the calendar folder's
    localized name)."""
    return f'Grant-CalendarSync "{mailbox}" "{service_account}" {level}'


def folder_permission_script(mailboxes: Sequence[str], service_account: str, show_subject: bool = True,
                             must_be_denied: Sequence[str] = ()) -> str:
    """Exchange Management Shell (on-premises) giving the service account the least folder permission on each
    calendar (Add-MailboxFolderPermission; Set-MailboxFolderPermission where it already holds one), then showing
    what it holds. The calendar folder's name follows the mailbox language ("Calendar", "Kalender", …), so the
    helpers look it up (Get-MailboxFolderStatistics -FolderScope Calendar)."""
    svc = service_account or translate("exchange", "<service account>")
    level = least_level(show_subject)
    listed = list(mailboxes) or ["user@contoso.com"]
    lines = [
        translate("exchange", "# Delegate access for calendar sync: {svc} gets {level} on each calendar "
                              "(no impersonation)").format(svc=svc, level=level),
        "function Get-CalendarFolder($Mailbox) {",
        '  $cal = (Get-MailboxFolderStatistics -Identity $Mailbox -FolderScope Calendar | '
        'Where-Object FolderType -eq "Calendar" | Select-Object -First 1).Name',
        '  "${Mailbox}:\\$cal"',
        "}",
        "function Grant-CalendarSync($Mailbox, $User, $Rights) {",
        "  $id = Get-CalendarFolder $Mailbox",
        "  if (Get-MailboxFolderPermission -Identity $id -User $User -ErrorAction SilentlyContinue) {",
        "    Set-MailboxFolderPermission -Identity $id -User $User -AccessRights $Rights",
        "  } else {",
        "    Add-MailboxFolderPermission -Identity $id -User $User -AccessRights $Rights",
        "  }",
        "}",
        *(folder_permission_line(m, svc, level) for m in listed),
        translate("exchange", "# Check what the service account holds on each calendar"),
        f"{', '.join(chr(34) + m + chr(34) for m in listed)} | ForEach-Object {{ "
        f'Get-MailboxFolderPermission -Identity (Get-CalendarFolder $_) -User "{svc}" }}',
    ]
    if must_be_denied:
        lines.append(translate("exchange", "# Mailboxes that must stay out of reach: the service account "
                                           "must hold no permission there"))
        lines += [f'Get-MailboxFolderPermission -Identity (Get-CalendarFolder "{m}") -User "{svc}"  # must find '
                  "nothing" for m in must_be_denied]
    return "\n".join(lines)


IMPERSONATION_SCOPE = "Calendar sync"
RBAC_EWS_ROLE = "Application EWS.AccessAsApp"
"""The Exchange RBAC for Applications role of EWS app-only access (full_access_as_app)."""


def impersonation_scope_script(mailboxes: Sequence[str], service_account: str,
                               must_be_denied: Sequence[str] = ()) -> str:
    """Exchange Management Shell (on-premises) limiting the service account's ApplicationImpersonation to the
    synced mailboxes (Microsoft Learn "Configure impersonation": a management scope + a role assignment with
    ``-CustomRecipientWriteScope``), with the rooms-only variant of seed 004 as a comment."""
    svc = service_account or translate("exchange", "<service account>")
    listed = ", ".join(f'"{m}"' for m in mailboxes) or '"user@contoso.com"'
    lines = [
        translate("exchange", "# ApplicationImpersonation for {svc}, limited to the synced mailboxes").format(svc=svc),
        f'New-DistributionGroup -Name "{IMPERSONATION_SCOPE} mailboxes" -Type Security',
        f"{listed} | ForEach-Object {{ Add-DistributionGroupMember \"{IMPERSONATION_SCOPE} mailboxes\" -Member $_ }}",
        f'$g = Get-DistributionGroup "{IMPERSONATION_SCOPE} mailboxes"',
        f'New-ManagementScope -Name "{IMPERSONATION_SCOPE}" '
        "-RecipientRestrictionFilter \"MemberOfGroup -eq '$($g.DistinguishedName)'\"",
        translate("exchange", "# (rooms only, as booking systems do: -RecipientRestrictionFilter "
                              '"RecipientTypeDetails -eq \'RoomMailbox\'")'),
        f'New-ManagementRoleAssignment -Name "{IMPERSONATION_SCOPE} impersonation" -Role ApplicationImpersonation '
        f'-User "{svc}" -CustomRecipientWriteScope "{IMPERSONATION_SCOPE}"',
        translate("exchange", "# Remove any wider assignment the account still has (it would make the "
                              "scope pointless):"),
        f'Get-ManagementRoleAssignment -Role ApplicationImpersonation -RoleAssignee "{svc}" | '
        "Format-Table Name,CustomRecipientWriteScope",
    ]
    if must_be_denied:
        lines.append(translate("exchange", "# Mailboxes that must stay out of reach: must NOT be members "
                                           "of the scope's group"))
        lines += [f'Get-DistributionGroupMember "{IMPERSONATION_SCOPE} mailboxes" | Where-Object '
                  f'PrimarySmtpAddress -eq "{m}"  # must find nothing' for m in must_be_denied]
    return "\n".join(lines)


def access_denied_remedy(exchange: Any, kind: str, mailbox: str, show_subject: bool = True) -> str | None:
    """What the configured access model needs when ``mailbox`` is denied (``kind`` ``access_denied`` or
    ``impersonation_denied``); None for other kinds. Never a folder permission when the requests impersonate,
    never impersonation rights for delegate access."""
    if kind not in ("access_denied", "impersonation_denied"):
        return None
    model = model_for(exchange)
    svc = exchange.user or translate("exchange", "<service account>")
    if model is Model.DELEGATE:
        return (translate("exchange", "Delegate access needs a folder permission for {svc} on {mailbox}'s calendar "
                                      "(at least {level}). Exchange Management Shell (the Mailboxes page has the "
                                      "helper for every mailbox):\n").format(svc=svc, mailbox=mailbox,
                                                                             level=least_level(show_subject))
                + f'Add-MailboxFolderPermission -Identity "{mailbox}:\\Calendar" -User "{svc}" -AccessRights '
                f"{least_level(show_subject)}   "
                + translate("exchange", "# the folder may be named after the mailbox language, e.g. Kalender"))
    if model is Model.APP_ONLY:
        return translate("exchange", "The app impersonates {mailbox} with full_access_as_app, and its access is "
                                     "limited (Exchange RBAC for Applications or an application access policy): add "
                                     "the mailbox to the scope's group (e.g. Add-DistributionGroupMember), then check "
                                     "with Test-ServicePrincipalAuthorization -Identity {app} -Resource "
                                     "{mailbox}.").format(mailbox=mailbox, app=exchange.client_id or "<client ID>")
    if model is Model.GRAPH:
        return (translate("exchange", "Microsoft Graph denied {mailbox}: add it to the app's Exchange RBAC "
                                      "for Applications scope (or grant admin consent for the Graph "
                                      "application permission).").format(mailbox=mailbox))
    if kind == "impersonation_denied":
        return translate("exchange", "{svc} may not impersonate {mailbox}: its ApplicationImpersonation role "
                                     "assignment does not cover this mailbox. Add the mailbox to the management "
                                     "scope's group (Add-DistributionGroupMember \"{scope} mailboxes\" -Member "
                                     "{mailbox}), or assign the role for it: New-ManagementRoleAssignment -Role "
                                     "ApplicationImpersonation -User \"{svc}\" -CustomRecipientWriteScope <scope "
                                     "including it>.").format(svc=svc, mailbox=mailbox, scope=IMPERSONATION_SCOPE)
    return translate("exchange", "{svc} impersonates {mailbox}, i.e. acts as its owner, and was still refused: a "
                                 "folder permission does not change that. Check that the mailbox is in this Exchange "
                                 "organization, that no Deny entry blocks the service account (Get-MailboxPermission), "
                                 "and the Exchange server's event log.").format(svc=svc, mailbox=mailbox)
