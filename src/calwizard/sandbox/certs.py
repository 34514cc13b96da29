"""Key material of the sandbox, generated with ``cryptography`` into its data dir.

* ``ca.pem`` (+ ``ca-key.pem``): the sandbox's private CA — what clients add as their extra CA.
* ``server.pem`` (+ ``server-key.pem``): the TLS certificate, SANs = every sandbox host + 127.0.0.1.
* ``token-signing.pem`` (+ ``token-signing-key.pem``): the Entra token-signing key published in the JWKS.
* app-ok's client certificate (``data.APP_OK_CERT_*``): PEM with key, password-protected PEM, PFX, public PEM.

Private keys are written with mode 0600. Existing files are reused while they parse, are still valid
for a week and (server certificate) still cover every host name; otherwise everything that depends on
them is regenerated.
"""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from calwizard.sandbox import data

log = logging.getLogger("calwizard.sandbox")

CA_FILE = "ca.pem"
CA_KEY_FILE = "ca-key.pem"
SERVER_CERT_FILE = "server.pem"
SERVER_KEY_FILE = "server-key.pem"
SIGNING_CERT_FILE = "token-signing.pem"
SIGNING_KEY_FILE = "token-signing-key.pem"

_MIN_REMAINING = dt.timedelta(days=7)


@dataclass(frozen=True)
class SandboxKeys:
    """Paths and loaded objects of the sandbox's key material."""

    ca_file: Path
    server_cert_file: Path
    server_key_file: Path
    signing_key: rsa.RSAPrivateKey
    signing_cert: x509.Certificate
    app_ok_cert: x509.Certificate
    app_ok_cert_pem: Path
    app_ok_cert_protected_pem: Path
    app_ok_cert_pfx: Path
    app_ok_cert_public_pem: Path

    @property
    def signing_kid(self) -> str:
        return x5t(self.signing_cert)


def x5t(cert: x509.Certificate) -> str:
    """Base64url SHA-1 thumbprint (JWS ``x5t``; Entra uses it as ``kid`` too)."""
    return base64.urlsafe_b64encode(cert.fingerprint(hashes.SHA1())).decode().rstrip("=")


def x5t_s256(cert: x509.Certificate) -> str:
    """Base64url SHA-256 thumbprint (JWS ``x5t#S256``)."""
    return base64.urlsafe_b64encode(cert.fingerprint(hashes.SHA256())).decode().rstrip("=")


def _write_private(path: Path, content: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(content)
    os.chmod(tmp, 0o600)
    tmp.replace(path)


def _write_public(path: Path, content: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(content)
    tmp.replace(path)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _still_valid(cert: x509.Certificate) -> bool:
    return cert.not_valid_before_utc <= _now() and cert.not_valid_after_utc - _now() > _MIN_REMAINING


def _load_cert(path: Path) -> x509.Certificate | None:
    try:
        return x509.load_pem_x509_certificate(path.read_bytes())
    except (OSError, ValueError):
        return None


def _load_key(path: Path) -> object | None:
    try:
        return serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError):
        return None


def _pem_key(key: object) -> bytes:
    return key.private_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _pem_cert(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _name(cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "calwizard sandbox"),
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
        ]
    )


def _ensure_ca(data_dir: Path) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey, bool]:
    cert_path, key_path = data_dir / CA_FILE, data_dir / CA_KEY_FILE
    cert, key = _load_cert(cert_path), _load_key(key_path)
    if (
        cert is not None
        and isinstance(key, ec.EllipticCurvePrivateKey)
        and _still_valid(cert)
        and cert.public_key().public_numbers() == key.public_key().public_numbers()
    ):
        return cert, key, False
    log.info("generating sandbox CA in %s", data_dir)
    key = ec.generate_private_key(ec.SECP256R1())
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("calwizard sandbox CA"))
        .issuer_name(_name("calwizard sandbox CA"))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_private(key_path, _pem_key(key))
    _write_public(cert_path, _pem_cert(cert))
    return cert, key, True


def _ensure_server(data_dir: Path, ca: x509.Certificate, ca_key: ec.EllipticCurvePrivateKey, force: bool) -> None:
    cert_path, key_path = data_dir / SERVER_CERT_FILE, data_dir / SERVER_KEY_FILE
    cert, key = _load_cert(cert_path), _load_key(key_path)
    if not force and cert is not None and isinstance(key, ec.EllipticCurvePrivateKey) and _still_valid(cert):
        try:
            sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
            names = set(sans.get_values_for_type(x509.DNSName))
        except x509.ExtensionNotFound:
            names = set()
        if set(data.ALL_HOSTS) <= names and cert.issuer == ca.subject:
            return
    log.info("generating sandbox server certificate in %s", data_dir)
    key = ec.generate_private_key(ec.SECP256R1())
    now = _now()
    sans = [x509.DNSName(h) for h in data.ALL_HOSTS] + [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(data.LOGIN_HOST))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=825))
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    _write_private(key_path, _pem_key(key))
    _write_public(cert_path, _pem_cert(cert))


def _self_signed_rsa(cn: str, days: int) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(_name(cn))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    return cert, key


def _ensure_signing(data_dir: Path) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    cert_path, key_path = data_dir / SIGNING_CERT_FILE, data_dir / SIGNING_KEY_FILE
    cert, key = _load_cert(cert_path), _load_key(key_path)
    if cert is not None and isinstance(key, rsa.RSAPrivateKey) and _still_valid(cert):
        return cert, key
    log.info("generating sandbox token-signing key in %s", data_dir)
    cert, key = _self_signed_rsa("login.sandbox.test token signing", 3650)
    _write_private(key_path, _pem_key(key))
    _write_public(cert_path, _pem_cert(cert))
    return cert, key


def _ensure_app_cert(data_dir: Path) -> x509.Certificate:
    pem = data_dir / data.APP_OK_CERT_PEM
    cert, key = _load_cert(pem), _load_key(pem)
    files = (data.APP_OK_CERT_PROTECTED_PEM, data.APP_OK_CERT_PFX, data.APP_OK_CERT_PUBLIC_PEM)
    if (
        cert is not None
        and isinstance(key, rsa.RSAPrivateKey)
        and _still_valid(cert)
        and all((data_dir / f).exists() for f in files)
    ):
        return cert
    log.info("generating app-ok client certificate in %s", data_dir)
    cert, key = _self_signed_rsa("app-ok calwizard sandbox client", 730)
    password = data.credential(data.CRED_APP_OK_CERT_PASSWORD).encode()
    _write_private(pem, _pem_cert(cert) + _pem_key(key))
    protected = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(password),
    )
    _write_private(data_dir / data.APP_OK_CERT_PROTECTED_PEM, _pem_cert(cert) + protected)
    pfx = pkcs12.serialize_key_and_certificates(
        b"app-ok", key, cert, None, serialization.BestAvailableEncryption(password)
    )
    _write_private(data_dir / data.APP_OK_CERT_PFX, pfx)
    _write_public(data_dir / data.APP_OK_CERT_PUBLIC_PEM, _pem_cert(cert))
    return cert


def ensure_keys(data_dir: Path) -> SandboxKeys:
    """Create (or reuse) every key and certificate of the sandbox under ``data_dir``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    ca, ca_key, ca_new = _ensure_ca(data_dir)
    _ensure_server(data_dir, ca, ca_key, force=ca_new)
    signing_cert, signing_key = _ensure_signing(data_dir)
    app_cert = _ensure_app_cert(data_dir)
    return SandboxKeys(
        ca_file=data_dir / CA_FILE,
        server_cert_file=data_dir / SERVER_CERT_FILE,
        server_key_file=data_dir / SERVER_KEY_FILE,
        signing_key=signing_key,
        signing_cert=signing_cert,
        app_ok_cert=app_cert,
        app_ok_cert_pem=data_dir / data.APP_OK_CERT_PEM,
        app_ok_cert_protected_pem=data_dir / data.APP_OK_CERT_PROTECTED_PEM,
        app_ok_cert_pfx=data_dir / data.APP_OK_CERT_PFX,
        app_ok_cert_public_pem=data_dir / data.APP_OK_CERT_PUBLIC_PEM,
    )
