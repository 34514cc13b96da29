"""exchange/entra_setup without a tenant: the permission per sync type, the options a technician may choose, the
generated certificate, what the configuration gets, and the sign-in errors explained (Conditional Access,
consent declined)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from calwizard.errors import UserFacingError
from calwizard.exchange import entra
from calwizard.exchange import entra_setup as es
from calwizard.settings.model import ExchangeSettings, GraphPermission, SecretRef, Settings, SyncType


def test_the_permission_follows_the_sync_type() -> None:
    graph = es.required_permission(ExchangeSettings(sync_type=SyncType.CLOUD_GRAPH))
    assert (graph.value, graph.app_role_id) == ("Calendars.Read", "798ee544-9d2d-430c-a058-570e29e34338")
    assert graph.granter_names == "Global Administrator, Privileged Role Administrator" and graph.rbac_possible
    basic = es.required_permission(ExchangeSettings(sync_type=SyncType.CLOUD_GRAPH,
                                                    graph_permission=GraphPermission.CALENDARS_READ_BASIC))
    assert not basic.rbac_possible
    ews = es.required_permission(ExchangeSettings(sync_type=SyncType.CLOUD_APP_ONLY))
    assert ews.value == "full_access_as_app" and "Application Administrator" in ews.granter_names
    with pytest.raises(UserFacingError) as err:
        es.required_permission(ExchangeSettings(sync_type=SyncType.CLOUD_DELEGATED))
    assert err.value.field == "exchange.sync_type"


def test_options_that_cannot_work_are_named() -> None:
    graph = es.required_permission(ExchangeSettings(sync_type=SyncType.CLOUD_GRAPH))
    assert es.SetupOptions().problems(graph) == []
    assert "display name is empty" in es.SetupOptions(display_name=" ").problems(graph)[0]
    assert "1 to 24 months" in es.SetupOptions(months=36).problems(graph)[0]
    basic = es.Permission(graph.resource_app_id, graph.resource_name, "Calendars.ReadBasic", "x")
    scoped = es.SetupOptions(consent=es.ConsentMode.RBAC_SCOPED)
    assert "cannot be scoped" in scoped.problems(basic)[0]


def test_generated_certificate_round_trips_through_the_secret_store_form() -> None:
    cert = es.generate_certificate("Calendar sync", 6)
    assert cert.subject == "CN=Calendar sync"
    assert timedelta(days=175) < cert.not_after - datetime.now(UTC) < timedelta(days=185)
    again = entra.load_client_certificate_pem(cert.certificate_pem + cert.private_key_pem)
    assert again.thumbprint_sha1 == cert.thumbprint_sha1
    with pytest.raises(UserFacingError) as err:
        entra.load_client_certificate_pem("not a pem")
    assert err.value.field == "exchange.client_certificate_pem"


def test_configure_points_the_settings_at_the_created_app_and_never_holds_the_secret() -> None:
    settings = Settings(exchange=ExchangeSettings(sync_type=SyncType.CLOUD_GRAPH, client_certificate="/old.pem"))
    now = datetime(2026, 12, 5, tzinfo=UTC)
    result = es.SetupResult(
        created=es.Created("11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222",
                           "33333333-3333-4333-8333-333333333333"),
        tenant_id="44444444-4444-4444-8444-444444444444", display_name="Sync",
        permission=es.required_permission(settings.exchange), consent=es.ConsentMode.RBAC_SCOPED,
        credential=es.CredentialKind.SECRET, expires=now + timedelta(days=365), username="admin@x.test",
        created_at=now, secret="s3cr3t-value")
    ref = SecretRef(store="p/exchange.client_secret")
    ex = es.configure(settings, result, ref).exchange
    assert ex.client_id == "22222222-2222-4222-8222-222222222222" and ex.client_secret == ref
    assert ex.client_certificate == "" and ex.client_secret_expires == (now + timedelta(days=365)).date()
    assert ex.app_registration is not None and ex.app_registration.service_principal_object_id.startswith("3333")
    assert "s3cr3t-value" not in repr(result) and "s3cr3t-value" not in ex.model_dump_json()
    assert "scoped with Exchange RBAC for Applications" in es.describe_consent(ex.app_registration)
    assert settings.exchange.client_id == ""  # the original is left alone


@pytest.mark.parametrize(("code", "words"), [(53003, "Conditional Access blocked"), (53000, "compliant device"),
                                            (65004, "cancelled (consent declined)")])
def test_sign_in_refusals_are_explained(code: int, words: str) -> None:
    err = entra.explain_token_error({"error": "access_denied", "error_description": f"AADSTS{code}: x"})
    assert words in err.message and err.remedy


def test_the_permission_is_added_to_and_removed_from_an_apps_list_leaving_the_others() -> None:
    graph = es.required_permission(ExchangeSettings(sync_type=SyncType.CLOUD_GRAPH))
    others = [{"resourceAppId": graph.resource_app_id, "resourceAccess": [{"id": "df021288", "type": "Role"},
                                                                          {"id": "e1fe6dd8", "type": "Scope"}]},
              {"resourceAppId": "00000002-0000-0ff1-ce00-000000000000",
               "resourceAccess": [{"id": "x", "type": "Role"}]}]
    added = es._with_permission(others, graph)
    assert added[0]["resourceAccess"][-1] == {"id": graph.app_role_id, "type": "Role"} and added[1] == others[1]
    assert es._with_permission(added, graph) == added  # not twice
    assert es._with_permission(added, graph, remove=True) == others
    assert others[0]["resourceAccess"][-1]["id"] == "e1fe6dd8"  # the app's list itself is left alone
    alone = es._with_permission([], graph)
    assert alone == [{"resourceAppId": graph.resource_app_id,
                      "resourceAccess": [{"id": graph.app_role_id, "type": "Role"}]}]
    assert es._with_permission(alone, graph, remove=True) == []


def test_key_credentials_go_back_whole_without_the_one_this_run_added() -> None:
    keys = [{"keyId": "a", "type": "AsymmetricX509Cert", "usage": "Verify", "key": "QUJD", "displayName": "CN=a",
             "customKeyIdentifier": None, "hasExtendedValue": None},
            {"keyId": "b", "type": "AsymmetricX509Cert", "usage": "Verify", "key": "REVG"}]
    assert es._key_credentials(keys, drop="b") == [{"type": "AsymmetricX509Cert", "usage": "Verify", "keyId": "a",
                                                    "key": "QUJD", "displayName": "CN=a"}]
    assert len(es._key_credentials(keys)) == 2


def test_what_a_rollback_would_undo_on_a_new_and_on_a_reused_app() -> None:
    new = es.Created("obj", "client")
    assert new.anything and "application obj (client ID client)" in new.describe()
    reused = es.Created("obj", "client", "sp", reused=True)
    assert not reused.anything and "nothing on the existing application" in reused.describe()
    reused.password_key_id, reused.permission_added = "k", "role"
    assert reused.anything and reused.describe() == ("the API permission, a client secret on the existing "
                                                     "application (client ID client)")


def test_reuse_names_an_app_id_and_excludes_a_new_name() -> None:
    graph = es.required_permission(ExchangeSettings(sync_type=SyncType.CLOUD_GRAPH))
    assert es.SetupOptions(reuse="3f9a1c27-6b4e-4d8a-a1f2-7c5e9b0d2a41").problems(graph) == []
    assert "not an application (client) ID" in es.SetupOptions(reuse="Calendar sync").problems(graph)[0]
    both = es.SetupOptions(reuse="3f9a1c27-6b4e-4d8a-a1f2-7c5e9b0d2a41", new_name=True).problems(graph)
    assert "not both" in both[0]
