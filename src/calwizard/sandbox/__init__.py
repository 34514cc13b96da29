"""calwizard.sandbox — a simulated Microsoft 365 tenant and on-premises Exchange on loopback.

Entra ID v2 (``login.sandbox.test``), Exchange Online EWS + Autodiscover (``outlook.sandbox.test``) and an
on-premises Exchange 2019 with NTLM (``mail.contoso.test``), all over real HTTPS with a generated CA, so that
msal and exchangelib work against it unmodified. Seed data (tenants, apps, mailboxes, demo credentials)
lives in :mod:`calwizard.sandbox.data`. EWS streaming notifications (Subscribe, GetStreamingEvents, Unsubscribe)
are in :mod:`calwizard.sandbox.notifications`; a control API to change the tenant while a client runs
(appointments, access, dropped streams, ErrorServerBusy storms) in :mod:`calwizard.sandbox.control`.

Usage::

    with Sandbox(tmp_dir) as sandbox:
        policy = HttpPolicy(ca_file=sandbox.ca_file, host_overrides=sandbox.host_overrides)
        ...
"""

from calwizard.sandbox import data
from calwizard.sandbox.server import Sandbox

__all__ = ["Sandbox", "data"]
