"""Entra ID of the sandbox, driven by the real msal over HTTPS."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jwt
import msal
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from sandbox_helpers import app_token, confidential_app, public_app, sign_in

from calwizard.exchange.http import HttpPolicy
from calwizard.sandbox import Sandbox, data

pytestmark = pytest.mark.integration

FAB = data.FABRIKAM_TENANT_ID


def _claims(token: str, sandbox: Sandbox, audience: str = data.OUTLOOK_RESOURCE) -> dict:
    """Verify a token against the sandbox's published JWKS and return its claims."""
    return jwt.decode(token, sandbox.keys.signing_cert.public_key(), algorithms=["RS256"], audience=audience)


def _assert_aad_error(result: dict, code: int) -> None:
    assert result.get("error_codes") == [code], result
    desc = result["error_description"]
    assert desc.startswith(f"AADSTS{code}: ")
    assert "\r\nTrace ID: " in desc and "\r\nCorrelation ID: " in desc and "\r\nTimestamp: " in desc
    assert result["trace_id"] in desc and result["correlation_id"] in desc
    assert result["error_uri"].endswith(f"code={code}")
    assert result["timestamp"].endswith("Z")


# ------------------------------------------------------------------------------------------ discovery


@pytest.mark.parametrize("tenant", [FAB, data.FABRIKAM_DOMAIN, "organizations", "common"])
def test_openid_discovery(sandbox_policy: HttpPolicy, tenant: str) -> None:
    s = sandbox_policy.requests_session()
    doc = s.get(f"https://{data.LOGIN_HOST}/{tenant}/v2.0/.well-known/openid-configuration").json()
    if tenant in ("organizations", "common"):
        assert doc["issuer"] == f"https://{data.LOGIN_HOST}/{{tenantid}}/v2.0"
        assert doc["token_endpoint"] == f"https://{data.LOGIN_HOST}/{tenant}/oauth2/v2.0/token"
    else:
        assert doc["issuer"] == f"https://{data.LOGIN_HOST}/{FAB}/v2.0"
        assert doc["token_endpoint"] == f"https://{data.LOGIN_HOST}/{FAB}/oauth2/v2.0/token"
    keys = s.get(doc["jwks_uri"]).json()["keys"]
    assert keys and keys[0]["kty"] == "RSA" and keys[0]["use"] == "sig"


def test_unknown_tenant_discovery_is_aadsts90002(sandbox_policy: HttpPolicy) -> None:
    s = sandbox_policy.requests_session()
    r = s.get(f"https://{data.LOGIN_HOST}/{data.UNKNOWN_TENANT_ID}/v2.0/.well-known/openid-configuration")
    assert r.status_code == 400
    _assert_aad_error(r.json(), 90002)
    assert r.json()["error"] == "invalid_tenant"
    with pytest.raises(ValueError, match="Unable to get authority configuration") as excinfo:
        confidential_app(sandbox_policy, data.APP_OK_CLIENT_ID, data.UNKNOWN_TENANT_ID, "x")
    assert "AADSTS90002" in str(excinfo.value.__context__)  # msal's discovery error, re-raised without cause


def test_jwks_verifies_issued_tokens(sandbox: Sandbox, sandbox_policy: HttpPolicy) -> None:
    token = app_token(sandbox_policy, data.APP_OK_CLIENT_ID, data.CRED_APP_OK_SECRET)["access_token"]
    s = sandbox_policy.requests_session()
    jwks = s.get(f"https://{data.LOGIN_HOST}/{FAB}/discovery/v2.0/keys").json()
    key = jwt.PyJWKSet.from_dict(jwks)[jwt.get_unverified_header(token)["kid"]]
    claims = jwt.decode(token, key.key, algorithms=["RS256"], audience=data.OUTLOOK_RESOURCE)
    assert claims["tid"] == FAB


def test_credentials_endpoint(sandbox_policy: HttpPolicy) -> None:
    s = sandbox_policy.requests_session()
    r = s.get(f"https://{data.LOGIN_HOST}/_sandbox/credentials/{data.CRED_APP_OK_SECRET}")
    assert r.json() == {"value": data.credential(data.CRED_APP_OK_SECRET)}
    assert s.get(f"https://{data.LOGIN_HOST}/_sandbox/credentials/nope").status_code == 404


# ------------------------------------------------------------------------------------------ client credentials


def test_client_credentials_with_secret(sandbox: Sandbox, sandbox_policy: HttpPolicy) -> None:
    result = app_token(sandbox_policy, data.APP_OK_CLIENT_ID, data.CRED_APP_OK_SECRET)
    assert result["token_type"] == "Bearer" and result["expires_in"] > 3000
    claims = _claims(result["access_token"], sandbox)
    assert claims["aud"] == data.OUTLOOK_RESOURCE
    assert claims["iss"] == f"https://{data.LOGIN_HOST}/{FAB}/v2.0"
    assert claims["tid"] == FAB
    assert claims["appid"] == claims["azp"] == data.APP_OK_CLIENT_ID
    assert claims["roles"] == [data.EWS_APP_PERMISSION]
    assert claims["exp"] - claims["iat"] == 3600 and claims["nbf"] <= claims["iat"]
    assert "oid" in claims and "scp" not in claims


def test_graph_scope_gives_graph_audience(sandbox: Sandbox, sandbox_policy: HttpPolicy) -> None:
    app = confidential_app(sandbox_policy, data.APP_OK_CLIENT_ID, FAB, data.credential(data.CRED_APP_OK_SECRET))
    result = app.acquire_token_for_client([data.GRAPH_SCOPE])
    claims = _claims(result["access_token"], sandbox, audience=data.GRAPH_RESOURCE)
    assert claims["roles"] == [data.GRAPH_CALENDARS_READ]


def test_no_consent_token_has_no_roles(sandbox: Sandbox, sandbox_policy: HttpPolicy) -> None:
    result = app_token(sandbox_policy, data.APP_NOCONSENT_CLIENT_ID, data.CRED_APP_NOCONSENT_SECRET)
    claims = _claims(result["access_token"], sandbox)
    assert "roles" not in claims and "scp" not in claims


def _cert_credentials(sandbox: Sandbox) -> dict[str, dict]:
    pem = sandbox.app_ok_cert_pem.read_text()
    cert = x509.load_pem_x509_certificate(pem.encode())
    pwd = data.credential(data.CRED_APP_OK_CERT_PASSWORD)
    return {
        "pem-sha256-ps256": {"private_key": pem, "public_certificate": pem},
        "pem-sha1-rs256": {"private_key": pem, "thumbprint": cert.fingerprint(hashes.SHA1()).hex()},
        "protected-pem": {
            "private_key": sandbox.app_ok_cert_protected_pem.read_text(),
            "passphrase": pwd,
            "public_certificate": sandbox.app_ok_cert_public_pem.read_text(),
        },
        "pfx": {"private_key_pfx_path": str(sandbox.app_ok_cert_pfx), "passphrase": pwd},
    }


@pytest.mark.parametrize("variant", ["pem-sha256-ps256", "pem-sha1-rs256", "protected-pem", "pfx"])
def test_client_credentials_with_certificate(sandbox: Sandbox, sandbox_policy: HttpPolicy, variant: str) -> None:
    cred = _cert_credentials(sandbox)[variant]
    app = confidential_app(sandbox_policy, data.APP_OK_CLIENT_ID, data.FABRIKAM_DOMAIN, cred)
    result = app.acquire_token_for_client([data.OUTLOOK_SCOPE])
    assert "access_token" in result, result
    assert _claims(result["access_token"], sandbox)["roles"] == [data.EWS_APP_PERMISSION]


def test_files_private_keys_are_0600(sandbox: Sandbox, sandbox_data_dir: Path) -> None:
    for name in (
        "ca-key.pem",
        "server-key.pem",
        "token-signing-key.pem",
        data.APP_OK_CERT_PEM,
        data.APP_OK_CERT_PROTECTED_PEM,
        data.APP_OK_CERT_PFX,
        "ntlm-users.txt",
    ):
        assert (sandbox_data_dir / name).stat().st_mode & 0o777 == 0o600, name
    assert sandbox.ca_file == sandbox_data_dir / "ca.pem"


# ------------------------------------------------------------------------------------------ AADSTS errors


def test_invalid_secret_7000215(sandbox_policy: HttpPolicy) -> None:
    app = confidential_app(sandbox_policy, data.APP_OK_CLIENT_ID, FAB, "not-the-secret")
    result = app.acquire_token_for_client([data.OUTLOOK_SCOPE])
    _assert_aad_error(result, 7000215)
    assert result["error"] == "invalid_client"


def test_expired_secret_7000222(sandbox_policy: HttpPolicy) -> None:
    result = app_token(sandbox_policy, data.APP_EXPIRED_CLIENT_ID, data.CRED_APP_EXPIRED_SECRET)
    _assert_aad_error(result, 7000222)


def test_app_not_in_tenant_700016(sandbox_policy: HttpPolicy) -> None:
    result = app_token(sandbox_policy, data.APP_OK_CLIENT_ID, data.CRED_APP_OK_SECRET, tenant=data.NORTHWIND_DOMAIN)
    _assert_aad_error(result, 700016)
    assert result["error"] == "unauthorized_client"


@pytest.mark.parametrize(
    ("scope", "code"),
    [("https://outlook.sandbox.test/EWS.AccessAsUser.All", 70011), ("https://nothing.sandbox.test/.default", 500011)],
)
def test_bad_scopes(sandbox_policy: HttpPolicy, scope: str, code: int) -> None:
    app = confidential_app(sandbox_policy, data.APP_OK_CLIENT_ID, FAB, data.credential(data.CRED_APP_OK_SECRET))
    _assert_aad_error(app.acquire_token_for_client([scope]), code)


@pytest.mark.filterwarnings("ignore:Using /common or /organizations authority:DeprecationWarning")
@pytest.mark.parametrize("tenant", ["common", "organizations"])
def test_client_credentials_over_common_9001023(sandbox_policy: HttpPolicy, tenant: str) -> None:
    result = app_token(sandbox_policy, data.APP_OK_CLIENT_ID, data.CRED_APP_OK_SECRET, tenant=tenant)
    _assert_aad_error(result, 9001023)


def test_token_endpoint_of_unknown_tenant_90002(sandbox_policy: HttpPolicy) -> None:
    r = sandbox_policy.requests_session().post(
        f"https://{data.LOGIN_HOST}/{data.UNKNOWN_TENANT_ID}/oauth2/v2.0/token",
        data={"grant_type": "client_credentials", "client_id": data.APP_OK_CLIENT_ID, "scope": data.OUTLOOK_SCOPE},
        headers={"client-request-id": "11111111-2222-3333-4444-555555555555"},
    )
    assert r.status_code == 400
    _assert_aad_error(r.json(), 90002)
    assert r.json()["correlation_id"] == "11111111-2222-3333-4444-555555555555"


@pytest.mark.parametrize(("secret", "status"), [("wrong", 401), (data.credential(data.CRED_APP_EXPIRED_SECRET), 401)])
def test_invalid_client_is_http_401(sandbox_policy: HttpPolicy, secret: str, status: int) -> None:
    r = sandbox_policy.requests_session().post(
        f"https://{data.LOGIN_HOST}/{FAB}/oauth2/v2.0/token",
        data={
            "grant_type": "client_credentials",
            "client_id": data.APP_EXPIRED_CLIENT_ID,
            "scope": data.OUTLOOK_SCOPE,
            "client_secret": secret,
        },
    )
    assert r.status_code == status and r.json()["error"] == "invalid_client"
    assert set(r.json()) == {
        "error",
        "error_description",
        "error_codes",
        "timestamp",
        "trace_id",
        "correlation_id",
        "error_uri",
    }


def test_unregistered_certificate_700027(sandbox_policy: HttpPolicy) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "intruder")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    pem = (
        cert.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    ).decode()
    app = confidential_app(sandbox_policy, data.APP_OK_CLIENT_ID, FAB, {"private_key": pem, "public_certificate": pem})
    result = app.acquire_token_for_client([data.OUTLOOK_SCOPE])
    _assert_aad_error(result, 700027)


# ------------------------------------------------------------------------------------------ delegated


@pytest.mark.filterwarnings("ignore:response_mode='form_post' is recommended:UserWarning")
@pytest.mark.parametrize("response_mode", ["query", "form_post"])
def test_auth_code_pkce_then_silent_refresh(sandbox: Sandbox, sandbox_policy: HttpPolicy, response_mode: str) -> None:
    app = public_app(sandbox_policy, data.APP_OK_CLIENT_ID, "organizations")
    flow = app.initiate_auth_code_flow(
        [data.EWS_DELEGATED_SCOPE], redirect_uri="http://localhost:8400", response_mode=response_mode
    )
    assert "code_challenge_method=S256" in flow["auth_uri"]
    response = sign_in(
        sandbox_policy.requests_session(),
        flow["auth_uri"],
        data.FABRIKAM_SVC,
        data.credential(data.CRED_FABRIKAM_SVC_PASSWORD),
    )
    assert isinstance(response, dict) and response["state"] == flow["state"]
    result = app.acquire_token_by_auth_code_flow(flow, response)
    assert "access_token" in result, result
    idc = result["id_token_claims"]
    assert idc["aud"] == data.APP_OK_CLIENT_ID and idc["tid"] == FAB
    assert idc["iss"] == f"https://{data.LOGIN_HOST}/{FAB}/v2.0"
    assert idc["preferred_username"] == data.FABRIKAM_SVC and idc["oid"]
    claims = _claims(result["access_token"], sandbox)
    assert claims["scp"] == data.EWS_DELEGATED_PERMISSION and claims["upn"] == data.FABRIKAM_SVC
    assert "roles" not in claims and claims["appid"] == data.APP_OK_CLIENT_ID

    accounts = app.get_accounts(username=data.FABRIKAM_SVC)
    assert len(accounts) == 1 and accounts[0]["home_account_id"].endswith("." + FAB)
    again = app.acquire_token_silent([data.EWS_DELEGATED_SCOPE], account=accounts[0], force_refresh=True)
    assert again and again.get("token_source") == "identity_provider", again
    assert again["access_token"] != result["access_token"]
    assert _claims(again["access_token"], sandbox)["upn"] == data.FABRIKAM_SVC


def test_confidential_auth_code_with_default_scope(sandbox: Sandbox, sandbox_policy: HttpPolicy) -> None:
    app = confidential_app(
        sandbox_policy, data.APP_OK_CLIENT_ID, data.FABRIKAM_DOMAIN, data.credential(data.CRED_APP_OK_SECRET)
    )
    flow = app.initiate_auth_code_flow([data.OUTLOOK_SCOPE], redirect_uri="http://localhost", response_mode="form_post")
    response = sign_in(
        sandbox_policy.requests_session(),
        flow["auth_uri"],
        data.FABRIKAM_ALICE,
        data.credential(data.CRED_FABRIKAM_ALICE_PASSWORD),
    )
    result = app.acquire_token_by_auth_code_flow(flow, response)
    assert _claims(result["access_token"], sandbox)["scp"] == data.EWS_DELEGATED_PERMISSION


def test_wrong_password_50126(sandbox_policy: HttpPolicy) -> None:
    app = public_app(sandbox_policy, data.APP_OK_CLIENT_ID, FAB)
    flow = app.initiate_auth_code_flow(
        [data.EWS_DELEGATED_SCOPE], redirect_uri="http://localhost", response_mode="form_post"
    )
    page = sign_in(sandbox_policy.requests_session(), flow["auth_uri"], data.FABRIKAM_SVC, "wrong")
    assert isinstance(page, str) and "AADSTS50126" in page


def test_delegated_without_consent_65001(sandbox_policy: HttpPolicy) -> None:
    app = public_app(sandbox_policy, data.APP_NOCONSENT_CLIENT_ID, FAB)
    flow = app.initiate_auth_code_flow(
        [data.EWS_DELEGATED_SCOPE], redirect_uri="http://localhost", response_mode="form_post"
    )
    response = sign_in(
        sandbox_policy.requests_session(),
        flow["auth_uri"],
        data.FABRIKAM_ALICE,
        data.credential(data.CRED_FABRIKAM_ALICE_PASSWORD),
    )
    result = app.acquire_token_by_auth_code_flow(flow, response)
    _assert_aad_error(result, 65001)


def test_pkce_verifier_mismatch_is_rejected(sandbox_policy: HttpPolicy) -> None:
    app = public_app(sandbox_policy, data.APP_OK_CLIENT_ID, FAB)
    flow = app.initiate_auth_code_flow(
        [data.EWS_DELEGATED_SCOPE], redirect_uri="http://localhost", response_mode="form_post"
    )
    response = sign_in(
        sandbox_policy.requests_session(),
        flow["auth_uri"],
        data.FABRIKAM_SVC,
        data.credential(data.CRED_FABRIKAM_SVC_PASSWORD),
    )
    flow["code_verifier"] = "x" * 43
    result = app.acquire_token_by_auth_code_flow(flow, response)
    assert result.get("error") == "invalid_grant", result


def test_msal_token_cache_serves_second_request(sandbox_policy: HttpPolicy) -> None:
    cache = msal.TokenCache()
    app = msal.ConfidentialClientApplication(
        data.APP_OK_CLIENT_ID,
        authority=f"https://{data.LOGIN_HOST}/{FAB}",
        client_credential=data.credential(data.CRED_APP_OK_SECRET),
        token_cache=cache,
        http_client=sandbox_policy.requests_session(),
        instance_discovery=False,
    )
    first = app.acquire_token_for_client([data.OUTLOOK_SCOPE])
    second = app.acquire_token_for_client([data.OUTLOOK_SCOPE])
    assert first["token_source"] == "identity_provider" and second["token_source"] == "cache"
