"""Access models: reading a calendar's permission level from Microsoft's documented GetFolder answer, what each
level lets the connector see, the least-privilege PowerShell and remedies that fit the access model."""

from __future__ import annotations

import pytest

from calwizard.exchange import access
from calwizard.exchange.access import LEVELS, Model, Visibility, rights_from_entries, rights_from_exchangelib
from calwizard.settings.model import AccessModel, ExchangeSettings, SyncType

T = "http://schemas.microsoft.com/exchange/services/2006/types"


def calendar_permission(user: str, read: str, level: str, *, create: bool = False, edit: str = "None") -> str:
    """One ``t:CalendarPermission`` as Microsoft's GetFolder example writes its ``t:Permission`` ("Set folder
    permissions for another user by using EWS in Exchange"), with the calendar's ReadItems and level
    ("CalendarPermission", "CalendarPermissionLevel")."""
    uid = (f"<t:DistinguishedUser>{user}</t:DistinguishedUser>" if user in ("Default", "Anonymous") else
           f"<t:SID>S-1-5-21-1</t:SID><t:PrimarySmtpAddress>{user}</t:PrimarySmtpAddress>"
           f"<t:DisplayName>{user}</t:DisplayName>")
    return (f"<t:CalendarPermission><t:UserId>{uid}</t:UserId><t:CanCreateItems>{str(create).lower()}"
            "</t:CanCreateItems><t:CanCreateSubFolders>false</t:CanCreateSubFolders><t:IsFolderOwner>false"
            "</t:IsFolderOwner><t:IsFolderVisible>false</t:IsFolderVisible><t:IsFolderContact>false"
            f"</t:IsFolderContact><t:EditItems>{edit}</t:EditItems><t:DeleteItems>None</t:DeleteItems>"
            f"<t:ReadItems>{read}</t:ReadItems><t:CalendarPermissionLevel>{level}</t:CalendarPermissionLevel>"
            "</t:CalendarPermission>")


def calendar_folder(*permissions: str, read: bool = False, private: bool = False, modify: bool = False) -> bytes:
    """The ``t:CalendarFolder`` of a GetFolder answer with ``folder:PermissionSet`` and ``folder:EffectiveRights``."""
    rights = "".join(f"<t:{k}>{str(v).lower()}</t:{k}>" for k, v in (
        ("CreateAssociated", False), ("CreateContents", False), ("CreateHierarchy", False), ("Delete", False),
        ("Modify", modify), ("Read", read), ("ViewPrivateItems", private)))
    pset = (f"<t:PermissionSet><t:CalendarPermissions>{''.join(permissions)}</t:CalendarPermissions>"
            "</t:PermissionSet>") if permissions else ""
    return (f'<t:CalendarFolder xmlns:t="{T}"><t:FolderId Id="CgAAAA==" '
            'ChangeKey="AQAAABYAAADOilbYa8KaT7ZgMoTz2P+hAAABiRd1"/><t:DisplayName>Calendar</t:DisplayName>'
            f"<t:EffectiveRights>{rights}</t:EffectiveRights>{pset}</t:CalendarFolder>").encode()


def parse(xml: bytes, account: str = "svc@contoso.com") -> access.FolderRights:
    """Microsoft's XML through exchangelib's parser (what ``calwizard validate`` uses), then our reading."""
    from exchangelib.folders import Calendar
    from exchangelib.util import to_xml

    return rights_from_exchangelib(Calendar.from_xml(elem=to_xml(xml).getroot(), account=None), [account])


DEFAULT_FREE_BUSY = calendar_permission("Default", "TimeOnly", "FreeBusyTimeOnly")
ANONYMOUS_NONE = calendar_permission("Anonymous", "None", "None")


def test_own_entry_wins_over_default() -> None:
    r = parse(calendar_folder(DEFAULT_FREE_BUSY, ANONYMOUS_NONE,
                              calendar_permission("svc@contoso.com", "FullDetails", "Reviewer"), read=True))
    assert (r.level, r.read, r.via, r.writes, r.view_private) == ("Reviewer", Visibility.FULL_DETAILS, "own entry",
                                                                   False, False)
    assert r.label() == "Reviewer" and "full presence text" in r.sees


def test_without_an_entry_the_default_entry_applies() -> None:
    r = parse(calendar_folder(DEFAULT_FREE_BUSY, ANONYMOUS_NONE))
    assert (r.level, r.read, r.via) == ("FreeBusyTimeOnly", Visibility.FREE_BUSY, "Default")
    assert r.label() == "FreeBusyTimeOnly (Default)" and "without subject" in r.sees
    closed = parse(calendar_folder(calendar_permission("Default", "None", "None"), ANONYMOUS_NONE))
    assert closed.read is Visibility.NONE


def test_subject_and_location_level_and_private_items() -> None:
    r = parse(calendar_folder(DEFAULT_FREE_BUSY, calendar_permission(
        "SVC@contoso.com", "TimeAndSubjectAndLocation", "FreeBusyTimeAndSubjectAndLocation"), private=True))
    assert (r.level, r.read, r.view_private) == ("FreeBusyTimeAndSubjectAndLocation", Visibility.SUBJECT_LOCATION,
                                                 True)
    assert r.label() == "FreeBusyTimeAndSubjectAndLocation (private items)"


def test_writing_levels_and_custom_entries_are_more_than_needed() -> None:
    editor = parse(calendar_folder(calendar_permission("svc@contoso.com", "FullDetails", "Editor", create=True,
                                                       edit="All"), read=True, modify=True))
    assert editor.writes and editor.read is Visibility.FULL_DETAILS
    custom = parse(calendar_folder(calendar_permission("svc@contoso.com", "TimeOnly", "Custom", create=True)))
    assert (custom.level, custom.read, custom.writes) == ("Custom", Visibility.FREE_BUSY, True)


def test_without_permission_set_effective_rights_decide() -> None:
    assert parse(calendar_folder(read=True)).read is Visibility.FULL_DETAILS
    unknown = parse(calendar_folder())
    assert (unknown.level, unknown.read, unknown.via) == (None, None, "effective rights")
    assert "unknown" in unknown.sees


def test_level_table_matches_what_each_level_lets_the_connector_see() -> None:
    sees = {name: level.read for name, level in LEVELS.items()}
    assert sees["None"] is Visibility.NONE and sees["Contributor"] is Visibility.NONE
    assert sees["FreeBusyTimeOnly"] is Visibility.FREE_BUSY
    assert sees["FreeBusyTimeAndSubjectAndLocation"] is Visibility.SUBJECT_LOCATION
    for name in ("Reviewer", "Author", "NoneditingAuthor", "PublishingAuthor", "Editor", "PublishingEditor", "Owner"):
        assert sees[name] is Visibility.FULL_DETAILS, name
    assert [n for n, lv in LEVELS.items() if lv.read and lv.read.rank >= Visibility.SUBJECT_LOCATION.rank
            and not lv.writes] == ["FreeBusyTimeAndSubjectAndLocation", "Reviewer"]  # the read-only ones
    assert access.least_level(True) == "FreeBusyTimeAndSubjectAndLocation"
    assert access.least_level(False) == "FreeBusyTimeOnly"


def test_entries_from_any_source() -> None:
    r = rights_from_entries([{"user": "Default", "level": "Reviewer", "read": "FullDetails"}], ["svc@x.test"], None)
    assert (r.level, r.via) == ("Reviewer", "Default")


def exchange(sync_type: SyncType, model: AccessModel = AccessModel.IMPERSONATION) -> ExchangeSettings:
    return ExchangeSettings(sync_type=sync_type, access_model=model, user="svc-calendar@contoso.test",
                            client_id="3f9a1c27-6b4e-4d8a-a1f2-7c5e9b0d2a41")


def test_access_model_per_sync_type() -> None:
    assert access.model_for(exchange(SyncType.ON_PREMISES)) is Model.IMPERSONATION
    assert access.model_for(exchange(SyncType.ON_PREMISES, AccessModel.DELEGATE)) is Model.DELEGATE
    assert access.model_for(exchange(SyncType.CLOUD_APP_ONLY, AccessModel.DELEGATE)) is Model.APP_ONLY  # ignored
    assert access.model_for(exchange(SyncType.CLOUD_GRAPH)) is Model.GRAPH
    assert access.model_for(exchange(SyncType.CLOUD_DELEGATED)) is Model.IMPERSONATION
    info = access.describe(exchange(SyncType.ON_PREMISES, AccessModel.DELEGATE))
    assert "explicit access, no impersonation" in info.how and "FreeBusyTimeAndSubjectAndLocation" in info.what


@pytest.mark.parametrize(("sync_type", "model", "kind", "must", "never"), [
    (SyncType.ON_PREMISES, AccessModel.IMPERSONATION, "access_denied", "a folder permission does not change that",
     "Add-MailboxFolderPermission"),
    (SyncType.ON_PREMISES, AccessModel.IMPERSONATION, "impersonation_denied", "ApplicationImpersonation",
     "Reviewer"),
    (SyncType.ON_PREMISES, AccessModel.DELEGATE, "access_denied",
     'Add-MailboxFolderPermission -Identity "ben@contoso.test:\\Calendar" -User "svc-calendar@contoso.test" '
     "-AccessRights FreeBusyTimeAndSubjectAndLocation", "ApplicationImpersonation"),
    (SyncType.CLOUD_APP_ONLY, AccessModel.IMPERSONATION, "impersonation_denied", "RBAC for Applications",
     "Reviewer"),
])
def test_access_denied_remedy_names_what_the_access_model_needs(
        sync_type: SyncType, model: AccessModel, kind: str, must: str, never: str) -> None:
    text = access.access_denied_remedy(exchange(sync_type, model), kind, "ben@contoso.test") or ""
    assert must in text and never not in text and "Reviewer" not in text
    assert access.access_denied_remedy(exchange(sync_type, model), "network", "ben@contoso.test") is None


def test_least_privilege_scripts() -> None:
    folder = access.folder_permission_script(["anna@contoso.test", "room-1@contoso.test"], "svc@contoso.test",
                                             must_be_denied=["ceo@contoso.test"])
    assert 'Grant-CalendarSync "anna@contoso.test" "svc@contoso.test" FreeBusyTimeAndSubjectAndLocation' in folder
    assert "Add-MailboxFolderPermission -Identity $id -User $User -AccessRights $Rights" in folder
    assert "-FolderScope Calendar" in folder  # the folder's localized name is looked up
    assert 'Get-CalendarFolder "ceo@contoso.test") -User "svc@contoso.test"  # must find nothing' in folder
    assert "FreeBusyTimeOnly" in access.folder_permission_script(["a@contoso.test"], "s@contoso.test", False)
    scope = access.impersonation_scope_script(["anna@contoso.test", "room-1@contoso.test"], "svc@contoso.test")
    assert 'New-ManagementScope -Name "Calendar sync"' in scope
    assert ('New-ManagementRoleAssignment -Name "Calendar sync impersonation" -Role ApplicationImpersonation '
            '-User "svc@contoso.test" -CustomRecipientWriteScope "Calendar sync"') in scope
    assert '"anna@contoso.test", "room-1@contoso.test" | ForEach-Object' in scope
    assert "RoomMailbox" in scope  # the rooms-only scope of seed 004
