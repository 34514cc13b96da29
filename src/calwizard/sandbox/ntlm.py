"""NTLM authentication of the on-premises Exchange (IIS "Windows Authentication", NTLM provider).

The handshake follows [MS-NTHT] (NTLM over HTTP): a request without credentials gets ``401`` with
``WWW-Authenticate: Negotiate`` and ``WWW-Authenticate: NTLM`` (two headers, as IIS sends them with Windows
Authentication's default providers); the client sends ``Authorization: NTLM <NEGOTIATE>``, gets ``401`` with
``WWW-Authenticate: NTLM <CHALLENGE>`` and sends ``Authorization: NTLM <AUTHENTICATE>`` on the same
keep-alive connection. A client may use either scheme name for the NTLM messages (``Negotiate`` carrying
a raw NTLMSSP token, as Windows clients do when Kerberos is not available); the challenge comes back in the
scheme the client used. Like IIS, the connection stays authenticated afterwards: later requests on it
need no ``Authorization`` header.

The acceptor side is pyspnego's (``spnego.server(protocol="ntlm")``), which verifies the response
against the credential file named by the ``NTLM_USER_FILE`` environment variable (Heimdal format
``DOMAIN:USER:PASSWORD``). :func:`write_user_file` writes it from :mod:`data`.
"""

from __future__ import annotations

import base64
import logging
import os
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spnego
from aiohttp import web

from calwizard.sandbox import data

log = logging.getLogger("calwizard.sandbox")

USER_FILE = "ntlm-users.txt"


def write_user_file(data_dir: Path) -> Path:
    """Write the demo accounts of every on-premises org to ``data_dir/ntlm-users.txt`` (mode 0600)."""
    lines = []
    for org in data.ON_PREM_ORGS:
        accounts = data.org_service_accounts(org)
        for acct in accounts:
            pwd = data.credential(acct.password_credential)
            lines += [f"{acct.netbios_domain}:{acct.sam_account_name}:{pwd}", f":{acct.upn}:{pwd}"]
        for mbx in org.mailboxes:
            if mbx.password_credential and not any(a.upn == mbx.address for a in accounts):
                pwd = data.credential(mbx.password_credential)
                lines += [f"{org.netbios_domain}:{mbx.local_part}:{pwd}", f":{mbx.address}:{pwd}"]
    path = data_dir / USER_FILE
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(lines) + "\n")
    tmp.replace(path)
    return path


@dataclass(frozen=True)
class NtlmPrincipal:
    """Who authenticated: a service account or a mailbox user of an on-premises org."""

    org: data.OnPremOrg
    logon_name: str
    service_account: data.ServiceAccount | None = None
    mailbox: data.Mailbox | None = None

    @property
    def name(self) -> str:
        if self.service_account:
            return self.service_account.upn
        return self.mailbox.address if self.mailbox else self.logon_name


def resolve_principal(logon_name: str) -> NtlmPrincipal | None:
    """Map ``DOMAIN\\user`` or a UPN (as pyspnego reports it) to an account of an on-premises org."""
    name = logon_name.lower()
    domain, sep, user = name.rpartition("\\")
    for org in data.ON_PREM_ORGS:
        for acct in data.org_service_accounts(org):
            if name == acct.upn or (sep and domain == acct.netbios_domain.lower() and user == acct.sam_account_name):
                found = data.find_mailbox(acct.upn)
                mbx = found[1] if found is not None and found[0] is org else None
                return NtlmPrincipal(org, logon_name, service_account=acct, mailbox=mbx)
        for mbx in org.mailboxes:
            if name == mbx.address or (sep and domain == org.netbios_domain.lower() and user == mbx.local_part):
                return NtlmPrincipal(org, logon_name, mailbox=mbx)
    return None


@dataclass
class _ConnState:
    context: Any = None
    principal: NtlmPrincipal | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class NtlmAcceptor:
    """Per-connection NTLM state machine for aiohttp requests."""

    def __init__(self) -> None:
        self._states: weakref.WeakKeyDictionary[Any, _ConnState] = weakref.WeakKeyDictionary()

    def _state(self, request: web.Request) -> _ConnState:
        transport = request.transport
        if transport is None:
            return _ConnState()
        state = self._states.get(transport)
        if state is None:
            state = _ConnState()
            self._states[transport] = state
        return state

    @staticmethod
    def challenge(token: bytes | None = None, *, text: str = "401 - Unauthorized: Access is denied.",
                  scheme: str = "NTLM") -> web.Response:
        """The 401: both schemes offered (no token), or the challenge ``token`` in the client's ``scheme``."""
        from multidict import CIMultiDict

        headers: CIMultiDict[str] = CIMultiDict()
        if token is None:
            headers.add("WWW-Authenticate", "Negotiate")
            headers.add("WWW-Authenticate", "NTLM")
        else:
            headers.add("WWW-Authenticate", f"{scheme} " + base64.b64encode(token).decode())
        headers.add("X-Powered-By", "ASP.NET")
        return web.Response(status=401, text=text, headers=headers)

    def authenticate(self, request: web.Request) -> NtlmPrincipal | web.Response:
        """The authenticated principal, or the 401 response to send (challenge or rejection)."""
        state = self._state(request)
        auth = request.headers.get("Authorization", "")
        scheme, _, blob = auth.partition(" ")
        if scheme.lower() not in ("ntlm", "negotiate") or not blob:
            if state.principal is not None and not auth:
                return state.principal
            return self.challenge()
        try:
            token = base64.b64decode(blob.strip(), validate=True)
        except ValueError:
            return self.challenge()
        if len(token) < 12 or not token.startswith(b"NTLMSSP\x00"):
            # SPNEGO-wrapped Kerberos and the like are not offered by this server.
            return self.challenge()
        msg_type = token[8]
        if msg_type == 1:
            state.principal = None
            state.context = spnego.server(protocol="ntlm")
            out = state.context.step(token)
            return self.challenge(out, scheme="Negotiate" if scheme.lower() == "negotiate" else "NTLM")
        if msg_type == 3 and state.context is not None:
            context, state.context = state.context, None
            try:
                context.step(token)
            except spnego.exceptions.SpnegoError:
                log.info("ntlm: logon denied (wrong user name or password)")
                return self.challenge()
            principal = resolve_principal(str(context.client_principal or ""))
            if principal is None:
                log.info("ntlm: authenticated %s but it is no account of the organization", context.client_principal)
                return self.challenge()
            state.principal = principal
            log.info("ntlm: authenticated %s", principal.logon_name)
            return principal
        return self.challenge()
