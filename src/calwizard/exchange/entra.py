"""Entra ID (Azure AD) adapter: msal applications, tokens, and AADSTS explanations.

Protocol facts: Microsoft identity platform v2 "OAuth 2.0 client credentials flow"
(client secret and certificate assertion), "authorization code flow" (PKCE), the
AADSTS error code reference ("Microsoft Entra authentication and authorization error
codes"). msal only accepts https authorities and fetches the OpenID configuration in
its constructor (NOTES.md), so building the application already talks to the tenant.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from calwizard.errors import ConfigError, UserFacingError
from calwizard.exchange.clouds import CloudEndpoints
from calwizard.exchange.http import HttpPolicy
from calwizard.i18n import QT_TRANSLATE_NOOP, translate
from calwizard.settings.model import ExchangeSettings

ENTRA = "Entra admin center (entra.microsoft.com)"
APP_BLADE = QT_TRANSLATE_NOOP("exchange", "Entra admin center (entra.microsoft.com) > Identity > Applications > App "
                                          "registrations > your app")
"""Where an app registration's pages are, in words (English; translate where shown)."""

AADSTS_REMEDIES: dict[int, tuple[str, str]] = {
    7000215: (
        QT_TRANSLATE_NOOP("exchange", "The client secret is wrong"),
        QT_TRANSLATE_NOOP("exchange", "Copy the secret's Value (not its Secret ID) from {app_blade} > Certificates "
                                      "& secrets; if the value is hidden, create a new client secret and paste its "
                                      "value."),
    ),
    7000222: (
        QT_TRANSLATE_NOOP("exchange", "The client secret has expired"),
        QT_TRANSLATE_NOOP("exchange", "Create a new client secret in {app_blade} > Certificates & secrets and "
                                      "paste its Value into 'Client secret'; note the new expiry date."),
    ),
    700016: (
        QT_TRANSLATE_NOOP("exchange", "The application (client) ID is not known in this tenant"),
        QT_TRANSLATE_NOOP("exchange", "Copy the Application (client) ID from {app_blade} > Overview; check the "
                                      "tenant ID belongs to the same tenant; for a multi-tenant app an "
                                      "administrator of this tenant must consent first."),
    ),
    90002: (
        QT_TRANSLATE_NOOP("exchange", "The tenant does not exist"),
        QT_TRANSLATE_NOOP("exchange", "Copy the Directory (tenant) ID from {app_blade} > Overview (or use a "
                                      "verified domain of the tenant)."),
    ),
    70011: (
        QT_TRANSLATE_NOOP("exchange", "The requested scope is invalid"),
        QT_TRANSLATE_NOOP("exchange", "For app-only use the '.default' scope of the resource (e.g. "
                                      "https://outlook.office365.com/.default)."),
    ),
    500011: (
        QT_TRANSLATE_NOOP("exchange", "The resource (Exchange Online) is not present in this tenant"),
        QT_TRANSLATE_NOOP("exchange", "Check that the tenant has Exchange Online licences and that the cloud "
                                      "setting matches the tenant (global, GCC High, China)."),
    ),
    65001: (
        QT_TRANSLATE_NOOP("exchange", "Consent for the app is missing"),
        QT_TRANSLATE_NOOP("exchange", "Open {app_blade} > API permissions and click 'Grant admin consent for "
                                      "<tenant>'."),
    ),
    90094: (
        QT_TRANSLATE_NOOP("exchange", "Administrator consent is required"),
        QT_TRANSLATE_NOOP("exchange", "An administrator must open {app_blade} > API permissions and click 'Grant "
                                      "admin consent for <tenant>'."),
    ),
    700027: (
        QT_TRANSLATE_NOOP("exchange", "The certificate assertion was rejected"),
        QT_TRANSLATE_NOOP("exchange", "Upload the certificate's public key (.cer/.pem) in {app_blade} > "
                                      "Certificates & secrets > Certificates, and check it has not expired."),
    ),
    700024: (
        QT_TRANSLATE_NOOP("exchange", "The certificate assertion is outside its validity period"),
        QT_TRANSLATE_NOOP("exchange", "Check this computer's clock (time zone and time) and the certificate's "
                                      "validity."),
    ),
    9001023: (
        QT_TRANSLATE_NOOP("exchange", "Client credentials need a specific tenant"),
        QT_TRANSLATE_NOOP("exchange", "Enter the Directory (tenant) ID: app-only sign-in does not work with "
                                      "/common or /organizations."),
    ),
    530032: (
        QT_TRANSLATE_NOOP("exchange", "Sign-in was blocked by a security policy"),
        QT_TRANSLATE_NOOP("exchange", "Ask the tenant administrator to review Conditional Access / security "
                                      "defaults for this app."),
    ),
    50126: (
        QT_TRANSLATE_NOOP("exchange", "The user name or password is wrong"),
        QT_TRANSLATE_NOOP("exchange", "Check the account's credentials and sign in again."),
    ),
    53003: (
        QT_TRANSLATE_NOOP("exchange", "Conditional Access blocked the sign-in"),
        QT_TRANSLATE_NOOP("exchange", "Sign in from a device and location the tenant's Conditional Access policies "
                                      "allow (e.g. a compliant, managed computer), or ask the administrator which "
                                      "policy applied (Entra sign-in logs)."),
    ),
    53000: (
        QT_TRANSLATE_NOOP("exchange", "Conditional Access requires a compliant device"),
        QT_TRANSLATE_NOOP("exchange", "Sign in from a device managed by the tenant (Intune compliant), or use the "
                                      "device code sign-in on one."),
    ),
    53001: (
        QT_TRANSLATE_NOOP("exchange", "Conditional Access requires a domain-joined device"),
        QT_TRANSLATE_NOOP("exchange", "Sign in from a device joined to the tenant's domain (hybrid joined), or use "
                                      "the device code sign-in on one."),
    ),
    65004: (
        QT_TRANSLATE_NOOP("exchange", "The sign-in was cancelled (consent declined)"),
        QT_TRANSLATE_NOOP("exchange", "Sign in again and accept the permissions requested, or use the manual steps "
                                      "of the Entra app page."),
    ),
    50076: (
        QT_TRANSLATE_NOOP("exchange", "Multi-factor authentication is required"),
        QT_TRANSLATE_NOOP("exchange", "Sign in interactively with the wizard's Sign-in button (delegated type)."),
    ),
    700082: (
        QT_TRANSLATE_NOOP("exchange", "The refresh token has expired"),
        QT_TRANSLATE_NOOP("exchange", "Sign in again with the wizard's Sign-in button (delegated type)."),
    ),
    7000218: (
        QT_TRANSLATE_NOOP("exchange", "The app is a public client but a client secret or assertion is required"),
        QT_TRANSLATE_NOOP("exchange", "In {app_blade} > Authentication, set 'Allow public client flows' or "
                                      "configure a client secret."),
    ),
}


def aadsts_codes(result: dict[str, Any]) -> list[int]:
    """The AADSTS codes of an msal/Entra error response (``error_codes`` or parsed from the description)."""
    listed = result.get("error_codes")
    codes = [int(c) for c in (listed if isinstance(listed, list) else [])
             if isinstance(c, int | str) and not isinstance(c, bool) and str(c).isdigit() and len(str(c)) <= 9]
    if not codes:  # AADSTS codes have up to 7 digits; longer digit runs are no code (and int() refuses huge ones)
        codes = [int(m) for m in re.findall(r"AADSTS(\d{1,9})(?!\d)", str(result.get("error_description", "")))]
    return codes


def explain_token_error(result: dict[str, Any], *, field: str | None = None) -> UserFacingError:
    """Turn an msal error result into a :class:`UserFacingError` with summary and remedy.

    The description's first line is kept as detail (Entra's text carries no secrets).
    """
    codes = aadsts_codes(result)
    desc = str(result.get("error_description", "")).split("\n")[0].strip()
    for code in codes:
        if code in AADSTS_REMEDIES:
            summary, remedy = (translate("exchange", text) for text in AADSTS_REMEDIES[code])
            remedy = remedy.format(app_blade=translate("exchange", APP_BLADE))
            err = UserFacingError(f"{summary} (AADSTS{code})", field=field, remedy=remedy)
            err.detail = desc  # type: ignore[attr-defined]
            err.code = code  # type: ignore[attr-defined]
            return err
    err = UserFacingError(
        translate("exchange", "Entra ID refused the token request: {get}").format(get=result.get('error', 'error'))
        + (f" (AADSTS{codes[0]})" if codes else ""),
        field=field,
        remedy=translate("exchange", "Look up the AADSTS code in Microsoft's error reference "
                                     "(login.microsoftonline.com/error)."),
    )
    err.detail = desc  # type: ignore[attr-defined]
    err.code = codes[0] if codes else None  # type: ignore[attr-defined]
    return err


@dataclass(frozen=True)
class ClientCertificate:
    """A client certificate for the certificate assertion (msal ``client_credential`` dict)."""

    private_key_pem: str
    certificate_pem: str
    thumbprint_sha1: str
    thumbprint_sha256: str
    not_after: datetime
    subject: str

    def msal_credential(self) -> dict[str, str]:
        return {
            "private_key": self.private_key_pem,
            "thumbprint": self.thumbprint_sha1,
            "public_certificate": self.certificate_pem,
        }

    def __repr__(self) -> str:
        return f"ClientCertificate(subject={self.subject!r}, thumbprint={self.thumbprint_sha1}, key=***)"


def load_client_certificate(path: str | Path, password: str | None) -> ClientCertificate:
    """Load a PEM (certificate + private key) or PFX/P12 file.

    Raises:
        ConfigError: the file is missing, the password is wrong, or it lacks a key or certificate.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    p = Path(path).expanduser()
    field = "exchange.client_certificate"
    try:
        data = p.read_bytes()
    except OSError:
        raise ConfigError(translate("exchange", "the client certificate {p} cannot be read").format(p=p), field=field,
                          remedy=translate("exchange",
                                           "Choose the PEM or PFX file of the app's certificate.")) from None
    pwd = password.encode() if password else None
    try:
        if b"-----BEGIN" in data:
            cert = x509.load_pem_x509_certificate(data)
            key = serialization.load_pem_private_key(data, password=pwd)
        else:
            key, cert, _ = pkcs12.load_key_and_certificates(data, pwd)
    except (ValueError, TypeError) as exc:
        msg = str(exc).lower()
        if "password" in msg or "decrypt" in msg or "mac" in msg:
            raise ConfigError(translate("exchange", "the private key in {name} cannot be decrypted: wrong "
                                                    "or missing password").format(name=p.name),
                              field="exchange.client_certificate_password",
                              remedy=translate("exchange", "Enter the certificate's password.")) from None
        raise ConfigError(translate("exchange", "{name} is not a PEM file with certificate and private "
                                                "key, nor a PFX file").format(name=p.name),
                          field=field, remedy=translate("exchange", "Export the certificate with its "
                                                                    "private key (PFX or PEM).")) from None
    if key is None or cert is None:
        raise ConfigError(translate("exchange", "{name} must contain both the certificate and its private key").format(
            name=p.name), field=field,
                          remedy=translate("exchange", "Export the certificate with its private key (PFX "
                                                       "or PEM)."))
    return client_certificate(key, cert)


def client_certificate(key: Any, cert: Any) -> ClientCertificate:
    """A :class:`ClientCertificate` of a ``cryptography`` private key and X.509 certificate."""
    from cryptography.hazmat.primitives import hashes, serialization

    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode()
    return ClientCertificate(
        private_key_pem=key_pem,
        certificate_pem=cert_pem,
        thumbprint_sha1=binascii.hexlify(cert.fingerprint(hashes.SHA1())).decode().upper(),
        thumbprint_sha256=base64.urlsafe_b64encode(hashlib.sha256(cert.public_bytes(
            serialization.Encoding.DER)).digest()).decode().rstrip("="),
        not_after=cert.not_valid_after_utc.astimezone(UTC),
        subject=cert.subject.rfc4514_string(),
    )


def load_client_certificate_pem(text: str) -> ClientCertificate:
    """The client certificate kept in the secret store (``exchange.client_certificate_pem``: certificate and
    unencrypted private key, PEM).

    Raises:
        ConfigError: the stored value is not such a PEM.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        data = text.encode()
        return client_certificate(serialization.load_pem_private_key(data, password=None),
                                  x509.load_pem_x509_certificate(data))
    except (ValueError, TypeError):
        raise ConfigError(translate("exchange", "the client certificate in the secret store is not a PEM "
                                                "with certificate and private key"),
                          field="exchange.client_certificate_pem",
                          remedy=translate("exchange", "Create the certificate again with 'Create it for "
                                                       "me', or choose a certificate file instead.")) from None


def app_credential(exchange: ExchangeSettings, secret: Any) -> tuple[str | dict[str, str], ClientCertificate | None]:
    """The msal ``client_credential`` of an app-only configuration and, for a certificate, the certificate.

    Args:
        exchange: the settings (certificate file, certificate in the secret store, or client secret).
        secret: ``secret(name) -> str | None``: the resolved secret field ``name`` (e.g. ``client_secret``).
    Raises:
        ConfigError: nothing is configured, or the certificate cannot be loaded (the field is named).
    """
    if exchange.client_certificate:
        cert = load_client_certificate(exchange.client_certificate, secret("client_certificate_password"))
        return cert.msal_credential(), cert
    pem = secret("client_certificate_pem") if exchange.client_certificate_pem is not None else None
    if pem:
        cert = load_client_certificate_pem(pem)
        return cert.msal_credential(), cert
    value = secret("client_secret")
    if not value:
        raise ConfigError(translate("exchange", "no client secret or certificate is configured"),
                          field="exchange.client_secret",
                          remedy=translate("exchange", "Paste the client secret's Value, or choose the "
                                                       "client certificate file."))
    return value, None


def tenant_segment(exchange: ExchangeSettings) -> str:
    """The authority path segment: the tenant ID, or ``organizations`` for multi-tenant delegated use."""
    return exchange.tenant_id or "organizations"


def build_confidential_app(
    exchange: ExchangeSettings,
    endpoints: CloudEndpoints,
    http: HttpPolicy,
    credential: str | dict[str, str],
    token_cache: Any = None,
) -> Any:
    """A ``msal.ConfidentialClientApplication`` for the configured app (fetches OpenID config).

    Raises:
        ValueError: msal could not load the authority (tenant unknown or unreachable).
    """
    import msal

    return msal.ConfidentialClientApplication(
        exchange.client_id,
        authority=endpoints.authority(tenant_segment(exchange)),
        client_credential=credential,
        http_client=http.requests_session(),
        instance_discovery=endpoints.authority_host.split(":")[0] in _MICROSOFT_AUTHORITIES,
        timeout=http.timeout,
        token_cache=token_cache,
    )


def build_public_app(exchange: ExchangeSettings, endpoints: CloudEndpoints, http: HttpPolicy,
                     token_cache: Any = None) -> Any:
    """A ``msal.PublicClientApplication`` for the delegated sign-in."""
    import msal

    return msal.PublicClientApplication(
        exchange.client_id,
        authority=endpoints.authority(tenant_segment(exchange)),
        http_client=http.requests_session(),
        instance_discovery=endpoints.authority_host.split(":")[0] in _MICROSOFT_AUTHORITIES,
        timeout=http.timeout,
        token_cache=token_cache,
    )


_MICROSOFT_AUTHORITIES = {"login.microsoftonline.com", "login.microsoftonline.us", "login.partner.microsoftonline.cn"}


def decode_claims(access_token: str) -> dict[str, Any]:
    """The claims of a JWT access token, without verifying it (we are the client, not the resource).

    Returns an empty dict when the token is not a JWT.
    """
    import jwt

    try:
        return jwt.decode(access_token, options={"verify_signature": False, "verify_aud": False})
    except jwt.PyJWTError:
        return {}
