"""The innovaphone PBX side of calwizard: an AppWebsocket client (the adapter over aiohttp's websocket client, as
``calwizard.exchange`` is over msal/exchangelib — library exceptions become :mod:`calwizard.errors` here).

* :mod:`.appwebsocket` — one logged-in connection to an App object (``wss://<pbx>/PBX0/APPS/websocket``,
  AppChallenge/AppLogin, ``src`` correlation, keep-alive, timeouts);
* :mod:`.connection` — the engine's lasting connection: master PBX name check, reconnect with backoff and jitter;
* :mod:`.users` — the PBX's users with their e-mail addresses (PbxTableUsers replication) and the user filter;
* :mod:`.presence` — SetPresence / SubscribePresence (PbxApi);
* :mod:`.instructions` — the App object a technician creates on the PBX (the text README and the wizard show).
"""
