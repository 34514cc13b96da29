"""The App object a technician creates on the PBX for calwizard: one text, shown by the wizard and in README.md
(a unit test keeps README's copy equal to :func:`app_object_instructions`).

Sources: innovaphone wiki "Reference13r1:Concept Apps" (App Objects Parameters: the password is "the shared secret
between the PBX and the App Service"), "Reference15r1:PBX/Objects/App" ("App objects can also be used for accepting
incoming app websocket connections to the PBX with the configured credentials"; "Websocket: if checked, the PBX
establishes a websocket connection to the app service"), and the SDK pages of the two APIs calwizard uses: PbxApi
(check box "PbxApi") and PbxTableUsers ("enabled for the TableUsers").
"""

from __future__ import annotations

from calwizard.i18n import translate

DEFAULT_APP_NAME = "calwizard"
"""The App object name calwizard suggests."""

REQUIRED_APIS = ("PbxApi", "PbxTableUsers")
"""The PBX APIs calwizard uses (SetPresence / SubscribePresence, and the user replication)."""


def app_object_instructions(app: str = DEFAULT_APP_NAME) -> str:
    """The steps to create the App object (plain text; numbered lines; ``app``: the name to use)."""
    return translate("exchange", "1. Open the PBX's advanced admin UI and go to PBX > Objects. Click New "
                                 "and choose App.\n2. Name: {app} (Long Name: calwizard calendar "
                                 'presence). calwizard logs in with this name: enter the same as\n   "App '
                                 'object name" in calwizard.\n3. Password: a long random password. Enter '
                                 'the same as "App object password" in calwizard (calwizard keeps it in\n  '
                                 " its secret store, never in a file).\n4. URL: leave it empty, and leave "
                                 '"Websocket" unticked: calwizard connects to the PBX\n   (wss://<PBX '
                                 'address>/PBX0/APPS/websocket), not the PBX to calwizard. Tick "Hidden" '
                                 "(it is no app for myApps).\n5. Tick the API check boxes PbxApi "
                                 "(calwizard sets each user's presence) and TableUsers (calwizard reads "
                                 "the users\n   and their e-mail addresses). calwizard needs no other API, "
                                 "in particular not Admin.\n6. Click OK. In calwizard enter the PBX "
                                 "address (its host name, e.g. pbx.example.com) and, as master PBX name, "
                                 'the\n   "PBX Name" of the PBX\'s configuration (PBX > Config > General) '
                                 "— the name, not the DNS name.").format(app=app)
