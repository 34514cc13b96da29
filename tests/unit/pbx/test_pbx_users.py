"""PBX users: replicated rows, the addresses tried (seed "Users and primary SMTP address"), the user filter."""

from __future__ import annotations

import pytest

from calwizard.pbx.users import PbxUser, UserFilter


def row(**kw: object) -> dict:
    base: dict = {"guid": "c9ebcc5914bd5e01c8020090334106ee", "h323": "user0", "cn": "User0", "config": "Config",
                  "node": "root", "e164": "201", "emails": [{"email": "user0@example.com"}],
                  "grps": [{"name": "group1", "mode": "active", "dyn": "in"}]}
    base.update(kw)
    return base


def test_user_from_the_sdk_example_row() -> None:
    u = PbxUser.from_columns(row())
    assert u is not None
    assert (u.h323, u.cn, u.e164, u.config, u.node) == ("user0", "User0", "201", "Config", "root")
    assert u.emails == ("user0@example.com",)
    assert u.groups == ("group1",)


@pytest.mark.parametrize("cols", [None, [], {}, {"guid": "x"}, {"h323": "a"}, row(h323="  "), row(guid="")])
def test_rows_without_guid_or_name_are_not_users(cols: object) -> None:
    assert PbxUser.from_columns(cols) is None


def test_garbage_in_tables_is_skipped() -> None:
    u = PbxUser.from_columns(row(emails=[{"email": 5}, "x", {"email": " a@b.example "}], grps="nope", cn=None))
    assert u is not None and u.emails == ("a@b.example",) and u.groups == () and u.cn == ""


def test_addresses_emails_first_then_username_at_domain() -> None:
    u = PbxUser("g", "anna", emails=("anna.schmidt@contoso.test", "anna@contoso.test"))
    assert u.addresses("contoso.test") == ["anna.schmidt@contoso.test", "anna@contoso.test"]
    assert u.addresses("") == ["anna.schmidt@contoso.test", "anna@contoso.test"]
    assert PbxUser("g", "ben").addresses("contoso.test") == ["ben@contoso.test"]


def test_no_email_and_no_domain_means_no_address() -> None:
    assert PbxUser("g", "ben").addresses("") == []


def test_unusable_names_and_addresses_are_not_tried() -> None:
    u = PbxUser("g", "Front Desk", emails=("not-an-address", "desk@contoso.test", "DESK@contoso.test"))
    assert u.addresses("contoso.test") == ["desk@contoso.test"]


def test_filter_all_by_default() -> None:
    f = UserFilter.parse("")
    assert not f and f.matches(PbxUser("g", "x"))


def test_filter_terms_any_of_them_case_insensitive() -> None:
    f = UserFilter.parse("group:Calendar, config:Rooms")
    assert f.matches(PbxUser("g", "a", groups=("calendar",)))
    assert f.matches(PbxUser("g", "b", config="rooms"))
    assert not f.matches(PbxUser("g", "c", groups=("sales",), config="Standard"))
    assert UserFilter.parse("node:branch").matches(PbxUser("g", "d", node="Branch"))


@pytest.mark.parametrize("text", ["calendar", "group:", "team:x", "group:a,,oops"])
def test_bad_filter_terms_are_refused_with_the_syntax(text: str) -> None:
    with pytest.raises(ValueError, match="group:NAME, config:NAME or node:NAME"):
        UserFilter.parse(text)
