<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>AdvancedPage</name>
    <message>
        <source>Settings most installations leave as they are.</source>
        <translation>Einstellungen, die die meisten Installationen unverändert lassen.</translation>
    </message>
    <message>
        <source>Max &amp;subscriptions per connection:</source>
        <translation>Max. &amp;Abonnements pro Verbindung:</translation>
    </message>
    <message>
        <source>Max subscriptions per connection</source>
        <translation>Max. Abonnements pro Verbindung</translation>
    </message>
    <message>
        <source>Service account</source>
        <translation>Dienstkonto</translation>
    </message>
    <message>
        <source>Names from the PBX (username@pbx-domain), each as that user</source>
        <translation>Namen aus der PBX (Benutzername@PBX-Domäne), jeweils als dieser Benutzer</translation>
    </message>
    <message>
        <source>User for name &amp;resolving:</source>
        <translation>Benutzer für die &amp;Namensauflösung:</translation>
    </message>
    <message>
        <source>Write EWS requests and responses to the debug &amp;log</source>
        <translation>EWS-Anfragen und -Antworten ins Debug-&amp;Protokoll schreiben</translation>
    </message>
    <message>
        <source>EWS debug log</source>
        <translation>EWS-Debugprotokoll</translation>
    </message>
    <message>
        <source>Secrets, tokens and NTLM messages are masked. The wizard writes to {0}; &apos;calwizard validate&apos; and the engine to ews-debug-validate.log and ews-debug-engine.log beside it.</source>
        <translation>Geheimnisse, Token und NTLM-Nachrichten werden maskiert. Der Assistent schreibt nach {0}; &apos;calwizard validate&apos; und die Engine nach ews-debug-validate.log und ews-debug-engine.log daneben.</translation>
    </message>
    <message>
        <source>Graph &amp;poll interval:</source>
        <translation>Graph-Abfrage&amp;intervall:</translation>
    </message>
    <message>
        <source>Graph poll interval</source>
        <translation>Graph-Abfrageintervall</translation>
    </message>
    <message>
        <source>Network &amp;timeout:</source>
        <translation>Netzwerk-Zeit&amp;limit:</translation>
    </message>
    <message>
        <source>Network timeout</source>
        <translation>Netzwerk-Zeitlimit</translation>
    </message>
    <message>
        <source>autodiscover.contoso.com:443 = 192.0.2.10:443</source>
        <translation>autodiscover.contoso.com:443 = 192.0.2.10:443</translation>
    </message>
    <message>
        <source>&amp;Host overrides:</source>
        <translation>&amp;Host-Umleitungen:</translation>
    </message>
    <message>
        <source>Host overrides</source>
        <translation>Host-Umleitungen</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Hide details</source>
        <translation>Details ausblenden</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>BasePage</name>
    <message>
        <source>(and 1 more: {names})</source>
        <translation>(und 1 weiteres: {names})</translation>
    </message>
    <message>
        <source>(and {count} more: {names})</source>
        <translation>(und {count} weitere: {names})</translation>
    </message>
    <message>
        <source>To continue: {message}{more}.</source>
        <translation>Um fortzufahren: {message}{more}.</translation>
    </message>
    <message numerus="yes">
        <source>To continue, fix the marked field(s): {names}.</source>
        <translation>
            <numerusform>Um fortzufahren, korrigieren Sie das markierte Feld: {names}.</numerusform>
            <numerusform>Um fortzufahren, korrigieren Sie die markierten Felder: {names}.</numerusform>
        </translation>
    </message>
    <message>
        <source>kept in {where} — type to replace</source>
        <translation>gespeichert in {where} — zum Ersetzen eintippen</translation>
    </message>
    <message>
        <source>Stored secret</source>
        <translation>Gespeichertes Geheimnis</translation>
    </message>
    <message>
        <source>The {field} of this configuration is kept in {where}. Remove it?</source>
        <translation>{field} dieser Konfiguration ist in {where} gespeichert. Entfernen?</translation>
    </message>
    <message>
        <source>Remove: the configuration no longer uses it, and a secret store entry is deleted when you save. Keep: the stored value stays in use.</source>
        <translation>Entfernen: Die Konfiguration verwendet es nicht mehr, und ein Eintrag im Geheimnisspeicher wird beim Speichern gelöscht. Behalten: Der gespeicherte Wert bleibt in Gebrauch.</translation>
    </message>
    <message>
        <source>&amp;Remove it</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>&amp;Keep it</source>
        <translation>&amp;Behalten</translation>
    </message>
</context>
<context>
    <name>CalWizard</name>
    <message>
        <source>calwizard {version} — calendar connector setup</source>
        <translation>calwizard {version} — Einrichtung des Kalender-Connectors</translation>
    </message>
    <message>
        <source>calwizard — calendar connector setup</source>
        <translation>calwizard — Einrichtung des Kalender-Connectors</translation>
    </message>
    <message>
        <source>Checks are still running: Next cancels them and goes on.</source>
        <translation>Prüfungen laufen noch: Weiter bricht sie ab und fährt fort.</translation>
    </message>
    <message>
        <source>Back cancels the running checks.</source>
        <translation>Zurück bricht die laufenden Prüfungen ab.</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>The configuration has unsaved changes.</source>
        <translation>Die Konfiguration hat ungespeicherte Änderungen.</translation>
    </message>
    <message>
        <source>Save them before closing the wizard?</source>
        <translation>Vor dem Schließen des Assistenten speichern?</translation>
    </message>
    <message>
        <source>&amp;Keep editing</source>
        <translation>&amp;Weiter bearbeiten</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>Nicht gespeichert</translation>
    </message>
</context>
<context>
    <name>CheckTree</name>
    <message>
        <source>Check</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Check results</source>
        <translation>Prüfergebnisse</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>{what} · {elapsed} s of {timeout} s</source>
        <translation>{what} · {elapsed} s von {timeout} s</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
</context>
<context>
    <name>ConnectionPage</name>
    <message>
        <source>kept in {where} — type to replace</source>
        <translation>liegt in {where} — zum Ersetzen neu eingeben</translation>
    </message>
    <message>
        <source>The account that reads the calendars and how Exchange is found.</source>
        <translation>Das Konto, das die Kalender liest, und wie Exchange gefunden wird.</translation>
    </message>
    <message>
        <source>Microsoft Graph needs no service account and no Autodiscover: choose the tenant&apos;s cloud (and an extra CA file only for a private CA).</source>
        <translation>Microsoft Graph braucht weder Dienstkonto noch Autodiscover: Wählen Sie die Cloud des Mandanten (und eine zusätzliche CA-Datei nur für eine private CA).</translation>
    </message>
    <message>
        <source>&amp;User (SMTP address):</source>
        <translation>&amp;Benutzer (SMTP-Adresse):</translation>
    </message>
    <message>
        <source>svc-calendar@contoso.com</source>
        <translation>svc-calendar@contoso.com</translation>
    </message>
    <message>
        <source>&amp;Logon name:</source>
        <translation>An&amp;meldename:</translation>
    </message>
    <message>
        <source>optional: DOMAIN\user</source>
        <translation>optional: DOMÄNE\benutzer</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Autodiscover URL:</source>
        <translation>&amp;Autodiscover-URL:</translation>
    </message>
    <message>
        <source>optional — derived from the user&apos;s domain</source>
        <translation>optional — wird aus der Domäne des Benutzers abgeleitet</translation>
    </message>
    <message>
        <source>External EWS URL</source>
        <translation>Externe EWS-URL</translation>
    </message>
    <message>
        <source>Internal EWS URL</source>
        <translation>Interne EWS-URL</translation>
    </message>
    <message>
        <source>E&amp;xchange server to use:</source>
        <translation>Zu verwendender E&amp;xchange-Server:</translation>
    </message>
    <message>
        <source>&amp;EWS URL:</source>
        <translation>&amp;EWS-URL:</translation>
    </message>
    <message>
        <source>optional — only if Autodiscover is turned off</source>
        <translation>optional — nur wenn Autodiscover abgeschaltet ist</translation>
    </message>
    <message>
        <source>&amp;Cloud:</source>
        <translation>&amp;Cloud:</translation>
    </message>
    <message>
        <source>Entra ID host:</source>
        <translation>Entra-ID-Host:</translation>
    </message>
    <message>
        <source>Exchange Online host:</source>
        <translation>Exchange-Online-Host:</translation>
    </message>
    <message>
        <source>Graph host:</source>
        <translation>Graph-Host:</translation>
    </message>
    <message>
        <source>Extra CA file</source>
        <translation>Zusätzliche CA-Datei</translation>
    </message>
    <message>
        <source>Choose the CA certificate (PEM)</source>
        <translation>CA-Zertifikat wählen (PEM)</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.cer);;All (*)</source>
        <translation>PEM-Dateien (*.pem *.crt *.cer);;Alle (*)</translation>
    </message>
    <message>
        <source>Extra CA &amp;file:</source>
        <translation>Zusätzliche CA-&amp;Datei:</translation>
    </message>
    <message>
        <source>Enter the user&apos;s address (and the password) to find the EWS URL.</source>
        <translation>Geben Sie die Adresse des Benutzers (und das Passwort) ein, um die EWS-URL zu finden.</translation>
    </message>
    <message>
        <source>any existing mailbox, e.g. alice@fabrikam.com</source>
        <translation>ein beliebiges vorhandenes Postfach, z. B. alice@fabrikam.com</translation>
    </message>
    <message>
        <source>Exchange version</source>
        <translation>Exchange-Version</translation>
    </message>
    <message>
        <source>Found via</source>
        <translation>Gefunden über</translation>
    </message>
</context>
<context>
    <name>CopyField</name>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy {name}</source>
        <translation>{name} kopieren</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
</context>
<context>
    <name>CreateAppDialog</name>
    <message>
        <source>Create the app registration</source>
        <translation>App-Registrierung erstellen</translation>
    </message>
    <message>
        <source>An administrator of the tenant signs in once. calwizard then creates a single-tenant app registration with exactly the permission this sync type needs ({permission}), its credential and service principal, and grants the consent. The sign-in asks Microsoft Graph for Application.ReadWrite.All and AppRoleAssignment.ReadWrite.All only; consent to {value} may be given by {granters}. The administrator&apos;s token is kept in memory only and dropped when this window closes.</source>
        <translation>Ein Administrator des Mandanten meldet sich einmal an. calwizard erstellt dann eine Single-Tenant-App-Registrierung mit genau der Berechtigung, die diese Synchronisierungsart braucht ({permission}), ihre Anmeldeinformation und ihren Dienstprinzipal und erteilt die Zustimmung. Die Anmeldung fordert bei Microsoft Graph nur Application.ReadWrite.All und AppRoleAssignment.ReadWrite.All an; der Zustimmung zu {value} können {granters} zustimmen. Das Token des Administrators bleibt nur im Arbeitsspeicher und wird verworfen, wenn dieses Fenster schließt.</translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation>&amp;Anzeigename:</translation>
    </message>
    <message>
        <source>Client &amp;secret (kept in the secret store, never shown)</source>
        <translation>Geheimer Client&amp;schlüssel (im Geheimnisspeicher, nie angezeigt)</translation>
    </message>
    <message>
        <source>C&amp;ertificate generated on this computer</source>
        <translation>Auf diesem Computer erzeugtes &amp;Zertifikat</translation>
    </message>
    <message>
        <source>Credential:</source>
        <translation>Anmeldeinformation:</translation>
    </message>
    <message>
        <source>{n} months</source>
        <translation>{n} Monate</translation>
    </message>
    <message>
        <source>&amp;Valid for:</source>
        <translation>&amp;Gültig für:</translation>
    </message>
    <message>
        <source>&amp;Tenant-wide admin consent (every mailbox of the tenant)</source>
        <translation>&amp;Mandantenweite Administratorzustimmung (jedes Postfach des Mandanten)</translation>
    </message>
    <message>
        <source>Scoped to the s&amp;ynced mailboxes (Exchange RBAC for Applications)</source>
        <translation>Auf die s&amp;ynchronisierten Postfächer beschränkt (Exchange RBAC für Anwendungen)</translation>
    </message>
    <message>
        <source>The two grants add up: a tenant-wide consent lets the app read every mailbox whatever an Exchange RBAC for Applications scope says. &apos;Scoped&apos; grants nothing tenant-wide; you then run the Exchange Online PowerShell shown (with this app&apos;s real IDs) to allow the synced mailboxes.</source>
        <translation>Die beiden Berechtigungen addieren sich: Eine mandantenweite Zustimmung lässt die App jedes Postfach lesen, egal was ein Bereich von Exchange RBAC für Anwendungen sagt. &apos;Beschränkt&apos; gewährt nichts mandantenweit; Sie führen dann das gezeigte Exchange Online PowerShell aus (mit den echten IDs dieser App), um die synchronisierten Postfächer zuzulassen.</translation>
    </message>
    <message>
        <source>Consent:</source>
        <translation>Zustimmung:</translation>
    </message>
    <message>
        <source>Calendars.ReadBasic has no Exchange RBAC for Applications role: choose Calendars.Read on the Entra app page to scope the app.</source>
        <translation>Für Calendars.ReadBasic gibt es keine Rolle in Exchange RBAC für Anwendungen: Wählen Sie auf der Seite Entra-App Calendars.Read, um die App zu beschränken.</translation>
    </message>
    <message>
        <source>The public client the administrator signs in with (default: Microsoft Graph Command Line Tools). A company may use its own multi-tenant public client.</source>
        <translation>Der öffentliche Client, mit dem sich der Administrator anmeldet (Standard: Microsoft Graph Command Line Tools). Ein Unternehmen kann einen eigenen mehrinstanzenfähigen öffentlichen Client verwenden.</translation>
    </message>
    <message>
        <source>Sign-in &amp;app ID:</source>
        <translation>App-&amp;ID für die Anmeldung:</translation>
    </message>
    <message>
        <source>Sign &amp;in as administrator…</source>
        <translation>Als Administrator a&amp;nmelden…</translation>
    </message>
    <message>
        <source>Use a c&amp;ode instead</source>
        <translation>Stattdessen einen C&amp;ode verwenden</translation>
    </message>
    <message>
        <source>For a computer without a browser: enter the code shown on any device.</source>
        <translation>Für einen Computer ohne Browser: Geben Sie den angezeigten Code auf einem beliebigen Gerät ein.</translation>
    </message>
    <message>
        <source>Not signed in.</source>
        <translation>Nicht angemeldet.</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Erstellen</translation>
    </message>
    <message>
        <source>&amp;Delete what was created</source>
        <translation>Erstelltes &amp;löschen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Reuse it</source>
        <translation>&amp;Wiederverwenden</translation>
    </message>
    <message>
        <source>&amp;Undo what was added</source>
        <translation>Hinzugefügtes &amp;rückgängig machen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Internal error: {what}</source>
        <translation>Interner Fehler: {what}</translation>
    </message>
    <message>
        <source>Complete the sign-in in your browser…</source>
        <translation>Schließen Sie die Anmeldung in Ihrem Browser ab…</translation>
    </message>
    <message>
        <source>no administrator role</source>
        <translation>keine Administratorrolle</translation>
    </message>
    <message>
        <source>Signed in as {user} ({roles}).</source>
        <translation>Angemeldet als {user} ({roles}).</translation>
    </message>
    <message>
        <source>Reuse app ID {id} (created {day}), the one this configuration uses</source>
        <translation>App-ID {id} wiederverwenden (erstellt {day}), die diese Konfiguration verwendet</translation>
    </message>
    <message>
        <source>Reuse app ID {id} (created {day})</source>
        <translation>App-ID {id} wiederverwenden (erstellt {day})</translation>
    </message>
    <message>
        <source>Create a new one named &apos;{name}&apos;</source>
        <translation>Eine neue namens &apos;{name}&apos; erstellen</translation>
    </message>
    <message>
        <source>Run in Exchange Online PowerShell (as an Exchange administrator) to allow the synced mailboxes:</source>
        <translation>In Exchange Online PowerShell ausführen (als Exchange-Administrator), um die synchronisierten Postfächer zuzulassen:</translation>
    </message>
    <message>
        <source>Created. The Entra app page is filled in; its checks run now.</source>
        <translation>Erstellt. Die Seite Entra-App ist ausgefüllt; ihre Prüfungen laufen jetzt.</translation>
    </message>
    <message>
        <source>Could not undo: {what}</source>
        <translation>Nicht rückgängig zu machen: {what}</translation>
    </message>
    <message>
        <source>What this run added has been removed; the application itself was kept as it was.</source>
        <translation>Was dieser Durchlauf hinzugefügt hat, wurde entfernt; die Anwendung selbst blieb, wie sie war.</translation>
    </message>
    <message>
        <source>Everything that was created has been deleted.</source>
        <translation>Alles Erstellte wurde gelöscht.</translation>
    </message>
    <message>
        <source>Wait until the current step has finished: closing now would leave a half-made app registration.</source>
        <translation>Warten Sie, bis der aktuelle Schritt fertig ist: Jetzt zu schließen hinterließe eine halb erstellte App-Registrierung.</translation>
    </message>
</context>
<context>
    <name>EntraPage</name>
    <message>
        <source>The app registration in Microsoft Entra ID that grants access to Exchange Online.</source>
        <translation>Die App-Registrierung in Microsoft Entra ID, die Zugriff auf Exchange Online gewährt.</translation>
    </message>
    <message>
        <source>Create it for &amp;me…</source>
        <translation>Für &amp;mich erstellen…</translation>
    </message>
    <message>
        <source>An administrator signs in once; calwizard creates the app registration with exactly the permission this sync type needs, its credential (kept in the secret store), the service principal and the consent, and fills in this page.</source>
        <translation>Ein Administrator meldet sich einmal an; calwizard erstellt die App-Registrierung mit genau der Berechtigung, die diese Synchronisierungsart braucht, ihre Anmeldeinformation (im Geheimnisspeicher), den Dienstprinzipal und die Zustimmung und füllt diese Seite aus.</translation>
    </message>
    <message>
        <source>— or enter the values of an app registered in the Entra admin center below.</source>
        <translation>— oder geben Sie unten die Werte einer im Entra Admin Center registrierten App ein.</translation>
    </message>
    <message>
        <source>Application (&amp;client) ID:</source>
        <translation>Anwendungs-ID (&amp;Client):</translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation>Client-ID</translation>
    </message>
    <message>
        <source>Directory (&amp;tenant) ID:</source>
        <translation>Verzeichnis-ID (Mandan&amp;t):</translation>
    </message>
    <message>
        <source>Tenant ID</source>
        <translation>Mandanten-ID</translation>
    </message>
    <message>
        <source>GUID or verified domain, e.g. contoso.onmicrosoft.com</source>
        <translation>GUID oder verifizierte Domäne, z. B. contoso.onmicrosoft.com</translation>
    </message>
    <message>
        <source>My organization only (single tenant)</source>
        <translation>Nur meine Organisation (einzelner Mandant)</translation>
    </message>
    <message>
        <source>Multiple organizations (multi-tenant)</source>
        <translation>Mehrere Organisationen (mehrinstanzenfähig)</translation>
    </message>
    <message>
        <source>Supported &amp;account types:</source>
        <translation>Unterstützte &amp;Kontotypen:</translation>
    </message>
    <message>
        <source>Client s&amp;ecret</source>
        <translation>Geheimer Cli&amp;entschlüssel</translation>
    </message>
    <message>
        <source>Ce&amp;rtificate</source>
        <translation>Ze&amp;rtifikat</translation>
    </message>
    <message>
        <source>Credential:</source>
        <translation>Anmeldeinformation:</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Geheimer Clientschlüssel</translation>
    </message>
    <message>
        <source>Client &amp;secret value:</source>
        <translation>Wert des geheimen Client&amp;schlüssels:</translation>
    </message>
    <message>
        <source>not set (enter the date the Entra admin center shows)</source>
        <translation>nicht gesetzt (Datum eingeben, das das Entra Admin Center zeigt)</translation>
    </message>
    <message>
        <source>Secret e&amp;xpires:</source>
        <translation>Schlüssel läuft a&amp;b:</translation>
    </message>
    <message>
        <source>Client secret expiry date</source>
        <translation>Ablaufdatum des geheimen Clientschlüssels</translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation>Clientzertifikat</translation>
    </message>
    <message>
        <source>Choose the client certificate</source>
        <translation>Clientzertifikat wählen</translation>
    </message>
    <message>
        <source>Certificate &amp;file:</source>
        <translation>Zertifikat&amp;datei:</translation>
    </message>
    <message>
        <source>Certificate password</source>
        <translation>Zertifikatpasswort</translation>
    </message>
    <message>
        <source>Certificate &amp;password:</source>
        <translation>Zertifikat&amp;passwort:</translation>
    </message>
    <message>
        <source>&amp;Graph permission:</source>
        <translation>&amp;Graph-Berechtigung:</translation>
    </message>
    <message>
        <source>Graph permission</source>
        <translation>Graph-Berechtigung</translation>
    </message>
    <message>
        <source>Redirect &amp;URI:</source>
        <translation>&amp;Umleitungs-URI:</translation>
    </message>
    <message>
        <source>Sc&amp;opes:</source>
        <translation>Bereic&amp;he:</translation>
    </message>
    <message>
        <source>empty: https://outlook.office365.com/.default</source>
        <translation>leer: https://outlook.office365.com/.default</translation>
    </message>
    <message>
        <source>Sign &amp;in…</source>
        <translation>Anme&amp;lden…</translation>
    </message>
    <message>
        <source>Opens the system browser for the sign-in; the token is kept encrypted in the secret store so that validation and the sync engine run without you.</source>
        <translation>Öffnet den Systembrowser für die Anmeldung; das Token wird verschlüsselt im Geheimnisspeicher abgelegt, damit Validierung und Sync-Engine ohne Sie laufen.</translation>
    </message>
    <message>
        <source>Delegated sign-in:</source>
        <translation>Delegierte Anmeldung:</translation>
    </message>
    <message>
        <source>Values for the Entra admin center</source>
        <translation>Werte für das Entra Admin Center</translation>
    </message>
    <message>
        <source>Redirect URI</source>
        <translation>Umleitungs-URI</translation>
    </message>
    <message>
        <source>Redirect URI (Mobile and desktop):</source>
        <translation>Umleitungs-URI (Mobilgerät und Desktop):</translation>
    </message>
    <message>
        <source>API application ID</source>
        <translation>API-Anwendungs-ID</translation>
    </message>
    <message>
        <source>API: Office 365 Exchange Online:</source>
        <translation>API: Office 365 Exchange Online:</translation>
    </message>
    <message>
        <source>Permission:</source>
        <translation>Berechtigung:</translation>
    </message>
    <message>
        <source>Permission ID</source>
        <translation>Berechtigungs-ID</translation>
    </message>
    <message>
        <source>Permission ID:</source>
        <translation>Berechtigungs-ID:</translation>
    </message>
    <message>
        <source>Manifest requiredResourceAccess</source>
        <translation>Manifest requiredResourceAccess</translation>
    </message>
    <message>
        <source>Manifest entry:</source>
        <translation>Manifesteintrag:</translation>
    </message>
    <message>
        <source>Enter the client ID, tenant ID and the secret or certificate to check them.</source>
        <translation>Geben Sie Client-ID, Mandanten-ID und den geheimen Schlüssel oder das Zertifikat ein, um sie zu prüfen.</translation>
    </message>
    <message>
        <source>API: Microsoft Graph:</source>
        <translation>API: Microsoft Graph:</translation>
    </message>
    <message>
        <source>Switched from app-only (EWS) to Microsoft Graph: the app registration below is kept. In the Entra admin center:
</source>
        <translation>Von app-only (EWS) auf Microsoft Graph umgestellt: Die App-Registrierung unten bleibt erhalten. Im Entra Admin Center:
</translation>
    </message>
    <message>
        <source>Open in the admin center</source>
        <translation>Im Admin Center öffnen</translation>
    </message>
    <message>
        <source>Register an app</source>
        <translation>App registrieren</translation>
    </message>
    <message>
        <source>API permissions</source>
        <translation>API-Berechtigungen</translation>
    </message>
    <message>
        <source>Certificates &amp;&amp; secrets</source>
        <translation>Zertifikate &amp;&amp; Geheimnisse</translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation>Authentifizierung</translation>
    </message>
    <message>
        <source>Manifest</source>
        <translation>Manifest</translation>
    </message>
    <message>
        <source>Enterprise applications</source>
        <translation>Unternehmensanwendungen</translation>
    </message>
    <message>
        <source>Exchange admin center</source>
        <translation>Exchange Admin Center</translation>
    </message>
    <message>
        <source>optional for delegated sign-in</source>
        <translation>optional bei delegierter Anmeldung</translation>
    </message>
    <message>
        <source>generated by calwizard, kept in {where} — choose a file to replace</source>
        <translation>von calwizard erzeugt, gespeichert in {where} — zum Ersetzen eine Datei wählen</translation>
    </message>
    <message>
        <source>Signed in (token kept).</source>
        <translation>Angemeldet (Token gespeichert).</translation>
    </message>
    <message>
        <source>Not signed in yet.</source>
        <translation>Noch nicht angemeldet.</translation>
    </message>
    <message>
        <source>client secret</source>
        <translation>geheimer Clientschlüssel</translation>
    </message>
    <message>
        <source>certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>Reused by calwizard ({when}, signed in as {who}): &apos;{name}&apos;, object ID {app}, service principal {sp}; {what} expires {expires}; {consent}.</source>
        <translation>Von calwizard wiederverwendet ({when}, angemeldet als {who}): &apos;{name}&apos;, Objekt-ID {app}, Dienstprinzipal {sp}; {what} läuft ab am {expires}; {consent}.</translation>
    </message>
    <message>
        <source>Created by calwizard ({when}, signed in as {who}): &apos;{name}&apos;, object ID {app}, service principal {sp}; {what} expires {expires}; {consent}.</source>
        <translation>Von calwizard erstellt ({when}, angemeldet als {who}): &apos;{name}&apos;, Objekt-ID {app}, Dienstprinzipal {sp}; {what} läuft ab am {expires}; {consent}.</translation>
    </message>
    <message>
        <source>Complete the sign-in in your browser…</source>
        <translation>Schließen Sie die Anmeldung in Ihrem Browser ab…</translation>
    </message>
    <message>
        <source>Sign-in failed: {exc}</source>
        <translation>Anmeldung fehlgeschlagen: {exc}</translation>
    </message>
    <message>
        <source>Signed in as {username}.</source>
        <translation>Angemeldet als {username}.</translation>
    </message>
</context>
<context>
    <name>FieldHelp</name>
    <message>
        <source>Entry name in the secret store.</source>
        <translation>Eintragsname im Geheimnisspeicher.</translation>
    </message>
    <message>
        <source>Environment variable holding the value.</source>
        <translation>Umgebungsvariable, die den Wert enthält.</translation>
    </message>
    <message>
        <source>Name of a sandbox demo credential.</source>
        <translation>Name einer Demo-Anmeldeinformation der Sandbox.</translation>
    </message>
    <message>
        <source>The PBX&apos;s address: its host name (e.g. pbx.example.com, optionally :port) or https:// URL. calwizard connects to wss://&lt;address&gt;/PBX0/APPS/websocket. Empty: no PBX connection (presence goes to the JSON sinks only).</source>
        <translation>Die Adresse der PBX: ihr Hostname (z. B. pbx.example.com, optional mit :Port) oder eine https://-URL. calwizard verbindet sich mit wss://&lt;Adresse&gt;/PBX0/APPS/websocket. Leer: keine PBX-Verbindung (die Präsenz geht nur an die JSON-Ausgaben).</translation>
    </message>
    <message>
        <source>Name of the App object calwizard logs in as (create it on the PBX with the API check boxes PbxApi and TableUsers).</source>
        <translation>Name des App-Objekts, als das sich calwizard anmeldet (legen Sie es auf der PBX mit den API-Kontrollkästchen PbxApi und TableUsers an).</translation>
    </message>
    <message>
        <source>Password of the App object (the shared secret set on the App object).</source>
        <translation>Passwort des App-Objekts (das am App-Objekt gesetzte gemeinsame Geheimnis).</translation>
    </message>
    <message>
        <source>Mail domain for the username@domain fallback: a PBX user is also tried as &lt;user name&gt;@&lt;domain&gt; (seed: &apos;The calendar tries to use username@pbx-domain&apos;). Empty: the PBX&apos;s own domain (System Name).</source>
        <translation>Mail-Domäne für den Ausweichweg Benutzername@Domäne: Ein PBX-Benutzer wird auch als &lt;Benutzername&gt;@&lt;Domäne&gt; versucht (Seed: &apos;The calendar tries to use username@pbx-domain&apos;). Leer: die eigene Domäne der PBX (System Name).</translation>
    </message>
    <message>
        <source>Which PBX users to sync: empty for all, or group:NAME, config:NAME (config template), node:NAME — several separated by &apos;,&apos;; a user matching any of them is synced.</source>
        <translation>Welche PBX-Benutzer synchronisiert werden: leer für alle, oder group:NAME, config:NAME (Konfigurationsvorlage), node:NAME — mehrere durch &apos;,&apos; getrennt; ein Benutzer, auf den einer davon passt, wird synchronisiert.</translation>
    </message>
    <message>
        <source>With a PBX connection: sync the PBX&apos;s users (a mailbox list entry with the same name overrides that user&apos;s addresses), or only the mailbox list.</source>
        <translation>Mit PBX-Verbindung: die Benutzer der PBX synchronisieren (ein Eintrag der Postfachliste mit demselben Namen überschreibt die Adressen dieses Benutzers) oder nur die Postfachliste.</translation>
    </message>
    <message>
        <source>Name of the PBX the calendar accepts a connection from (the PBX name only, not its DNS name). Required even with a single PBX.</source>
        <translation>Name der PBX, von der der Kalender eine Verbindung annimmt (nur der PBX-Name, nicht ihr DNS-Name). Auch bei nur einer PBX erforderlich.</translation>
    </message>
    <message>
        <source>Language of the presence text the calendar sends (en, de). A language alone writes dates and times as the innovaphone documentation shows them (22.08.2017 07:00); with a region (en_US, en_GB, de_CH) in that region&apos;s format (08/22/2017 7:00 PM). Clients may re-render it in their own language from the hash tags.</source>
        <translation>Sprache des Präsenztexts, den der Kalender sendet (en, de). Eine Sprache allein schreibt Datum und Uhrzeit so, wie die innovaphone-Dokumentation sie zeigt (22.08.2017 07:00); mit Region (en_US, en_GB, de_CH) im Format dieser Region (08/22/2017 7:00 PM). Clients können ihn anhand der Hashtags in ihrer eigenen Sprache neu darstellen.</translation>
    </message>
    <message>
        <source>Time zone in which presence times are written (IANA name such as Europe/Berlin; Windows names such as &apos;W. Europe Standard Time&apos; are accepted and converted).</source>
        <translation>Zeitzone, in der Präsenzzeiten geschrieben werden (IANA-Name wie Europe/Berlin; Windows-Namen wie &apos;W. Europe Standard Time&apos; werden akzeptiert und umgewandelt).</translation>
    </message>
    <message>
        <source>Show the appointment&apos;s subject in the presence; when off, appointments are shown without their title.</source>
        <translation>Den Betreff des Termins in der Präsenz anzeigen; ausgeschaltet werden Termine ohne ihren Titel gezeigt.</translation>
    </message>
    <message>
        <source>Appointments whose title contains one of these words (comma-separated) win over concurrent appointments, e.g. vacation.</source>
        <translation>Termine, deren Titel eines dieser Wörter enthält (durch Komma getrennt), haben Vorrang vor gleichzeitigen Terminen, z. B. Urlaub.</translation>
    </message>
    <message>
        <source>Appointments whose title contains one of these words (comma-separated) never win over concurrent appointments, e.g. home office.</source>
        <translation>Termine, deren Titel eines dieser Wörter enthält (durch Komma getrennt), haben nie Vorrang vor gleichzeitigen Terminen, z. B. Homeoffice.</translation>
    </message>
    <message>
        <source>Entra ID (login) host, e.g. login.sandbox.test.</source>
        <translation>Host von Entra ID (Anmeldung), z. B. login.sandbox.test.</translation>
    </message>
    <message>
        <source>Exchange Online host serving EWS and Autodiscover v2.</source>
        <translation>Exchange-Online-Host für EWS und Autodiscover v2.</translation>
    </message>
    <message>
        <source>Microsoft Graph host.</source>
        <translation>Microsoft-Graph-Host.</translation>
    </message>
    <message>
        <source>Display name of the app registration.</source>
        <translation>Anzeigename der App-Registrierung.</translation>
    </message>
    <message>
        <source>Object ID of the application (App registrations).</source>
        <translation>Objekt-ID der Anwendung (App-Registrierungen).</translation>
    </message>
    <message>
        <source>Object ID of its service principal (Enterprise applications; the ID Exchange Online&apos;s New-ServicePrincipal -ObjectId takes).</source>
        <translation>Objekt-ID ihres Dienstprinzipals (Unternehmensanwendungen; die ID, die New-ServicePrincipal -ObjectId von Exchange Online erwartet).</translation>
    </message>
    <message>
        <source>The application permission granted or to be scoped (e.g. Calendars.Read).</source>
        <translation>Die erteilte oder zu beschränkende Anwendungsberechtigung (z. B. Calendars.Read).</translation>
    </message>
    <message>
        <source>tenant_wide: admin consent as an app role assignment (every mailbox); rbac_scoped: no tenant-wide consent, the app is authorized in Exchange Online with RBAC for Applications.</source>
        <translation>tenant_wide: Administratorzustimmung als App-Rollenzuweisung (jedes Postfach); rbac_scoped: keine mandantenweite Zustimmung, die App wird in Exchange Online mit RBAC für Anwendungen berechtigt.</translation>
    </message>
    <message>
        <source>secret or certificate.</source>
        <translation>secret oder certificate.</translation>
    </message>
    <message>
        <source>When the client secret or certificate expires (ISO 8601 date, UTC).</source>
        <translation>Wann der geheime Clientschlüssel oder das Zertifikat abläuft (ISO-8601-Datum, UTC).</translation>
    </message>
    <message>
        <source>SHA-1 thumbprint of the generated certificate.</source>
        <translation>SHA-1-Fingerabdruck des erzeugten Zertifikats.</translation>
    </message>
    <message>
        <source>When it was created (ISO 8601, UTC).</source>
        <translation>Wann sie erstellt wurde (ISO 8601, UTC).</translation>
    </message>
    <message>
        <source>The administrator who signed in to create it.</source>
        <translation>Der Administrator, der sich zum Erstellen angemeldet hat.</translation>
    </message>
    <message>
        <source>The app registration existed already (same display name, or chosen by app ID): calwizard added a credential and what was missing of the permission, service principal and consent; created_at/created_by say when and by whom.</source>
        <translation>Die App-Registrierung bestand bereits (gleicher Anzeigename oder über die App-ID gewählt): calwizard hat Anmeldeinformationen hinzugefügt und was an Berechtigung, Dienstprinzipal und Zustimmung fehlte; created_at/created_by sagen, wann und durch wen.</translation>
    </message>
    <message>
        <source>How to reach Exchange: on-premises (EWS + NTLM), Exchange Online delegated (EWS + OAuth2 sign-in), Exchange Online app-only (EWS + client credentials) or Exchange Online through Microsoft Graph (app-only, Calendars.Read; recommended: EWS in Exchange Online ends on 1 April 2027).</source>
        <translation>Wie Exchange erreicht wird: lokal (EWS + NTLM), Exchange Online delegiert (EWS + OAuth2-Anmeldung), Exchange Online app-only (EWS + Client-Anmeldeinformationen) oder Exchange Online über Microsoft Graph (app-only, Calendars.Read; empfohlen: EWS in Exchange Online endet am 1. April 2027).</translation>
    </message>
    <message>
        <source>Microsoft cloud instance of the tenant.</source>
        <translation>Microsoft-Cloud-Instanz des Mandanten.</translation>
    </message>
    <message>
        <source>Hosts for cloud = custom (the sandbox tenant).</source>
        <translation>Hosts für cloud = custom (der Sandbox-Mandant).</translation>
    </message>
    <message>
        <source>SMTP address of the service account (on-premises: the account with impersonation rights; app-only: any existing mailbox, used for Autodiscover).</source>
        <translation>SMTP-Adresse des Dienstkontos (lokal: das Konto mit Identitätswechselrechten; app-only: ein beliebiges vorhandenes Postfach, für Autodiscover).</translation>
    </message>
    <message>
        <source>Password of the service account (on-premises only).</source>
        <translation>Passwort des Dienstkontos (nur lokal).</translation>
    </message>
    <message>
        <source>Logon name for NTLM if it differs from the user&apos;s SMTP address: DOMAIN\user or user@domain (on-premises only; empty: the SMTP address is used as the logon name).</source>
        <translation>Anmeldename für NTLM, falls er von der SMTP-Adresse des Benutzers abweicht: DOMÄNE\benutzer oder benutzer@domäne (nur lokal; leer: die SMTP-Adresse wird als Anmeldename verwendet).</translation>
    </message>
    <message>
        <source>Autodiscover server URL, optional. Empty: derived from the user&apos;s domain (https://autodiscover.&lt;domain&gt;, https://&lt;domain&gt;, then http redirects).</source>
        <translation>URL des Autodiscover-Servers, optional. Leer: aus der Domäne des Benutzers abgeleitet (https://autodiscover.&lt;Domäne&gt;, https://&lt;Domäne&gt;, dann HTTP-Weiterleitungen).</translation>
    </message>
    <message>
        <source>Which EWS URL reported by Autodiscover to use: external (usual) or internal.</source>
        <translation>Welche von Autodiscover gemeldete EWS-URL verwendet wird: extern (üblich) oder intern.</translation>
    </message>
    <message>
        <source>EWS URL to use instead of the one Autodiscover reports (optional, for servers with Autodiscover turned off).</source>
        <translation>EWS-URL, die statt der von Autodiscover gemeldeten verwendet wird (optional, für Server mit abgeschaltetem Autodiscover).</translation>
    </message>
    <message>
        <source>Application (client) ID of the Entra app registration.</source>
        <translation>Anwendungs-ID (Client) der Entra-App-Registrierung.</translation>
    </message>
    <message>
        <source>Directory (tenant) ID, or a verified domain of the tenant. Mandatory for app-only.</source>
        <translation>Verzeichnis-ID (Mandant) oder eine verifizierte Domäne des Mandanten. Für app-only Pflicht.</translation>
    </message>
    <message>
        <source>Supported account types of the app registration: single tenant (&quot;My organization only&quot;) or multi-tenant (&quot;Multiple organizations&quot;).</source>
        <translation>Unterstützte Kontotypen der App-Registrierung: einzelner Mandant („Nur meine Organisation“) oder mehrinstanzenfähig („Mehrere Organisationen“).</translation>
    </message>
    <message>
        <source>Redirect URI registered for the delegated sign-in (platform &quot;Mobile and desktop applications&quot;).</source>
        <translation>Für die delegierte Anmeldung registrierte Umleitungs-URI (Plattform „Mobilgerät- und Desktopanwendungen“).</translation>
    </message>
    <message>
        <source>Delegated scopes; empty means the EWS default scope of the cloud (https://outlook.office365.com/.default).</source>
        <translation>Delegierte Bereiche; leer bedeutet den EWS-Standardbereich der Cloud (https://outlook.office365.com/.default).</translation>
    </message>
    <message>
        <source>Client secret value of the app registration (not its ID).</source>
        <translation>Wert des geheimen Clientschlüssels der App-Registrierung (nicht seine ID).</translation>
    </message>
    <message>
        <source>The day the client secret expires, as the Entra admin center shows it under Certificates &amp; secrets (YYYY-MM-DD). Validation, the sync engine&apos;s log and &apos;engine status&apos; warn 30, 14 and 7 days ahead: after it, nothing syncs until a new secret is entered.</source>
        <translation>Der Tag, an dem der geheime Clientschlüssel abläuft, wie das Entra Admin Center ihn unter Zertifikate &amp; Geheimnisse zeigt (JJJJ-MM-TT). Validierung, das Protokoll der Sync-Engine und &apos;engine status&apos; warnen 30, 14 und 7 Tage vorher: Danach wird nichts mehr synchronisiert, bis ein neuer Schlüssel eingetragen ist.</translation>
    </message>
    <message>
        <source>Path of the client certificate (PEM with private key, or PFX) used instead of a client secret.</source>
        <translation>Pfad des Clientzertifikats (PEM mit privatem Schlüssel oder PFX), das statt eines geheimen Clientschlüssels verwendet wird.</translation>
    </message>
    <message>
        <source>Password of the client certificate&apos;s private key, if any.</source>
        <translation>Passwort des privaten Schlüssels des Clientzertifikats, falls vorhanden.</translation>
    </message>
    <message>
        <source>The client certificate with its private key (PEM) kept in the secret store instead of a file: what &apos;Create it for me&apos; generates when the certificate credential is chosen.</source>
        <translation>Das Clientzertifikat mit privatem Schlüssel (PEM) im Geheimnisspeicher statt in einer Datei: Das erzeugt &apos;Für mich erstellen&apos;, wenn die Zertifikat-Anmeldeinformation gewählt ist.</translation>
    </message>
    <message>
        <source>Public client (application ID) the administrator signs in with when calwizard creates the app registration. Default: Microsoft Graph Command Line Tools; a company may use its own multi-tenant public client with the delegated permissions Application.ReadWrite.All and AppRoleAssignment.ReadWrite.All and the redirect URI http://localhost.</source>
        <translation>Öffentlicher Client (Anwendungs-ID), mit dem sich der Administrator anmeldet, wenn calwizard die App-Registrierung erstellt. Standard: Microsoft Graph Command Line Tools; ein Unternehmen kann einen eigenen mehrinstanzenfähigen öffentlichen Client mit den delegierten Berechtigungen Application.ReadWrite.All und AppRoleAssignment.ReadWrite.All und der Umleitungs-URI http://localhost verwenden.</translation>
    </message>
    <message>
        <source>The app registration calwizard created (IDs, credential expiry, consent type).</source>
        <translation>Die von calwizard erstellte App-Registrierung (IDs, Ablauf der Anmeldeinformation, Art der Zustimmung).</translation>
    </message>
    <message>
        <source>Where the signed-in user&apos;s token cache (refresh token) is kept, encrypted, after the wizard&apos;s Sign-in (delegated type only); lets validation and the sync engine run headless.</source>
        <translation>Wo der Tokencache (Aktualisierungstoken) des angemeldeten Benutzers nach der Anmeldung im Assistenten verschlüsselt abgelegt wird (nur delegierter Typ); damit laufen Validierung und Sync-Engine ohne Oberfläche.</translation>
    </message>
    <message>
        <source>On-premises: how the service account reaches each calendar — impersonation (the ApplicationImpersonation role, limited by a management scope) or delegate access (a folder permission on each calendar, at least FreeBusyTimeAndSubjectAndLocation; for customers who refuse impersonation). The cloud sync types ignore it.</source>
        <translation>Lokal: Wie das Dienstkonto jeden Kalender erreicht — Identitätswechsel (die Rolle ApplicationImpersonation, durch einen Verwaltungsbereich beschränkt) oder Stellvertreterzugriff (eine Ordnerberechtigung auf jedem Kalender, mindestens FreeBusyTimeAndSubjectAndLocation; für Kunden, die Identitätswechsel ablehnen). Die Cloud-Synchronisierungsarten ignorieren es.</translation>
    </message>
    <message>
        <source>Who resolves users&apos; primary SMTP addresses: the service account (the user&apos;s e-mail addresses), or per user — names built from the PBX&apos;s data (the e-mail addresses, then &lt;user name&gt;@&lt;PBX mail domain&gt;), each resolved as that user (compatibility mode of PBX firmware 13r1 SR8). Validation, the preview and the engine resolve alike.</source>
        <translation>Wer die primären SMTP-Adressen der Benutzer auflöst: das Dienstkonto (die E-Mail-Adressen des Benutzers) oder pro Benutzer — aus den Daten der PBX gebildete Namen (die E-Mail-Adressen, dann &lt;Benutzername&gt;@&lt;Mail-Domäne der PBX&gt;), jeweils als dieser Benutzer aufgelöst (Kompatibilitätsmodus von PBX-Firmware 13r1 SR8). Validierung, Vorschau und Engine lösen gleich auf.</translation>
    </message>
    <message>
        <source>Streaming subscriptions per connection (1-200; EWS allows at most 200).</source>
        <translation>Streaming-Abonnements pro Verbindung (1-200; EWS erlaubt höchstens 200).</translation>
    </message>
    <message>
        <source>EWS protocol debugging: write every EWS, Autodiscover, Microsoft Graph and Entra request and response of validation, the wizard and the engine to a rotating debug log (ews-debug-&lt;validate|wizard|engine&gt;.log in the user log directory; the path is printed), with every secret, token and NTLM message masked. Only for troubleshooting.</source>
        <translation>EWS-Protokoll-Debugging: jede EWS-, Autodiscover-, Microsoft-Graph- und Entra-Anfrage und -Antwort von Validierung, Assistent und Engine in ein rotierendes Debug-Protokoll schreiben (ews-debug-&lt;validate|wizard|engine&gt;.log im Protokollverzeichnis des Benutzers; der Pfad wird ausgegeben), mit allen Geheimnissen, Token und NTLM-Nachrichten maskiert. Nur zur Fehlersuche.</translation>
    </message>
    <message>
        <source>Extra CA certificate file (PEM) trusted in addition to the system&apos;s, for servers with self-signed or private-CA certificates. TLS verification is never turned off.</source>
        <translation>Zusätzliche CA-Zertifikatsdatei (PEM), der zusätzlich zu den Zertifikaten des Systems vertraut wird, für Server mit selbstsignierten Zertifikaten oder solchen einer privaten CA. Die TLS-Prüfung wird nie abgeschaltet.</translation>
    </message>
    <message>
        <source>Connect to another address for a host name, like curl&apos;s --connect-to: &apos;host&apos; or &apos;host:port&apos; -&gt; &apos;address&apos; or &apos;address:port&apos;. Lets you test a server before DNS points at it.</source>
        <translation>Für einen Hostnamen mit einer anderen Adresse verbinden, wie curls --connect-to: &apos;host&apos; oder &apos;host:port&apos; -&gt; &apos;adresse&apos; oder &apos;adresse:port&apos;. So lässt sich ein Server testen, bevor das DNS auf ihn zeigt.</translation>
    </message>
    <message>
        <source>Timeout of each network request, in seconds (1-300).</source>
        <translation>Zeitlimit jeder Netzwerkanfrage in Sekunden (1-300).</translation>
    </message>
    <message>
        <source>Microsoft Graph application permission granted to the app (cloud_graph only): Calendars.Read reads whole events and can be limited to the synced mailboxes with Exchange RBAC for Applications; Calendars.ReadBasic leaves out body, attachments and extensions (the presence needs none of them) but can only be granted tenant-wide, for every mailbox.</source>
        <translation>Der App erteilte Anwendungsberechtigung von Microsoft Graph (nur cloud_graph): Calendars.Read liest ganze Termine und lässt sich mit Exchange RBAC für Anwendungen auf die synchronisierten Postfächer beschränken; Calendars.ReadBasic lässt Textkörper, Anlagen und Erweiterungen weg (die Präsenz braucht nichts davon), kann aber nur mandantenweit für jedes Postfach erteilt werden.</translation>
    </message>
    <message>
        <source>Mailboxes the connector must NOT be able to read, e.g. the executives&apos;: validation proves that Exchange denies them — Microsoft Graph answers 403 and EWS refuses the impersonation or the calendar — i.e. that the impersonation scope, the app&apos;s RBAC for Applications scope or the folder permissions really exclude them. Several separated by &apos;;&apos;.</source>
        <translation>Postfächer, die der Connector NICHT lesen können darf, z. B. die der Geschäftsleitung: Die Validierung weist nach, dass Exchange sie verweigert — Microsoft Graph antwortet 403 und EWS lehnt den Identitätswechsel oder den Kalender ab —, also dass der Identitätswechsel-Bereich, der Bereich der App in RBAC für Anwendungen oder die Ordnerberechtigungen sie wirklich ausschließen. Mehrere durch &apos;;&apos; getrennt.</translation>
    </message>
    <message>
        <source>How often the sync engine asks Microsoft Graph for calendar changes (delta query), in seconds (10-3600; cloud_graph only). Shorter is fresher but costs requests against Graph&apos;s limit of 10,000 requests per 10 minutes per app and mailbox.</source>
        <translation>Wie oft die Sync-Engine Microsoft Graph nach Kalenderänderungen fragt (Delta-Abfrage), in Sekunden (10-3600; nur cloud_graph). Kürzer ist aktueller, kostet aber Anfragen gegen das Graph-Limit von 10.000 Anfragen pro 10 Minuten je App und Postfach.</translation>
    </message>
    <message>
        <source>Appointments shown as Busy.</source>
        <translation>Termine, die als Gebucht angezeigt werden.</translation>
    </message>
    <message>
        <source>Appointments shown as Tentative (ignored by default, unless organized by a tentative exception organizer).</source>
        <translation>Termine, die als Mit Vorbehalt angezeigt werden (standardmäßig ignoriert, außer sie stammen von einem Ausnahme-Organisator für Vorbehalt).</translation>
    </message>
    <message>
        <source>Tentative appointments organized by one of the tentative exception organizers (e.g. HR entering a sick day).</source>
        <translation>Termine mit Vorbehalt, die von einem der Ausnahme-Organisatoren organisiert wurden (z. B. die Personalabteilung trägt einen Krankheitstag ein).</translation>
    </message>
    <message>
        <source>Appointments shown as Out of office.</source>
        <translation>Termine, die als Abwesend angezeigt werden.</translation>
    </message>
    <message>
        <source>Appointments shown as Working elsewhere (Available keeps the free form with the appointment&apos;s title, e.g. &apos;Homeoffice until 14:00&apos;).</source>
        <translation>Termine, die als An anderem Ort tätig angezeigt werden (Verfügbar behält die freie Form mit dem Titel des Termins, z. B. &apos;Homeoffice bis 14:00&apos;).</translation>
    </message>
    <message>
        <source>Appointments with no free/busy information.</source>
        <translation>Termine ohne Frei/Gebucht-Information.</translation>
    </message>
    <message>
        <source>SMTP addresses of organizers whose tentative appointments use the tentative exception mapping.</source>
        <translation>SMTP-Adressen von Organisatoren, deren Termine mit Vorbehalt die Ausnahme-Zuordnung verwenden.</translation>
    </message>
    <message>
        <source>The user&apos;s name (h323 name) on the PBX.</source>
        <translation>Der Name des Benutzers (h323-Name) auf der PBX.</translation>
    </message>
    <message>
        <source>SMTP addresses separated by &apos;;&apos;, tried in order when resolving the primary address.</source>
        <translation>SMTP-Adressen, durch &apos;;&apos; getrennt, beim Auflösen der primären Adresse der Reihe nach versucht.</translation>
    </message>
</context>
<context>
    <name>FileField</name>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Browse for {lower}</source>
        <translation>{lower} suchen</translation>
    </message>
</context>
<context>
    <name>LiveChecks</name>
    <message>
        <source>Chec&amp;k now</source>
        <translation>&amp;Jetzt prüfen</translation>
    </message>
    <message>
        <source>Run {lower} now</source>
        <translation>{lower} jetzt ausführen</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Stop {lower}</source>
        <translation>{lower} stoppen</translation>
    </message>
    <message>
        <source>{title}: detail and remedy</source>
        <translation>{title}: Details und Abhilfe</translation>
    </message>
    <message>
        <source>Waiting for you to finish typing…</source>
        <translation>Wartet, bis Sie mit dem Tippen fertig sind…</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Gestoppt.</translation>
    </message>
    <message>
        <source>The results below are outdated: </source>
        <translation>Die Ergebnisse unten sind veraltet: </translation>
    </message>
    <message>
        <source>Problems found — see the remedy below. You can go on and fix them later.</source>
        <translation>Probleme gefunden — siehe Abhilfe unten. Sie können weitermachen und sie später beheben.</translation>
    </message>
    <message>
        <source>Passed with warnings.</source>
        <translation>Mit Warnungen bestanden.</translation>
    </message>
    <message>
        <source>All passed.</source>
        <translation>Alles bestanden.</translation>
    </message>
</context>
<context>
    <name>MailboxesPage</name>
    <message>
        <source>The users whose calendars set their presence: PBX name and SMTP address(es).</source>
        <translation>Die Benutzer, deren Kalender ihre Präsenz bestimmen: PBX-Name und SMTP-Adresse(n).</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>&amp;Hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>&amp;Import CSV…</source>
        <translation>CSV &amp;importieren…</translation>
    </message>
    <message>
        <source>&amp;Check access</source>
        <translation>Zugriff &amp;prüfen</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Show only &amp;problems</source>
        <translation>Nur Pro&amp;bleme anzeigen</translation>
    </message>
    <message>
        <source>Mailboxes to sync</source>
        <translation>Zu synchronisierende Postfächer</translation>
    </message>
    <message>
        <source>PBX name</source>
        <translation>PBX-Name</translation>
    </message>
    <message>
        <source>Access</source>
        <translation>Zugriff</translation>
    </message>
    <message>
        <source>Access level</source>
        <translation>Zugriffsebene</translation>
    </message>
    <message>
        <source>How the connector reaches the calendar and what that lets it see: impersonation and app permissions see every detail; with delegate access, the folder permission (FreeBusyTimeOnly: no subjects).</source>
        <translation>Wie der Connector den Kalender erreicht und was er dabei sieht: Identitätswechsel und App-Berechtigungen sehen jedes Detail; beim Stellvertreterzugriff die Ordnerberechtigung (FreeBusyTimeOnly: keine Betreffzeilen).</translation>
    </message>
    <message>
        <source>Overrides (optional): a row with a PBX user&apos;s name replaces the addresses the PBX gives for that user.</source>
        <translation>Überschreibungen (optional): Eine Zeile mit dem Namen eines PBX-Benutzers ersetzt die Adressen, die die PBX für diesen Benutzer liefert.</translation>
    </message>
    <message>
        <source>Users from the PBX (replicated; the list below only overrides addresses)</source>
        <translation>Benutzer aus der PBX (repliziert; die Liste unten überschreibt nur Adressen)</translation>
    </message>
    <message>
        <source>The list below (manual or CSV import)</source>
        <translation>Die Liste unten (manuell oder CSV-Import)</translation>
    </message>
    <message>
        <source>&amp;Users to sync:</source>
        <translation>Zu s&amp;ynchronisierende Benutzer:</translation>
    </message>
    <message>
        <source>Users from the PBX</source>
        <translation>Benutzer aus der PBX</translation>
    </message>
    <message>
        <source>PBX user</source>
        <translation>PBX-Benutzer</translation>
    </message>
    <message>
        <source>Addresses tried</source>
        <translation>Versuchte Adressen</translation>
    </message>
    <message>
        <source>Mailbox</source>
        <translation>Postfach</translation>
    </message>
    <message>
        <source>no e-mail address on the PBX</source>
        <translation>keine E-Mail-Adresse auf der PBX</translation>
    </message>
    <message>
        <source>No e-mail address</source>
        <translation>Keine E-Mail-Adresse</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>How to fix: {remedy}</source>
        <translation>Abhilfe: {remedy}</translation>
    </message>
    <message>
        <source>No e-mail address on the PBX: not synced.</source>
        <translation>Keine E-Mail-Adresse auf der PBX: nicht synchronisiert.</translation>
    </message>
    <message>
        <source>Least privilege: Exchange RBAC for Applications</source>
        <translation>Minimale Rechte: Exchange RBAC für Anwendungen</translation>
    </message>
    <message>
        <source>Least privilege: Exchange RBAC for Applications (EWS)</source>
        <translation>Minimale Rechte: Exchange RBAC für Anwendungen (EWS)</translation>
    </message>
    <message>
        <source>Least privilege: impersonation limited to these mailboxes</source>
        <translation>Minimale Rechte: Identitätswechsel auf diese Postfächer beschränkt</translation>
    </message>
    <message>
        <source>Run in the Exchange Management Shell (on-premises) as an Exchange administrator: the service account may then impersonate only the mailboxes listed (or, the commented variant, only room mailboxes). Remove wider ApplicationImpersonation assignments of the account, which the last line lists.</source>
        <translation>In der Exchange Management Shell (lokal) als Exchange-Administrator ausführen: Das Dienstkonto darf dann nur die aufgeführten Postfächer per Identitätswechsel öffnen (oder, in der auskommentierten Variante, nur Raumpostfächer). Entfernen Sie weitergehende ApplicationImpersonation-Zuweisungen des Kontos, die die letzte Zeile auflistet.</translation>
    </message>
    <message>
        <source>Delegate access: folder permissions instead of impersonation</source>
        <translation>Stellvertreterzugriff: Ordnerberechtigungen statt Identitätswechsel</translation>
    </message>
    <message>
        <source>For customers who refuse impersonation: run in the Exchange Management Shell (on-premises) — the service account gets FreeBusyTimeAndSubjectAndLocation on each calendar (FreeBusyTimeOnly when subjects are hidden), the least that shows the presence text. Validation then reads each calendar&apos;s level. Every request is charged to the service account&apos;s own throttling budget.</source>
        <translation>Für Kunden, die Identitätswechsel ablehnen: in der Exchange Management Shell (lokal) ausführen — das Dienstkonto erhält FreeBusyTimeAndSubjectAndLocation auf jedem Kalender (FreeBusyTimeOnly, wenn Betreffzeilen ausgeblendet sind), das Mindeste, das den Präsenztext zeigt. Die Validierung liest dann die Stufe jedes Kalenders. Jede Anfrage geht auf das eigene Drosselungsbudget des Dienstkontos.</translation>
    </message>
    <message>
        <source>Run in Exchange Online PowerShell as an Exchange administrator. Replace &lt;Object ID …&gt; with the Object ID shown in Entra ID &gt; Enterprise applications for this app (not the app registration&apos;s). The last lines test the scope: InScope must be True for the mailboxes to sync and False for those that must be denied.</source>
        <translation>In Exchange Online PowerShell als Exchange-Administrator ausführen. Ersetzen Sie &lt;Objekt-ID …&gt; durch die Objekt-ID, die Entra ID &gt; Unternehmensanwendungen für diese App zeigt (nicht die der App-Registrierung). Die letzten Zeilen prüfen den Bereich: InScope muss für die zu synchronisierenden Postfächer True und für die abzulehnenden False sein.</translation>
    </message>
    <message>
        <source>SMTP addresses</source>
        <translation>SMTP-Adressen</translation>
    </message>
    <message>
        <source>Users to sync</source>
        <translation>Zu synchronisierende Benutzer</translation>
    </message>
    <message>
        <source>I&amp;mpersonation (ApplicationImpersonation, limited by a management scope)</source>
        <translation>I&amp;dentitätswechsel (ApplicationImpersonation, durch einen Verwaltungsbereich beschränkt)</translation>
    </message>
    <message>
        <source>Dele&amp;gate access (a folder permission on each calendar)</source>
        <translation>&amp;Stellvertreterzugriff (eine Ordnerberechtigung auf jedem Kalender)</translation>
    </message>
    <message>
        <source>Access to the calendars:</source>
        <translation>Zugriff auf die Kalender:</translation>
    </message>
    <message>
        <source>Must be &amp;denied:</source>
        <translation>Muss &amp;abgelehnt werden:</translation>
    </message>
    <message>
        <source>Mailboxes that must be denied</source>
        <translation>Postfächer, die abgelehnt werden müssen</translation>
    </message>
    <message>
        <source>optional: mailboxes out of the app&apos;s reach, e.g. ceo@contoso.com; cfo@contoso.com</source>
        <translation>optional: Postfächer außerhalb der Reichweite der App, z. B. ceo@contoso.com; cfo@contoso.com</translation>
    </message>
    <message>
        <source>Exchange Online PowerShell that limits the app to these mailboxes</source>
        <translation>Exchange Online PowerShell, das die App auf diese Postfächer beschränkt</translation>
    </message>
    <message>
        <source>Cop&amp;y PowerShell</source>
        <translation>PowerShell &amp;kopieren</translation>
    </message>
    <message>
        <source>Copy the Exchange Online PowerShell</source>
        <translation>Das Exchange Online PowerShell kopieren</translation>
    </message>
    <message>
        <source>The access model changed: click &apos;Check access&apos; to check every mailbox with it.</source>
        <translation>Das Zugriffsmodell hat sich geändert: Klicken Sie auf &apos;Zugriff prüfen&apos;, um jedes Postfach damit zu prüfen.</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>empty row: enter a PBX name and an address, or remove the row</source>
        <translation>leere Zeile: geben Sie einen PBX-Namen und eine Adresse ein oder entfernen Sie die Zeile</translation>
    </message>
    <message>
        <source>the PBX name {name} is listed twice</source>
        <translation>der PBX-Name {name} steht zweimal in der Liste</translation>
    </message>
    <message numerus="yes">
        <source>%n user(s) imported from {name}.</source>
        <translation>
            <numerusform>%n Benutzer aus {name} importiert.</numerusform>
            <numerusform>%n Benutzer aus {name} importiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Import users</source>
        <translation>Benutzer importieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV-Dateien (*.csv *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Checking access to every mailbox…</source>
        <translation>Zugriff auf jedes Postfach wird geprüft…</translation>
    </message>
    <message>
        <source>Mailbox checks stopped.</source>
        <translation>Postfachprüfungen gestoppt.</translation>
    </message>
    <message>
        <source>How to fix: {remedy} (the PowerShell is below)</source>
        <translation>Abhilfe: {remedy} (das PowerShell-Skript steht unten)</translation>
    </message>
    <message numerus="yes">
        <source> %n not checked yet (checked again in a moment).</source>
        <translation>
            <numerusform> %n noch nicht geprüft (wird gleich erneut geprüft).</numerusform>
            <numerusform> %n noch nicht geprüft (werden gleich erneut geprüft).</numerusform>
        </translation>
    </message>
    <message>
        <source>Mailbox access not checked: {summary}</source>
        <translation>Postfachzugriff nicht geprüft: {summary}</translation>
    </message>
    <message numerus="yes">
        <source>{bad} of %n mailbox(es) have a problem. Select a row for the remedy; you can go on and fix them later.</source>
        <translation>
            <numerusform>{bad} von %n Postfach hat ein Problem. Wählen Sie die Zeile für die Abhilfe; Sie können weitermachen und es später beheben.</numerusform>
            <numerusform>{bad} von %n Postfächern haben ein Problem. Wählen Sie eine Zeile für die Abhilfe; Sie können weitermachen und sie später beheben.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n checked mailbox(es) are readable.</source>
        <translation>
            <numerusform>Das geprüfte Postfach ist lesbar.</numerusform>
            <numerusform>Alle %n geprüften Postfächer sind lesbar.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n mailbox(es) are readable.</source>
        <translation>
            <numerusform>Das Postfach ist lesbar.</numerusform>
            <numerusform>Alle %n Postfächer sind lesbar.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n mailbox(es) not checked yet (checked again in a moment).</source>
        <translation>
            <numerusform>%n Postfach noch nicht geprüft (wird gleich erneut geprüft).</numerusform>
            <numerusform>%n Postfächer noch nicht geprüft (werden gleich erneut geprüft).</numerusform>
        </translation>
    </message>
    <message>
        <source>{synced} of {users} PBX users have a readable mailbox; the others are not synced (select a row for why).</source>
        <translation>{synced} von {users} PBX-Benutzern haben ein lesbares Postfach; die anderen werden nicht synchronisiert (wählen Sie eine Zeile für den Grund).</translation>
    </message>
    <message>
        <source>Outdated — checked again shortly</source>
        <translation>Veraltet — wird gleich erneut geprüft</translation>
    </message>
    <message>
        <source>Cannot reach Microsoft Graph</source>
        <translation>Microsoft Graph nicht erreichbar</translation>
    </message>
    <message>
        <source>Failed (HTTP {status})</source>
        <translation>Fehlgeschlagen (HTTP {status})</translation>
    </message>
    <message>
        <source>Not checked yet</source>
        <translation>Noch nicht geprüft</translation>
    </message>
    <message>
        <source>{first_step} — the PowerShell below does it for every mailbox listed.</source>
        <translation>{first_step} — das PowerShell-Skript unten erledigt das für jedes aufgeführte Postfach.</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>How appointments&apos; free/busy status becomes PBX presence; the preview shows the result.</source>
        <translation>Wie der Frei/Gebucht-Status von Terminen zur PBX-Präsenz wird; die Vorschau zeigt das Ergebnis.</translation>
    </message>
    <message>
        <source>{label}:</source>
        <translation>{label}:</translation>
    </message>
    <message>
        <source>{label} maps to</source>
        <translation>{label} wird zu</translation>
    </message>
    <message>
        <source>Tentative exception &amp;organizers:</source>
        <translation>&amp;Organisatoren für Vorbehalt-Ausnahmen:</translation>
    </message>
    <message>
        <source>Tentative exception organizers</source>
        <translation>Organisatoren für Vorbehalt-Ausnahmen</translation>
    </message>
    <message>
        <source>e.g. hr@contoso.com; office@contoso.com</source>
        <translation>z. B. hr@contoso.com; office@contoso.com</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <source>Preview the appointments of</source>
        <translation>Vorschau der Termine von</translation>
    </message>
    <message>
        <source>Sample appointments you can edit, or a configured mailbox whose real calendar (the next 48 hours) Read calendar fetches, as the engine would.</source>
        <translation>Beispieltermine, die Sie bearbeiten können, oder ein konfiguriertes Postfach, dessen echten Kalender (die nächsten 48 Stunden) Kalender lesen abruft, so wie die Engine.</translation>
    </message>
    <message>
        <source>Appointments o&amp;f:</source>
        <translation>Termine &amp;von:</translation>
    </message>
    <message>
        <source>&amp;Read calendar</source>
        <translation>Kalender &amp;lesen</translation>
    </message>
    <message>
        <source>Read this mailbox&apos;s appointments of the next 48 hours with the engine&apos;s connection (token, Autodiscover, EWS or Microsoft Graph).</source>
        <translation>Die Termine dieses Postfachs der nächsten 48 Stunden mit der Verbindung der Engine lesen (Token, Autodiscover, EWS oder Microsoft Graph).</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Stop reading the calendar</source>
        <translation>Lesen des Kalenders stoppen</translation>
    </message>
    <message>
        <source>Sample appointments</source>
        <translation>Beispieltermine</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Beginn</translation>
    </message>
    <message>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>Free/busy</source>
        <translation>Frei/Gebucht</translation>
    </message>
    <message>
        <source>Organizer</source>
        <translation>Organisator</translation>
    </message>
    <message>
        <source>Preview time</source>
        <translation>Vorschauzeitpunkt</translation>
    </message>
    <message>
        <source>Presence &amp;at:</source>
        <translation>Präsenz &amp;um:</translation>
    </message>
    <message>
        <source>Presence at the chosen time</source>
        <translation>Präsenz zum gewählten Zeitpunkt</translation>
    </message>
    <message>
        <source>Reset samples</source>
        <translation>Beispiele zurücksetzen</translation>
    </message>
    <message>
        <source>Presence preview</source>
        <translation>Präsenzvorschau</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Activity</source>
        <translation>Aktivität</translation>
    </message>
    <message>
        <source>Presence text (as sent to the PBX)</source>
        <translation>Präsenztext (wie an die PBX gesendet)</translation>
    </message>
    <message>
        <source>Free/busy of sample {row}</source>
        <translation>Frei/Gebucht von Beispiel {row}</translation>
    </message>
    <message>
        <source>Sample appointments (edit them to try)</source>
        <translation>Beispieltermine (zum Ausprobieren bearbeiten)</translation>
    </message>
    <message>
        <source>Showing {shown}: Read calendar shows this mailbox&apos;s real appointments of the next 48 hours.</source>
        <translation>Angezeigt: {shown}. Kalender lesen zeigt die echten Termine dieses Postfachs der nächsten 48 Stunden.</translation>
    </message>
    <message>
        <source>the sample appointments</source>
        <translation>die Beispieltermine</translation>
    </message>
    <message>
        <source>the calendar of {name}</source>
        <translation>den Kalender von {name}</translation>
    </message>
    <message>
        <source>Reading the calendar of {mailbox}…</source>
        <translation>Kalender von {mailbox} wird gelesen…</translation>
    </message>
    <message>
        <source>Reading the calendar was stopped.</source>
        <translation>Das Lesen des Kalenders wurde gestoppt.</translation>
    </message>
    <message>
        <source>The calendar could not be read; the preview still shows {shown}.</source>
        <translation>Der Kalender konnte nicht gelesen werden; die Vorschau zeigt weiterhin {shown}.</translation>
    </message>
    <message>
        <source>How to fix: {remedy}</source>
        <translation>Abhilfe: {remedy}</translation>
    </message>
    <message>
        <source>Internal error while reading the calendar (details in the log).</source>
        <translation>Interner Fehler beim Lesen des Kalenders (Details im Protokoll).</translation>
    </message>
    <message>
        <source>Appointments of {pbx_name}</source>
        <translation>Termine von {pbx_name}</translation>
    </message>
    <message>
        <source>Back to samples</source>
        <translation>Zurück zu den Beispielen</translation>
    </message>
    <message numerus="yes">
        <source>{address}: %n appointment(s) in the next 48 hours (read at {time}).</source>
        <translation>
            <numerusform>{address}: %n Termin in den nächsten 48 Stunden (gelesen um {time}).</numerusform>
            <numerusform>{address}: %n Termine in den nächsten 48 Stunden (gelesen um {time}).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Bundle passphrase</source>
        <translation>Passphrase des Pakets</translation>
    </message>
    <message>
        <source>The secrets in the bundle are sealed with this passphrase. You need it to import the bundle on the server; it cannot be recovered.</source>
        <translation>Die Geheimnisse im Paket werden mit dieser Passphrase versiegelt. Sie brauchen sie, um das Paket auf dem Server zu importieren; sie lässt sich nicht wiederherstellen.</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>Passphrase wiederholen</translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation>&amp;Passphrase:</translation>
    </message>
    <message>
        <source>&amp;Again:</source>
        <translation>&amp;Nochmals:</translation>
    </message>
    <message>
        <source>Passphrase strength</source>
        <translation>Stärke der Passphrase</translation>
    </message>
    <message>
        <source>Strength:</source>
        <translation>Stärke:</translation>
    </message>
    <message>
        <source>Enter a passphrase.</source>
        <translation>Geben Sie eine Passphrase ein.</translation>
    </message>
    <message>
        <source>The two entries differ.</source>
        <translation>Die beiden Eingaben unterscheiden sich.</translation>
    </message>
</context>
<context>
    <name>PbxPage</name>
    <message>
        <source>The PBX that receives the presence, and how the presence text is written.</source>
        <translation>Die PBX, die die Präsenz erhält, und wie der Präsenztext geschrieben wird.</translation>
    </message>
    <message>
        <source>&amp;Master PBX name:</source>
        <translation>Name der &amp;Master-PBX:</translation>
    </message>
    <message>
        <source>e.g. master (the PBX name, not its DNS name)</source>
        <translation>z. B. master (der PBX-Name, nicht ihr DNS-Name)</translation>
    </message>
    <message>
        <source>Presence &amp;language:</source>
        <translation>Präsenz&amp;sprache:</translation>
    </message>
    <message>
        <source>Presence &amp;timezone:</source>
        <translation>Präsenz-Zeitz&amp;one:</translation>
    </message>
    <message>
        <source>Show the appointment&apos;s &amp;subject in the presence</source>
        <translation>&amp;Betreff des Termins in der Präsenz anzeigen</translation>
    </message>
    <message>
        <source>Show subject</source>
        <translation>Betreff anzeigen</translation>
    </message>
    <message>
        <source>&amp;Prioritized words:</source>
        <translation>Bevorz&amp;ugte Wörter:</translation>
    </message>
    <message>
        <source>e.g. vacation, Urlaub</source>
        <translation>z. B. Urlaub, vacation</translation>
    </message>
    <message>
        <source>N&amp;on-prioritized words:</source>
        <translation>&amp;Nachrangige Wörter:</translation>
    </message>
    <message>
        <source>e.g. home office</source>
        <translation>z. B. Homeoffice</translation>
    </message>
    <message>
        <source>Connection to the PBX (optional: without it, presence goes to the engine&apos;s JSON sinks only)</source>
        <translation>Verbindung zur PBX (optional: ohne sie geht die Präsenz nur an die JSON-Ausgaben der Engine)</translation>
    </message>
    <message>
        <source>PBX a&amp;ddress:</source>
        <translation>PBX-A&amp;dresse:</translation>
    </message>
    <message>
        <source>PBX address</source>
        <translation>PBX-Adresse</translation>
    </message>
    <message>
        <source>e.g. pbx.example.com</source>
        <translation>z. B. pbx.example.com</translation>
    </message>
    <message>
        <source>App ob&amp;ject name:</source>
        <translation>Name des &amp;App-Objekts:</translation>
    </message>
    <message>
        <source>App object name</source>
        <translation>Name des App-Objekts</translation>
    </message>
    <message>
        <source>App object password</source>
        <translation>Passwort des App-Objekts</translation>
    </message>
    <message>
        <source>App object pass&amp;word:</source>
        <translation>&amp;Passwort des App-Objekts:</translation>
    </message>
    <message>
        <source>Mail dom&amp;ain:</source>
        <translation>Mail-Dom&amp;äne:</translation>
    </message>
    <message>
        <source>Mail domain</source>
        <translation>Mail-Domäne</translation>
    </message>
    <message>
        <source>optional — default: the PBX&apos;s domain</source>
        <translation>optional — Standard: die Domäne der PBX</translation>
    </message>
    <message>
        <source>User filte&amp;r:</source>
        <translation>Benutzer&amp;filter:</translation>
    </message>
    <message>
        <source>User filter</source>
        <translation>Benutzerfilter</translation>
    </message>
    <message>
        <source>optional — e.g. group:calendar-sync</source>
        <translation>optional — z. B. group:calendar-sync</translation>
    </message>
    <message>
        <source>The App object to create on the PBX</source>
        <translation>Das auf der PBX anzulegende App-Objekt</translation>
    </message>
    <message>
        <source>PBX check</source>
        <translation>PBX-Prüfung</translation>
    </message>
    <message>
        <source>Enter the PBX address, the App object&apos;s name and its password to check the connection.</source>
        <translation>Geben Sie die PBX-Adresse, den Namen des App-Objekts und sein Passwort ein, um die Verbindung zu prüfen.</translation>
    </message>
</context>
<context>
    <name>SecretField</name>
    <message>
        <source>Remove…</source>
        <translation>Entfernen…</translation>
    </message>
    <message>
        <source>Remove the stored {name}</source>
        <translation>{name} aus dem Speicher entfernen</translation>
    </message>
    <message>
        <source>Remove the stored value from this configuration (asks first)</source>
        <translation>Den gespeicherten Wert aus dieser Konfiguration entfernen (fragt vorher)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Zeigen</translation>
    </message>
    <message>
        <source>Show {lower}</source>
        <translation>{lower} zeigen</translation>
    </message>
    <message>
        <source>Show or hide the value (Alt+S)</source>
        <translation>Wert zeigen oder verbergen (Alt+S)</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Verbergen</translation>
    </message>
</context>
<context>
    <name>SecretRef</name>
    <message>
        <source>secret store entry {name}</source>
        <translation>Eintrag {name} im Geheimnisspeicher</translation>
    </message>
    <message>
        <source>environment variable {name}</source>
        <translation>Umgebungsvariable {name}</translation>
    </message>
    <message>
        <source>sandbox credential {name}</source>
        <translation>Sandbox-Anmeldedaten {name}</translation>
    </message>
</context>
<context>
    <name>StepId</name>
    <message>
        <source>Welcome</source>
        <translation>Willkommen</translation>
    </message>
    <message>
        <source>PBX &amp; presence</source>
        <translation>PBX &amp; Präsenz</translation>
    </message>
    <message>
        <source>Sync type</source>
        <translation>Synchronisierungsart</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Entra app</source>
        <translation>Entra-App</translation>
    </message>
    <message>
        <source>Mailboxes</source>
        <translation>Postfächer</translation>
    </message>
    <message>
        <source>Presence mapping</source>
        <translation>Präsenzzuordnung</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>Erweitert</translation>
    </message>
    <message>
        <source>Validate</source>
        <translation>Validieren</translation>
    </message>
    <message>
        <source>Summary &amp; save</source>
        <translation>Zusammenfassung &amp; Speichern</translation>
    </message>
</context>
<context>
    <name>StepList</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>nicht geprüft</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Check what will be saved. Finish saves the configuration and closes the wizard.</source>
        <translation>Prüfen Sie, was gespeichert wird. Abschließen speichert die Konfiguration und schließt den Assistenten.</translation>
    </message>
    <message>
        <source>Save to</source>
        <translation>Speichern unter</translation>
    </message>
    <message>
        <source>The configuration file (TOML). Secrets are not written into it.</source>
        <translation>Die Konfigurationsdatei (TOML). Geheimnisse werden nicht hineingeschrieben.</translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation>Speichern &amp;unter…</translation>
    </message>
    <message>
        <source>Save &amp;to:</source>
        <translation>Speichern &amp;nach:</translation>
    </message>
    <message>
        <source>Secret store passphrase</source>
        <translation>Passphrase des Geheimnisspeichers</translation>
    </message>
    <message>
        <source>No OS keychain is usable here: the secrets are kept in an encrypted file, unlocked with this passphrase (also for the sync engine: CALWIZARD_STORE_PASSPHRASE).</source>
        <translation>Hier ist kein Schlüsselbund des Betriebssystems nutzbar: Die Geheimnisse liegen in einer verschlüsselten Datei, die mit dieser Passphrase entsperrt wird (auch für die Sync-Engine: CALWIZARD_STORE_PASSPHRASE).</translation>
    </message>
    <message>
        <source>Secret store &amp;passphrase:</source>
        <translation>&amp;Passphrase des Geheimnisspeichers:</translation>
    </message>
    <message>
        <source>&amp;Save now</source>
        <translation>&amp;Jetzt speichern</translation>
    </message>
    <message>
        <source>&amp;Export sealed bundle…</source>
        <translation>Versiegeltes Paket &amp;exportieren…</translation>
    </message>
    <message>
        <source>A .calwiz file with the configuration and its secrets, sealed with a passphrase, for the server that runs the sync engine.</source>
        <translation>Eine .calwiz-Datei mit der Konfiguration und ihren Geheimnissen, mit einer Passphrase versiegelt, für den Server, auf dem die Sync-Engine läuft.</translation>
    </message>
    <message>
        <source>&amp;Install the engine on this machine as a service</source>
        <translation>Engine auf diesem Computer als D&amp;ienst installieren</translation>
    </message>
    <message>
        <source>Installs the sync engine for the exported bundle as a service of this computer (systemd, launchd or a Windows service): started at boot, restarted on failure, with the secrets in a store of its own. Needs administrator rights.</source>
        <translation>Installiert die Sync-Engine für das exportierte Paket als Dienst dieses Computers (systemd, launchd oder ein Windows-Dienst): beim Start gestartet, bei Fehlern neu gestartet, mit den Geheimnissen in einem eigenen Speicher. Benötigt Administratorrechte.</translation>
    </message>
    <message>
        <source>Try the &amp;whole chain now</source>
        <translation>&amp;Gesamte Kette jetzt ausprobieren</translation>
    </message>
    <message>
        <source>Runs the sync engine until every user is read, reads the presence back from the PBX like a PBX client, then stops the engine, which clears calwizard&apos;s presence on the PBX again.</source>
        <translation>Lässt die Sync-Engine laufen, bis jeder Benutzer gelesen ist, liest die Präsenz wie ein PBX-Client von der PBX zurück und stoppt dann die Engine, die die Präsenz von calwizard auf der PBX wieder löscht.</translation>
    </message>
    <message>
        <source>Running the engine against Exchange and the PBX…</source>
        <translation>Die Engine läuft gegen Exchange und die PBX…</translation>
    </message>
    <message>
        <source>The engine could not run: {error}</source>
        <translation>Die Engine konnte nicht laufen: {error}</translation>
    </message>
    <message>
        <source>The engine synced {users} user(s) ({counts}). The PBX showed (read with SubscribePresence):</source>
        <translation>Die Engine hat {users} Benutzer synchronisiert ({counts}). Die PBX zeigte (gelesen mit SubscribePresence):</translation>
    </message>
    <message>
        <source>  no presence (no user has a readable calendar)</source>
        <translation>  keine Präsenz (kein Benutzer hat einen lesbaren Kalender)</translation>
    </message>
    <message>
        <source>The engine stopped and cleared calwizard&apos;s presence on the PBX.</source>
        <translation>Die Engine wurde gestoppt und hat die Präsenz von calwizard auf der PBX gelöscht.</translation>
    </message>
    <message>
        <source>Validation found problems (see the Validate page). You can save now and validate again later with &apos;calwizard validate&apos;.</source>
        <translation>Die Validierung hat Probleme gefunden (siehe Seite Validieren). Sie können jetzt speichern und später mit &apos;calwizard validate&apos; erneut validieren.</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>PBX</source>
        <translation>PBX</translation>
    </message>
    <message>
        <source>Sync type</source>
        <translation>Synchronisierungsart</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>App (client ID)</source>
        <translation>App (Client-ID)</translation>
    </message>
    <message>
        <source>Graph permission</source>
        <translation>Graph-Berechtigung</translation>
    </message>
    <message>
        <source>Must be denied</source>
        <translation>Muss abgelehnt werden</translation>
    </message>
    <message>
        <source>none listed</source>
        <translation>keine aufgeführt</translation>
    </message>
    <message>
        <source>{address}, App object {app}</source>
        <translation>{address}, App-Objekt {app}</translation>
    </message>
    <message numerus="yes">
        <source>the PBX&apos;s users (%n overridden)</source>
        <translation>
            <numerusform>die Benutzer der PBX (%n überschrieben)</numerusform>
            <numerusform>die Benutzer der PBX (%n überschrieben)</numerusform>
        </translation>
    </message>
    <message>
        <source>the PBX&apos;s users</source>
        <translation>die Benutzer der PBX</translation>
    </message>
    <message>
        <source>Mailboxes</source>
        <translation>Postfächer</translation>
    </message>
    <message>
        <source>Secrets</source>
        <translation>Geheimnisse</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>passed ({ok} ok, {warning} warnings, {failed} failed)</source>
        <translation>bestanden ({ok} OK, {warning} Warnungen, {failed} fehlgeschlagen)</translation>
    </message>
    <message>
        <source>passed with warnings ({ok} ok, {warning} warnings, {failed} failed)</source>
        <translation>mit Warnungen bestanden ({ok} OK, {warning} Warnungen, {failed} fehlgeschlagen)</translation>
    </message>
    <message>
        <source>failed ({ok} ok, {warning} warnings, {failed} failed)</source>
        <translation>fehlgeschlagen ({ok} OK, {warning} Warnungen, {failed} fehlgeschlagen)</translation>
    </message>
    <message>
        <source>outdated — the settings changed since: {verdict}; run Validate again</source>
        <translation>veraltet — die Einstellungen haben sich seitdem geändert: {verdict}; validieren Sie erneut</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>nicht ausgeführt</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>Save configuration</source>
        <translation>Konfiguration speichern</translation>
    </message>
    <message>
        <source>Configurations (*.toml)</source>
        <translation>Konfigurationen (*.toml)</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>Re-bind stored secrets?</source>
        <translation>Gespeicherte Geheimnisse neu binden?</translation>
    </message>
    <message>
        <source>This configuration sends secrets from the secret store to other destinations than they were saved for:</source>
        <translation>Diese Konfiguration sendet Geheimnisse aus dem Geheimnisspeicher an andere Ziele, als für die sie gespeichert wurden:</translation>
    </message>
    <message>
        <source>Re-bind them to this configuration? Choose No unless you made these changes yourself: a configuration from someone else could send your secrets to their server. With No, the configuration is saved and its checks will report the secrets as not usable here.</source>
        <translation>An diese Konfiguration neu binden? Wählen Sie Nein, außer Sie haben diese Änderungen selbst vorgenommen: Eine Konfiguration von jemand anderem könnte Ihre Geheimnisse an dessen Server senden. Mit Nein wird die Konfiguration gespeichert, und ihre Prüfungen melden die Geheimnisse hier als nicht verwendbar.</translation>
    </message>
    <message>
        <source>Not saved: {exc}</source>
        <translation>Nicht gespeichert: {exc}</translation>
    </message>
    <message>
        <source>Secrets were written to the secret store.</source>
        <translation>Die Geheimnisse wurden in den Geheimnisspeicher geschrieben.</translation>
    </message>
    <message>
        <source>Saved to {path}.{secrets}</source>
        <translation>Gespeichert nach {path}.{secrets}</translation>
    </message>
    <message>
        <source>Export sealed bundle</source>
        <translation>Versiegeltes Paket exportieren</translation>
    </message>
    <message>
        <source>calwizard bundle (*.calwiz)</source>
        <translation>calwizard-Paket (*.calwiz)</translation>
    </message>
    <message>
        <source>Not exported: {exc}</source>
        <translation>Nicht exportiert: {exc}</translation>
    </message>
    <message>
        <source>Sealed bundle written to {written}.</source>
        <translation>Versiegeltes Paket geschrieben nach {written}.</translation>
    </message>
    <message>
        <source>Installing the engine as a service…</source>
        <translation>Die Engine wird als Dienst installiert…</translation>
    </message>
    <message>
        <source>Not installed: {0}</source>
        <translation>Nicht installiert: {0}</translation>
    </message>
    <message>
        <source>Not installed: the service manager refused: {0}</source>
        <translation>Nicht installiert: Die Dienstverwaltung hat abgelehnt: {0}</translation>
    </message>
    <message>
        <source>The engine is installed as the service {0} ({1}); health: {2}</source>
        <translation>Die Engine ist als Dienst {0} ({1}) installiert; Zustand: {2}</translation>
    </message>
</context>
<context>
    <name>SyncTypePage</name>
    <message>
        <source>Exchange Server &amp;on-premises</source>
        <translation>Exchange Server &amp;lokal</translation>
    </message>
    <message>
        <source>Exchange Online, Microsoft &amp;Graph (app-only)</source>
        <translation>Exchange Online, Microsoft &amp;Graph (app-only)</translation>
    </message>
    <message>
        <source>Exchange Online, &amp;app-only (client credentials)</source>
        <translation>Exchange Online, &amp;app-only (Client-Anmeldeinformationen)</translation>
    </message>
    <message>
        <source>Exchange Online, &amp;delegated (user sign-in)</source>
        <translation>Exchange Online, &amp;delegiert (Benutzeranmeldung)</translation>
    </message>
    <message>
        <source>D&amp;isabled</source>
        <translation>Dea&amp;ktiviert</translation>
    </message>
    <message>
        <source>recommended for Exchange Online</source>
        <translation>empfohlen für Exchange Online</translation>
    </message>
    <message>
        <source>How the connector reaches Exchange.</source>
        <translation>Wie der Connector Exchange erreicht.</translation>
    </message>
    <message>
        <source>&amp;Switch to Microsoft Graph, keep this app registration</source>
        <translation>Auf Microsoft Graph &amp;umstellen, diese App-Registrierung behalten</translation>
    </message>
    <message>
        <source>Changes the sync type to Exchange Online, Microsoft Graph. The client ID, tenant, client secret or certificate and the mailboxes stay as they are.</source>
        <translation>Ändert die Synchronisierungsart auf Exchange Online, Microsoft Graph. Client-ID, Mandant, geheimer Clientschlüssel oder Zertifikat und die Postfächer bleiben, wie sie sind.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Recommendation:&lt;/b&gt; {recommendation}</source>
        <translation>&lt;b&gt;Empfehlung:&lt;/b&gt; {recommendation}</translation>
    </message>
    <message>
        <source>Switched from app-only, with the app registration kept ({kept}). Add {permission} (ID {permission_id}) to the app in the Entra admin center: the Entra app page shows how.</source>
        <translation>Von app-only umgestellt, die App-Registrierung bleibt erhalten ({kept}). Fügen Sie der App im Entra Admin Center {permission} (ID {permission_id}) hinzu: Die Seite Entra-App zeigt, wie.</translation>
    </message>
</context>
<context>
    <name>ValidatePage</name>
    <message>
        <source>Every check of the configuration, against the real servers. Failed checks do not stop you.</source>
        <translation>Jede Prüfung der Konfiguration, gegen die echten Server. Fehlgeschlagene Prüfungen halten Sie nicht auf.</translation>
    </message>
    <message>
        <source>&amp;Run all</source>
        <translation>&amp;Alle ausführen</translation>
    </message>
    <message>
        <source>Re-run &amp;selected</source>
        <translation>Auswahl &amp;erneut ausführen</translation>
    </message>
    <message>
        <source>&amp;Cancel checks</source>
        <translation>Prüfungen a&amp;bbrechen</translation>
    </message>
    <message>
        <source>C&amp;opy report</source>
        <translation>Bericht &amp;kopieren</translation>
    </message>
    <message>
        <source>Save report (&amp;HTML)…</source>
        <translation>Bericht speichern (&amp;HTML)…</translation>
    </message>
    <message>
        <source>&amp;Go to field</source>
        <translation>Zum Fel&amp;d</translation>
    </message>
    <message>
        <source>Opens the page of the selected check&apos;s setting and puts the cursor in the field.</source>
        <translation>Öffnet die Seite der Einstellung der gewählten Prüfung und setzt den Cursor ins Feld.</translation>
    </message>
    <message>
        <source>Detail and remedy of the selected check</source>
        <translation>Details und Abhilfe der gewählten Prüfung</translation>
    </message>
    <message>
        <source>Checking… you can cancel at any time, or go on without waiting.</source>
        <translation>Wird geprüft… Sie können jederzeit abbrechen oder ohne Warten weitermachen.</translation>
    </message>
    <message>
        <source>Checks cancelled. Run them again when you are ready.</source>
        <translation>Prüfungen abgebrochen. Führen Sie sie erneut aus, wenn Sie bereit sind.</translation>
    </message>
    <message>
        <source>All {len} checks passed.</source>
        <translation>Alle {len} Prüfungen bestanden.</translation>
    </message>
    <message>
        <source>Passed with {n_warn} warning(s). Select a check for details.</source>
        <translation>Mit {n_warn} Warnung(en) bestanden. Wählen Sie eine Prüfung für Details.</translation>
    </message>
    <message numerus="yes">
        <source>%n check(s) failed. Select one to see how to fix it. You can still save the configuration and validate later (calwizard validate).</source>
        <translation>
            <numerusform>%n Prüfung fehlgeschlagen. Wählen Sie sie, um zu sehen, wie sie zu beheben ist. Sie können die Konfiguration trotzdem speichern und später validieren (calwizard validate).</numerusform>
            <numerusform>%n Prüfungen fehlgeschlagen. Wählen Sie eine, um zu sehen, wie sie zu beheben ist. Sie können die Konfiguration trotzdem speichern und später validieren (calwizard validate).</numerusform>
        </translation>
    </message>
    <message>
        <source>row {row}</source>
        <translation>Zeile {row}</translation>
    </message>
    <message>
        <source>Report copied to the clipboard.</source>
        <translation>Bericht in die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>Report saved to {p}.</source>
        <translation>Bericht gespeichert nach {p}.</translation>
    </message>
    <message>
        <source>Save report</source>
        <translation>Bericht speichern</translation>
    </message>
    <message>
        <source>HTML (*.html)</source>
        <translation>HTML (*.html)</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Set up the calendar connector that turns Exchange appointments into PBX presence. Every step is checked live; nothing is saved until the last page.</source>
        <translation>Richten Sie den Kalender-Connector ein, der Exchange-Termine zur PBX-Präsenz macht. Jeder Schritt wird live geprüft; nichts wird vor der letzten Seite gespeichert.</translation>
    </message>
    <message>
        <source>Ne&amp;w configuration</source>
        <translation>&amp;Neue Konfiguration</translation>
    </message>
    <message>
        <source>&amp;Open an existing configuration</source>
        <translation>Vorhandene Konfiguration ö&amp;ffnen</translation>
    </message>
    <message>
        <source>New configuration from a CSV file of &amp;users</source>
        <translation>Neue Konfiguration aus einer CSV-Datei mit &amp;Benutzern</translation>
    </message>
    <message>
        <source>Start with empty settings.</source>
        <translation>Mit leeren Einstellungen beginnen.</translation>
    </message>
    <message>
        <source>Edit a configuration saved before: pick it below or open a file.</source>
        <translation>Eine früher gespeicherte Konfiguration bearbeiten: unten auswählen oder eine Datei öffnen.</translation>
    </message>
    <message>
        <source>Start with the users to sync from a CSV file: pbx_name,addresses (several addresses separated by &apos;;&apos;).</source>
        <translation>Mit den zu synchronisierenden Benutzern aus einer CSV-Datei beginnen: pbx_name,addresses (mehrere Adressen durch &apos;;&apos; getrennt).</translation>
    </message>
    <message>
        <source>Saved configurations</source>
        <translation>Gespeicherte Konfigurationen</translation>
    </message>
    <message>
        <source>Open &amp;file…</source>
        <translation>&amp;Datei öffnen…</translation>
    </message>
    <message>
        <source>Import &amp;CSV…</source>
        <translation>&amp;CSV importieren…</translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation>Profilname</translation>
    </message>
    <message>
        <source>Name of this configuration; secrets are kept in the secret store under it (e.g. customer-a).</source>
        <translation>Name dieser Konfiguration; Geheimnisse werden darunter im Geheimnisspeicher abgelegt (z. B. kunde-a).</translation>
    </message>
    <message>
        <source>&amp;Profile name:</source>
        <translation>&amp;Profilname:</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Sprache der Oberfläche</translation>
    </message>
    <message>
        <source>The language of the wizard (the presence text has its own setting on the PBX &amp; presence page).</source>
        <translation>Die Sprache des Assistenten (der Präsenztext hat eine eigene Einstellung auf der Seite PBX &amp; Präsenz).</translation>
    </message>
    <message>
        <source>System ({language})</source>
        <translation>System ({language})</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>Secret store passphrase</source>
        <translation>Passphrase des Geheimnisspeichers</translation>
    </message>
    <message>
        <source>Secret store passphrase again</source>
        <translation>Passphrase des Geheimnisspeichers wiederholen</translation>
    </message>
    <message>
        <source>Store pass&amp;phrase:</source>
        <translation>Speicher-Pass&amp;phrase:</translation>
    </message>
    <message>
        <source>Passphrase a&amp;gain:</source>
        <translation>Passphrase &amp;wiederholen:</translation>
    </message>
    <message>
        <source>Checking where passwords and client secrets can be kept…</source>
        <translation>Es wird geprüft, wo Passwörter und geheime Clientschlüssel abgelegt werden können…</translation>
    </message>
    <message>
        <source>Passwords and client secrets will be kept in the encrypted file {path}.</source>
        <translation>Passwörter und geheime Clientschlüssel werden in der verschlüsselten Datei {path} abgelegt.</translation>
    </message>
    <message>
        <source>Passwords and client secrets will be kept in the {store}.</source>
        <translation>Passwörter und geheime Clientschlüssel werden im {store} abgelegt.</translation>
    </message>
    <message>
        <source>Use at least 8 characters.</source>
        <translation>Verwenden Sie mindestens 8 Zeichen.</translation>
    </message>
    <message>
        <source>The two entries differ.</source>
        <translation>Die beiden Eingaben unterscheiden sich.</translation>
    </message>
    <message>
        <source>No saved configurations yet — use Open file… for one elsewhere.</source>
        <translation>Noch keine gespeicherten Konfigurationen — eine andere öffnen Sie mit „Datei öffnen…“.</translation>
    </message>
    <message>
        <source>Configurations are stored in {d} (one .toml file per profile). Passwords and client secrets are kept in the OS keychain or an encrypted file, never in the configuration file.</source>
        <translation>Konfigurationen werden in {d} abgelegt (eine .toml-Datei pro Profil). Passwörter und geheime Clientschlüssel liegen im Schlüsselbund des Betriebssystems oder in einer verschlüsselten Datei, nie in der Konfigurationsdatei.</translation>
    </message>
    <message numerus="yes">
        <source>Opened {path}: sync type {sync_type}, %n mailbox(es).</source>
        <translation>
            <numerusform>{path} geöffnet: Synchronisierungsart {sync_type}, %n Postfach.</numerusform>
            <numerusform>{path} geöffnet: Synchronisierungsart {sync_type}, %n Postfächer.</numerusform>
        </translation>
    </message>
    <message>
        <source>{len} users imported from {path}.</source>
        <translation>{len} Benutzer aus {path} importiert.</translation>
    </message>
    <message>
        <source>Open configuration</source>
        <translation>Konfiguration öffnen</translation>
    </message>
    <message>
        <source>Configurations (*.toml);;All files (*)</source>
        <translation>Konfigurationen (*.toml);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Import users</source>
        <translation>Benutzer importieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV-Dateien (*.csv *.txt);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>bundle</name>
    <message>
        <source>the bundle holds no secret for {where}</source>
        <translation>das Paket enthält kein Geheimnis für {where}</translation>
    </message>
    <message>
        <source>Export the bundle again with its secrets, or store the secret on this machine.</source>
        <translation>Exportieren Sie das Paket erneut mit seinen Geheimnissen, oder speichern Sie das Geheimnis auf diesem Rechner.</translation>
    </message>
    <message>
        <source>too short</source>
        <translation>zu kurz</translation>
    </message>
    <message>
        <source>Use at least {n} characters; four or more random words are best.</source>
        <translation>Verwenden Sie mindestens {n} Zeichen; am besten vier oder mehr zufällige Wörter.</translation>
    </message>
    <message>
        <source>too weak</source>
        <translation>zu schwach</translation>
    </message>
    <message>
        <source>Too repetitive or too simple: use four or more random words, or 16+ mixed characters.</source>
        <translation>Zu gleichförmig oder zu einfach: Verwenden Sie vier oder mehr zufällige Wörter oder 16+ gemischte Zeichen.</translation>
    </message>
    <message>
        <source>weak</source>
        <translation>schwach</translation>
    </message>
    <message>
        <source>Make it longer: four or more random words, or 16+ mixed characters.</source>
        <translation>Machen Sie sie länger: vier oder mehr zufällige Wörter oder 16+ gemischte Zeichen.</translation>
    </message>
    <message>
        <source>fair</source>
        <translation>mittel</translation>
    </message>
    <message>
        <source>A few more words or characters would make it strong.</source>
        <translation>Ein paar Wörter oder Zeichen mehr machen sie stark.</translation>
    </message>
    <message>
        <source>Keep it in a password manager; you need it to import the bundle.</source>
        <translation>Bewahren Sie sie in einem Passwortmanager auf; Sie brauchen sie, um das Paket zu importieren.</translation>
    </message>
    <message>
        <source>good</source>
        <translation>gut</translation>
    </message>
    <message>
        <source>strong</source>
        <translation>stark</translation>
    </message>
    <message>
        <source>the bundle passphrase must have at least {length} characters</source>
        <translation>die Passphrase des Pakets muss mindestens {length} Zeichen haben</translation>
    </message>
    <message>
        <source>Choose a longer passphrase (four or more random words are best).</source>
        <translation>Wählen Sie eine längere Passphrase (am besten vier oder mehr zufällige Wörter).</translation>
    </message>
    <message>
        <source>the bundle passphrase is {label}</source>
        <translation>die Passphrase des Pakets ist {label}</translation>
    </message>
    <message>
        <source>{source} was changed or damaged after it was written</source>
        <translation>{source} wurde nach dem Schreiben verändert oder beschädigt</translation>
    </message>
    <message>
        <source>Export the bundle again from the wizard and copy it in binary mode; do not edit it.</source>
        <translation>Exportieren Sie das Paket erneut aus dem Assistenten und kopieren Sie es im Binärmodus; bearbeiten Sie es nicht.</translation>
    </message>
    <message>
        <source>Copy the bundle again; the copy was interrupted.</source>
        <translation>Kopieren Sie das Paket erneut; das Kopieren wurde unterbrochen.</translation>
    </message>
    <message>
        <source>{source} ends inside its header</source>
        <translation>{source} endet mitten im Kopf</translation>
    </message>
    <message>
        <source>{source} is empty</source>
        <translation>{source} ist leer</translation>
    </message>
    <message>
        <source>{source} is not a calwizard bundle (it does not start with the bundle signature)</source>
        <translation>{source} ist kein Paket von calwizard (es beginnt nicht mit der Paket-Signatur)</translation>
    </message>
    <message>
        <source>Check the file name: a bundle is the *.calwiz file exported by the wizard or &apos;calwizard export&apos;.</source>
        <translation>Prüfen Sie den Dateinamen: Ein Paket ist die *.calwiz-Datei, die der Assistent oder &apos;calwizard export&apos; exportiert.</translation>
    </message>
    <message>
        <source>{source} is truncated: {got} of {length} bytes</source>
        <translation>{source} ist abgeschnitten: {got} von {length} Bytes</translation>
    </message>
    <message>
        <source>Copy the bundle again; the copy or download was interrupted.</source>
        <translation>Kopieren Sie das Paket erneut; das Kopieren oder Herunterladen wurde unterbrochen.</translation>
    </message>
    <message>
        <source>{source} holds sealed secrets and needs its passphrase</source>
        <translation>{source} enthält versiegelte Geheimnisse und braucht seine Passphrase</translation>
    </message>
    <message>
        <source>Enter the passphrase the bundle was exported with (in a terminal, or in CALWIZARD_BUNDLE_PASSPHRASE), or export it again without secrets.</source>
        <translation>Geben Sie die Passphrase ein, mit der das Paket exportiert wurde (in einem Terminal oder in CALWIZARD_BUNDLE_PASSPHRASE), oder exportieren Sie es erneut ohne Geheimnisse.</translation>
    </message>
    <message>
        <source>the passphrase does not open {source}</source>
        <translation>die Passphrase öffnet {source} nicht</translation>
    </message>
    <message>
        <source>Enter the passphrase the bundle was exported with (check the keyboard layout and Caps Lock).</source>
        <translation>Geben Sie die Passphrase ein, mit der das Paket exportiert wurde (prüfen Sie Tastaturbelegung und Feststelltaste).</translation>
    </message>
    <message>
        <source>bundle</source>
        <translation>Paket</translation>
    </message>
</context>
<context>
    <name>checks</name>
    <message>
        <source>{verb}-MailboxFolderPermission -Identity &quot;{mailbox}:\Calendar&quot; -User &quot;{user}&quot; -AccessRights {level}  # the calendar folder may have a localized name (e.g. Kalender)</source>
        <translation>{verb}-MailboxFolderPermission -Identity &quot;{mailbox}:\Calendar&quot; -User &quot;{user}&quot; -AccessRights {level}  # der Kalenderordner kann einen übersetzten Namen haben (z. B. Kalender)</translation>
    </message>
    <message>
        <source>{pbx_name} ({address}): the calendar&apos;s permissions cannot be read: {message}</source>
        <translation>{pbx_name} ({address}): Die Berechtigungen des Kalenders können nicht gelesen werden: {message}</translation>
    </message>
    <message>
        <source>See the EWS mailbox check of this user.</source>
        <translation>Siehe die EWS-Postfachprüfung dieses Benutzers.</translation>
    </message>
    <message>
        <source>{who}: delegate access; the permission level is not reported (can read: unknown)</source>
        <translation>{who}: Stellvertreterzugriff; die Berechtigungsstufe wird nicht gemeldet (Lesen: unbekannt)</translation>
    </message>
    <message>
        <source>Check it with Get-MailboxFolderPermission; {least} is the least that works.</source>
        <translation>Prüfen Sie es mit Get-MailboxFolderPermission; {least} ist das Mindeste, das funktioniert.</translation>
    </message>
    <message>
        <source>holds no permission on this calendar</source>
        <translation>hat keine Berechtigung auf diesem Kalender</translation>
    </message>
    <message>
        <source>holds {level} on this calendar</source>
        <translation>hat {level} auf diesem Kalender</translation>
    </message>
    <message>
        <source>{who}: delegate access denied — {user} {held}</source>
        <translation>{who}: Stellvertreterzugriff verweigert — {user} {held}</translation>
    </message>
    <message>
        <source> (and Default is None)</source>
        <translation> (und Default ist None)</translation>
    </message>
    <message>
        <source>Give the service account {least} on the calendar (Exchange Management Shell; the Mailboxes page has the script for every mailbox):
</source>
        <translation>Geben Sie dem Dienstkonto {least} auf dem Kalender (Exchange Management Shell; die Seite Postfächer hat das Skript für jedes Postfach):
</translation>
    </message>
    <message>
        <source>{who}: {level} — free/busy only: the presence shows no subject (&quot;Busy until 12:30&quot;)</source>
        <translation>{who}: {level} — nur Frei/Gebucht: Die Präsenz zeigt keinen Betreff („Gebucht bis 12:30“)</translation>
    </message>
    <message>
        <source>For the appointment&apos;s subject in the presence, give the service account {least}:
</source>
        <translation>Für den Betreff des Termins in der Präsenz geben Sie dem Dienstkonto {least}:
</translation>
    </message>
    <message>
        <source>
Or hide subjects (PBX &amp; presence page) — then free/busy is enough.</source>
        <translation>
Oder blenden Sie Betreffzeilen aus (Seite PBX &amp; Präsenz) — dann genügt Frei/Gebucht.</translation>
    </message>
    <message>
        <source>{who}: {level} — the presence works, but the service account may also change this calendar (more than it needs)</source>
        <translation>{who}: {level} — die Präsenz funktioniert, aber das Dienstkonto darf diesen Kalender auch ändern (mehr als nötig)</translation>
    </message>
    <message>
        <source>Least privilege is {least}: </source>
        <translation>Minimale Rechte sind {least}: </translation>
    </message>
    <message>
        <source>; private appointments show as &quot;Private&quot;</source>
        <translation>; private Termine erscheinen als „Privat“</translation>
    </message>
    <message>
        <source>{who}: delegate access, {level} — {sees}{private}</source>
        <translation>{who}: Stellvertreterzugriff, {level} — {sees}{private}</translation>
    </message>
    <message>
        <source>{pbx_name} ({join}): mailbox not found</source>
        <translation>{pbx_name} ({join}): Postfach nicht gefunden</translation>
    </message>
    <message>
        <source>Check the SMTP address (a typo, or the mailbox was removed).</source>
        <translation>Prüfen Sie die SMTP-Adresse (ein Tippfehler, oder das Postfach wurde entfernt).</translation>
    </message>
    <message>
        <source>How: {how}. What: {what}.</source>
        <translation>Wie: {how}. Was: {what}.</translation>
    </message>
    <message>
        <source>How: {how}. No mailboxes to check.</source>
        <translation>Wie: {how}. Keine Postfächer zu prüfen.</translation>
    </message>
    <message>
        <source>How: {how}. {good} of {len} calendars grant what the presence needs (at least {least_level}).</source>
        <translation>Wie: {how}. {good} von {len} Kalendern gewähren, was die Präsenz braucht (mindestens {least_level}).</translation>
    </message>
    <message>
        <source>Give the service account a folder permission on each calendar below; the Mailboxes page has the PowerShell for all of them:
</source>
        <translation>Geben Sie dem Dienstkonto auf jedem Kalender unten eine Ordnerberechtigung; die Seite Postfächer hat das PowerShell für alle:
</translation>
    </message>
    <message>
        <source>No mailboxes are listed that must stay out of reach</source>
        <translation>Es sind keine Postfächer aufgeführt, die unerreichbar bleiben müssen</translation>
    </message>
    <message>
        <source>List them under &apos;must be denied&apos; (e.g. executives) to prove the access is limited.</source>
        <translation>Führen Sie sie unter &apos;Muss abgelehnt werden&apos; auf (z. B. die Geschäftsleitung), um zu belegen, dass der Zugriff beschränkt ist.</translation>
    </message>
    <message>
        <source>the service account holds no folder permission on it</source>
        <translation>das Dienstkonto hat keine Ordnerberechtigung darauf</translation>
    </message>
    <message>
        <source>it is outside the app&apos;s RBAC for Applications scope</source>
        <translation>es liegt außerhalb des Bereichs der App in RBAC für Anwendungen</translation>
    </message>
    <message>
        <source>it is outside the impersonation management scope</source>
        <translation>es liegt außerhalb des Verwaltungsbereichs für den Identitätswechsel</translation>
    </message>
    <message>
        <source>EWS refuses its calendar (ErrorAccessDenied)</source>
        <translation>EWS verweigert seinen Kalender (ErrorAccessDenied)</translation>
    </message>
    <message>
        <source>{address}: denied, as required — {why}</source>
        <translation>{address}: verweigert, wie gefordert — {why}</translation>
    </message>
    <message>
        <source>{address}: no such mailbox — cannot prove it is denied</source>
        <translation>{address}: kein solches Postfach — die Verweigerung lässt sich nicht belegen</translation>
    </message>
    <message>
        <source>Check the address in &apos;must be denied&apos;.</source>
        <translation>Prüfen Sie die Adresse unter &apos;Muss abgelehnt werden&apos;.</translation>
    </message>
    <message>
        <source>Retry; see the EWS checks above.</source>
        <translation>Erneut versuchen; siehe die EWS-Prüfungen oben.</translation>
    </message>
    <message>
        <source>Remove the service account&apos;s folder permission on {address}&apos;s calendar (Exchange Management Shell): Remove-MailboxFolderPermission -Identity &quot;{address}:\Calendar&quot; -User &quot;{user}&quot;; if the calendar&apos;s Default entry grants free/busy, set it to None there (Set-MailboxFolderPermission -Identity &quot;{address}:\Calendar&quot; -User Default -AccessRights None) — or accept that everyone in the organization sees that calendar&apos;s free/busy.</source>
        <translation>Entfernen Sie die Ordnerberechtigung des Dienstkontos auf dem Kalender von {address} (Exchange Management Shell): Remove-MailboxFolderPermission -Identity &quot;{address}:\Calendar&quot; -User &quot;{user}&quot;; falls der Eintrag Default des Kalenders Frei/Gebucht gewährt, setzen Sie ihn dort auf None (Set-MailboxFolderPermission -Identity &quot;{address}:\Calendar&quot; -User Default -AccessRights None) — oder akzeptieren Sie, dass jeder in der Organisation Frei/Gebucht dieses Kalenders sieht.</translation>
    </message>
    <message>
        <source>Limit the service account&apos;s ApplicationImpersonation to the synced mailboxes with a management scope, and remove wider assignments (Exchange Management Shell):
</source>
        <translation>Beschränken Sie ApplicationImpersonation des Dienstkontos mit einem Verwaltungsbereich auf die synchronisierten Postfächer und entfernen Sie weitergehende Zuweisungen (Exchange Management Shell):
</translation>
    </message>
    <message>
        <source>Limit the app with Exchange RBAC for Applications to the mailboxes it syncs (role &apos;Application EWS.AccessAsApp&apos; with a management scope) and remove the tenant-wide admin consent for full_access_as_app. Exchange Online PowerShell (the last line must show InScope = False):
</source>
        <translation>Beschränken Sie die App mit Exchange RBAC für Anwendungen auf die Postfächer, die sie synchronisiert (Rolle &apos;Application EWS.AccessAsApp&apos; mit einem Verwaltungsbereich), und entfernen Sie die mandantenweite Administratorzustimmung für full_access_as_app. Exchange Online PowerShell (die letzte Zeile muss InScope = False zeigen):
</translation>
    </message>
    <message>
        <source>{address}: READABLE ({count} appointments in 48 h) — the access is wider than it must be</source>
        <translation>{address}: LESBAR ({count} Termine in 48 h) — der Zugriff ist weiter als zulässig</translation>
    </message>
    <message>
        <source>{denied} of {len} mailboxes that must be denied are denied</source>
        <translation>{denied} von {len} Postfächern, die abgelehnt werden müssen, werden abgelehnt</translation>
    </message>
    <message>
        <source>See the mailboxes below.</source>
        <translation>Siehe die Postfächer unten.</translation>
    </message>
    <message>
        <source>password (NTLM)</source>
        <translation>Passwort (NTLM)</translation>
    </message>
    <message>
        <source>access token</source>
        <translation>Zugriffstoken</translation>
    </message>
    <message>
        <source>The EWS URL {url} uses plain HTTP: the {what} would travel unencrypted</source>
        <translation>Die EWS-URL {url} verwendet unverschlüsseltes HTTP: Das {what} würde unverschlüsselt übertragen</translation>
    </message>
    <message>
        <source>Use the https:// URL of EWS (https://&lt;mail server&gt;/EWS/Exchange.asmx); calwizard never sends credentials over plain HTTP.</source>
        <translation>Verwenden Sie die https://-URL von EWS (https://&lt;Mailserver&gt;/EWS/Exchange.asmx); calwizard sendet Anmeldedaten nie über unverschlüsseltes HTTP.</translation>
    </message>
    <message>
        <source>EWS URL set explicitly: {ews_url} (Autodiscover not used)</source>
        <translation>EWS-URL ausdrücklich gesetzt: {ews_url} (Autodiscover nicht verwendet)</translation>
    </message>
    <message>
        <source>Autodiscover v2 failed for {user}: {message}</source>
        <translation>Autodiscover v2 für {user} fehlgeschlagen: {message}</translation>
    </message>
    <message>
        <source>Autodiscover v2: EWS at {ews_url}</source>
        <translation>Autodiscover v2: EWS unter {ews_url}</translation>
    </message>
    <message>
        <source>Exchange Online (Autodiscover v2 JSON)</source>
        <translation>Exchange Online (Autodiscover v2 JSON)</translation>
    </message>
    <message>
        <source>not reported</source>
        <translation>nicht gemeldet</translation>
    </message>
    <message>
        <source>Autodiscover at {source_url}</source>
        <translation>Autodiscover unter {source_url}</translation>
    </message>
    <message>
        <source>Autodiscover reported no {value} EWS URL; using {chosen}</source>
        <translation>Autodiscover meldete keine {value} EWS-URL; verwendet wird {chosen}</translation>
    </message>
    <message>
        <source>Set &apos;Exchange server to use&apos; to the other value, or configure the missing URL on the Exchange virtual directory.</source>
        <translation>Setzen Sie &apos;Zu verwendender Exchange-Server&apos; auf den anderen Wert oder konfigurieren Sie die fehlende URL am virtuellen Verzeichnis von Exchange.</translation>
    </message>
    <message>
        <source>Autodiscover: EWS at {chosen} (Exchange {version}) via {source_url}</source>
        <translation>Autodiscover: EWS unter {chosen} (Exchange {version}) über {source_url}</translation>
    </message>
    <message>
        <source>ResolvedSecrets(values={sorted}, errors={sorted1})</source>
        <translation>ResolvedSecrets(values={sorted}, errors={sorted1})</translation>
    </message>
    <message>
        <source>Entra ID cannot be reached</source>
        <translation>Entra ID ist nicht erreichbar</translation>
    </message>
    <message>
        <source>{authority_host} did not answer with OpenID configuration JSON</source>
        <translation>{authority_host} hat nicht mit OpenID-Konfigurations-JSON geantwortet</translation>
    </message>
    <message>
        <source>Check the cloud setting and any proxy in between.</source>
        <translation>Prüfen Sie die Cloud-Einstellung und einen eventuellen Proxy dazwischen.</translation>
    </message>
    <message>
        <source>Tenant {tenant} exists</source>
        <translation>Mandant {tenant} existiert</translation>
    </message>
    <message>
        <source> (tenant ID {tid})</source>
        <translation> (Mandanten-ID {tid})</translation>
    </message>
    <message>
        <source>Tenant {tenant}: {message}</source>
        <translation>Mandant {tenant}: {message}</translation>
    </message>
    <message>
        <source>signed-in user {user}</source>
        <translation>angemeldeter Benutzer {user}</translation>
    </message>
    <message>
        <source>client certificate</source>
        <translation>Clientzertifikat</translation>
    </message>
    <message>
        <source>client secret</source>
        <translation>geheimer Clientschlüssel</translation>
    </message>
    <message>
        <source>{host} answered with something that is not Entra ID JSON</source>
        <translation>{host} hat mit etwas geantwortet, das kein Entra-ID-JSON ist</translation>
    </message>
    <message>
        <source>Check the cloud setting and the host overrides: this server is not Entra ID.</source>
        <translation>Prüfen Sie die Cloud-Einstellung und die Host-Umleitungen: Dieser Server ist nicht Entra ID.</translation>
    </message>
    <message>
        <source>Entra ID rejected the authority: {exc}</source>
        <translation>Entra ID hat die Autorität abgelehnt: {exc}</translation>
    </message>
    <message>
        <source>Check the tenant ID and the cloud setting.</source>
        <translation>Prüfen Sie die Mandanten-ID und die Cloud-Einstellung.</translation>
    </message>
    <message>
        <source>No signed-in session for {value}</source>
        <translation>Keine angemeldete Sitzung für {value}</translation>
    </message>
    <message>
        <source>the user</source>
        <translation>den Benutzer</translation>
    </message>
    <message>
        <source>Open the wizard&apos;s Entra app page and click &apos;Sign in&apos; (the token is then kept, encrypted, for headless validation and the sync engine).</source>
        <translation>Öffnen Sie im Assistenten die Seite Entra-App und klicken Sie auf &apos;Anmelden&apos; (das Token wird dann verschlüsselt für die Validierung ohne Oberfläche und die Sync-Engine aufbewahrt).</translation>
    </message>
    <message>
        <source>Entra ID issued a token ({how})</source>
        <translation>Entra ID hat ein Token ausgestellt ({how})</translation>
    </message>
    <message>
        <source>Token issued, but {sentence}: the configured date is wrong, or the credential stops working any moment</source>
        <translation>Token ausgestellt, aber {sentence}: Das konfigurierte Datum ist falsch, oder die Anmeldeinformation hört jeden Moment auf zu funktionieren</translation>
    </message>
    <message>
        <source>Correct the date, or: {remedy}</source>
        <translation>Korrigieren Sie das Datum, oder: {remedy}</translation>
    </message>
    <message>
        <source>Token issued, but {sentence}</source>
        <translation>Token ausgestellt, aber {sentence}</translation>
    </message>
    <message>
        <source>Enter the client secret&apos;s expiry date (Entra admin center &gt; Certificates &amp; secrets) to be warned 30, 14 and 7 days before it expires.</source>
        <translation>Geben Sie das Ablaufdatum des geheimen Clientschlüssels ein (Entra Admin Center &gt; Zertifikate &amp; Geheimnisse), um 30, 14 und 7 Tage vor Ablauf gewarnt zu werden.</translation>
    </message>
    <message>
        <source>The token carries no application permissions: admin consent is missing</source>
        <translation>Das Token enthält keine Anwendungsberechtigungen: Die Administratorzustimmung fehlt</translation>
    </message>
    <message>
        <source>In {APP_BLADE} &gt; API permissions, add Office 365 Exchange Online &gt; Application permissions &gt; {FULL_ACCESS_AS_APP} and click &apos;Grant admin consent&apos;.</source>
        <translation>Fügen Sie unter {APP_BLADE} &gt; API-Berechtigungen Office 365 Exchange Online &gt; Anwendungsberechtigungen &gt; {FULL_ACCESS_AS_APP} hinzu und klicken Sie auf &apos;Administratorzustimmung erteilen&apos;.</translation>
    </message>
    <message>
        <source>The token lacks {FULL_ACCESS_AS_APP} (it has: {join})</source>
        <translation>Dem Token fehlt {FULL_ACCESS_AS_APP} (es hat: {join})</translation>
    </message>
    <message>
        <source>Add the application permission {FULL_ACCESS_AS_APP} of Office 365 Exchange Online and grant admin consent.</source>
        <translation>Fügen Sie die Anwendungsberechtigung {FULL_ACCESS_AS_APP} von Office 365 Exchange Online hinzu und erteilen Sie die Administratorzustimmung.</translation>
    </message>
    <message>
        <source>Admin consent granted: {FULL_ACCESS_AS_APP}</source>
        <translation>Administratorzustimmung erteilt: {FULL_ACCESS_AS_APP}</translation>
    </message>
    <message>
        <source>The token lacks the delegated permission {EWS_DELEGATED_SCOPE}</source>
        <translation>Dem Token fehlt die delegierte Berechtigung {EWS_DELEGATED_SCOPE}</translation>
    </message>
    <message>
        <source>Add Office 365 Exchange Online &gt; Delegated permissions &gt; {EWS_DELEGATED_SCOPE}, grant consent and sign in again.</source>
        <translation>Fügen Sie Office 365 Exchange Online &gt; Delegierte Berechtigungen &gt; {EWS_DELEGATED_SCOPE} hinzu, erteilen Sie die Zustimmung und melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>Delegated permission {EWS_DELEGATED_SCOPE} granted</source>
        <translation>Delegierte Berechtigung {EWS_DELEGATED_SCOPE} erteilt</translation>
    </message>
    <message>
        <source>In {app_blade} &gt; API permissions, click &apos;Add a permission&apos; &gt; Microsoft Graph &gt; Application permissions &gt; {permission}, then &apos;Grant admin consent for &lt;tenant&gt;&apos; (a Global or Privileged Role Administrator must do it). Or authorize the app in Exchange Online only, with RBAC for Applications (New-ManagementRoleAssignment -Role &quot;Application {permission}&quot;), which limits it to the mailboxes in a scope.</source>
        <translation>Klicken Sie in {app_blade} &gt; API-Berechtigungen auf &apos;Berechtigung hinzufügen&apos; &gt; Microsoft Graph &gt; Anwendungsberechtigungen &gt; {permission}, dann auf &apos;Administratorzustimmung für &lt;Mandant&gt; erteilen&apos; (ein globaler Administrator oder Administrator für privilegierte Rollen muss das tun). Oder berechtigen Sie die App nur in Exchange Online mit RBAC für Anwendungen (New-ManagementRoleAssignment -Role &quot;Application {permission}&quot;), was sie auf die Postfächer eines Bereichs beschränkt.</translation>
    </message>
    <message>
        <source>An admin consent in Entra ID applies to every mailbox of the tenant and is added to (not limited by) an Exchange RBAC for Applications scope: to limit the app to the synced mailboxes, remove the Entra consent and assign the role &apos;Application {permission}&apos; in Exchange Online with a management scope.</source>
        <translation>Eine Administratorzustimmung in Entra ID gilt für jedes Postfach des Mandanten und kommt zu einem Bereich von Exchange RBAC für Anwendungen hinzu (wird nicht von ihm beschränkt): Um die App auf die synchronisierten Postfächer zu beschränken, entfernen Sie die Entra-Zustimmung und weisen Sie in Exchange Online die Rolle &apos;Application {permission}&apos; mit einem Verwaltungsbereich zu.</translation>
    </message>
    <message>
        <source>The token carries no Microsoft Graph application permission: admin consent is missing (unless the app is authorized in Exchange Online with RBAC for Applications only)</source>
        <translation>Das Token enthält keine Anwendungsberechtigung von Microsoft Graph: Die Administratorzustimmung fehlt (außer die App ist nur in Exchange Online mit RBAC für Anwendungen berechtigt)</translation>
    </message>
    <message>
        <source>The token lacks {wanted} (it has: {join})</source>
        <translation>Dem Token fehlt {wanted} (es hat: {join})</translation>
    </message>
    <message>
        <source>The token carries {join}, not the configured Calendars.Read: enough for presence, but granted tenant-wide</source>
        <translation>Das Token enthält {join}, nicht das konfigurierte Calendars.Read: genug für die Präsenz, aber mandantenweit erteilt</translation>
    </message>
    <message>
        <source>Set the Graph permission to Calendars.ReadBasic to match, or, to limit the app to the synced mailboxes, remove that consent and assign &apos;Application Calendars.Read&apos; with Exchange RBAC for Applications.</source>
        <translation>Setzen Sie die Graph-Berechtigung passend auf Calendars.ReadBasic, oder, um die App auf die synchronisierten Postfächer zu beschränken, entfernen Sie diese Zustimmung und weisen Sie &apos;Application Calendars.Read&apos; mit Exchange RBAC für Anwendungen zu.</translation>
    </message>
    <message>
        <source> (more than the configured Calendars.ReadBasic)</source>
        <translation> (mehr als das konfigurierte Calendars.ReadBasic)</translation>
    </message>
    <message>
        <source>Admin consent granted: {join}{extra}</source>
        <translation>Administratorzustimmung erteilt: {join}{extra}</translation>
    </message>
    <message>
        <source>Exchange Online blocks EWS by default since 1 October 2026 and turns it off for good on 1 April 2027. Either (a) until then, an Exchange administrator runs Set-OrganizationConfig -EWSEnabled $true and adds this app&apos;s client ID to EwsAllowedAppIDs (Set-OrganizationConfig -EwsApplicationAccessPolicy EnforceAllowList -EwsAllowedAppIDs @{Add=&apos;&lt;client ID&gt;&apos;}), or (b) switch to a Microsoft Graph sync type, which keeps working after EWS is gone.</source>
        <translation>Exchange Online sperrt EWS seit dem 1. Oktober 2026 standardmäßig und schaltet es am 1. April 2027 endgültig ab. Entweder (a) bis dahin führt ein Exchange-Administrator Set-OrganizationConfig -EWSEnabled $true aus und fügt die Client-ID dieser App zu EwsAllowedAppIDs hinzu (Set-OrganizationConfig -EwsApplicationAccessPolicy EnforceAllowList -EwsAllowedAppIDs @{Add=&apos;&lt;client ID&gt;&apos;}), oder (b) wechseln Sie zu einer Synchronisierungsart mit Microsoft Graph, die nach dem Ende von EWS weiter funktioniert.</translation>
    </message>
    <message>
        <source>The app&apos;s access is limited (Exchange RBAC for Applications or an application access policy) and this mailbox is outside the scope: add the mailbox to the scope&apos;s group (e.g. Add-DistributionGroupMember), then check with Test-ServicePrincipalAuthorization -Identity &lt;client ID&gt; -Resource &lt;mailbox&gt;.</source>
        <translation>Der Zugriff der App ist beschränkt (Exchange RBAC für Anwendungen oder eine Anwendungszugriffsrichtlinie) und dieses Postfach liegt außerhalb des Bereichs: Fügen Sie das Postfach zur Gruppe des Bereichs hinzu (z. B. Add-DistributionGroupMember) und prüfen Sie dann mit Test-ServicePrincipalAuthorization -Identity &lt;client ID&gt; -Resource &lt;mailbox&gt;.</translation>
    </message>
    <message>
        <source>Check the SMTP address (a typo, or the mailbox was removed); add the user&apos;s primary address.</source>
        <translation>Prüfen Sie die SMTP-Adresse (ein Tippfehler, oder das Postfach wurde entfernt); tragen Sie die primäre Adresse des Benutzers ein.</translation>
    </message>
    <message>
        <source>Grant the service account impersonation rights for this mailbox (on-premises: New-ManagementRoleAssignment -Role ApplicationImpersonation -User &lt;service account&gt;, scoped to include this mailbox); app-only: the application access policy / RBAC scope must include it.</source>
        <translation>Geben Sie dem Dienstkonto Identitätswechselrechte für dieses Postfach (lokal: New-ManagementRoleAssignment -Role ApplicationImpersonation -User &lt;service account&gt;, mit einem Bereich, der dieses Postfach einschließt); app-only: Die Anwendungszugriffsrichtlinie bzw. der RBAC-Bereich muss es einschließen.</translation>
    </message>
    <message>
        <source>The account may not open this calendar: with impersonation, check the impersonation scope and the mailbox itself; with delegate access, the account&apos;s folder permission on the calendar (at least FreeBusyTimeAndSubjectAndLocation).</source>
        <translation>Das Konto darf diesen Kalender nicht öffnen: Beim Identitätswechsel prüfen Sie den Identitätswechsel-Bereich und das Postfach selbst; beim Stellvertreterzugriff die Ordnerberechtigung des Kontos auf dem Kalender (mindestens FreeBusyTimeAndSubjectAndLocation).</translation>
    </message>
    <message>
        <source>Check the user and password (on-premises: NTLM must be enabled on the EWS virtual directory); cloud: check the app&apos;s permissions and admin consent.</source>
        <translation>Prüfen Sie Benutzer und Passwort (lokal: NTLM muss am virtuellen EWS-Verzeichnis aktiviert sein); Cloud: Prüfen Sie die Berechtigungen der App und die Administratorzustimmung.</translation>
    </message>
    <message>
        <source>Several mailboxes match this address and none matches it exactly: enter the user&apos;s primary SMTP address (one of the candidates listed) instead.</source>
        <translation>Mehrere Postfächer passen zu dieser Adresse, keines genau: Tragen Sie stattdessen die primäre SMTP-Adresse des Benutzers ein (einen der aufgeführten Kandidaten).</translation>
    </message>
    <message>
        <source>A throttling-policy limit of the account was exceeded (e.g. EWSFindCountLimit, or too many objects open at once). Try again later; on-premises, assign the service account a throttling policy with higher EWS limits (New-ThrottlingPolicy, then Set-ThrottlingPolicyAssociation -Identity &lt;service account&gt;).</source>
        <translation>Ein Limit der Drosselungsrichtlinie des Kontos wurde überschritten (z. B. EWSFindCountLimit oder zu viele gleichzeitig geöffnete Objekte). Versuchen Sie es später erneut; lokal weisen Sie dem Dienstkonto eine Drosselungsrichtlinie mit höheren EWS-Limits zu (New-ThrottlingPolicy, dann Set-ThrottlingPolicyAssociation -Identity &lt;Dienstkonto&gt;).</translation>
    </message>
    <message>
        <source>Exchange no longer knows the subscription (a restart, a failover or a mailbox move); the engine subscribes again by itself. If it keeps happening, check the Exchange server&apos;s application event log.</source>
        <translation>Exchange kennt das Abonnement nicht mehr (ein Neustart, ein Failover oder eine Postfachverschiebung); die Engine abonniert von selbst neu. Wenn es wiederholt vorkommt, prüfen Sie das Anwendungsereignisprotokoll des Exchange-Servers.</translation>
    </message>
    <message>
        <source>The mailbox is being moved to another database: try again when the move is finished (Get-MoveRequest shows its state).</source>
        <translation>Das Postfach wird in eine andere Datenbank verschoben: Versuchen Sie es erneut, wenn die Verschiebung fertig ist (Get-MoveRequest zeigt ihren Stand).</translation>
    </message>
    <message>
        <source>Exchange cannot reach the mailbox&apos;s database (dismounted, or a failover is in progress): check Get-MailboxDatabaseCopyStatus on the Exchange server, then try again.</source>
        <translation>Exchange erreicht die Datenbank des Postfachs nicht (getrennt, oder ein Failover läuft): Prüfen Sie Get-MailboxDatabaseCopyStatus auf dem Exchange-Server und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>Exchange reported an internal error (the detail names the inner error, if any): try again; if it persists, check the Exchange server&apos;s application event log at that time.</source>
        <translation>Exchange hat einen internen Fehler gemeldet (die Details nennen den inneren Fehler, falls vorhanden): Versuchen Sie es erneut; bleibt er bestehen, prüfen Sie das Anwendungsereignisprotokoll des Exchange-Servers zu diesem Zeitpunkt.</translation>
    </message>
    <message>
        <source>Exchange refused the request (the detail says why): check that the EWS URL is the Exchange 2013 or newer endpoint …/EWS/Exchange.asmx; if it persists, report the detail.</source>
        <translation>Exchange hat die Anfrage abgelehnt (die Details sagen warum): Prüfen Sie, dass die EWS-URL der Endpunkt von Exchange 2013 oder neuer ist …/EWS/Exchange.asmx; bleibt es so, melden Sie die Details.</translation>
    </message>
    <message>
        <source>calwizard (like the PBX&apos;s Calendar plugin) supports Exchange Server 2013 or newer and Exchange Online: upgrade the server, or point the EWS URL at an Exchange 2013+ server that hosts these mailboxes.</source>
        <translation>calwizard (wie das Kalender-Plugin der PBX) unterstützt Exchange Server 2013 oder neuer und Exchange Online: Aktualisieren Sie den Server, oder lassen Sie die EWS-URL auf einen Server ab Exchange 2013 zeigen, der diese Postfächer hostet.</translation>
    </message>
    <message>
        <source>Check the EWS URL and the network path (firewall, proxy) to the Exchange server.</source>
        <translation>Prüfen Sie die EWS-URL und den Netzwerkweg (Firewall, Proxy) zum Exchange-Server.</translation>
    </message>
    <message>
        <source>See the detail; check the Exchange server&apos;s event log.</source>
        <translation>Siehe Details; prüfen Sie das Ereignisprotokoll des Exchange-Servers.</translation>
    </message>
    <message>
        <source>{message}; validate kept at most {ceiling} requests in flight and waited {seconds:g} s in total</source>
        <translation>{message}; die Validierung hatte höchstens {ceiling} Anfragen gleichzeitig offen und hat insgesamt {seconds:g} s gewartet</translation>
    </message>
    <message>
        <source>Exchange is throttling and asked to wait {wait:g} s (BackOffMilliseconds {int}), longer than validate waits ({BUSY_WAIT_CAP:g} s at a time)</source>
        <translation>Exchange drosselt und bat, {wait:g} s zu warten (BackOffMilliseconds {int}), länger als die Validierung wartet ({BUSY_WAIT_CAP:g} s am Stück)</translation>
    </message>
    <message>
        <source>Exchange is still throttling after validate waited {paused_seconds:g} s in total; it last asked to wait {wait:g} s (BackOffMilliseconds {int})</source>
        <translation>Exchange drosselt weiterhin, nachdem die Validierung insgesamt {paused_seconds:g} s gewartet hat; zuletzt bat es, {wait:g} s zu warten (BackOffMilliseconds {int})</translation>
    </message>
    <message>
        <source>{who}: EWS is blocked for this tenant or app (HTTP 403)</source>
        <translation>{who}: EWS ist für diesen Mandanten oder diese App gesperrt (HTTP 403)</translation>
    </message>
    <message>
        <source>{who}: Exchange answered HTTP 403 Forbidden</source>
        <translation>{who}: Exchange antwortete HTTP 403 Forbidden</translation>
    </message>
    <message>
        <source>Check that EWS is enabled for the account (Set-CASMailbox -EwsEnabled $true) and that no EWS application policy blocks it.</source>
        <translation>Prüfen Sie, ob EWS für das Konto aktiviert ist (Set-CASMailbox -EwsEnabled $true) und keine EWS-Anwendungsrichtlinie es blockiert.</translation>
    </message>
    <message>
        <source> (Exchange asked to wait {back_off:g} s)</source>
        <translation> (Exchange bat, {back_off:g} s zu warten)</translation>
    </message>
    <message>
        <source> ({n} candidates: {names})</source>
        <translation> ({n} Kandidaten: {names})</translation>
    </message>
    <message>
        <source>ResolveNames found no mailbox for {user}</source>
        <translation>ResolveNames fand kein Postfach für {user}</translation>
    </message>
    <message>
        <source>The service account needs a mailbox (it is also used for Autodiscover).</source>
        <translation>Das Dienstkonto braucht ein Postfach (es wird auch für Autodiscover verwendet).</translation>
    </message>
    <message>
        <source>EWS at {url}</source>
        <translation>EWS unter {url}</translation>
    </message>
    <message>
        <source>EWS at {url} (ServerVersionInfo)</source>
        <translation>EWS unter {url} (ServerVersionInfo)</translation>
    </message>
    <message>
        <source>Connected to EWS as {user}; {count} appointments in the next 48 h</source>
        <translation>Mit EWS als {user} verbunden; {count} Termine in den nächsten 48 h</translation>
    </message>
    <message>
        <source>EWS URL {url}; Exchange build {value}</source>
        <translation>EWS-URL {url}; Exchange-Build {value}</translation>
    </message>
    <message>
        <source>ResolveNames found no mailbox for {address}</source>
        <translation>ResolveNames fand kein Postfach für {address}</translation>
    </message>
    <message>
        <source>{pbx_name} ({primary}, found via {address})</source>
        <translation>{pbx_name} ({primary}, gefunden über {address})</translation>
    </message>
    <message>
        <source>{who}: calendar readable, {count} appointments in the next 48 h</source>
        <translation>{who}: Kalender lesbar, {count} Termine in den nächsten 48 h</translation>
    </message>
    <message>
        <source>No mailboxes to sync are configured yet</source>
        <translation>Es sind noch keine zu synchronisierenden Postfächer konfiguriert</translation>
    </message>
    <message>
        <source>&lt;Object ID in Entra ID &gt; Enterprise applications&gt;</source>
        <translation>&lt;Objekt-ID unter Entra ID &gt; Unternehmensanwendungen&gt;</translation>
    </message>
    <message>
        <source># RBAC for Applications has no Calendars.ReadBasic role: a scoped app gets Application Calendars.Read</source>
        <translation># RBAC für Anwendungen hat keine Rolle Calendars.ReadBasic: Eine beschränkte App erhält Application Calendars.Read</translation>
    </message>
    <message>
        <source>Microsoft Graph cannot be reached: {message}</source>
        <translation>Microsoft Graph ist nicht erreichbar: {message}</translation>
    </message>
    <message>
        <source>The token carries no application permission: grant admin consent for Microsoft Graph &gt; Application permissions &gt; {permission} in Entra ID, or authorize the app in Exchange Online: </source>
        <translation>Das Token enthält keine Anwendungsberechtigung: Erteilen Sie in Entra ID die Administratorzustimmung für Microsoft Graph &gt; Anwendungsberechtigungen &gt; {permission}, oder berechtigen Sie die App in Exchange Online: </translation>
    </message>
    <message>
        <source>{consent}Microsoft Graph denied {address}: it is outside the app&apos;s Exchange RBAC for Applications scope (or an application access policy). To include it, run in Exchange Online PowerShell (add the mailbox to the scope&apos;s group):
</source>
        <translation>{consent}Microsoft Graph hat {address} verweigert: Es liegt außerhalb des Bereichs der App in Exchange RBAC für Anwendungen (oder einer Anwendungszugriffsrichtlinie). Um es einzuschließen, in Exchange Online PowerShell ausführen (das Postfach zur Gruppe des Bereichs hinzufügen):
</translation>
    </message>
    <message>
        <source>No mailboxes to check</source>
        <translation>Keine Postfächer zu prüfen</translation>
    </message>
    <message>
        <source>{address}: readable, {len} events in the next 48 h ({busy} not free)</source>
        <translation>{address}: lesbar, {len} Termine in den nächsten 48 h ({busy} nicht frei)</translation>
    </message>
    <message>
        <source>{address}: access denied (403 {code}) — outside the app&apos;s RBAC for Applications scope</source>
        <translation>{address}: Zugriff verweigert (403 {code}) — außerhalb des Bereichs der App in RBAC für Anwendungen</translation>
    </message>
    <message>
        <source>{join}: no such mailbox in the tenant (404 {code})</source>
        <translation>{join}: kein solches Postfach im Mandanten (404 {code})</translation>
    </message>
    <message>
        <source>Check the SMTP address of PBX user {pbx_name}: it must be a user or room mailbox in Exchange Online (not a contact or group). Microsoft Graph does not resolve names (no ResolveNames): enter an SMTP address of the mailbox, as the sync engine uses the addresses as they are.</source>
        <translation>Prüfen Sie die SMTP-Adresse des PBX-Benutzers {pbx_name}: Es muss ein Benutzer- oder Raumpostfach in Exchange Online sein (kein Kontakt und keine Gruppe). Microsoft Graph löst keine Namen auf (kein ResolveNames): Geben Sie eine SMTP-Adresse des Postfachs ein, denn die Sync-Engine verwendet die Adressen so, wie sie eingetragen sind.</translation>
    </message>
    <message>
        <source>{address}: Microsoft Graph rejected the token ({message})</source>
        <translation>{address}: Microsoft Graph hat das Token abgelehnt ({message})</translation>
    </message>
    <message>
        <source>Check that the cloud setting matches the tenant&apos;s cloud (the token&apos;s audience must be its Microsoft Graph host).</source>
        <translation>Prüfen Sie, dass die Cloud-Einstellung zur Cloud des Mandanten passt (die Zielgruppe des Tokens muss ihr Microsoft-Graph-Host sein).</translation>
    </message>
    <message>
        <source>{address}: Microsoft Graph answered {status} {code}</source>
        <translation>{address}: Microsoft Graph antwortete {status} {code}</translation>
    </message>
    <message>
        <source>Retry later; if it persists, check the service health in the Microsoft 365 admin center.</source>
        <translation>Versuchen Sie es später erneut; bleibt es so, prüfen Sie den Dienststatus im Microsoft 365 Admin Center.</translation>
    </message>
    <message>
        <source>{readable} of {len} mailboxes readable through Microsoft Graph</source>
        <translation>{readable} von {len} Postfächern über Microsoft Graph lesbar</translation>
    </message>
    <message>
        <source>Add it to the app&apos;s RBAC for Applications scope: one PowerShell script for all {len} denied mailboxes is in the fix of graph.mailboxes (&apos;Microsoft Graph: mailboxes&apos;; in the wizard also on the Mailboxes page).</source>
        <translation>Fügen Sie es dem Bereich der App in RBAC für Anwendungen hinzu: Ein PowerShell-Skript für alle {len} verweigerten Postfächer steht in der Abhilfe von graph.mailboxes (&apos;Microsoft Graph: Postfächer&apos;; im Assistenten auch auf der Seite Postfächer).</translation>
    </message>
    <message>
        <source>List them under &apos;must be denied&apos; (e.g. executives) to prove the app&apos;s scope excludes them.</source>
        <translation>Führen Sie sie unter &apos;Muss abgelehnt werden&apos; auf (z. B. die Geschäftsleitung), um zu belegen, dass der Bereich der App sie ausschließt.</translation>
    </message>
    <message>
        <source>{address}: denied, as required (403 {code})</source>
        <translation>{address}: verweigert, wie gefordert (403 {code})</translation>
    </message>
    <message>
        <source>{address}: READABLE — the app&apos;s access is wider than it must be</source>
        <translation>{address}: LESBAR — der Zugriff der App ist weiter als zulässig</translation>
    </message>
    <message>
        <source>Limit the app with Exchange RBAC for Applications to the mailboxes it syncs, and remove the tenant-wide admin consent for Microsoft Graph &gt; {value} in Entra ID (an Entra grant applies to every mailbox and is not limited by the scope). Exchange Online PowerShell (the last line must then show InScope = False):
</source>
        <translation>Beschränken Sie die App mit Exchange RBAC für Anwendungen auf die Postfächer, die sie synchronisiert, und entfernen Sie in Entra ID die mandantenweite Administratorzustimmung für Microsoft Graph &gt; {value} (eine Entra-Berechtigung gilt für jedes Postfach und wird vom Bereich nicht beschränkt). Exchange Online PowerShell (die letzte Zeile muss dann InScope = False zeigen):
</translation>
    </message>
    <message>
        <source>{address}: no such mailbox (404) — cannot prove it is denied</source>
        <translation>{address}: kein solches Postfach (404) — die Verweigerung lässt sich nicht belegen</translation>
    </message>
    <message>
        <source>Retry later.</source>
        <translation>Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The master PBX name is empty</source>
        <translation>Der Name der Master-PBX ist leer</translation>
    </message>
    <message>
        <source>Enter the name of the PBX the calendar accepts connections from (required even with one PBX).</source>
        <translation>Geben Sie den Namen der PBX ein, von der der Kalender Verbindungen annimmt (auch bei nur einer PBX erforderlich).</translation>
    </message>
    <message>
        <source>The App object name is empty</source>
        <translation>Der Name des App-Objekts ist leer</translation>
    </message>
    <message>
        <source>Enter the Name of the App object calwizard logs in as (e.g. calwizard).</source>
        <translation>Geben Sie den Namen des App-Objekts ein, als das sich calwizard anmeldet (z. B. calwizard).</translation>
    </message>
    <message>
        <source>No App object password is configured</source>
        <translation>Es ist kein Passwort für das App-Objekt konfiguriert</translation>
    </message>
    <message>
        <source>Enter the App object&apos;s password on the PBX &amp; presence page (it is kept in the secret store).</source>
        <translation>Geben Sie das Passwort des App-Objekts auf der Seite PBX &amp; Präsenz ein (es wird im Geheimnisspeicher abgelegt).</translation>
    </message>
    <message>
        <source>The user (SMTP address) is empty</source>
        <translation>Der Benutzer (SMTP-Adresse) ist leer</translation>
    </message>
    <message>
        <source>Enter the service account&apos;s SMTP address (app-only: any existing mailbox).</source>
        <translation>Geben Sie die SMTP-Adresse des Dienstkontos ein (app-only: ein beliebiges vorhandenes Postfach).</translation>
    </message>
    <message>
        <source>No password is configured for the service account</source>
        <translation>Für das Dienstkonto ist kein Passwort konfiguriert</translation>
    </message>
    <message>
        <source>Enter the password in the wizard (it is kept in the secret store).</source>
        <translation>Geben Sie das Passwort im Assistenten ein (es wird im Geheimnisspeicher abgelegt).</translation>
    </message>
    <message>
        <source>cloud = custom but no custom hosts are set</source>
        <translation>cloud = custom, aber keine eigenen Hosts gesetzt</translation>
    </message>
    <message>
        <source>Set authority_host, ews_host and graph_host, or choose a Microsoft cloud.</source>
        <translation>Setzen Sie authority_host, ews_host und graph_host, oder wählen Sie eine Microsoft-Cloud.</translation>
    </message>
    <message>
        <source>The client ID is empty</source>
        <translation>Die Client-ID ist leer</translation>
    </message>
    <message>
        <source>Copy the Application (client) ID from the app registration&apos;s Overview page.</source>
        <translation>Kopieren Sie die Anwendungs-ID (Client) von der Übersichtsseite der App-Registrierung.</translation>
    </message>
    <message>
        <source>The tenant ID is empty (mandatory for app-only)</source>
        <translation>Die Mandanten-ID ist leer (für app-only Pflicht)</translation>
    </message>
    <message>
        <source>Copy the Directory (tenant) ID from the app registration&apos;s Overview page.</source>
        <translation>Kopieren Sie die Verzeichnis-ID (Mandant) von der Übersichtsseite der App-Registrierung.</translation>
    </message>
    <message>
        <source>Neither a client secret nor a client certificate is set</source>
        <translation>Weder ein geheimer Clientschlüssel noch ein Clientzertifikat ist gesetzt</translation>
    </message>
    <message>
        <source>Paste the client secret&apos;s Value, or choose the certificate file.</source>
        <translation>Fügen Sie den Wert des geheimen Clientschlüssels ein, oder wählen Sie die Zertifikatsdatei.</translation>
    </message>
    <message>
        <source>The certificate file {client_certificate} does not exist</source>
        <translation>Die Zertifikatsdatei {client_certificate} existiert nicht</translation>
    </message>
    <message>
        <source>Choose the PEM or PFX file of the app&apos;s certificate.</source>
        <translation>Wählen Sie die PEM- oder PFX-Datei des Zertifikats der App.</translation>
    </message>
    <message>
        <source>{address} is listed both as a mailbox to sync and as one that must be denied</source>
        <translation>{address} steht sowohl bei den zu synchronisierenden Postfächern als auch bei denen, die abgelehnt werden müssen</translation>
    </message>
    <message>
        <source>Remove it from the mailboxes to sync, or from &apos;must be denied&apos;.</source>
        <translation>Entfernen Sie es aus den zu synchronisierenden Postfächern oder aus &apos;Muss abgelehnt werden&apos;.</translation>
    </message>
    <message>
        <source>The extra CA file {ca_file} does not exist</source>
        <translation>Die zusätzliche CA-Datei {ca_file} existiert nicht</translation>
    </message>
    <message>
        <source>Choose the PEM file of the CA that issued the server&apos;s certificate.</source>
        <translation>Wählen Sie die PEM-Datei der CA, die das Zertifikat des Servers ausgestellt hat.</translation>
    </message>
    <message>
        <source>Sync type is &apos;disabled&apos;: nothing to validate against Exchange</source>
        <translation>Synchronisierungsart ist &apos;disabled&apos;: gegen Exchange ist nichts zu validieren</translation>
    </message>
    <message>
        <source>Choose a sync type to synchronize calendars.</source>
        <translation>Wählen Sie eine Synchronisierungsart, um Kalender zu synchronisieren.</translation>
    </message>
    <message>
        <source>All settings for sync type &apos;{value}&apos; are present</source>
        <translation>Alle Einstellungen für die Synchronisierungsart &apos;{value}&apos; sind vorhanden</translation>
    </message>
    <message>
        <source>Presence language {presence_language} has no word table; English is used</source>
        <translation>Für die Präsenzsprache {presence_language} gibt es keine Worttabelle; Englisch wird verwendet</translation>
    </message>
    <message>
        <source>Choose one of: {join} (with a region, e.g. en_GB, for its date and time formats).</source>
        <translation>Wählen Sie eine von: {join} (mit Region, z. B. en_GB, für deren Datums- und Zeitformate).</translation>
    </message>
    <message>
        <source>No mailboxes to sync are listed</source>
        <translation>Es sind keine zu synchronisierenden Postfächer aufgeführt</translation>
    </message>
    <message>
        <source>Add the users to sync (PBX name and SMTP address), or import a CSV.</source>
        <translation>Fügen Sie die zu synchronisierenden Benutzer hinzu (PBX-Name und SMTP-Adresse), oder importieren Sie eine CSV-Datei.</translation>
    </message>
    <message>
        <source>On the PBX, open the user object (PBX &gt; Objects, or the Users app) and enter the user&apos;s e-mail address under E-Mail; or set the mail domain (pbx.domain) so that &lt;user name&gt;@&lt;domain&gt; is tried.</source>
        <translation>Öffnen Sie auf der PBX das Benutzerobjekt (PBX &gt; Objekte oder die App Benutzer) und tragen Sie die E-Mail-Adresse des Benutzers unter E-Mail ein; oder setzen Sie die Mail-Domäne (pbx.domain), damit &lt;Benutzername&gt;@&lt;Domäne&gt; versucht wird.</translation>
    </message>
    <message>
        <source>Not synced, which is right for a PBX user without a calendar (a door phone, a reception). If the user has a mailbox, enter its address on the PBX user object (E-Mail) or in the mailbox list.</source>
        <translation>Nicht synchronisiert — richtig für einen PBX-Benutzer ohne Kalender (eine Türsprechstelle, ein Empfang). Hat der Benutzer ein Postfach, tragen Sie seine Adresse am PBX-Benutzerobjekt (E-Mail) oder in der Postfachliste ein.</translation>
    </message>
    <message>
        <source>calwizard sets presence with it (SetPresence)</source>
        <translation>calwizard setzt damit die Präsenz (SetPresence)</translation>
    </message>
    <message>
        <source>calwizard cannot set presence</source>
        <translation>calwizard kann keine Präsenz setzen</translation>
    </message>
    <message>
        <source>calwizard reads the users with it (ReplicateStart)</source>
        <translation>calwizard liest damit die Benutzer (ReplicateStart)</translation>
    </message>
    <message>
        <source>calwizard cannot read the PBX&apos;s users</source>
        <translation>calwizard kann die Benutzer der PBX nicht lesen</translation>
    </message>
    <message>
        <source>login rejected</source>
        <translation>Anmeldung abgelehnt</translation>
    </message>
    <message>
        <source>not a PBX</source>
        <translation>keine PBX</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>keine Antwort</translation>
    </message>
    <message>
        <source>connection closed</source>
        <translation>Verbindung geschlossen</translation>
    </message>
    <message>
        <source>unexpected answer</source>
        <translation>unerwartete Antwort</translation>
    </message>
    <message>
        <source>PBX {host}: cannot connect — {message}</source>
        <translation>PBX {host}: keine Verbindung — {message}</translation>
    </message>
    <message>
        <source>The App object password cannot be read: {message}</source>
        <translation>Das Passwort des App-Objekts kann nicht gelesen werden: {message}</translation>
    </message>
    <message>
        <source>Enter the password of the App object on the PBX &amp; presence page (it is kept in the secret store).</source>
        <translation>Geben Sie das Passwort des App-Objekts auf der Seite PBX &amp; Präsenz ein (es wird im Geheimnisspeicher abgelegt).</translation>
    </message>
    <message>
        <source>Logged in to the PBX at {host} as App object &apos;{app_name}&apos;</source>
        <translation>An der PBX unter {host} als App-Objekt &apos;{app_name}&apos; angemeldet</translation>
    </message>
    <message>
        <source>The PBX is &apos;{pbx}&apos;, the master PBX</source>
        <translation>Die PBX ist &apos;{pbx}&apos;, die Master-PBX</translation>
    </message>
    <message>
        <source>The PBX did not report its name: it cannot be compared with the master PBX name</source>
        <translation>Die PBX hat ihren Namen nicht gemeldet: Er lässt sich nicht mit dem Namen der Master-PBX vergleichen</translation>
    </message>
    <message>
        <source>Make sure {host} is the PBX named &apos;{master_pbx_name}&apos; (PBX &gt; Config &gt; General &gt; PBX Name); calwizard accepts only that PBX.</source>
        <translation>Stellen Sie sicher, dass {host} die PBX namens &apos;{master_pbx_name}&apos; ist (PBX &gt; Konfiguration &gt; Allgemein &gt; PBX-Name); calwizard akzeptiert nur diese PBX.</translation>
    </message>
    <message>
        <source>The App object enables {api}: {use}</source>
        <translation>Das App-Objekt aktiviert {api}: {use}</translation>
    </message>
    <message>
        <source>The App object &apos;{app_name}&apos; does not enable {api}: {use}</source>
        <translation>Das App-Objekt &apos;{app_name}&apos; aktiviert {api} nicht: {use}</translation>
    </message>
    <message>
        <source>The PBX&apos;s users cannot be replicated: {message}</source>
        <translation>Die Benutzer der PBX können nicht repliziert werden: {message}</translation>
    </message>
    <message>
        <source>{len} users on the PBX</source>
        <translation>{len} Benutzer auf der PBX</translation>
    </message>
    <message>
        <source>, {len} of them match the filter &apos;{user_filter}&apos;</source>
        <translation>, {len} davon passen zum Filter &apos;{user_filter}&apos;</translation>
    </message>
    <message>
        <source>{count}: no user to sync</source>
        <translation>{count}: kein Benutzer zu synchronisieren</translation>
    </message>
    <message>
        <source>Check the user filter (pbx.user_filter).</source>
        <translation>Prüfen Sie den Benutzerfilter (pbx.user_filter).</translation>
    </message>
    <message>
        <source>Create the users on the PBX, or check that the App object may see them.</source>
        <translation>Legen Sie die Benutzer auf der PBX an, oder prüfen Sie, ob das App-Objekt sie sehen darf.</translation>
    </message>
    <message>
        <source>{count}; their calendars are synced</source>
        <translation>{count}; ihre Kalender werden synchronisiert</translation>
    </message>
    <message>
        <source>{h323}: no e-mail address on the PBX — not synced</source>
        <translation>{h323}: keine E-Mail-Adresse auf der PBX — nicht synchronisiert</translation>
    </message>
    <message>
        <source>{h323}: no e-mail address on the PBX; tried as {h323}@{domain} (username@domain)</source>
        <translation>{h323}: keine E-Mail-Adresse auf der PBX; versucht als {h323}@{domain} (Benutzername@Domäne)</translation>
    </message>
    <message>
        <source>{summary} — not synced</source>
        <translation>{summary} — nicht synchronisiert</translation>
    </message>
    <message>
        <source>The PBX&apos;s users are not known (pbx.users did not run)</source>
        <translation>Die Benutzer der PBX sind nicht bekannt (pbx.users lief nicht)</translation>
    </message>
    <message>
        <source>No PBX user to check</source>
        <translation>Kein PBX-Benutzer zu prüfen</translation>
    </message>
    <message>
        <source>PBX: connection</source>
        <translation>PBX: Verbindung</translation>
    </message>
    <message>
        <source>PBX: users</source>
        <translation>PBX: Benutzer</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Entra ID: tenant</source>
        <translation>Entra ID: Mandant</translation>
    </message>
    <message>
        <source>Entra ID: token</source>
        <translation>Entra ID: Token</translation>
    </message>
    <message>
        <source>Entra ID: permissions</source>
        <translation>Entra ID: Berechtigungen</translation>
    </message>
    <message>
        <source>Microsoft Graph: mailboxes</source>
        <translation>Microsoft Graph: Postfächer</translation>
    </message>
    <message>
        <source>Microsoft Graph: mailboxes that must be denied</source>
        <translation>Microsoft Graph: Postfächer, die abgelehnt werden müssen</translation>
    </message>
    <message>
        <source>EWS: streaming connections</source>
        <translation>EWS: Streaming-Verbindungen</translation>
    </message>
    <message>
        <source>EWS: service account</source>
        <translation>EWS: Dienstkonto</translation>
    </message>
    <message>
        <source>EWS: mailboxes</source>
        <translation>EWS: Postfächer</translation>
    </message>
    <message>
        <source>EWS: access model</source>
        <translation>EWS: Zugriffsmodell</translation>
    </message>
    <message>
        <source>EWS: mailboxes that must be denied</source>
        <translation>EWS: Postfächer, die abgelehnt werden müssen</translation>
    </message>
    <message>
        <source>the EWS debug log cannot be written: {value}</source>
        <translation>das EWS-Debug-Protokoll kann nicht geschrieben werden: {value}</translation>
    </message>
    <message>
        <source>Turn EWS protocol debugging off, or make the user log directory writable.</source>
        <translation>Schalten Sie das EWS-Protokoll-Debugging aus, oder machen Sie das Protokollverzeichnis des Benutzers beschreibbar.</translation>
    </message>
    <message>
        <source>Skipped: needs {names}, which did not pass</source>
        <translation>Übersprungen: benötigt {names}, was nicht bestanden hat</translation>
    </message>
    <message>
        <source>{title}: no answer within {timeout:g} s</source>
        <translation>{title}: keine Antwort innerhalb von {timeout:g} s</translation>
    </message>
    <message>
        <source>Check the network path to the server (firewall, proxy, DNS) and try again.</source>
        <translation>Prüfen Sie den Netzwerkweg zum Server (Firewall, Proxy, DNS) und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Internal error in check &apos;{title}&apos; ({name}) — this is a bug in calwizard</source>
        <translation>Interner Fehler in der Prüfung &apos;{title}&apos; ({name}) — ein Fehler in calwizard</translation>
    </message>
    <message>
        <source>Please report it with the log file; the other checks are not affected.</source>
        <translation>Bitte melden Sie ihn mit der Protokolldatei; die anderen Prüfungen sind nicht betroffen.</translation>
    </message>
    <message>
        <source>users from the PBX</source>
        <translation>Benutzer aus der PBX</translation>
    </message>
    <message>
        <source>mailboxes</source>
        <translation>Postfächer</translation>
    </message>
    <message>
        <source>{users} {what} need {needed} streaming connections at {per} subscriptions per connection; Exchange allows {HANGING_CONNECTION_LIMIT} per account ({budget} mailboxes): {shards} shards would carry them</source>
        <translation>{users} {what} brauchen {needed} Streaming-Verbindungen bei {per} Abonnements pro Verbindung; Exchange erlaubt {HANGING_CONNECTION_LIMIT} pro Konto ({budget} Postfächer): {shards} Shards würden sie tragen</translation>
    </message>
    <message>
        <source>{users} {what} need {needed} of {HANGING_CONNECTION_LIMIT} streaming connections ({per} subscriptions per connection)</source>
        <translation>{users} {what} brauchen {needed} von {HANGING_CONNECTION_LIMIT} Streaming-Verbindungen ({per} Abonnements pro Verbindung)</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <source>       fix: {remedy}</source>
        <translation>       Abhilfe: {remedy}</translation>
    </message>
    <message>
        <source>PASSED: {checks} checks, {failed} failed, {warnings} warnings</source>
        <translation>BESTANDEN: {checks} Prüfungen, {failed} fehlgeschlagen, {warnings} Warnungen</translation>
    </message>
    <message>
        <source>FAILED: {checks} checks, {failed} failed, {warnings} warnings</source>
        <translation>FEHLGESCHLAGEN: {checks} Prüfungen, {failed} fehlgeschlagen, {warnings} Warnungen</translation>
    </message>
</context>
<context>
    <name>connection</name>
    <message>
        <source>Microsoft 365 (global)</source>
        <translation>Microsoft 365 (global)</translation>
    </message>
    <message>
        <source>US Government (GCC High)</source>
        <translation>US Government (GCC High)</translation>
    </message>
    <message>
        <source>China (21Vianet)</source>
        <translation>China (21Vianet)</translation>
    </message>
    <message>
        <source>Custom hosts (sandbox tenant)</source>
        <translation>Eigene Hosts (Sandbox-Mandant)</translation>
    </message>
</context>
<context>
    <name>csv</name>
    <message>
        <source>{name} is not a text file in UTF-8: save it again as &quot;CSV UTF-8&quot; and import that file.</source>
        <translation>{name} ist keine Textdatei in UTF-8: Speichern Sie sie erneut als „CSV UTF-8“ und importieren Sie diese Datei.</translation>
    </message>
    <message>
        <source>{name} cannot be read: check that the file exists and that you may open it.</source>
        <translation>{name} kann nicht gelesen werden: Prüfen Sie, ob die Datei existiert und ob Sie sie öffnen dürfen.</translation>
    </message>
</context>
<context>
    <name>demo</name>
    <message>
        <source>Demo: the sandbox tenant runs on this computer and the wizard is prefilled with the &apos;{scenario}&apos; scenario. Click Next through the pages: every check runs live against it.</source>
        <translation>Demo: Der Sandbox-Mandant läuft auf diesem Computer, und der Assistent ist mit dem Szenario &apos;{scenario}&apos; vorausgefüllt. Klicken Sie sich mit „Weiter“ durch die Seiten: Jede Prüfung läuft live gegen die Sandbox.</translation>
    </message>
    <message>
        <source>On the last page, &apos;Try the whole chain now&apos; runs the sync engine into the sandbox PBX.</source>
        <translation>Auf der letzten Seite lässt &apos;Gesamte Kette jetzt ausprobieren&apos; die Sync-Engine in die Sandbox-PBX laufen.</translation>
    </message>
    <message>
        <source>Sign-ins go to the sandbox&apos;s page (no real browser reaches it) and are completed automatically as {user}.</source>
        <translation>Anmeldungen gehen an die Seite der Sandbox (kein echter Browser erreicht sie) und werden automatisch als {user} abgeschlossen.</translation>
    </message>
</context>
<context>
    <name>engine</name>
    <message>
        <source>the sync type is &apos;disabled&apos;: there is nothing to sync</source>
        <translation>die Synchronisierungsart ist &apos;disabled&apos;: es gibt nichts zu synchronisieren</translation>
    </message>
    <message>
        <source>Choose a sync type in the wizard.</source>
        <translation>Wählen Sie im Assistenten eine Synchronisierungsart.</translation>
    </message>
    <message>
        <source>the Graph backend serves the sync type cloud_graph only</source>
        <translation>das Graph-Backend bedient nur die Synchronisierungsart cloud_graph</translation>
    </message>
    <message>
        <source>Choose &apos;Exchange Online, Microsoft Graph&apos; in the wizard.</source>
        <translation>Wählen Sie im Assistenten &apos;Exchange Online, Microsoft Graph&apos;.</translation>
    </message>
    <message>
        <source>--health {value} is not HOST:PORT</source>
        <translation>--health {value} hat nicht die Form HOST:PORT</translation>
    </message>
    <message>
        <source>Give HOST:PORT, e.g. --health 127.0.0.1:9464 (IPv6: [::1]:9464).</source>
        <translation>Geben Sie HOST:PORT an, z. B. --health 127.0.0.1:9464 (IPv6: [::1]:9464).</translation>
    </message>
    <message>
        <source>--health {value}: the port must be a number from 0 to 65535</source>
        <translation>--health {value}: der Port muss eine Zahl von 0 bis 65535 sein</translation>
    </message>
    <message>
        <source>Give HOST:PORT, e.g. --health 127.0.0.1:9464.</source>
        <translation>Geben Sie HOST:PORT an, z. B. --health 127.0.0.1:9464.</translation>
    </message>
    <message>
        <source>the health endpoint cannot listen on {host}:{port}: {why}</source>
        <translation>der Health-Endpunkt kann nicht auf {host}:{port} lauschen: {why}</translation>
    </message>
    <message>
        <source>Choose a free port (or another address) with --health HOST:PORT.</source>
        <translation>Wählen Sie mit --health HOST:PORT einen freien Port (oder eine andere Adresse).</translation>
    </message>
    <message>
        <source>--log-level {value} is not one of {levels}</source>
        <translation>--log-level {value} ist keiner von {levels}</translation>
    </message>
    <message>
        <source>Use one of: {levels}.</source>
        <translation>Verwenden Sie einen von: {levels}.</translation>
    </message>
    <message>
        <source>cannot write the log file {path}: {why}</source>
        <translation>die Protokolldatei {path} kann nicht geschrieben werden: {why}</translation>
    </message>
    <message>
        <source>Choose a writable path with --log-file PATH.</source>
        <translation>Wählen Sie mit --log-file PFAD einen beschreibbaren Pfad.</translation>
    </message>
    <message>
        <source>exchange.{name} is not configured</source>
        <translation>exchange.{name} ist nicht eingerichtet</translation>
    </message>
    <message>
        <source>Complete the configuration in the wizard and validate it.</source>
        <translation>Vervollständigen Sie die Konfiguration im Assistenten und prüfen Sie sie.</translation>
    </message>
    <message>
        <source>Choose a sync type in the wizard and validate the configuration.</source>
        <translation>Wählen Sie im Assistenten eine Synchronisierungsart und prüfen Sie die Konfiguration.</translation>
    </message>
    <message>
        <source>shard {shard} owns none of the {count} configured users</source>
        <translation>Shard {shard} gehört keiner der {count} eingerichteten Benutzer</translation>
    </message>
    <message>
        <source>Run fewer shards: &apos;calwizard validate&apos; proposes how many.</source>
        <translation>Betreiben Sie weniger Shards: &apos;calwizard validate&apos; schlägt vor, wie viele.</translation>
    </message>
    <message>
        <source>pbx.app_password is not configured</source>
        <translation>pbx.app_password ist nicht eingerichtet</translation>
    </message>
    <message>
        <source>Enter the App object&apos;s password in the wizard (PBX &amp; presence page) or with &apos;calwizard secrets set PROFILE pbx.app_password&apos;.</source>
        <translation>Geben Sie das Passwort des App-Objekts im Assistenten ein (Seite PBX &amp; Präsenz) oder mit &apos;calwizard secrets set PROFIL pbx.app_password&apos;.</translation>
    </message>
    <message>
        <source>no mailboxes are configured</source>
        <translation>es sind keine Postfächer eingerichtet</translation>
    </message>
    <message>
        <source>Add the users to sync.</source>
        <translation>Fügen Sie die zu synchronisierenden Benutzer hinzu.</translation>
    </message>
    <message>
        <source>{count} mailboxes need {needed} streaming connections at {per} subscriptions per connection; Exchange allows {allowed} per account</source>
        <translation>{count} Postfächer brauchen bei {per} Abonnements je Verbindung {needed} Streaming-Verbindungen; Exchange erlaubt {allowed} je Konto</translation>
    </message>
    <message>
        <source>--sink pbx needs a PBX connection, and the configuration has none</source>
        <translation>--sink pbx braucht eine PBX-Verbindung, und die Konfiguration hat keine</translation>
    </message>
    <message>
        <source>Enter the PBX address, App object name and password (wizard: PBX &amp; presence), or choose another sink.</source>
        <translation>Geben Sie PBX-Adresse, Namen und Passwort des App-Objekts ein (Assistent: PBX &amp; Präsenz), oder wählen Sie ein anderes Ziel.</translation>
    </message>
    <message>
        <source>Give the receiver&apos;s https:// URL (presence text is not sent in clear).</source>
        <translation>Geben Sie die https://-URL des Empfängers an (Präsenztexte werden nicht unverschlüsselt gesendet).</translation>
    </message>
    <message>
        <source>the sink file {path} cannot be opened: {why}</source>
        <translation>die Zieldatei {path} kann nicht geöffnet werden: {why}</translation>
    </message>
    <message>
        <source>Choose a writable file for --sink.</source>
        <translation>Wählen Sie für --sink eine beschreibbare Datei.</translation>
    </message>
    <message>
        <source>{url}: the webhook must be an https:// URL</source>
        <translation>{url}: der Webhook muss eine https://-URL sein</translation>
    </message>
    <message>
        <source>Choose a writable directory with --state-dir.</source>
        <translation>Wählen Sie mit --state-dir ein beschreibbares Verzeichnis.</translation>
    </message>
    <message>
        <source>no engine state in {path}</source>
        <translation>kein Engine-Zustand in {path}</translation>
    </message>
    <message>
        <source>Give the --state-dir the engine runs with.</source>
        <translation>Geben Sie das --state-dir an, mit dem die Engine läuft.</translation>
    </message>
    <message>
        <source>the state directory {path} cannot be created: {why}</source>
        <translation>das Zustandsverzeichnis {path} kann nicht angelegt werden: {why}</translation>
    </message>
    <message>
        <source>the engine state {path} cannot be created: {why}</source>
        <translation>der Engine-Zustand {path} kann nicht angelegt werden: {why}</translation>
    </message>
    <message>
        <source>the engine state in {path} was written by a newer calwizard</source>
        <translation>der Engine-Zustand in {path} stammt von einem neueren calwizard</translation>
    </message>
    <message>
        <source>Use a newer calwizard or another --state-dir.</source>
        <translation>Verwenden Sie einen neueren calwizard oder ein anderes --state-dir.</translation>
    </message>
    <message>
        <source>another engine is running with the state directory {path}</source>
        <translation>eine andere Engine läuft bereits mit dem Zustandsverzeichnis {path}</translation>
    </message>
    <message>
        <source>Stop the other engine, or give this one its own --state-dir.</source>
        <translation>Beenden Sie die andere Engine, oder geben Sie dieser ein eigenes --state-dir.</translation>
    </message>
    <message>
        <source>Entra ID cannot be reached: {error}</source>
        <translation>Entra ID ist nicht erreichbar: {error}</translation>
    </message>
    <message>
        <source>Check the network path (proxy, firewall) to the sign-in host.</source>
        <translation>Prüfen Sie den Netzwerkweg (Proxy, Firewall) zum Anmeldehost.</translation>
    </message>
    <message>
        <source>no signed-in session for {user}</source>
        <translation>keine angemeldete Sitzung für {user}</translation>
    </message>
    <message>
        <source>the user</source>
        <translation>den Benutzer</translation>
    </message>
    <message>
        <source>Sign in on the wizard&apos;s Entra app page; the engine then runs headless.</source>
        <translation>Melden Sie sich im Assistenten auf der Seite Entra-App an; danach läuft die Engine ohne Oberfläche.</translation>
    </message>
    <message>
        <source>Entra ID cannot be used: the authority&apos;s answer is not Entra ID JSON</source>
        <translation>Entra ID kann nicht verwendet werden: die Antwort der Authority ist kein Entra-ID-JSON</translation>
    </message>
    <message>
        <source>Check the cloud setting and the host overrides.</source>
        <translation>Prüfen Sie die Cloud-Einstellung und die Host-Umleitungen.</translation>
    </message>
    <message>
        <source>Entra ID cannot be used: {error}</source>
        <translation>Entra ID kann nicht verwendet werden: {error}</translation>
    </message>
    <message>
        <source>Check the tenant ID, the cloud setting and the network path to the sign-in host.</source>
        <translation>Prüfen Sie die Mandanten-ID, die Cloud-Einstellung und den Netzwerkweg zum Anmeldehost.</translation>
    </message>
    <message>
        <source>--shard {value} is not K/N</source>
        <translation>--shard {value} hat nicht die Form K/N</translation>
    </message>
    <message>
        <source>Give the shard as K/N with 0 &lt;= K &lt; N, e.g. --shard 0/2 and --shard 1/2.</source>
        <translation>Geben Sie den Shard als K/N mit 0 &lt;= K &lt; N an, z. B. --shard 0/2 und --shard 1/2.</translation>
    </message>
    <message>
        <source>--shard {value}: the host name {host} ends in no ordinal (-0, -1, …)</source>
        <translation>--shard {value}: der Hostname {host} endet nicht auf eine Ordnungszahl (-0, -1, …)</translation>
    </message>
    <message>
        <source>Give K explicitly (--shard K/N), or run the instances as a StatefulSet whose pods are named NAME-0, NAME-1, ….</source>
        <translation>Geben Sie K ausdrücklich an (--shard K/N), oder betreiben Sie die Instanzen als StatefulSet mit Pods namens NAME-0, NAME-1, ….</translation>
    </message>
    <message>
        <source>--shard {value}: K must be 0 to N-1 and N 1 to {most}</source>
        <translation>--shard {value}: K muss zwischen 0 und N-1 liegen und N zwischen 1 und {most}</translation>
    </message>
    <message>
        <source>Run N instances with --shard 0/N … --shard {last}/N.</source>
        <translation>Betreiben Sie N Instanzen mit --shard 0/N … --shard {last}/N.</translation>
    </message>
</context>
<context>
    <name>engine_cli</name>
    <message>
        <source>calwizard engine: error: choose one of: {verbs}</source>
        <translation>calwizard engine: Fehler: wählen Sie eines von: {verbs}</translation>
    </message>
    <message>
        <source>calwizard engine: no passphrase given</source>
        <translation>calwizard engine: keine Passphrase eingegeben</translation>
    </message>
    <message>
        <source>calwizard engine: cannot start: {error}</source>
        <translation>calwizard engine: Start nicht möglich: {error}</translation>
    </message>
    <message>
        <source>the PBX&apos;s users</source>
        <translation>die Benutzer der PBX</translation>
    </message>
    <message>
        <source>{count} user(s)</source>
        <translation>{count} Benutzer</translation>
    </message>
    <message>
        <source>calwizard engine: syncing {who}</source>
        <translation>calwizard engine: synchronisiert {who}</translation>
    </message>
    <message>
        <source> (shard {shard}: only the users it owns)</source>
        <translation> (Shard {shard}: nur dessen Benutzer)</translation>
    </message>
    <message>
        <source>; presence -&gt; {sinks}; state in {state_dir}</source>
        <translation>; Präsenz -&gt; {sinks}; Zustand in {state_dir}</translation>
    </message>
    <message>
        <source>calwizard engine: EWS protocol debugging is on: requests and responses (secrets masked) go to {path}</source>
        <translation>calwizard engine: EWS-Protokoll-Debugging ist an: Anfragen und Antworten (Geheimnisse maskiert) gehen nach {path}</translation>
    </message>
    <message>
        <source>calwizard engine: cannot start: EWS {kind}: {message}</source>
        <translation>calwizard engine: Start nicht möglich: EWS – {kind}: {message}</translation>
    </message>
    <message>
        <source>calwizard engine: stopped</source>
        <translation>calwizard engine: beendet</translation>
    </message>
    <message>
        <source>engine state {state_dir} ({running}); last full sync {when}</source>
        <translation>Engine-Zustand {state_dir} ({running}); letzter vollständiger Abgleich {when}</translation>
    </message>
    <message>
        <source>sink backlog: {waiting}, {dead}</source>
        <translation>Rückstau der Ziele: {waiting}, {dead}</translation>
    </message>
    <message>
        <source>{count} change(s) waiting</source>
        <translation>{count} wartende Änderung(en)</translation>
    </message>
    <message>
        <source>{count} dead letter(s)</source>
        <translation>{count} unzustellbare Änderung(en)</translation>
    </message>
    <message>
        <source>WARNING: {warning}. {remedy}</source>
        <translation>WARNUNG: {warning}. {remedy}</translation>
    </message>
    <message>
        <source>{what} valid until {date} ({days} days)</source>
        <translation>{what} gültig bis {date} ({days} Tage)</translation>
    </message>
    <message>
        <source>{count} delta link(s)</source>
        <translation>{count} Delta-Link(s)</translation>
    </message>
    <message>
        <source>Microsoft Graph change tracking: {links}, advanced between {oldest} and {newest}</source>
        <translation>Änderungsverfolgung von Microsoft Graph: {links}, fortgeschrieben zwischen {oldest} und {newest}</translation>
    </message>
    <message>
        <source>presence: {text}</source>
        <translation>Präsenz: {text}</translation>
    </message>
    <message>
        <source>recent events:</source>
        <translation>letzte Ereignisse:</translation>
    </message>
</context>
<context>
    <name>engine_health</name>
    <message>
        <source>, shard {shard}</source>
        <translation>, Shard {shard}</translation>
    </message>
    <message>
        <source>health: {status} (HTTP {http}{shard})</source>
        <translation>Zustand: {status} (HTTP {http}{shard})</translation>
    </message>
    <message>
        <source>; failing: {names}</source>
        <translation>; gestört: {names}</translation>
    </message>
    <message>
        <source>; needs attention: {names}</source>
        <translation>; braucht Aufmerksamkeit: {names}</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>verbunden</translation>
    </message>
    <message>
        <source>NOT connected</source>
        <translation>NICHT verbunden</translation>
    </message>
    <message>
        <source>  exchange: {state} ({backend})</source>
        <translation>  Exchange: {state} ({backend})</translation>
    </message>
    <message>
        <source>; last failure {kind} at {at}</source>
        <translation>; letzter Fehler {kind} um {at}</translation>
    </message>
    <message>
        <source>  streams: {open}/{groups} connection(s) open, {subscriptions} subscription(s); {drops} drop(s), {renewals} renewal(s)</source>
        <translation>  Streams: {open}/{groups} Verbindung(en) offen, {subscriptions} Abonnement(s); {drops} Abbrüche, {renewals} Erneuerungen</translation>
    </message>
    <message>
        <source>  delta queries: {watched} mailbox(es), {polls} poll(s), last {seconds} s ago</source>
        <translation>  Delta-Abfragen: {watched} Postfach/Postfächer, {polls} Abfrage(n), letzte vor {seconds} s</translation>
    </message>
    <message>
        <source>  users: {total} ({ok} ok</source>
        <translation>  Benutzer: {total} ({ok} in Ordnung</translation>
    </message>
    <message>
        <source>  last full sync {when}; last change {change}</source>
        <translation>  letzter vollständiger Abgleich {when}; letzte Änderung {change}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>in Ordnung</translation>
    </message>
    <message>
        <source>NOT ok</source>
        <translation>NICHT in Ordnung</translation>
    </message>
    <message>
        <source>  {name}: {state}</source>
        <translation>  {name}: {state}</translation>
    </message>
    <message>
        <source>PBX{name}: connected</source>
        <translation>PBX{name}: verbunden</translation>
    </message>
    <message>
        <source> for {seconds} s</source>
        <translation> seit {seconds} s</translation>
    </message>
    <message>
        <source>PBX{name}: NOT connected{down}</source>
        <translation>PBX{name}: NICHT verbunden{down}</translation>
    </message>
    <message>
        <source> (beyond the grace period)</source>
        <translation> (länger als die Kulanzzeit)</translation>
    </message>
    <message>
        <source>{count} user(s) replicated ({on_pbx} on the PBX)</source>
        <translation>{count} Benutzer repliziert ({on_pbx} auf der PBX)</translation>
    </message>
    <message>
        <source>{sent} SetPresence sent, {failed} failed, last {when}</source>
        <translation>{sent} SetPresence gesendet, {failed} fehlgeschlagen, zuletzt {when}</translation>
    </message>
    <message>
        <source>{count} reconnect(s)</source>
        <translation>{count} Wiederverbindung(en)</translation>
    </message>
    <message>
        <source>{count} failed attempt(s)</source>
        <translation>{count} fehlgeschlagene(r) Versuch(e)</translation>
    </message>
    <message>
        <source>last error: {error}</source>
        <translation>letzter Fehler: {error}</translation>
    </message>
</context>
<context>
    <name>engine_status</name>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>not running</source>
        <translation>läuft nicht</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>aufgelöst</translation>
    </message>
    <message>
        <source>not_found</source>
        <translation>nicht gefunden</translation>
    </message>
    <message>
        <source>ambiguous</source>
        <translation>mehrdeutig</translation>
    </message>
    <message>
        <source>no_email</source>
        <translation>ohne E-Mail</translation>
    </message>
    <message>
        <source>access_denied</source>
        <translation>kein Zugriff</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>added</source>
        <translation>hinzugefügt</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
    <message>
        <source>healthy</source>
        <translation>gesund</translation>
    </message>
    <message>
        <source>degraded</source>
        <translation>eingeschränkt</translation>
    </message>
    <message>
        <source>unhealthy</source>
        <translation>gestört</translation>
    </message>
</context>
<context>
    <name>entra_setup</name>
    <message>
        <source>calwizard creates app registrations for the app-only sync types only</source>
        <translation>calwizard erstellt App-Registrierungen nur für die App-only-Synchronisierungsarten</translation>
    </message>
    <message>
        <source>Choose Exchange Online, Microsoft Graph (or app-only EWS) on the Sync type page, or register the app by hand as the Entra app page describes.</source>
        <translation>Wählen Sie auf der Seite Synchronisierungsart Exchange Online, Microsoft Graph (oder app-only EWS), oder registrieren Sie die App von Hand, wie es die Seite Entra-App beschreibt.</translation>
    </message>
    <message>
        <source>The display name is empty: enter a name for the app registration.</source>
        <translation>Der Anzeigename ist leer: Geben Sie einen Namen für die App-Registrierung ein.</translation>
    </message>
    <message>
        <source>The display name is longer than 120 characters.</source>
        <translation>Der Anzeigename ist länger als 120 Zeichen.</translation>
    </message>
    <message>
        <source>The app ID to reuse, &apos;{value}&apos;, is not an application (client) ID (a GUID such as 00000000-0000-0000-0000-000000000000).</source>
        <translation>Die wiederzuverwendende App-ID &apos;{value}&apos; ist keine Anwendungs-ID (Client-ID) (eine GUID wie 00000000-0000-0000-0000-000000000000).</translation>
    </message>
    <message>
        <source>Reuse an existing app or create a new one under another name, not both.</source>
        <translation>Verwenden Sie eine vorhandene App wieder oder erstellen Sie eine neue unter einem anderen Namen, nicht beides.</translation>
    </message>
    <message>
        <source>The credential lifetime must be 1 to 24 months.</source>
        <translation>Die Gültigkeit der Anmeldeinformation muss 1 bis 24 Monate betragen.</translation>
    </message>
    <message>
        <source>{value} cannot be scoped with Exchange RBAC for Applications (no such role): choose tenant-wide consent, or Calendars.Read.</source>
        <translation>{value} lässt sich nicht mit Exchange RBAC für Anwendungen beschränken (keine solche Rolle): Wählen Sie die mandantenweite Zustimmung oder Calendars.Read.</translation>
    </message>
    <message>
        <source>{value} cannot be scoped with Exchange RBAC for Applications (no such role): choose tenant-wide consent.</source>
        <translation>{value} lässt sich nicht mit Exchange RBAC für Anwendungen beschränken (keine solche Rolle): Wählen Sie die mandantenweite Zustimmung.</translation>
    </message>
    <message>
        <source>the administrator&apos;s sign-in has expired</source>
        <translation>die Anmeldung des Administrators ist abgelaufen</translation>
    </message>
    <message>
        <source>Sign in again.</source>
        <translation>Melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>the sign-in failed: {why}</source>
        <translation>die Anmeldung ist fehlgeschlagen: {why}</translation>
    </message>
    <message>
        <source>Entra ID does not know the tenant &apos;{tenant}&apos;: {url} has no OpenID configuration</source>
        <translation>Entra ID kennt den Mandanten &apos;{tenant}&apos; nicht: {url} hat keine OpenID-Konfiguration</translation>
    </message>
    <message>
        <source>Check the tenant ID on the Entra app page (Entra admin center &gt; Overview &gt; Tenant ID) and the cloud setting, or leave the tenant ID empty: the administrator&apos;s sign-in then sets it.</source>
        <translation>Prüfen Sie die Mandanten-ID auf der Seite Entra-App (Entra Admin Center &gt; Übersicht &gt; Mandanten-ID) und die Cloud-Einstellung, oder lassen Sie die Mandanten-ID leer: Die Anmeldung des Administrators setzt sie dann.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>… and {n} more of that name.</source>
        <translation>… und {n} weitere dieses Namens.</translation>
    </message>
    <message>
        <source>Signed in as {user} (tenant {tenant}). calwizard will:</source>
        <translation>Angemeldet als {user} (Mandant {tenant}). calwizard wird:</translation>
    </message>
    <message>
        <source>Signed in as {user} (tenant {tenant}).</source>
        <translation>Angemeldet als {user} (Mandant {tenant}).</translation>
    </message>
    <message>
        <source>Warning: {text}</source>
        <translation>Warnung: {text}</translation>
    </message>
    <message>
        <source>Problem: {text}</source>
        <translation>Problem: {text}</translation>
    </message>
    <message>
        <source>Create the application</source>
        <translation>Die Anwendung erstellen</translation>
    </message>
    <message>
        <source>Add the client secret</source>
        <translation>Den geheimen Clientschlüssel hinzufügen</translation>
    </message>
    <message>
        <source>Upload the certificate</source>
        <translation>Das Zertifikat hochladen</translation>
    </message>
    <message>
        <source>Create the service principal</source>
        <translation>Den Dienstprinzipal erstellen</translation>
    </message>
    <message>
        <source>Grant admin consent</source>
        <translation>Die Administratorzustimmung erteilen</translation>
    </message>
    <message>
        <source>No tenant-wide consent (Exchange RBAC for Applications)</source>
        <translation>Keine mandantenweite Zustimmung (Exchange RBAC für Anwendungen)</translation>
    </message>
    <message>
        <source>Wait until Entra ID hands out the permission</source>
        <translation>Warten, bis Entra ID die Berechtigung ausgibt</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Planen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Delete the service principal</source>
        <translation>Den Dienstprinzipal löschen</translation>
    </message>
    <message>
        <source>Delete the application</source>
        <translation>Die Anwendung löschen</translation>
    </message>
    <message>
        <source>Use the existing application</source>
        <translation>Die vorhandene Anwendung verwenden</translation>
    </message>
    <message>
        <source>Add the API permission</source>
        <translation>Die API-Berechtigung hinzufügen</translation>
    </message>
    <message>
        <source>Remove the admin consent</source>
        <translation>Die Administratorzustimmung entfernen</translation>
    </message>
    <message>
        <source>Remove the client secret</source>
        <translation>Den geheimen Clientschlüssel entfernen</translation>
    </message>
    <message>
        <source>Remove the certificate</source>
        <translation>Das Zertifikat entfernen</translation>
    </message>
    <message>
        <source>Remove the API permission</source>
        <translation>Die API-Berechtigung entfernen</translation>
    </message>
    <message>
        <source>application {object_id} (client ID {client_id})</source>
        <translation>Anwendung {object_id} (Client-ID {client_id})</translation>
    </message>
    <message>
        <source>the API permission</source>
        <translation>die API-Berechtigung</translation>
    </message>
    <message>
        <source>a client secret</source>
        <translation>ein geheimer Clientschlüssel</translation>
    </message>
    <message>
        <source>a certificate</source>
        <translation>ein Zertifikat</translation>
    </message>
    <message>
        <source>the admin consent</source>
        <translation>die Administratorzustimmung</translation>
    </message>
    <message>
        <source>{added} on the existing application (client ID {client_id})</source>
        <translation>{added} an der vorhandenen Anwendung (Client-ID {client_id})</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <source>{step} failed: {message}</source>
        <translation>{step} fehlgeschlagen: {message}</translation>
    </message>
    <message>
        <source>{user} may not change the application &apos;{name}&apos; (Authorization_RequestDenied: not an owner of it, and no role that may change any app)</source>
        <translation>{user} darf die Anwendung &apos;{name}&apos; nicht ändern (Authorization_RequestDenied: nicht ihr Besitzer und keine Rolle, die jede App ändern darf)</translation>
    </message>
    <message>
        <source>Sign in as Application Administrator, Cloud Application Administrator or Global Administrator, or as an owner of the app; or create a new app under another name.</source>
        <translation>Melden Sie sich als Anwendungsadministrator, Cloudanwendungsadministrator oder globaler Administrator an, oder als Besitzer der App; oder erstellen Sie eine neue App unter einem anderen Namen.</translation>
    </message>
    <message>
        <source>Or choose &apos;scoped to the synced mailboxes&apos; (Exchange RBAC for Applications): it needs no tenant-wide consent.</source>
        <translation>Oder wählen Sie &apos;auf die synchronisierten Postfächer beschränkt&apos; (Exchange RBAC für Anwendungen): Das braucht keine mandantenweite Zustimmung.</translation>
    </message>
    <message>
        <source>{user} may not grant {value} (Authorization_RequestDenied: not an administrator who may consent)</source>
        <translation>{user} darf {value} nicht erteilen (Authorization_RequestDenied: kein Administrator, der zustimmen darf)</translation>
    </message>
    <message>
        <source>Sign in as {granters} (Microsoft Learn: &apos;Grant tenant-wide admin consent to an application&apos;), or have one grant the consent in the Entra admin center.</source>
        <translation>Melden Sie sich als {granters} an (Microsoft Learn: &apos;Grant tenant-wide admin consent to an application&apos;) oder lassen Sie einen solchen Administrator die Zustimmung im Entra Admin Center erteilen.</translation>
    </message>
    <message>
        <source>{user} may not create app registrations here (Authorization_RequestDenied)</source>
        <translation>{user} darf hier keine App-Registrierungen erstellen (Authorization_RequestDenied)</translation>
    </message>
    <message>
        <source>Sign in as Application Administrator, Cloud Application Administrator or Global Administrator, or ask one to allow users to register applications.</source>
        <translation>Melden Sie sich als Anwendungsadministrator, Cloudanwendungsadministrator oder globaler Administrator an, oder bitten Sie einen solchen, Benutzern das Registrieren von Anwendungen zu erlauben.</translation>
    </message>
    <message>
        <source>the administrator&apos;s sign-in was not accepted or has expired</source>
        <translation>die Anmeldung des Administrators wurde nicht akzeptiert oder ist abgelaufen</translation>
    </message>
    <message>
        <source>Microsoft Graph answered HTTP {status} {code}: {message}</source>
        <translation>Microsoft Graph hat mit HTTP {status} {code} geantwortet: {message}</translation>
    </message>
    <message>
        <source>Try again; if it persists, create the app by hand as the Entra app page describes.</source>
        <translation>Versuchen Sie es erneut; bleibt der Fehler, erstellen Sie die App von Hand, wie es die Seite Entra-App beschreibt.</translation>
    </message>
    <message>
        <source>Microsoft Graph cannot be reached: {why}</source>
        <translation>Microsoft Graph ist nicht erreichbar: {why}</translation>
    </message>
    <message>
        <source>The tenant has no service principal for {name} ({id}): the tenant may lack Exchange Online, or the cloud setting does not match the tenant.</source>
        <translation>Der Mandant hat keinen Dienstprinzipal für {name} ({id}): Dem Mandanten fehlt vielleicht Exchange Online, oder die Cloud-Einstellung passt nicht zum Mandanten.</translation>
    </message>
    <message>
        <source>No app registration with the app ID {id} exists in tenant {tenant}.</source>
        <translation>Im Mandanten {tenant} gibt es keine App-Registrierung mit der App-ID {id}.</translation>
    </message>
    <message>
        <source>{n} applications are named &apos;{name}&apos;. Choose the one to reuse (calwizard adds what it lacks and changes nothing else on it), or create a new one named &apos;{proposed}&apos;.</source>
        <translation>{n} Anwendungen heißen &apos;{name}&apos;. Wählen Sie die wiederzuverwendende (calwizard ergänzt, was ihr fehlt, und ändert sonst nichts an ihr) oder erstellen Sie eine neue namens &apos;{proposed}&apos;.</translation>
    </message>
    <message>
        <source>Reuse it (calwizard adds what it lacks and changes nothing else on it), or create a new one named &apos;{proposed}&apos;.</source>
        <translation>Verwenden Sie sie wieder (calwizard ergänzt, was ihr fehlt, und ändert sonst nichts an ihr) oder erstellen Sie eine neue namens &apos;{proposed}&apos;.</translation>
    </message>
    <message>
        <source>no administrator role</source>
        <translation>keine Administratorrolle</translation>
    </message>
    <message>
        <source>{user} holds {held} according to the sign-in; granting {value} needs {granters} (Microsoft Learn: &apos;Grant tenant-wide admin consent to an application&apos;). The consent step will fail unless a custom role allows it.</source>
        <translation>{user} hat laut Anmeldung {held}; {value} zu erteilen erfordert {granters} (Microsoft Learn: &apos;Grant tenant-wide admin consent to an application&apos;). Der Zustimmungsschritt schlägt fehl, wenn keine benutzerdefinierte Rolle es erlaubt.</translation>
    </message>
    <message>
        <source>{user} holds no role that may change any app registration ({roles}): changing &apos;{name}&apos; works only if {user} is one of its owners.</source>
        <translation>{user} hat keine Rolle, die jede App-Registrierung ändern darf ({roles}): &apos;{name}&apos; lässt sich nur ändern, wenn {user} einer ihrer Besitzer ist.</translation>
    </message>
    <message>
        <source>Tenant-wide consent lets the app read every mailbox of the tenant; an Exchange RBAC for Applications scope added later does not narrow it (the two grants add up).</source>
        <translation>Die mandantenweite Zustimmung lässt die App jedes Postfach des Mandanten lesen; ein später hinzugefügter Bereich von Exchange RBAC für Anwendungen schränkt das nicht ein (die beiden Berechtigungen addieren sich).</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; holds {value} tenant-wide already (admin consent): an Exchange RBAC for Applications scope does not narrow that (the two grants add up). calwizard leaves the consent alone; remove it in the Entra admin center (Enterprise applications &gt; Permissions) for the app to read only the synced mailboxes.</source>
        <translation>&apos;{name}&apos; hat {value} bereits mandantenweit (Administratorzustimmung): Ein Bereich von Exchange RBAC für Anwendungen schränkt das nicht ein (die beiden Berechtigungen addieren sich). calwizard lässt die Zustimmung unverändert; entfernen Sie sie im Entra Admin Center (Unternehmensanwendungen &gt; Berechtigungen), damit die App nur die synchronisierten Postfächer liest.</translation>
    </message>
    <message>
        <source>{step} &apos;{name}&apos; (single tenant) requesting {permission}</source>
        <translation>{step} &apos;{name}&apos; (einzelner Mandant) mit der Berechtigung {permission}</translation>
    </message>
    <message>
        <source>{step} &apos;{name}&apos; (app ID {id}); nothing on it is deleted or replaced</source>
        <translation>{step} &apos;{name}&apos; (App-ID {id}); nichts daran wird gelöscht oder ersetzt</translation>
    </message>
    <message>
        <source>{step}: {permission} (its other permissions stay)</source>
        <translation>{step}: {permission} (ihre anderen Berechtigungen bleiben)</translation>
    </message>
    <message>
        <source>; its existing credentials stay</source>
        <translation>; ihre vorhandenen Anmeldeinformationen bleiben</translation>
    </message>
    <message>
        <source>{step} (valid {months} months; kept in the secret store, never shown)</source>
        <translation>{step} (gültig {months} Monate; im Geheimnisspeicher abgelegt, nie angezeigt)</translation>
    </message>
    <message>
        <source>{step}: a certificate generated on this computer (valid {months} months; private key kept in the secret store)</source>
        <translation>{step}: ein auf diesem Computer erzeugtes Zertifikat (gültig {months} Monate; privater Schlüssel im Geheimnisspeicher)</translation>
    </message>
    <message>
        <source>Admin consent for {value}: granted already (kept as it is)</source>
        <translation>Administratorzustimmung für {value}: bereits erteilt (bleibt, wie sie ist)</translation>
    </message>
    <message>
        <source>{step} for {value}: tenant-wide (an app role assignment; every mailbox)</source>
        <translation>{step} für {value}: mandantenweit (eine App-Rollenzuweisung; jedes Postfach)</translation>
    </message>
    <message>
        <source>{step}: you then run the Exchange Online PowerShell shown, which limits the app to the synced mailboxes</source>
        <translation>{step}: Sie führen danach das gezeigte Exchange Online PowerShell aus, das die App auf die synchronisierten Postfächer beschränkt</translation>
    </message>
    <message>
        <source>{step}, then check the app&apos;s token</source>
        <translation>{step}, dann das Token der App prüfen</translation>
    </message>
    <message>
        <source>client ID {id}</source>
        <translation>Client-ID {id}</translation>
    </message>
    <message>
        <source>the answer carried no secretText</source>
        <translation>die Antwort enthielt keinen secretText</translation>
    </message>
    <message>
        <source>expires {day}</source>
        <translation>läuft ab am {day}</translation>
    </message>
    <message>
        <source>thumbprint {thumbprint}, expires {day}</source>
        <translation>Fingerabdruck {thumbprint}, läuft ab am {day}</translation>
    </message>
    <message>
        <source>it has one: object ID {id}</source>
        <translation>vorhanden: Objekt-ID {id}</translation>
    </message>
    <message>
        <source>object ID {id}</source>
        <translation>Objekt-ID {id}</translation>
    </message>
    <message>
        <source>{value} was granted already</source>
        <translation>{value} war bereits erteilt</translation>
    </message>
    <message>
        <source>{value} granted tenant-wide</source>
        <translation>{value} mandantenweit erteilt</translation>
    </message>
    <message>
        <source>run the Exchange Online PowerShell shown</source>
        <translation>führen Sie das gezeigte Exchange Online PowerShell aus</translation>
    </message>
    <message>
        <source>the creation was cancelled</source>
        <translation>das Erstellen wurde abgebrochen</translation>
    </message>
    <message>
        <source>the service principal</source>
        <translation>der Dienstprinzipal</translation>
    </message>
    <message>
        <source>client secrets: {n} (the last expires {day})</source>
        <translation>geheime Clientschlüssel: {n} (der letzte läuft ab am {day})</translation>
    </message>
    <message>
        <source>certificates: {n} (the last expires {day})</source>
        <translation>Zertifikate: {n} (das letzte läuft ab am {day})</translation>
    </message>
    <message>
        <source>no client secret or certificate</source>
        <translation>kein geheimer Clientschlüssel und kein Zertifikat</translation>
    </message>
    <message>
        <source>An application &apos;{name}&apos; already exists (app ID {id}, created {day}); its permissions: {permissions}; {credentials}.</source>
        <translation>Eine Anwendung &apos;{name}&apos; gibt es bereits (App-ID {id}, erstellt {day}); ihre Berechtigungen: {permissions}; {credentials}.</translation>
    </message>
    <message>
        <source>{resource} {value} ({kind}{granted})</source>
        <translation>{resource} {value} ({kind}{granted})</translation>
    </message>
    <message>
        <source>application</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>delegated</source>
        <translation>delegiert</translation>
    </message>
    <message>
        <source>, admin consent granted</source>
        <translation>, Administratorzustimmung erteilt</translation>
    </message>
    <message>
        <source>{resource} {value} (application, admin consent granted)</source>
        <translation>{resource} {value} (Anwendung, Administratorzustimmung erteilt)</translation>
    </message>
    <message>
        <source>the application</source>
        <translation>die Anwendung</translation>
    </message>
    <message>
        <source>the client secret</source>
        <translation>der geheime Clientschlüssel</translation>
    </message>
    <message>
        <source>the certificate</source>
        <translation>das Zertifikat</translation>
    </message>
    <message>
        <source>the token carries {want} after {waited:.0f} s</source>
        <translation>das Token enthält {want} nach {waited:.0f} s</translation>
    </message>
    <message>
        <source>the app signs in (after {waited:.0f} s)</source>
        <translation>die App meldet sich an (nach {waited:.0f} s)</translation>
    </message>
    <message>
        <source>; the token does not carry {want} yet</source>
        <translation>; das Token enthält {want} noch nicht</translation>
    </message>
    <message>
        <source>; Entra ID does not know the new credential yet</source>
        <translation>; Entra ID kennt die neue Anmeldeinformation noch nicht</translation>
    </message>
    <message>
        <source>not granted after {timeout:.0f} s</source>
        <translation>nach {timeout:.0f} s nicht erteilt</translation>
    </message>
    <message>
        <source>the permission did not show in the app&apos;s token within {timeout:.0f} s</source>
        <translation>die Berechtigung ist nicht innerhalb von {timeout:.0f} s im Token der App erschienen</translation>
    </message>
    <message>
        <source>Entra ID can take several minutes: validate again later (nothing needs to be created again).</source>
        <translation>Entra ID kann mehrere Minuten brauchen: Validieren Sie später erneut (nichts muss neu erstellt werden).</translation>
    </message>
    <message>
        <source>{permission}: tenant-wide admin consent (app role assignment)</source>
        <translation>{permission}: mandantenweite Administratorzustimmung (App-Rollenzuweisung)</translation>
    </message>
    <message>
        <source>{permission}: no tenant-wide consent; scoped with Exchange RBAC for Applications</source>
        <translation>{permission}: keine mandantenweite Zustimmung; beschränkt mit Exchange RBAC für Anwendungen</translation>
    </message>
</context>
<context>
    <name>exchange</name>
    <message>
        <source>nothing (access denied)</source>
        <translation>nichts (Zugriff verweigert)</translation>
    </message>
    <message>
        <source>free/busy times only: presence without subject (&quot;Busy until 12:30&quot;)</source>
        <translation>nur Frei/Gebucht-Zeiten: Präsenz ohne Betreff („Gebucht bis 12:30“)</translation>
    </message>
    <message>
        <source>free/busy, subject and location: the full presence text</source>
        <translation>Frei/Gebucht, Betreff und Ort: der vollständige Präsenztext</translation>
    </message>
    <message>
        <source>every detail of the appointments: the full presence text</source>
        <translation>jedes Detail der Termine: der vollständige Präsenztext</translation>
    </message>
    <message>
        <source>the service account</source>
        <translation>das Dienstkonto</translation>
    </message>
    <message>
        <source>private appointments are shown as &quot;Private&quot;</source>
        <translation>private Termine erscheinen als „Privat“</translation>
    </message>
    <message>
        <source>Microsoft Graph, application permission {value} (limited by the app&apos;s Exchange RBAC for Applications scope)</source>
        <translation>Microsoft Graph, Anwendungsberechtigung {value} (durch den Bereich der App in Exchange RBAC für Anwendungen beschränkt)</translation>
    </message>
    <message>
        <source>every appointment with subject and location; {private}</source>
        <translation>jeder Termin mit Betreff und Ort; {private}</translation>
    </message>
    <message>
        <source>EWS, application permission full_access_as_app with impersonation (limited by the app&apos;s RBAC for Applications scope or application access policy)</source>
        <translation>EWS, Anwendungsberechtigung full_access_as_app mit Identitätswechsel (durch den Bereich der App in RBAC für Anwendungen oder eine Anwendungszugriffsrichtlinie beschränkt)</translation>
    </message>
    <message>
        <source>what the owner sees: every appointment with subject and location; {private}</source>
        <translation>was der Besitzer sieht: jeder Termin mit Betreff und Ort; {private}</translation>
    </message>
    <message>
        <source>EWS delegate access: {who} opens each calendar with its own folder permission (explicit access, no impersonation)</source>
        <translation>EWS-Stellvertreterzugriff: {who} öffnet jeden Kalender mit seiner eigenen Ordnerberechtigung (ausdrücklicher Zugriff, kein Identitätswechsel)</translation>
    </message>
    <message>
        <source>what each calendar&apos;s folder permission allows; at least {least_level} is needed</source>
        <translation>was die Ordnerberechtigung jedes Kalenders erlaubt; mindestens {least_level} ist nötig</translation>
    </message>
    <message>
        <source>EWS impersonation: {who} acts as each mailbox (ApplicationImpersonation role, limited by its management scope)</source>
        <translation>EWS-Identitätswechsel: {who} handelt als jedes Postfach (Rolle ApplicationImpersonation, durch ihren Verwaltungsbereich beschränkt)</translation>
    </message>
    <message>
        <source>unknown (the server did not say)</source>
        <translation>unbekannt (der Server hat es nicht gesagt)</translation>
    </message>
    <message>
        <source>private items</source>
        <translation>private Elemente</translation>
    </message>
    <message>
        <source>own entry</source>
        <translation>eigener Eintrag</translation>
    </message>
    <message>
        <source>effective rights</source>
        <translation>effektive Rechte</translation>
    </message>
    <message>
        <source>&lt;service account&gt;</source>
        <translation>&lt;Dienstkonto&gt;</translation>
    </message>
    <message>
        <source># Delegate access for calendar sync: {svc} gets {level} on each calendar (no impersonation)</source>
        <translation># Stellvertreterzugriff für die Kalendersynchronisierung: {svc} erhält {level} auf jedem Kalender (kein Identitätswechsel)</translation>
    </message>
    <message>
        <source># Check what the service account holds on each calendar</source>
        <translation># Prüfen, was das Dienstkonto auf jedem Kalender hat</translation>
    </message>
    <message>
        <source># Mailboxes that must stay out of reach: the service account must hold no permission there</source>
        <translation># Postfächer, die unerreichbar bleiben müssen: Das Dienstkonto darf dort keine Berechtigung haben</translation>
    </message>
    <message>
        <source># ApplicationImpersonation for {svc}, limited to the synced mailboxes</source>
        <translation># ApplicationImpersonation für {svc}, auf die synchronisierten Postfächer beschränkt</translation>
    </message>
    <message>
        <source># (rooms only, as booking systems do: -RecipientRestrictionFilter &quot;RecipientTypeDetails -eq &apos;RoomMailbox&apos;&quot;)</source>
        <translation># (nur Räume, wie Buchungssysteme es tun: -RecipientRestrictionFilter &quot;RecipientTypeDetails -eq &apos;RoomMailbox&apos;&quot;)</translation>
    </message>
    <message>
        <source># Remove any wider assignment the account still has (it would make the scope pointless):</source>
        <translation># Jede weitergehende Zuweisung entfernen, die das Konto noch hat (sie würde den Bereich sinnlos machen):</translation>
    </message>
    <message>
        <source># Mailboxes that must stay out of reach: must NOT be members of the scope&apos;s group</source>
        <translation># Postfächer, die unerreichbar bleiben müssen: dürfen KEINE Mitglieder der Gruppe des Bereichs sein</translation>
    </message>
    <message>
        <source>Delegate access needs a folder permission for {svc} on {mailbox}&apos;s calendar (at least {level}). Exchange Management Shell (the Mailboxes page has the helper for every mailbox):
</source>
        <translation>Stellvertreterzugriff braucht eine Ordnerberechtigung für {svc} auf dem Kalender von {mailbox} (mindestens {level}). Exchange Management Shell (die Seite Postfächer hat die Hilfsfunktion für jedes Postfach):
</translation>
    </message>
    <message>
        <source># the folder may be named after the mailbox language, e.g. Kalender</source>
        <translation># der Kalenderordner kann einen übersetzten Namen haben (z. B. Kalender)</translation>
    </message>
    <message>
        <source>The app impersonates {mailbox} with full_access_as_app, and its access is limited (Exchange RBAC for Applications or an application access policy): add the mailbox to the scope&apos;s group (e.g. Add-DistributionGroupMember), then check with Test-ServicePrincipalAuthorization -Identity {app} -Resource {mailbox}.</source>
        <translation>Die App wechselt mit full_access_as_app zur Identität von {mailbox}, und ihr Zugriff ist beschränkt (Exchange RBAC für Anwendungen oder eine Anwendungszugriffsrichtlinie): Fügen Sie das Postfach zur Gruppe des Bereichs hinzu (z. B. Add-DistributionGroupMember) und prüfen Sie dann mit Test-ServicePrincipalAuthorization -Identity {app} -Resource {mailbox}.</translation>
    </message>
    <message>
        <source>Microsoft Graph denied {mailbox}: add it to the app&apos;s Exchange RBAC for Applications scope (or grant admin consent for the Graph application permission).</source>
        <translation>Microsoft Graph hat {mailbox} verweigert: Fügen Sie es dem Bereich der App in Exchange RBAC für Anwendungen hinzu (oder erteilen Sie die Administratorzustimmung für die Graph-Anwendungsberechtigung).</translation>
    </message>
    <message>
        <source>{svc} may not impersonate {mailbox}: its ApplicationImpersonation role assignment does not cover this mailbox. Add the mailbox to the management scope&apos;s group (Add-DistributionGroupMember &quot;{scope} mailboxes&quot; -Member {mailbox}), or assign the role for it: New-ManagementRoleAssignment -Role ApplicationImpersonation -User &quot;{svc}&quot; -CustomRecipientWriteScope &lt;scope including it&gt;.</source>
        <translation>{svc} darf für {mailbox} keinen Identitätswechsel ausführen: Seine ApplicationImpersonation-Rollenzuweisung deckt dieses Postfach nicht ab. Fügen Sie das Postfach zur Gruppe des Verwaltungsbereichs hinzu (Add-DistributionGroupMember &quot;{scope} mailboxes&quot; -Member {mailbox}), oder weisen Sie die Rolle dafür zu: New-ManagementRoleAssignment -Role ApplicationImpersonation -User &quot;{svc}&quot; -CustomRecipientWriteScope &lt;Bereich, der es einschließt&gt;.</translation>
    </message>
    <message>
        <source>{svc} impersonates {mailbox}, i.e. acts as its owner, and was still refused: a folder permission does not change that. Check that the mailbox is in this Exchange organization, that no Deny entry blocks the service account (Get-MailboxPermission), and the Exchange server&apos;s event log.</source>
        <translation>{svc} handelt per Identitätswechsel als {mailbox}, also als dessen Besitzer, und wurde trotzdem abgewiesen: Eine Ordnerberechtigung ändert daran nichts. Prüfen Sie, ob das Postfach in dieser Exchange-Organisation liegt, ob kein Deny-Eintrag das Dienstkonto blockiert (Get-MailboxPermission), und das Ereignisprotokoll des Exchange-Servers.</translation>
    </message>
    <message>
        <source>Autodiscover at {host} answered error {code}{text}</source>
        <translation>Autodiscover unter {host} antwortete mit Fehler {code}{text}</translation>
    </message>
    <message>
        <source>The server does not know this address: check the spelling, and that the mailbox is hosted in this Exchange organization.</source>
        <translation>Der Server kennt diese Adresse nicht: Prüfen Sie die Schreibweise und ob das Postfach in dieser Exchange-Organisation liegt.</translation>
    </message>
    <message>
        <source>The address exists but has no Exchange configuration (e.g. a mail contact): use the address of a mailbox hosted in this Exchange organization.</source>
        <translation>Die Adresse existiert, hat aber keine Exchange-Konfiguration (z. B. ein E-Mail-Kontakt): Verwenden Sie die Adresse eines Postfachs in dieser Exchange-Organisation.</translation>
    </message>
    <message>
        <source>The server answered like an Autodiscover service but rejected the request as invalid: typically a web hoster&apos;s or proxy&apos;s catch-all for autodiscover.xml, not Exchange. Point the DNS name autodiscover.&lt;domain&gt; at the Exchange server, or enter the Exchange server&apos;s Autodiscover URL (e.g. https://mail.&lt;domain&gt;) or the EWS URL explicitly.</source>
        <translation>Der Server antwortete wie ein Autodiscover-Dienst, lehnte die Anfrage aber als ungültig ab: typischerweise ein Auffangziel für autodiscover.xml bei einem Webhoster oder Proxy, nicht Exchange. Lassen Sie den DNS-Namen autodiscover.&lt;domain&gt; auf den Exchange-Server zeigen, oder geben Sie die Autodiscover-URL des Exchange-Servers (z. B. https://mail.&lt;domain&gt;) oder die EWS-URL ausdrücklich ein.</translation>
    </message>
    <message>
        <source>The server cannot answer with the Outlook response schema (2006a), so it is not Exchange&apos;s Autodiscover for this mailbox: enter the Exchange server&apos;s Autodiscover URL or the EWS URL explicitly.</source>
        <translation>Der Server kann nicht mit dem Outlook-Antwortschema (2006a) antworten, ist also nicht das Autodiscover von Exchange für dieses Postfach: Geben Sie die Autodiscover-URL des Exchange-Servers oder die EWS-URL ausdrücklich ein.</translation>
    </message>
    <message>
        <source>Exchange knows the address but its configuration is incomplete: an Exchange administrator should check the Autodiscover and EWS virtual directories (Get-AutodiscoverVirtualDirectory, Get-WebServicesVirtualDirectory) and the event log.</source>
        <translation>Exchange kennt die Adresse, aber ihre Konfiguration ist unvollständig: Ein Exchange-Administrator sollte die virtuellen Verzeichnisse für Autodiscover und EWS prüfen (Get-AutodiscoverVirtualDirectory, Get-WebServicesVirtualDirectory) und das Ereignisprotokoll.</translation>
    </message>
    <message>
        <source>Autodiscover failed inside the Exchange server: check its application event log, then try again.</source>
        <translation>Autodiscover ist im Exchange-Server fehlgeschlagen: Prüfen Sie sein Anwendungsereignisprotokoll und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The server does not know the EWS settings calwizard asks for: enter the EWS URL explicitly.</source>
        <translation>Der Server kennt die EWS-Einstellungen nicht, die calwizard abfragt: Geben Sie die EWS-URL ausdrücklich ein.</translation>
    </message>
    <message>
        <source>The server has no EWS URL for this mailbox: an Exchange administrator should set the internal/external URL of the EWS virtual directory (Set-WebServicesVirtualDirectory).</source>
        <translation>Der Server hat keine EWS-URL für dieses Postfach: Ein Exchange-Administrator sollte die interne/externe URL des virtuellen EWS-Verzeichnisses setzen (Set-WebServicesVirtualDirectory).</translation>
    </message>
    <message>
        <source>The Autodiscover service is busy: try again in a minute.</source>
        <translation>Der Autodiscover-Dienst ist ausgelastet: Versuchen Sie es in einer Minute erneut.</translation>
    </message>
    <message>
        <source>See the server&apos;s message; check the Exchange server&apos;s Autodiscover configuration and event log.</source>
        <translation>Siehe die Meldung des Servers; prüfen Sie die Autodiscover-Konfiguration und das Ereignisprotokoll des Exchange-Servers.</translation>
    </message>
    <message>
        <source>{url} answered, but not with {what}</source>
        <translation>{url} hat geantwortet, aber nicht mit {what}</translation>
    </message>
    <message>
        <source>Autodiscover XML</source>
        <translation>Autodiscover-XML</translation>
    </message>
    <message>
        <source>{url} answered XML, but not an Autodiscover response</source>
        <translation>{url} hat XML geantwortet, aber keine Autodiscover-Antwort</translation>
    </message>
    <message>
        <source>(no code)</source>
        <translation>(kein Code)</translation>
    </message>
    <message>
        <source>{url} answered, but reported no EWS URL for {email}</source>
        <translation>{url} hat geantwortet, aber keine EWS-URL für {email} gemeldet</translation>
    </message>
    <message>
        <source>Check that the mailbox exists and EWS is enabled on the server.</source>
        <translation>Prüfen Sie, ob das Postfach existiert und EWS auf dem Server aktiviert ist.</translation>
    </message>
    <message>
        <source>SOAP Autodiscover XML</source>
        <translation>SOAP-Autodiscover-XML</translation>
    </message>
    <message>
        <source>SOAP fault</source>
        <translation>SOAP-Fehler</translation>
    </message>
    <message>
        <source>{url} answered XML, but not a GetUserSettings response</source>
        <translation>{url} hat XML geantwortet, aber keine GetUserSettings-Antwort</translation>
    </message>
    <message>
        <source>{url} answered, but without a UserResponse for {email}</source>
        <translation>{url} hat geantwortet, aber ohne UserResponse für {email}</translation>
    </message>
    <message>
        <source>more than {MAX_HOPS} Autodiscover redirects (last at {url})</source>
        <translation>mehr als {MAX_HOPS} Autodiscover-Weiterleitungen (zuletzt unter {url})</translation>
    </message>
    <message>
        <source>Check the Autodiscover redirects configured on the servers.</source>
        <translation>Prüfen Sie die auf den Servern konfigurierten Autodiscover-Weiterleitungen.</translation>
    </message>
    <message>
        <source>Autodiscover for {email} found nothing within {deadline:g} s</source>
        <translation>Autodiscover für {email} fand innerhalb von {deadline:g} s nichts</translation>
    </message>
    <message>
        <source>Check the Autodiscover DNS records and firewalls, or enter the Autodiscover URL explicitly.</source>
        <translation>Prüfen Sie die Autodiscover-DNS-Einträge und Firewalls, oder geben Sie die Autodiscover-URL ausdrücklich ein.</translation>
    </message>
    <message>
        <source>Autodiscover redirected to an invalid address {target}</source>
        <translation>Autodiscover leitete auf eine ungültige Adresse {target} weiter</translation>
    </message>
    <message>
        <source>Check the Autodiscover configuration of the server.</source>
        <translation>Prüfen Sie die Autodiscover-Konfiguration des Servers.</translation>
    </message>
    <message>
        <source>{message} for {email}</source>
        <translation>{message} für {email}</translation>
    </message>
    <message>
        <source>Autodiscover: {host} rejected the credentials for {email}</source>
        <translation>Autodiscover: {host} hat die Anmeldedaten für {email} abgelehnt</translation>
    </message>
    <message>
        <source>Autodiscover found no server for {email}</source>
        <translation>Autodiscover fand keinen Server für {email}</translation>
    </message>
    <message>
        <source>skipped: already tried by another candidate (or a redirect loop)</source>
        <translation>übersprungen: schon von einem anderen Kandidaten versucht (oder eine Weiterleitungsschleife)</translation>
    </message>
    <message>
        <source>redirect loop at {url}</source>
        <translation>Weiterleitungsschleife bei {url}</translation>
    </message>
    <message>
        <source>cancelled: another candidate answered first</source>
        <translation>abgebrochen: ein anderer Kandidat hat zuerst geantwortet</translation>
    </message>
    <message>
        <source>HTTP {status} redirect to {target}</source>
        <translation>HTTP-{status}-Weiterleitung nach {target}</translation>
    </message>
    <message>
        <source>{url} redirected to a non-https URL {target}</source>
        <translation>{url} leitete auf eine Nicht-https-URL {target} weiter</translation>
    </message>
    <message>
        <source>HTTP {status} (an http candidate is only used for a redirect)</source>
        <translation>HTTP {status} (ein http-Kandidat wird nur für eine Weiterleitung verwendet)</translation>
    </message>
    <message>
        <source>{url}: no redirect</source>
        <translation>{url}: keine Weiterleitung</translation>
    </message>
    <message>
        <source>HTTP 401: credentials rejected (server offers: {schemes})</source>
        <translation>HTTP 401: Anmeldedaten abgelehnt (der Server bietet an: {schemes})</translation>
    </message>
    <message>
        <source>{url} rejected the credentials</source>
        <translation>{url} hat die Anmeldedaten abgelehnt</translation>
    </message>
    <message>
        <source>{url} answered HTTP {status}</source>
        <translation>{url} antwortete HTTP {status}</translation>
    </message>
    <message>
        <source>redirectUrl to {target}</source>
        <translation>redirectUrl nach {target}</translation>
    </message>
    <message>
        <source>redirectAddr to {target}</source>
        <translation>redirectAddr nach {target}</translation>
    </message>
    <message>
        <source>{value} settings (EWS {found})</source>
        <translation>{value}-Einstellungen (EWS {found})</translation>
    </message>
    <message>
        <source>The server rejected the credentials: check the user and password (on-premises: the account must be able to log on to Exchange with NTLM).</source>
        <translation>Der Server hat die Anmeldedaten abgelehnt: Prüfen Sie Benutzer und Passwort (lokal: Das Konto muss sich mit NTLM an Exchange anmelden können).</translation>
    </message>
    <message>
        <source>Create the DNS record autodiscover.&lt;domain&gt; pointing at the Exchange server, or enter the Autodiscover URL (e.g. https://mail.&lt;domain&gt;) explicitly.</source>
        <translation>Legen Sie den DNS-Eintrag autodiscover.&lt;domain&gt; an, der auf den Exchange-Server zeigt, oder geben Sie die Autodiscover-URL (z. B. https://mail.&lt;domain&gt;) ausdrücklich ein.</translation>
    </message>
    <message>
        <source>not JSON</source>
        <translation>kein JSON</translation>
    </message>
    <message>
        <source>{url} did not answer with Autodiscover v2 JSON</source>
        <translation>{url} hat nicht mit Autodiscover-v2-JSON geantwortet</translation>
    </message>
    <message>
        <source>EWS URL {url}</source>
        <translation>EWS-URL {url}</translation>
    </message>
    <message>
        <source>Autodiscover v2 at {url} answered HTTP {status} without an EWS URL</source>
        <translation>Autodiscover v2 unter {url} antwortete HTTP {status} ohne EWS-URL</translation>
    </message>
    <message>
        <source>Check that the user has an Exchange Online mailbox.</source>
        <translation>Prüfen Sie, ob der Benutzer ein Exchange-Online-Postfach hat.</translation>
    </message>
    <message>
        <source>Entra admin center (entra.microsoft.com) &gt; Identity &gt; Applications &gt; App registrations &gt; your app</source>
        <translation>Entra Admin Center (entra.microsoft.com) &gt; Identität &gt; Anwendungen &gt; App-Registrierungen &gt; Ihre App</translation>
    </message>
    <message>
        <source>The client secret is wrong</source>
        <translation>Der geheime Clientschlüssel ist falsch</translation>
    </message>
    <message>
        <source>Copy the secret&apos;s Value (not its Secret ID) from {app_blade} &gt; Certificates &amp; secrets; if the value is hidden, create a new client secret and paste its value.</source>
        <translation>Kopieren Sie den Wert des Schlüssels (nicht seine Geheimnis-ID) aus {app_blade} &gt; Zertifikate &amp; Geheimnisse; ist der Wert verborgen, erstellen Sie einen neuen geheimen Clientschlüssel und fügen Sie dessen Wert ein.</translation>
    </message>
    <message>
        <source>The client secret has expired</source>
        <translation>Der geheime Clientschlüssel ist abgelaufen</translation>
    </message>
    <message>
        <source>Create a new client secret in {app_blade} &gt; Certificates &amp; secrets and paste its Value into &apos;Client secret&apos;; note the new expiry date.</source>
        <translation>Erstellen Sie in {app_blade} &gt; Zertifikate &amp; Geheimnisse einen neuen geheimen Clientschlüssel und fügen Sie seinen Wert unter &apos;Geheimer Clientschlüssel&apos; ein; notieren Sie das neue Ablaufdatum.</translation>
    </message>
    <message>
        <source>The application (client) ID is not known in this tenant</source>
        <translation>Die Anwendungs-ID (Client) ist in diesem Mandanten nicht bekannt</translation>
    </message>
    <message>
        <source>Copy the Application (client) ID from {app_blade} &gt; Overview; check the tenant ID belongs to the same tenant; for a multi-tenant app an administrator of this tenant must consent first.</source>
        <translation>Kopieren Sie die Anwendungs-ID (Client) aus {app_blade} &gt; Übersicht; prüfen Sie, ob die Mandanten-ID zum selben Mandanten gehört; bei einer mehrinstanzenfähigen App muss zuerst ein Administrator dieses Mandanten zustimmen.</translation>
    </message>
    <message>
        <source>The tenant does not exist</source>
        <translation>Der Mandant existiert nicht</translation>
    </message>
    <message>
        <source>Copy the Directory (tenant) ID from {app_blade} &gt; Overview (or use a verified domain of the tenant).</source>
        <translation>Kopieren Sie die Verzeichnis-ID (Mandant) aus {app_blade} &gt; Übersicht (oder verwenden Sie eine verifizierte Domäne des Mandanten).</translation>
    </message>
    <message>
        <source>The requested scope is invalid</source>
        <translation>Der angeforderte Bereich ist ungültig</translation>
    </message>
    <message>
        <source>For app-only use the &apos;.default&apos; scope of the resource (e.g. https://outlook.office365.com/.default).</source>
        <translation>Für app-only verwenden Sie den Bereich &apos;.default&apos; der Ressource (z. B. https://outlook.office365.com/.default).</translation>
    </message>
    <message>
        <source>The resource (Exchange Online) is not present in this tenant</source>
        <translation>Die Ressource (Exchange Online) ist in diesem Mandanten nicht vorhanden</translation>
    </message>
    <message>
        <source>Check that the tenant has Exchange Online licences and that the cloud setting matches the tenant (global, GCC High, China).</source>
        <translation>Prüfen Sie, ob der Mandant Exchange-Online-Lizenzen hat und die Cloud-Einstellung zum Mandanten passt (global, GCC High, China).</translation>
    </message>
    <message>
        <source>Consent for the app is missing</source>
        <translation>Die Zustimmung für die App fehlt</translation>
    </message>
    <message>
        <source>Open {app_blade} &gt; API permissions and click &apos;Grant admin consent for &lt;tenant&gt;&apos;.</source>
        <translation>Öffnen Sie {app_blade} &gt; API-Berechtigungen und klicken Sie auf &apos;Administratorzustimmung für &lt;Mandant&gt; erteilen&apos;.</translation>
    </message>
    <message>
        <source>Administrator consent is required</source>
        <translation>Administratorzustimmung ist erforderlich</translation>
    </message>
    <message>
        <source>An administrator must open {app_blade} &gt; API permissions and click &apos;Grant admin consent for &lt;tenant&gt;&apos;.</source>
        <translation>Ein Administrator muss {app_blade} &gt; API-Berechtigungen öffnen und auf &apos;Administratorzustimmung für &lt;Mandant&gt; erteilen&apos; klicken.</translation>
    </message>
    <message>
        <source>The certificate assertion was rejected</source>
        <translation>Die Zertifikatsassertion wurde abgelehnt</translation>
    </message>
    <message>
        <source>Upload the certificate&apos;s public key (.cer/.pem) in {app_blade} &gt; Certificates &amp; secrets &gt; Certificates, and check it has not expired.</source>
        <translation>Laden Sie den öffentlichen Schlüssel des Zertifikats (.cer/.pem) unter {app_blade} &gt; Zertifikate &amp; Geheimnisse &gt; Zertifikate hoch und prüfen Sie, ob es abgelaufen ist.</translation>
    </message>
    <message>
        <source>The certificate assertion is outside its validity period</source>
        <translation>Die Zertifikatsassertion liegt außerhalb ihres Gültigkeitszeitraums</translation>
    </message>
    <message>
        <source>Check this computer&apos;s clock (time zone and time) and the certificate&apos;s validity.</source>
        <translation>Prüfen Sie die Uhr dieses Computers (Zeitzone und Uhrzeit) und die Gültigkeit des Zertifikats.</translation>
    </message>
    <message>
        <source>Client credentials need a specific tenant</source>
        <translation>Client-Anmeldeinformationen brauchen einen bestimmten Mandanten</translation>
    </message>
    <message>
        <source>Enter the Directory (tenant) ID: app-only sign-in does not work with /common or /organizations.</source>
        <translation>Geben Sie die Verzeichnis-ID (Mandant) ein: Die app-only-Anmeldung funktioniert nicht mit /common oder /organizations.</translation>
    </message>
    <message>
        <source>Sign-in was blocked by a security policy</source>
        <translation>Die Anmeldung wurde durch eine Sicherheitsrichtlinie blockiert</translation>
    </message>
    <message>
        <source>Ask the tenant administrator to review Conditional Access / security defaults for this app.</source>
        <translation>Bitten Sie den Administrator des Mandanten, bedingten Zugriff / Sicherheitsstandards für diese App zu prüfen.</translation>
    </message>
    <message>
        <source>The user name or password is wrong</source>
        <translation>Benutzername oder Passwort ist falsch</translation>
    </message>
    <message>
        <source>Check the account&apos;s credentials and sign in again.</source>
        <translation>Prüfen Sie die Anmeldedaten des Kontos und melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>Conditional Access blocked the sign-in</source>
        <translation>Bedingter Zugriff hat die Anmeldung blockiert</translation>
    </message>
    <message>
        <source>Sign in from a device and location the tenant&apos;s Conditional Access policies allow (e.g. a compliant, managed computer), or ask the administrator which policy applied (Entra sign-in logs).</source>
        <translation>Melden Sie sich von einem Gerät und Ort an, die die Richtlinien für bedingten Zugriff des Mandanten erlauben (z. B. ein konformer, verwalteter Computer), oder fragen Sie den Administrator, welche Richtlinie gegriffen hat (Entra-Anmeldeprotokolle).</translation>
    </message>
    <message>
        <source>Conditional Access requires a compliant device</source>
        <translation>Bedingter Zugriff verlangt ein konformes Gerät</translation>
    </message>
    <message>
        <source>Sign in from a device managed by the tenant (Intune compliant), or use the device code sign-in on one.</source>
        <translation>Melden Sie sich von einem vom Mandanten verwalteten Gerät an (Intune-konform), oder verwenden Sie dort die Anmeldung per Gerätecode.</translation>
    </message>
    <message>
        <source>Conditional Access requires a domain-joined device</source>
        <translation>Bedingter Zugriff verlangt ein domänenverbundenes Gerät</translation>
    </message>
    <message>
        <source>Sign in from a device joined to the tenant&apos;s domain (hybrid joined), or use the device code sign-in on one.</source>
        <translation>Melden Sie sich von einem Gerät an, das der Domäne des Mandanten beigetreten ist (hybrid verbunden), oder verwenden Sie dort die Anmeldung per Gerätecode.</translation>
    </message>
    <message>
        <source>The sign-in was cancelled (consent declined)</source>
        <translation>Die Anmeldung wurde abgebrochen (Zustimmung abgelehnt)</translation>
    </message>
    <message>
        <source>Sign in again and accept the permissions requested, or use the manual steps of the Entra app page.</source>
        <translation>Melden Sie sich erneut an und akzeptieren Sie die angeforderten Berechtigungen, oder verwenden Sie die manuellen Schritte der Seite Entra-App.</translation>
    </message>
    <message>
        <source>Multi-factor authentication is required</source>
        <translation>Mehrstufige Authentifizierung ist erforderlich</translation>
    </message>
    <message>
        <source>Sign in interactively with the wizard&apos;s Sign-in button (delegated type).</source>
        <translation>Melden Sie sich interaktiv mit der Schaltfläche Anmelden des Assistenten an (delegierter Typ).</translation>
    </message>
    <message>
        <source>The refresh token has expired</source>
        <translation>Das Aktualisierungstoken ist abgelaufen</translation>
    </message>
    <message>
        <source>Sign in again with the wizard&apos;s Sign-in button (delegated type).</source>
        <translation>Melden Sie sich erneut mit der Schaltfläche Anmelden des Assistenten an (delegierter Typ).</translation>
    </message>
    <message>
        <source>The app is a public client but a client secret or assertion is required</source>
        <translation>Die App ist ein öffentlicher Client, aber ein geheimer Clientschlüssel oder eine Assertion ist erforderlich</translation>
    </message>
    <message>
        <source>In {app_blade} &gt; Authentication, set &apos;Allow public client flows&apos; or configure a client secret.</source>
        <translation>Setzen Sie in {app_blade} &gt; Authentifizierung &apos;Öffentliche Clientflows zulassen&apos;, oder konfigurieren Sie einen geheimen Clientschlüssel.</translation>
    </message>
    <message>
        <source>Entra ID refused the token request: {get}</source>
        <translation>Entra ID hat die Tokenanfrage abgelehnt: {get}</translation>
    </message>
    <message>
        <source>Look up the AADSTS code in Microsoft&apos;s error reference (login.microsoftonline.com/error).</source>
        <translation>Schlagen Sie den AADSTS-Code in der Fehlerreferenz von Microsoft nach (login.microsoftonline.com/error).</translation>
    </message>
    <message>
        <source>the client certificate {p} cannot be read</source>
        <translation>das Clientzertifikat {p} kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>Choose the PEM or PFX file of the app&apos;s certificate.</source>
        <translation>Wählen Sie die PEM- oder PFX-Datei des Zertifikats der App.</translation>
    </message>
    <message>
        <source>the private key in {name} cannot be decrypted: wrong or missing password</source>
        <translation>der private Schlüssel in {name} kann nicht entschlüsselt werden: falsches oder fehlendes Passwort</translation>
    </message>
    <message>
        <source>Enter the certificate&apos;s password.</source>
        <translation>Geben Sie das Passwort des Zertifikats ein.</translation>
    </message>
    <message>
        <source>{name} is not a PEM file with certificate and private key, nor a PFX file</source>
        <translation>{name} ist weder eine PEM-Datei mit Zertifikat und privatem Schlüssel noch eine PFX-Datei</translation>
    </message>
    <message>
        <source>Export the certificate with its private key (PFX or PEM).</source>
        <translation>Exportieren Sie das Zertifikat mit seinem privaten Schlüssel (PFX oder PEM).</translation>
    </message>
    <message>
        <source>{name} must contain both the certificate and its private key</source>
        <translation>{name} muss das Zertifikat und seinen privaten Schlüssel enthalten</translation>
    </message>
    <message>
        <source>the client certificate in the secret store is not a PEM with certificate and private key</source>
        <translation>das Clientzertifikat im Geheimnisspeicher ist kein PEM mit Zertifikat und privatem Schlüssel</translation>
    </message>
    <message>
        <source>Create the certificate again with &apos;Create it for me&apos;, or choose a certificate file instead.</source>
        <translation>Erstellen Sie das Zertifikat erneut mit &apos;Für mich erstellen&apos;, oder wählen Sie stattdessen eine Zertifikatsdatei.</translation>
    </message>
    <message>
        <source>no client secret or certificate is configured</source>
        <translation>kein geheimer Clientschlüssel und kein Zertifikat konfiguriert</translation>
    </message>
    <message>
        <source>Paste the client secret&apos;s Value, or choose the client certificate file.</source>
        <translation>Fügen Sie den Wert des geheimen Clientschlüssels ein, oder wählen Sie die Datei des Clientzertifikats.</translation>
    </message>
    <message>
        <source>mailbox not found</source>
        <translation>Postfach nicht gefunden</translation>
    </message>
    <message>
        <source>the mailbox does not exist</source>
        <translation>das Postfach existiert nicht</translation>
    </message>
    <message>
        <source>ambiguous name</source>
        <translation>mehrdeutiger Name</translation>
    </message>
    <message>
        <source>the name resolves to several mailboxes</source>
        <translation>der Name passt zu mehreren Postfächern</translation>
    </message>
    <message>
        <source>impersonation denied</source>
        <translation>Identitätswechsel verweigert</translation>
    </message>
    <message>
        <source>the account may not impersonate this mailbox</source>
        <translation>das Konto darf für dieses Postfach keinen Identitätswechsel ausführen</translation>
    </message>
    <message>
        <source>access denied</source>
        <translation>Zugriff verweigert</translation>
    </message>
    <message>
        <source>access to the calendar was denied</source>
        <translation>der Zugriff auf den Kalender wurde verweigert</translation>
    </message>
    <message>
        <source>credentials rejected</source>
        <translation>Anmeldedaten abgelehnt</translation>
    </message>
    <message>
        <source>the server rejected the credentials</source>
        <translation>der Server hat die Anmeldedaten abgelehnt</translation>
    </message>
    <message>
        <source>EWS blocked</source>
        <translation>EWS gesperrt</translation>
    </message>
    <message>
        <source>Exchange answered HTTP 403 Forbidden</source>
        <translation>Exchange antwortete HTTP 403 Forbidden</translation>
    </message>
    <message>
        <source>server busy</source>
        <translation>Server ausgelastet</translation>
    </message>
    <message>
        <source>the server is busy (throttling)</source>
        <translation>der Server ist ausgelastet (Drosselung)</translation>
    </message>
    <message>
        <source>throttling limit</source>
        <translation>Drosselungslimit</translation>
    </message>
    <message>
        <source>a throttling limit of the account was exceeded</source>
        <translation>ein Drosselungslimit des Kontos wurde überschritten</translation>
    </message>
    <message>
        <source>too many subscriptions</source>
        <translation>zu viele Abonnements</translation>
    </message>
    <message>
        <source>the account has reached its limit of subscriptions (EWSMaxSubscriptions)</source>
        <translation>das Konto hat sein Limit an Abonnements erreicht (EWSMaxSubscriptions)</translation>
    </message>
    <message>
        <source>too many concurrent requests</source>
        <translation>zu viele gleichzeitige Anfragen</translation>
    </message>
    <message>
        <source>the account had more EWS requests in flight than its throttling policy allows (EWSMaxConcurrency)</source>
        <translation>das Konto hatte mehr EWS-Anfragen gleichzeitig offen, als seine Drosselungsrichtlinie erlaubt (EWSMaxConcurrency)</translation>
    </message>
    <message>
        <source>too many streaming connections</source>
        <translation>zu viele Streaming-Verbindungen</translation>
    </message>
    <message>
        <source>the account has reached its limit of open streaming connections</source>
        <translation>das Konto hat sein Limit offener Streaming-Verbindungen erreicht</translation>
    </message>
    <message>
        <source>subscription lost</source>
        <translation>Abonnement verloren</translation>
    </message>
    <message>
        <source>the server no longer knows the subscription</source>
        <translation>der Server kennt das Abonnement nicht mehr</translation>
    </message>
    <message>
        <source>mailbox being moved</source>
        <translation>Postfach wird verschoben</translation>
    </message>
    <message>
        <source>the mailbox is being moved to another database</source>
        <translation>das Postfach wird in eine andere Datenbank verschoben</translation>
    </message>
    <message>
        <source>mailbox database unavailable</source>
        <translation>Postfachdatenbank nicht verfügbar</translation>
    </message>
    <message>
        <source>the mailbox database cannot be reached by the Exchange server</source>
        <translation>der Exchange-Server erreicht die Postfachdatenbank nicht</translation>
    </message>
    <message>
        <source>Exchange server error</source>
        <translation>Exchange-Serverfehler</translation>
    </message>
    <message>
        <source>Exchange reported an internal error</source>
        <translation>Exchange hat einen internen Fehler gemeldet</translation>
    </message>
    <message>
        <source>request refused</source>
        <translation>Anfrage abgelehnt</translation>
    </message>
    <message>
        <source>Exchange refused the request as invalid</source>
        <translation>Exchange hat die Anfrage als ungültig abgelehnt</translation>
    </message>
    <message>
        <source>Exchange version not supported</source>
        <translation>Exchange-Version nicht unterstützt</translation>
    </message>
    <message>
        <source>the Exchange server is older than Exchange 2013</source>
        <translation>der Exchange-Server ist älter als Exchange 2013</translation>
    </message>
    <message>
        <source>cannot reach EWS</source>
        <translation>EWS nicht erreichbar</translation>
    </message>
    <message>
        <source>the EWS server cannot be reached</source>
        <translation>der EWS-Server ist nicht erreichbar</translation>
    </message>
    <message>
        <source>TLS certificate not trusted</source>
        <translation>TLS-Zertifikat nicht vertrauenswürdig</translation>
    </message>
    <message>
        <source>the TLS connection to the EWS server failed</source>
        <translation>die TLS-Verbindung zum EWS-Server ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>not an EWS server</source>
        <translation>kein EWS-Server</translation>
    </message>
    <message>
        <source>the server answered, but not as Exchange Web Services (a web page, a broken or truncated SOAP answer, a redirect loop, or an answer beyond the size or time limits)</source>
        <translation>der Server hat geantwortet, aber nicht als Exchange Web Services (eine Webseite, eine kaputte oder abgeschnittene SOAP-Antwort, eine Weiterleitungsschleife oder eine Antwort jenseits der Größen- oder Zeitgrenzen)</translation>
    </message>
    <message>
        <source>EWS URL redirects</source>
        <translation>EWS-URL leitet um</translation>
    </message>
    <message>
        <source>the EWS URL answers with a redirect instead of EWS (a load balancer, an http-&gt;https rule or a sign-in page in its place)</source>
        <translation>die EWS-URL antwortet mit einer Umleitung statt mit EWS (ein Load Balancer, eine http-&gt;https-Regel oder eine Anmeldeseite an seiner Stelle)</translation>
    </message>
    <message>
        <source>EWS error</source>
        <translation>EWS-Fehler</translation>
    </message>
    <message>
        <source>Exchange answered with an error</source>
        <translation>Exchange antwortete mit einem Fehler</translation>
    </message>
    <message>
        <source>; inner error {inner_code}</source>
        <translation>; innerer Fehler {inner_code}</translation>
    </message>
    <message>
        <source>; it asked to wait {seconds} (BackOffMilliseconds {int})</source>
        <translation>; es bat, {seconds} zu warten (BackOffMilliseconds {int})</translation>
    </message>
    <message>
        <source>{sentence} (HTTP {status}, Retry-After {seconds})</source>
        <translation>{sentence} (HTTP {status}, Retry-After {seconds})</translation>
    </message>
    <message>
        <source>{sentence} (HTTP {status} without a SOAP answer)</source>
        <translation>{sentence} (HTTP {status} ohne SOAP-Antwort)</translation>
    </message>
    <message>
        <source>EWS answered HTTP {status}</source>
        <translation>EWS antwortete HTTP {status}</translation>
    </message>
    <message>
        <source>the EWS URL answers with a redirect without a target</source>
        <translation>die EWS-URL antwortet mit einer Umleitung ohne Ziel</translation>
    </message>
    <message>
        <source>the EWS URL redirects to a sign-in page ({target}): a reverse proxy or Outlook on the web&apos;s forms-based sign-in answers in EWS&apos;s place</source>
        <translation>die EWS-URL leitet auf eine Anmeldeseite um ({target}): ein Reverse Proxy oder die formularbasierte Anmeldung von Outlook im Web antwortet an Stelle von EWS</translation>
    </message>
    <message>
        <source>the EWS URL redirects to another host, {target} (not followed: the credentials would go there)</source>
        <translation>die EWS-URL leitet auf einen anderen Host um, {target} (nicht gefolgt: die Anmeldedaten gingen dorthin)</translation>
    </message>
    <message>
        <source>Set exchange.ews_url to {target} if that is the Exchange server&apos;s EWS address, or leave it empty to use the address Autodiscover gives.</source>
        <translation>Setzen Sie exchange.ews_url auf {target}, wenn das die EWS-Adresse des Exchange-Servers ist, oder lassen Sie es leer, um die Adresse zu verwenden, die Autodiscover liefert.</translation>
    </message>
    <message>
        <source>the EWS URL redirects from http:// to https://</source>
        <translation>die EWS-URL leitet von http:// auf https:// um</translation>
    </message>
    <message>
        <source>Set exchange.ews_url to {target}.</source>
        <translation>Setzen Sie exchange.ews_url auf {target}.</translation>
    </message>
    <message>
        <source>the EWS URL redirects to {target}</source>
        <translation>die EWS-URL leitet auf {target} um</translation>
    </message>
    <message>
        <source>Set exchange.ews_url to {target} if that is the EWS address, or leave it empty to use the address Autodiscover gives.</source>
        <translation>Setzen Sie exchange.ews_url auf {target}, wenn das die EWS-Adresse ist, oder lassen Sie es leer, um die Adresse zu verwenden, die Autodiscover liefert.</translation>
    </message>
    <message>
        <source>Leave exchange.ews_url empty to use the address Autodiscover gives, or enter the Exchange server&apos;s EWS address (usually https://&lt;mail server&gt;/EWS/Exchange.asmx).</source>
        <translation>Lassen Sie exchange.ews_url leer, um die Adresse zu verwenden, die Autodiscover liefert, oder geben Sie die EWS-Adresse des Exchange-Servers ein (meist https://&lt;Mailserver&gt;/EWS/Exchange.asmx).</translation>
    </message>
    <message>
        <source>EWS needs a URL that takes NTLM or a bearer token directly: publish /EWS/ on the reverse proxy without forms-based pre-authentication, or set exchange.ews_url to the internal EWS address Autodiscover gives.</source>
        <translation>EWS braucht eine URL, die NTLM oder ein Bearer-Token direkt annimmt: Veröffentlichen Sie /EWS/ am Reverse Proxy ohne formularbasierte Vorauthentifizierung, oder setzen Sie exchange.ews_url auf die interne EWS-Adresse, die Autodiscover liefert.</translation>
    </message>
    <message>
        <source> and {value} more</source>
        <translation> und {value} weitere</translation>
    </message>
    <message>
        <source>{name} resolves to {len} mailboxes: {shown}</source>
        <translation>{name} passt zu {len} Postfächern: {shown}</translation>
    </message>
    <message>
        <source>{where} reports Exchange {version} ({exchange_name}); calwizard supports Exchange 2013 or newer</source>
        <translation>{where} meldet Exchange {version} ({exchange_name}); calwizard unterstützt Exchange 2013 oder neuer</translation>
    </message>
    <message>
        <source>unknown version</source>
        <translation>unbekannte Version</translation>
    </message>
    <message>
        <source>In the Entra admin center &gt; App registrations &gt; (the app) &gt; Certificates &amp; secrets, add a new client secret, paste its Value into the wizard&apos;s &apos;Client secret&apos; field together with its new expiry date, export the configuration again, and delete the old secret once the engine runs with the new one.</source>
        <translation>Fügen Sie im Entra Admin Center &gt; App-Registrierungen &gt; (die App) &gt; Zertifikate &amp; Geheimnisse einen neuen geheimen Clientschlüssel hinzu, fügen Sie seinen Wert zusammen mit dem neuen Ablaufdatum im Feld &apos;Geheimer Clientschlüssel&apos; des Assistenten ein, exportieren Sie die Konfiguration erneut und löschen Sie den alten Schlüssel, sobald die Engine mit dem neuen läuft.</translation>
    </message>
    <message>
        <source>Create a new certificate, upload its public part to the app registration (Certificates &amp; secrets &gt; Certificates) and select the new file in the wizard.</source>
        <translation>Erstellen Sie ein neues Zertifikat, laden Sie seinen öffentlichen Teil in die App-Registrierung hoch (Zertifikate &amp; Geheimnisse &gt; Zertifikate) und wählen Sie die neue Datei im Assistenten.</translation>
    </message>
    <message>
        <source>the {what} expired {ago} day ago (on {on})</source>
        <translation>{what} ist vor {ago} Tag abgelaufen (am {on})</translation>
    </message>
    <message>
        <source>the {what} expired {ago} days ago (on {on})</source>
        <translation>{what} ist vor {ago} Tagen abgelaufen (am {on})</translation>
    </message>
    <message>
        <source>the {what} expires in {left} day (on {on})</source>
        <translation>{what} läuft in {left} Tag ab (am {on})</translation>
    </message>
    <message>
        <source>the {what} expires in {left} days (on {on})</source>
        <translation>{what} läuft in {left} Tagen ab (am {on})</translation>
    </message>
    <message>
        <source>the {what} expired today (on {on})</source>
        <translation>{what} ist heute abgelaufen (am {on})</translation>
    </message>
    <message>
        <source>client certificate</source>
        <translation>das Clientzertifikat</translation>
    </message>
    <message>
        <source>client secret</source>
        <translation>der geheime Clientschlüssel</translation>
    </message>
    <message>
        <source>, then &lt;user name&gt;@{domain}</source>
        <translation>, dann &lt;Benutzername&gt;@{domain}</translation>
    </message>
    <message>
        <source> (set the PBX mail domain to try &lt;user name&gt;@domain)</source>
        <translation> (setzen Sie die Mail-Domäne der PBX, um &lt;Benutzername&gt;@Domäne zu versuchen)</translation>
    </message>
    <message>
        <source>by the service account (delegate access cannot impersonate)</source>
        <translation>durch das Dienstkonto (Stellvertreterzugriff kann keinen Identitätswechsel)</translation>
    </message>
    <message>
        <source>each as that user (impersonation)</source>
        <translation>jeweils als dieser Benutzer (Identitätswechsel)</translation>
    </message>
    <message>
        <source>names from the PBX: the user&apos;s e-mail addresses{built}, resolved {who}</source>
        <translation>Namen aus der PBX: die E-Mail-Adressen des Benutzers{built}, aufgelöst {who}</translation>
    </message>
    <message>
        <source>the service account resolves the user&apos;s e-mail addresses in order</source>
        <translation>das Dienstkonto löst die E-Mail-Adressen des Benutzers der Reihe nach auf</translation>
    </message>
    <message>
        <source>If the server uses a self-signed or company-CA certificate, set &apos;Extra CA file&apos; (exchange.ca_file) to that CA&apos;s PEM file. Verification is never turned off.</source>
        <translation>Verwendet der Server ein selbstsigniertes Zertifikat oder eines einer Firmen-CA, setzen Sie &apos;Zusätzliche CA-Datei&apos; (exchange.ca_file) auf die PEM-Datei dieser CA. Die Prüfung wird nie abgeschaltet.</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is issued for other host names: use the host name it is issued for (check the URL and the host overrides), or have the server&apos;s certificate include {host}. Verification is never turned off.</source>
        <translation>Das Zertifikat des Servers ist für andere Hostnamen ausgestellt: Verwenden Sie den Hostnamen, für den es ausgestellt ist (prüfen Sie die URL und die Host-Überschreibungen), oder lassen Sie {host} in das Zertifikat des Servers aufnehmen. Die Prüfung wird nie abgeschaltet.</translation>
    </message>
    <message>
        <source>{host} answered beyond calwizard&apos;s limits: {why}</source>
        <translation>{host} hat jenseits der Grenzen von calwizard geantwortet: {why}</translation>
    </message>
    <message>
        <source>This is not the server calwizard expects, or a proxy answers in its place: check the URL, the host overrides and any proxy in between.</source>
        <translation>Das ist nicht der Server, den calwizard erwartet, oder ein Proxy antwortet an seiner Stelle: Prüfen Sie die URL, die Host-Umleitungen und jeden Proxy dazwischen.</translation>
    </message>
    <message>
        <source>the TLS handshake with {host} failed</source>
        <translation>der TLS-Verbindungsaufbau mit {host} ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>Check that the server speaks HTTPS on that port and supports TLS 1.2 or newer.</source>
        <translation>Prüfen Sie, ob der Server auf diesem Port HTTPS spricht und TLS 1.2 oder neuer unterstützt.</translation>
    </message>
    <message>
        <source>the host name {host} cannot be resolved (DNS)</source>
        <translation>der Hostname {host} kann nicht aufgelöst werden (DNS)</translation>
    </message>
    <message>
        <source>Check the spelling, the DNS records, or add a host override to test before DNS is ready.</source>
        <translation>Prüfen Sie die Schreibweise, die DNS-Einträge, oder fügen Sie eine Host-Umleitung hinzu, um vor der DNS-Umstellung zu testen.</translation>
    </message>
    <message>
        <source>{host} refused the connection</source>
        <translation>{host} hat die Verbindung abgelehnt</translation>
    </message>
    <message>
        <source>Check that the server is running and that a firewall lets this port through.</source>
        <translation>Prüfen Sie, ob der Server läuft und eine Firewall diesen Port durchlässt.</translation>
    </message>
    <message>
        <source>{host} accepted the connection but did not complete the TLS handshake within {seconds:g} s</source>
        <translation>{host} hat die Verbindung angenommen, aber den TLS-Handshake nicht innerhalb von {seconds:g} s abgeschlossen</translation>
    </message>
    <message>
        <source>Something other than the HTTPS server answers on that port, or a proxy or firewall holds the connection: check the URL and its port, the host overrides and any proxy in between.</source>
        <translation>Auf diesem Port antwortet etwas anderes als der HTTPS-Server, oder ein Proxy oder eine Firewall hält die Verbindung auf: Prüfen Sie die URL und ihren Port, die Host-Umleitungen und jeden Proxy dazwischen.</translation>
    </message>
    <message>
        <source>{host} did not complete the connection (TCP and TLS handshake) in time</source>
        <translation>{host} hat den Verbindungsaufbau (TCP und TLS-Handshake) nicht rechtzeitig abgeschlossen</translation>
    </message>
    <message>
        <source>Check the URL and its port, the host overrides, and firewalls and proxies between this machine and the server.</source>
        <translation>Prüfen Sie die URL und ihren Port, die Host-Umleitungen sowie Firewalls und Proxys zwischen diesem Rechner und dem Server.</translation>
    </message>
    <message>
        <source>{host} did not answer in time</source>
        <translation>{host} hat nicht rechtzeitig geantwortet</translation>
    </message>
    <message>
        <source>Check firewalls and proxies between this machine and the server.</source>
        <translation>Prüfen Sie Firewalls und Proxys zwischen diesem Computer und dem Server.</translation>
    </message>
    <message>
        <source>{host} closed the connection</source>
        <translation>{host} hat die Verbindung geschlossen</translation>
    </message>
    <message>
        <source>A proxy or firewall may be interfering; try again.</source>
        <translation>Ein Proxy oder eine Firewall könnte stören; versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>cannot reach {host}</source>
        <translation>{host} ist nicht erreichbar</translation>
    </message>
    <message>
        <source>Check the network path to the server.</source>
        <translation>Prüfen Sie den Netzwerkweg zum Server.</translation>
    </message>
    <message>
        <source>the TLS certificate of {host} is not trusted: it is issued by a certificate authority this computer does not trust (self-signed or a company CA)</source>
        <translation>dem TLS-Zertifikat von {host} wird nicht vertraut: Es stammt von einer Zertifizierungsstelle, der dieser Computer nicht vertraut (selbstsigniert oder eine Firmen-CA)</translation>
    </message>
    <message>
        <source>the TLS certificate of {host} is not trusted: it is issued for another host name</source>
        <translation>dem TLS-Zertifikat von {host} wird nicht vertraut: Es ist für einen anderen Hostnamen ausgestellt</translation>
    </message>
    <message>
        <source>the TLS certificate of {host} is not trusted: it has expired</source>
        <translation>dem TLS-Zertifikat von {host} wird nicht vertraut: Es ist abgelaufen</translation>
    </message>
    <message>
        <source>the TLS certificate of {host} is not trusted: it is not valid yet</source>
        <translation>dem TLS-Zertifikat von {host} wird nicht vertraut: Es ist noch nicht gültig</translation>
    </message>
    <message>
        <source>the TLS certificate of {host} is not trusted</source>
        <translation>dem TLS-Zertifikat von {host} wird nicht vertraut</translation>
    </message>
    <message>
        <source>The URL answers, but not as Exchange Web Services: check the EWS URL (usually https://&lt;mail server&gt;/EWS/Exchange.asmx) and that no proxy, load balancer or web server answers in its place.</source>
        <translation>Die URL antwortet, aber nicht als Exchange Web Services: Prüfen Sie die EWS-URL (meist https://&lt;Mailserver&gt;/EWS/Exchange.asmx) und dass kein Proxy, Load Balancer oder Webserver an ihrer Stelle antwortet.</translation>
    </message>
    <message>
        <source>{host} cut its answer short (the connection closed before the answer it announced was complete): not a complete EWS answer</source>
        <translation>{host} hat seine Antwort abgebrochen (die Verbindung wurde geschlossen, bevor die angekündigte Antwort vollständig war): keine vollständige EWS-Antwort</translation>
    </message>
    <message>
        <source>not an EWS server: {host} answered with more than the size limit ({why})</source>
        <translation>kein EWS-Server: {host} hat mit mehr als der Größengrenze geantwortet ({why})</translation>
    </message>
    <message>
        <source>not an EWS server: {host} did not finish its answer within the time limit ({why})</source>
        <translation>kein EWS-Server: {host} hat seine Antwort nicht innerhalb der Zeitgrenze beendet ({why})</translation>
    </message>
    <message>
        <source>not an EWS server: {host} redirects in a loop</source>
        <translation>kein EWS-Server: {host} leitet im Kreis weiter</translation>
    </message>
    <message>
        <source>not an EWS server: {host} answered with something that is not SOAP ({name})</source>
        <translation>kein EWS-Server: {host} hat mit etwas geantwortet, das kein SOAP ist ({name})</translation>
    </message>
    <message>
        <source>not an EWS server: {host} answered with something that is not EWS ({text})</source>
        <translation>kein EWS-Server: {host} hat mit etwas geantwortet, das kein EWS ist ({text})</translation>
    </message>
    <message>
        <source>1. Open the PBX&apos;s advanced admin UI and go to PBX &gt; Objects. Click New and choose App.
2. Name: {app} (Long Name: calwizard calendar presence). calwizard logs in with this name: enter the same as
   &quot;App object name&quot; in calwizard.
3. Password: a long random password. Enter the same as &quot;App object password&quot; in calwizard (calwizard keeps it in
   its secret store, never in a file).
4. URL: leave it empty, and leave &quot;Websocket&quot; unticked: calwizard connects to the PBX
   (wss://&lt;PBX address&gt;/PBX0/APPS/websocket), not the PBX to calwizard. Tick &quot;Hidden&quot; (it is no app for myApps).
5. Tick the API check boxes PbxApi (calwizard sets each user&apos;s presence) and TableUsers (calwizard reads the users
   and their e-mail addresses). calwizard needs no other API, in particular not Admin.
6. Click OK. In calwizard enter the PBX address (its host name, e.g. pbx.example.com) and, as master PBX name, the
   &quot;PBX Name&quot; of the PBX&apos;s configuration (PBX &gt; Config &gt; General) — the name, not the DNS name.</source>
        <translation>1. Öffnen Sie die erweiterte Administrationsoberfläche der PBX und gehen Sie zu PBX &gt; Objekte. Klicken Sie auf Neu und wählen Sie App.
2. Name: {app} (Langer Name: calwizard calendar presence). calwizard meldet sich mit diesem Namen an: Geben Sie denselben
   als „Name des App-Objekts“ in calwizard ein.
3. Passwort: ein langes zufälliges Passwort. Geben Sie dasselbe als „Passwort des App-Objekts“ in calwizard ein (calwizard
   bewahrt es in seinem Geheimnisspeicher auf, nie in einer Datei).
4. URL: leer lassen, und „Websocket“ nicht ankreuzen: calwizard verbindet sich mit der PBX
   (wss://&lt;PBX-Adresse&gt;/PBX0/APPS/websocket), nicht die PBX mit calwizard. „Hidden“ ankreuzen (es ist keine App für myApps).
5. Kreuzen Sie die API-Kontrollkästchen PbxApi (calwizard setzt die Präsenz jedes Benutzers) und TableUsers (calwizard liest
   die Benutzer und ihre E-Mail-Adressen) an. calwizard braucht keine andere API, insbesondere nicht Admin.
6. Klicken Sie auf OK. Geben Sie in calwizard die PBX-Adresse (ihren Hostnamen, z. B. pbx.example.com) und als Namen der
   Master-PBX den „PBX Name“ aus der Konfiguration der PBX (PBX &gt; Config &gt; General) ein — den Namen, nicht den DNS-Namen.</translation>
    </message>
    <message>
        <source>the answer of {url} broke a limit ({limit:g})</source>
        <translation>die Antwort von {url} hat eine Grenze überschritten ({limit:g})</translation>
    </message>
    <message>
        <source>the answer of {url} is larger than {size}</source>
        <translation>die Antwort von {url} ist größer als {size}</translation>
    </message>
    <message>
        <source>the answer of {url} did not arrive completely within {limit:g} s</source>
        <translation>die Antwort von {url} kam nicht innerhalb von {limit:g} s vollständig an</translation>
    </message>
    <message>
        <source>the TLS handshake did not complete within {s:g} s</source>
        <translation>der TLS-Handshake wurde nicht innerhalb von {s:g} s abgeschlossen</translation>
    </message>
    <message>
        <source>The account holds more EWS subscriptions than its throttling policy allows (EWSMaxSubscriptions; one subscription per synced mailbox, counted against the service account). On-premises, an Exchange administrator gives the service account a throttling policy of its own (Exchange Management Shell):
{script}
Exchange Online&apos;s policies cannot be changed: split the users over two service accounts or apps (two configurations), or use Microsoft Graph. Other programs using the same account count too. Keep &apos;Max subscriptions per connection&apos; as it is: a lower value needs more streaming connections, not fewer subscriptions.</source>
        <translation>Das Konto hält mehr EWS-Abonnements, als seine Drosselungsrichtlinie erlaubt (EWSMaxSubscriptions; ein Abonnement pro synchronisiertem Postfach, dem Dienstkonto angerechnet). Lokal gibt ein Exchange-Administrator dem Dienstkonto eine eigene Drosselungsrichtlinie (Exchange Management Shell):
{script}
Die Richtlinien von Exchange Online lassen sich nicht ändern: Verteilen Sie die Benutzer auf zwei Dienstkonten oder Apps (zwei Konfigurationen), oder verwenden Sie Microsoft Graph. Andere Programme mit demselben Konto zählen mit. Lassen Sie &apos;Max. Abonnements pro Verbindung&apos; unverändert: Ein kleinerer Wert braucht mehr Streaming-Verbindungen, nicht weniger Abonnements.</translation>
    </message>
    <message>
        <source>The account has more streaming connections open than Exchange allows (10 per account in Exchange Online; on-premises the EWS HangingConnectionLimit). The engine puts up to &apos;Max subscriptions per connection&apos; mailboxes on one connection: raise that setting (up to 200) so that fewer connections are needed, make sure no other program streams with the same account, or split the users over two service accounts. On-premises, an administrator can also raise HangingConnectionLimit in the EWS web.config of the Client Access servers.</source>
        <translation>Das Konto hat mehr Streaming-Verbindungen offen, als Exchange erlaubt (10 pro Konto in Exchange Online; lokal das HangingConnectionLimit von EWS). Die Engine legt bis zu &apos;Max. Abonnements pro Verbindung&apos; Postfächer auf eine Verbindung: Erhöhen Sie diese Einstellung (bis 200), damit weniger Verbindungen nötig sind, stellen Sie sicher, dass kein anderes Programm mit demselben Konto streamt, oder verteilen Sie die Benutzer auf zwei Dienstkonten. Lokal kann ein Administrator auch HangingConnectionLimit in der EWS-web.config der Clientzugriffsserver erhöhen.</translation>
    </message>
    <message>
        <source>Exchange refused requests because the account had more in flight than its throttling policy allows (EWSMaxConcurrency: 27 in Exchange Online and Exchange 2013 or newer). calwizard keeps at most 27 in flight, sends fewer at once after such a refusal and tries again, so other programs using the same account (or, with impersonation, the same mailbox) share the budget. Stop or slow down those programs, or use a service account of its own; on-premises, an Exchange administrator can give the service account a throttling policy of its own (Exchange Management Shell):
{script}</source>
        <translation>Exchange hat Anfragen abgewiesen, weil das Konto mehr gleichzeitig offen hatte, als seine Drosselungsrichtlinie erlaubt (EWSMaxConcurrency: 27 in Exchange Online und Exchange 2013 oder neuer). calwizard hält höchstens 27 Anfragen gleichzeitig offen, sendet nach einer solchen Abweisung weniger auf einmal und versucht es erneut, sodass sich andere Programme mit demselben Konto (oder, beim Identitätswechsel, demselben Postfach) das Budget teilen. Halten Sie diese Programme an oder bremsen Sie sie, oder verwenden Sie ein eigenes Dienstkonto; lokal kann ein Exchange-Administrator dem Dienstkonto eine eigene Drosselungsrichtlinie geben (Exchange Management Shell):
{script}</translation>
    </message>
    <message>
        <source>Exchange is throttling the account (ErrorServerBusy): the requests are retried after the wait the server asks for. If it persists, give the service account a throttling policy of its own (on-premises, Exchange Management Shell):
{script}</source>
        <translation>Exchange drosselt das Konto (ErrorServerBusy): Die Anfragen werden nach der Wartezeit wiederholt, die der Server verlangt. Hält das an, geben Sie dem Dienstkonto eine eigene Drosselungsrichtlinie (lokal, Exchange Management Shell):
{script}</translation>
    </message>
    <message>
        <source>raise &apos;Max subscriptions per connection&apos; to at least {least} (Advanced page; up to 200)</source>
        <translation>erhöhen Sie &apos;Max. Abonnements pro Verbindung&apos; auf mindestens {least} (Seite Erweitert; bis 200)</translation>
    </message>
    <message>
        <source>run the engine as {shards} shards, each with its own state directory (calwizard engine run CONFIG --shard K/{shards} for K = 0 … {last}; each shard&apos;s users fit one account&apos;s streaming budget)</source>
        <translation>betreiben Sie die Engine als {shards} Shards, jeder mit eigenem Zustandsverzeichnis (calwizard engine run CONFIG --shard K/{shards} für K = 0 … {last}; die Benutzer jedes Shards passen in das Streaming-Budget eines Kontos)</translation>
    </message>
    <message>
        <source>split the users over two configurations, each with its own service account (the limit is per account)</source>
        <translation>verteilen Sie die Benutzer auf zwei Konfigurationen mit je eigenem Dienstkonto (das Limit gilt pro Konto)</translation>
    </message>
    <message>
        <source>or use Microsoft Graph (sync type cloud_graph), which has no streaming connection limit</source>
        <translation>oder verwenden Sie Microsoft Graph (Synchronisierungsart cloud_graph), das kein Limit für Streaming-Verbindungen hat</translation>
    </message>
    <message>
        <source>Either {steps}.</source>
        <translation>Entweder {steps}.</translation>
    </message>
    <message>
        <source>; or </source>
        <translation>; oder </translation>
    </message>
    <message>
        <source>the server is busy (throttling); it asked to wait {seconds} s</source>
        <translation>der Server ist ausgelastet (Drosselung); er bat, {seconds} s zu warten</translation>
    </message>
    <message>
        <source>Exchange CAS error: {error}</source>
        <translation>Exchange-CAS-Fehler: {error}</translation>
    </message>
    <message>
        <source>Exchange answered without a ResponseCode (the answer is not EWS)</source>
        <translation>Exchange antwortete ohne ResponseCode (die Antwort ist kein EWS)</translation>
    </message>
</context>
<context>
    <name>files</name>
    <message>
        <source>a directory</source>
        <translation>ein Verzeichnis</translation>
    </message>
    <message>
        <source>a FIFO (named pipe)</source>
        <translation>ein FIFO (Named Pipe)</translation>
    </message>
    <message>
        <source>a character device</source>
        <translation>ein zeichenorientiertes Gerät</translation>
    </message>
    <message>
        <source>a block device</source>
        <translation>ein blockorientiertes Gerät</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>ein Socket</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>keine reguläre Datei</translation>
    </message>
    <message>
        <source>{what} {path} does not exist</source>
        <translation>{what} {path} existiert nicht</translation>
    </message>
    <message>
        <source>Check the path.</source>
        <translation>Prüfen Sie den Pfad.</translation>
    </message>
    <message>
        <source>Check the path and permissions.</source>
        <translation>Prüfen Sie den Pfad und die Berechtigungen.</translation>
    </message>
    <message>
        <source>Check the file&apos;s permissions.</source>
        <translation>Prüfen Sie die Berechtigungen der Datei.</translation>
    </message>
    <message>
        <source>Check the file.</source>
        <translation>Prüfen Sie die Datei.</translation>
    </message>
    <message>
        <source>cannot read {what} {path}: {why}</source>
        <translation>{what} {path} kann nicht gelesen werden: {why}</translation>
    </message>
    <message>
        <source>{what} {path} is {kind}, not a regular file</source>
        <translation>{what} {path} ist {kind}, keine reguläre Datei</translation>
    </message>
    <message>
        <source>Give the path of the {what} itself.</source>
        <translation>Geben Sie den Pfad der Datei selbst an ({what}).</translation>
    </message>
    <message>
        <source>{what} {path} is larger than {limit}, far larger than any {what} calwizard writes</source>
        <translation>{what} {path} ist größer als {limit}, weit größer als jede Datei dieser Art ({what}), die calwizard schreibt</translation>
    </message>
    <message>
        <source>Check that this is the right file (at most {limit}).</source>
        <translation>Prüfen Sie, ob das die richtige Datei ist (höchstens {limit}).</translation>
    </message>
</context>
<context>
    <name>flow</name>
    <message>
        <source>Microsoft Graph does not use EWS and is not affected.</source>
        <translation>Microsoft Graph verwendet kein EWS und ist nicht betroffen.</translation>
    </message>
    <message>
        <source>EWS in Exchange Online was switched off for good on {off}. The Exchange Online sync types that use EWS (app-only, delegated) no longer work against Microsoft 365; use them only with the sandbox tenant. {GRAPH_UNAFFECTED} Exchange Server on-premises keeps EWS.</source>
        <translation>EWS in Exchange Online wurde am {off} endgültig abgeschaltet. Die Exchange-Online-Synchronisierungsarten mit EWS (app-only, delegiert) funktionieren gegen Microsoft 365 nicht mehr; verwenden Sie sie nur mit dem Sandbox-Mandanten. {GRAPH_UNAFFECTED} Exchange Server lokal behält EWS.</translation>
    </message>
    <message>
        <source>EWS in Exchange Online is blocked by default since 1 October 2026: it works only if an Exchange administrator enables it for the tenant (Set-OrganizationConfig -EWSEnabled $true) and allows this app&apos;s client ID (EwsAllowedAppIDs). It is switched off for good on {off} (in {days} days). {GRAPH_UNAFFECTED} Exchange Server on-premises keeps EWS.</source>
        <translation>EWS in Exchange Online ist seit dem 1. Oktober 2026 standardmäßig gesperrt: Es funktioniert nur, wenn ein Exchange-Administrator es für den Mandanten aktiviert (Set-OrganizationConfig -EWSEnabled $true) und die Client-ID dieser App zulässt (EwsAllowedAppIDs). Am {off} wird es endgültig abgeschaltet (in {days} Tagen). {GRAPH_UNAFFECTED} Exchange Server lokal behält EWS.</translation>
    </message>
    <message>
        <source>EWS in Exchange Online still works, but it will be blocked by default from 1 October 2026 and switched off for good on {off} (in {days} days). {GRAPH_UNAFFECTED} Exchange Server on-premises keeps EWS.</source>
        <translation>EWS in Exchange Online funktioniert noch, wird aber ab 1. Oktober 2026 standardmäßig gesperrt und am {off} endgültig abgeschaltet (in {days} Tagen). {GRAPH_UNAFFECTED} Exchange Server lokal behält EWS.</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Deaktiviert</translation>
    </message>
    <message>
        <source>No calendar synchronization. The PBX settings are kept; choose this to prepare a configuration and connect Exchange later.</source>
        <translation>Keine Kalendersynchronisierung. Die PBX-Einstellungen bleiben erhalten; wählen Sie dies, um eine Konfiguration vorzubereiten und Exchange später anzubinden.</translation>
    </message>
    <message>
        <source>Exchange Server on-premises</source>
        <translation>Exchange Server lokal</translation>
    </message>
    <message>
        <source>EWS with NTLM sign-in. A service account with a mailbox and the ApplicationImpersonation role (scoped to the users to sync) reads the calendars. Exchange Server keeps EWS: this is the type for Exchange 2016/2019 and Exchange Server Subscription Edition.</source>
        <translation>EWS mit NTLM-Anmeldung. Ein Dienstkonto mit Postfach und der Rolle ApplicationImpersonation (auf die zu synchronisierenden Benutzer beschränkt) liest die Kalender. Exchange Server behält EWS: Das ist die Art für Exchange 2016/2019 und Exchange Server Subscription Edition.</translation>
    </message>
    <message>
        <source>Exchange Online, app-only (client credentials)</source>
        <translation>Exchange Online, app-only (Client-Anmeldeinformationen)</translation>
    </message>
    <message>
        <source>EWS with an Entra app registration that has the application permission full_access_as_app (admin consent) and a client secret or certificate. No user signs in; any existing mailbox serves for Autodiscover. Limit the app to the users to sync with RBAC for Applications.</source>
        <translation>EWS mit einer Entra-App-Registrierung mit der Anwendungsberechtigung full_access_as_app (Administratorzustimmung) und einem geheimen Clientschlüssel oder Zertifikat. Kein Benutzer meldet sich an; ein beliebiges vorhandenes Postfach dient für Autodiscover. Beschränken Sie die App mit RBAC für Anwendungen auf die zu synchronisierenden Benutzer.</translation>
    </message>
    <message>
        <source>Exchange Online, delegated (user sign-in)</source>
        <translation>Exchange Online, delegiert (Benutzeranmeldung)</translation>
    </message>
    <message>
        <source>EWS with OAuth2: a user with impersonation rights signs in once in the browser; the refresh token is kept encrypted. ApplicationImpersonation is gone from Exchange Online, so prefer Microsoft Graph.</source>
        <translation>EWS mit OAuth2: Ein Benutzer mit Identitätswechselrechten meldet sich einmal im Browser an; das Aktualisierungstoken wird verschlüsselt aufbewahrt. ApplicationImpersonation gibt es in Exchange Online nicht mehr, wählen Sie besser Microsoft Graph.</translation>
    </message>
    <message>
        <source>Exchange Online, Microsoft Graph (app-only)</source>
        <translation>Exchange Online, Microsoft Graph (app-only)</translation>
    </message>
    <message>
        <source>Microsoft Graph with an Entra app registration that has the application permission Calendars.Read (or Calendars.ReadBasic; admin consent) and a client secret or certificate; no EWS, so it keeps working after Exchange Online turns EWS off. Limit the app to the users to sync with RBAC for Applications.</source>
        <translation>Microsoft Graph mit einer Entra-App-Registrierung mit der Anwendungsberechtigung Calendars.Read (oder Calendars.ReadBasic; Administratorzustimmung) und einem geheimen Clientschlüssel oder Zertifikat; ohne EWS, funktioniert also weiter, wenn Exchange Online EWS abschaltet. Beschränken Sie die App mit RBAC für Anwendungen auf die zu synchronisierenden Benutzer.</translation>
    </message>
    <message>
        <source>Exchange Online: Microsoft Graph (app-only)</source>
        <translation>Exchange Online: Microsoft Graph (app-only)</translation>
    </message>
    <message>
        <source>{graph}, the only type that still works there (EWS in Exchange Online is switched off).</source>
        <translation>{graph}, die einzige Art, die dort noch funktioniert (EWS in Exchange Online ist abgeschaltet).</translation>
    </message>
    <message>
        <source>{graph}: it keeps working after EWS in Exchange Online ends on {day}.</source>
        <translation>{graph}: Funktioniert weiter, wenn EWS in Exchange Online am {day} endet.</translation>
    </message>
    <message>
        <source>Exchange Server on-premises: the on-premises type. {cloud}</source>
        <translation>Exchange Server im eigenen Haus: die Art „Exchange Server lokal“. {cloud}</translation>
    </message>
    <message>
        <source>Reads whole events, body included. It can be limited to the synced mailboxes: assign it in Exchange Online with RBAC for Applications (role &apos;Application Calendars.Read&apos;) instead of a tenant-wide admin consent — the least-privilege setup.</source>
        <translation>Liest ganze Termine einschließlich Textkörper. Lässt sich auf die synchronisierten Postfächer beschränken: Weisen Sie sie in Exchange Online mit RBAC für Anwendungen zu (Rolle &apos;Application Calendars.Read&apos;) statt einer mandantenweiten Administratorzustimmung — die Einrichtung mit minimalen Rechten.</translation>
    </message>
    <message>
        <source>Reads events without body, attachments and extensions — still everything the presence uses (subject, times, free/busy status, sensitivity, organizer). But it can only be granted tenant-wide in Entra ID: Exchange RBAC for Applications has no ReadBasic role, so the app can read every mailbox&apos;s calendar.</source>
        <translation>Liest Termine ohne Textkörper, Anlagen und Erweiterungen — immer noch alles, was die Präsenz verwendet (Betreff, Zeiten, Frei/Gebucht-Status, Vertraulichkeit, Organisator). Kann in Entra ID aber nur mandantenweit erteilt werden: Exchange RBAC für Anwendungen hat keine Rolle ReadBasic, die App kann also den Kalender jedes Postfachs lesen.</translation>
    </message>
    <message>
        <source>Microsoft Graph &gt; Application permissions &gt; {permission} (ID {graph_permission_id}), with admin consent</source>
        <translation>Microsoft Graph &gt; Anwendungsberechtigungen &gt; {permission} (ID {graph_permission_id}), mit Administratorzustimmung</translation>
    </message>
    <message>
        <source>An admin consent for {permission} in the Entra admin center is tenant-wide: it lets the app read every mailbox of the tenant, and an Exchange RBAC for Applications scope does not narrow it (the two grants add up). Exchange RBAC for Applications is the scoping tool: to limit the app to the mailboxes it syncs, assign &apos;{RBAC_CALENDAR_ROLE}&apos; with a management scope (the PowerShell on the Mailboxes page) instead of the tenant-wide consent, or remove that consent afterwards.</source>
        <translation>Eine Administratorzustimmung für {permission} im Entra Admin Center gilt mandantenweit: Sie lässt die App jedes Postfach des Mandanten lesen, und ein Bereich von Exchange RBAC für Anwendungen schränkt sie nicht ein (die beiden Berechtigungen addieren sich). Exchange RBAC für Anwendungen ist das Werkzeug zur Beschränkung: Um die App auf die Postfächer zu beschränken, die sie synchronisiert, weisen Sie &apos;{RBAC_CALENDAR_ROLE}&apos; mit einem Verwaltungsbereich zu (das PowerShell auf der Seite Postfächer) statt der mandantenweiten Zustimmung, oder entfernen Sie diese Zustimmung danach.</translation>
    </message>
    <message>
        <source> RBAC for Applications has no ReadBasic role: a scoped app reads its mailboxes with &apos;{RBAC_CALENDAR_ROLE}&apos; (subjects included).</source>
        <translation> RBAC für Anwendungen hat keine Rolle ReadBasic: Eine beschränkte App liest ihre Postfächer mit &apos;{RBAC_CALENDAR_ROLE}&apos; (einschließlich Betreff).</translation>
    </message>
    <message>
        <source>&lt;Application (client) ID&gt;</source>
        <translation>&lt;Anwendungs-ID (Client)&gt;</translation>
    </message>
    <message>
        <source># Mailboxes that must stay out of reach: InScope must be False</source>
        <translation># Postfächer, die unerreichbar bleiben müssen: InScope muss False sein</translation>
    </message>
    <message>
        <source>Impersonation: full details</source>
        <translation>Identitätswechsel: alle Details</translation>
    </message>
    <message>
        <source>App permission: full details</source>
        <translation>App-Berechtigung: alle Details</translation>
    </message>
    <message>
        <source>Graph {value}: full details</source>
        <translation>Graph {value}: alle Details</translation>
    </message>
    <message>
        <source>Delegate access</source>
        <translation>Stellvertreterzugriff</translation>
    </message>
    <message>
        <source>How: {how}. What: {what}.</source>
        <translation>Wie: {how}. Was: {what}.</translation>
    </message>
    <message>
        <source>Register an app</source>
        <translation>App registrieren</translation>
    </message>
    <message>
        <source>API permissions</source>
        <translation>API-Berechtigungen</translation>
    </message>
    <message>
        <source>Certificates &amp; secrets</source>
        <translation>Zertifikate &amp; Geheimnisse</translation>
    </message>
    <message>
        <source>Authentication (redirect URI)</source>
        <translation>Authentifizierung (Umleitungs-URI)</translation>
    </message>
    <message>
        <source>Enterprise applications</source>
        <translation>Unternehmensanwendungen</translation>
    </message>
    <message>
        <source>Exchange admin center</source>
        <translation>Exchange Admin Center</translation>
    </message>
    <message>
        <source>The app registration is kept ({kept}). In the Entra admin center:
{steps_text}</source>
        <translation>Die App-Registrierung bleibt erhalten ({kept}). Im Entra Admin Center:
{steps_text}</translation>
    </message>
    <message>
        <source>EWS in Exchange Online was switched off on {off}</source>
        <translation>EWS in Exchange Online wurde am {off} abgeschaltet</translation>
    </message>
    <message>
        <source>EWS in Exchange Online ends on {off}</source>
        <translation>EWS in Exchange Online endet am {off}</translation>
    </message>
    <message>
        <source>{ews}; Microsoft Graph reads the same calendars without it. Switching keeps this app registration (client ID, tenant, secret or certificate) and the mailboxes; you then add one permission in the Entra admin center: {graph_permission_text}.</source>
        <translation>{ews}; Microsoft Graph liest dieselben Kalender ohne EWS. Die Umstellung behält diese App-Registrierung (Client-ID, Mandant, Schlüssel oder Zertifikat) und die Postfächer; Sie fügen dann im Entra Admin Center eine Berechtigung hinzu: {graph_permission_text}.</translation>
    </message>
    <message>
        <source>client ID</source>
        <translation>Client-ID</translation>
    </message>
    <message>
        <source>tenant</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>certificate</source>
        <translation>Zertifikat</translation>
    </message>
    <message>
        <source>client secret</source>
        <translation>geheimer Clientschlüssel</translation>
    </message>
    <message>
        <source>typed in this wizard</source>
        <translation>in diesem Assistenten eingegeben</translation>
    </message>
    <message>
        <source>mailboxes</source>
        <translation>Postfächer</translation>
    </message>
    <message>
        <source>App registrations &gt; the app {client_id} &gt; API permissions &gt; Add a permission &gt; Microsoft Graph &gt; Application permissions: add {permission} (ID {pid}).</source>
        <translation>App-Registrierungen &gt; die App {client_id} &gt; API-Berechtigungen &gt; Berechtigung hinzufügen &gt; Microsoft Graph &gt; Anwendungsberechtigungen: {permission} hinzufügen (ID {pid}).</translation>
    </message>
    <message>
        <source>Click &apos;Grant admin consent for &lt;tenant&gt;&apos; (tenant-wide: every mailbox; to limit the app to the synced mailboxes use Exchange RBAC for Applications, see the Mailboxes page).</source>
        <translation>Auf &apos;Administratorzustimmung für &lt;Mandant&gt; erteilen&apos; klicken (mandantenweit: jedes Postfach; um die App auf die synchronisierten Postfächer zu beschränken, Exchange RBAC für Anwendungen verwenden, siehe Seite Postfächer).</translation>
    </message>
    <message>
        <source>Once validation passes, {FULL_ACCESS_AS_APP} (Office 365 Exchange Online, ID {FULL_ACCESS_AS_APP_ID}) can be removed, with any &apos;Application EWS.AccessAsApp&apos; role assignment in Exchange Online: the app no longer uses EWS.</source>
        <translation>Sobald die Validierung besteht, kann {FULL_ACCESS_AS_APP} (Office 365 Exchange Online, ID {FULL_ACCESS_AS_APP_ID}) entfernt werden, samt einer eventuellen Rollenzuweisung &apos;Application EWS.AccessAsApp&apos; in Exchange Online: Die App verwendet kein EWS mehr.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Geheimer Clientschlüssel</translation>
    </message>
    <message>
        <source>Certificate password</source>
        <translation>Zertifikatpasswort</translation>
    </message>
    <message>
        <source>Sign-in token</source>
        <translation>Anmeldetoken</translation>
    </message>
    <message>
        <source>Client certificate</source>
        <translation>Clientzertifikat</translation>
    </message>
    <message>
        <source>PBX app object password</source>
        <translation>Passwort des PBX-App-Objekts</translation>
    </message>
    <message>
        <source>use letters, digits and . _ @ + - (starting with a letter or digit), e.g. &apos;customer-a&apos;</source>
        <translation>verwenden Sie Buchstaben, Ziffern und . _ @ + - (beginnend mit einem Buchstaben oder einer Ziffer), z. B. &apos;kunde-a&apos;</translation>
    </message>
    <message>
        <source>{describe} cannot be read here</source>
        <translation>{describe} kann hier nicht gelesen werden</translation>
    </message>
    <message>
        <source>Type the value in the wizard.</source>
        <translation>Geben Sie den Wert im Assistenten ein.</translation>
    </message>
    <message>
        <source>EWS in Exchange Online was switched off on {day}: this sync type cannot work against Microsoft 365</source>
        <translation>EWS in Exchange Online wurde am {day} abgeschaltet: Diese Synchronisierungsart kann gegen Microsoft 365 nicht funktionieren</translation>
    </message>
    <message>
        <source>Choose Exchange Online, Microsoft Graph on the Sync type page (it keeps the app registration), or Exchange Server on-premises.</source>
        <translation>Wählen Sie auf der Seite Synchronisierungsart Exchange Online, Microsoft Graph (behält die App-Registrierung) oder Exchange Server lokal.</translation>
    </message>
    <message>
        <source>No mailboxes are listed yet: nothing will be synchronized.</source>
        <translation>Es sind noch keine Postfächer aufgeführt: Es wird nichts synchronisiert.</translation>
    </message>
    <message>
        <source>Delegated access needs impersonation rights, which Exchange Online no longer grants (ApplicationImpersonation was removed in 2025): prefer Microsoft Graph.</source>
        <translation>Delegierter Zugriff braucht Identitätswechselrechte, die Exchange Online nicht mehr vergibt (ApplicationImpersonation wurde 2025 entfernt): Wählen Sie besser Microsoft Graph.</translation>
    </message>
    <message>
        <source>Calendars.ReadBasic can only be granted tenant-wide, so the mailboxes that must be denied ({mailboxes}) will be readable: choose Calendars.Read and assign it with Exchange RBAC for Applications to keep them out of reach.</source>
        <translation>Calendars.ReadBasic kann nur mandantenweit erteilt werden, also bleiben die Postfächer, die abgelehnt werden müssen ({mailboxes}), lesbar: Wählen Sie Calendars.Read und weisen Sie es mit Exchange RBAC für Anwendungen zu, um sie unerreichbar zu halten.</translation>
    </message>
    <message>
        <source>{page} is not a page of this sync type</source>
        <translation>{page} ist keine Seite dieser Synchronisierungsart</translation>
    </message>
    <message>
        <source>The secret store cannot be used: {error}</source>
        <translation>Der Geheimnisspeicher kann nicht verwendet werden: {error}</translation>
    </message>
    <message>
        <source>Passwords and client secrets cannot be saved until this is fixed; everything else can.</source>
        <translation>Passwörter und geheime Clientschlüssel können nicht gespeichert werden, bis das behoben ist; alles andere schon.</translation>
    </message>
    <message>
        <source>Passwords and client secrets will be kept in the OS keychain ({keychain}).</source>
        <translation>Passwörter und geheime Clientschlüssel werden im Schlüsselbund des Betriebssystems abgelegt ({keychain}).</translation>
    </message>
    <message>
        <source>No OS keychain is usable on this computer: passwords and client secrets will be kept in the encrypted file {file_path}, unlocked with its passphrase.</source>
        <translation>Auf diesem Computer ist kein Schlüsselbund des Betriebssystems nutzbar: Passwörter und geheime Clientschlüssel werden in der verschlüsselten Datei {file_path} abgelegt, die mit ihrer Passphrase entsperrt wird.</translation>
    </message>
    <message>
        <source>To use the OS keychain instead, start the wizard in a desktop session with a keychain (Windows Credential Manager, macOS Keychain, GNOME Keyring or KWallet).</source>
        <translation>Um stattdessen den Schlüsselbund des Betriebssystems zu verwenden, starten Sie den Assistenten in einer Desktop-Sitzung mit Schlüsselbund (Windows-Anmeldeinformationsverwaltung, macOS-Schlüsselbund, GNOME Keyring oder KWallet).</translation>
    </message>
    <message>
        <source>No OS keychain is usable on this computer. Passwords and client secrets are kept in the encrypted file {file_path}: type the passphrase it was created with below.</source>
        <translation>Auf diesem Computer ist kein Schlüsselbund des Betriebssystems nutzbar. Passwörter und geheime Clientschlüssel liegen in der verschlüsselten Datei {file_path}: Geben Sie unten die Passphrase ein, mit der sie angelegt wurde.</translation>
    </message>
    <message>
        <source>No OS keychain is usable on this computer. Passwords and client secrets will be kept in an encrypted file ({file_path}): choose its passphrase below (you need it again for the sync engine: CALWIZARD_STORE_PASSPHRASE).</source>
        <translation>Auf diesem Computer ist kein Schlüsselbund des Betriebssystems nutzbar. Passwörter und geheime Clientschlüssel werden in einer verschlüsselten Datei abgelegt ({file_path}): Wählen Sie unten ihre Passphrase (Sie brauchen sie wieder für die Sync-Engine: CALWIZARD_STORE_PASSPHRASE).</translation>
    </message>
</context>
<context>
    <name>mailboxes</name>
    <message>
        <source>Not found</source>
        <translation>Nicht gefunden</translation>
    </message>
    <message>
        <source>Ambiguous name</source>
        <translation>Mehrdeutiger Name</translation>
    </message>
    <message>
        <source>Impersonation denied</source>
        <translation>Identitätswechsel verweigert</translation>
    </message>
    <message>
        <source>Access denied</source>
        <translation>Zugriff verweigert</translation>
    </message>
    <message>
        <source>Credentials rejected</source>
        <translation>Anmeldedaten abgelehnt</translation>
    </message>
    <message>
        <source>EWS blocked</source>
        <translation>EWS gesperrt</translation>
    </message>
    <message>
        <source>Cannot reach EWS</source>
        <translation>EWS nicht erreichbar</translation>
    </message>
    <message>
        <source>TLS not trusted</source>
        <translation>TLS nicht vertrauenswürdig</translation>
    </message>
    <message>
        <source>Server busy</source>
        <translation>Server ausgelastet</translation>
    </message>
    <message>
        <source>Too many requests at once</source>
        <translation>Zu viele Anfragen gleichzeitig</translation>
    </message>
    <message>
        <source>Access denied (out of scope)</source>
        <translation>Zugriff verweigert (außerhalb des Bereichs)</translation>
    </message>
    <message>
        <source>Token rejected</source>
        <translation>Token abgelehnt</translation>
    </message>
</context>
<context>
    <name>mapping</name>
    <message>
        <source>Busy</source>
        <translation>Gebucht</translation>
    </message>
    <message>
        <source>Tentative</source>
        <translation>Mit Vorbehalt</translation>
    </message>
    <message>
        <source>Tentative (exception organizer)</source>
        <translation>Mit Vorbehalt (Ausnahme-Organisator)</translation>
    </message>
    <message>
        <source>Out of office</source>
        <translation>Abwesend</translation>
    </message>
    <message>
        <source>Working elsewhere</source>
        <translation>An anderem Ort tätig</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>Keine Daten</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Verfügbar</translation>
    </message>
    <message>
        <source>Away</source>
        <translation>Abwesend</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>Nicht stören</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Ignorieren</translation>
    </message>
    <message>
        <source>Home office</source>
        <translation>Homeoffice</translation>
    </message>
    <message>
        <source>Weekly team meeting</source>
        <translation>Wöchentliches Teammeeting</translation>
    </message>
    <message>
        <source>Customer call</source>
        <translation>Kundentelefonat</translation>
    </message>
    <message>
        <source>Sick leave</source>
        <translation>Krankmeldung</translation>
    </message>
    <message>
        <source>Vacation planning</source>
        <translation>Urlaubsplanung</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation>Übersprungen</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Outdated</source>
        <translation>Veraltet</translation>
    </message>
</context>
<context>
    <name>pbx</name>
    <message>
        <source>In the PBX&apos;s admin UI open PBX &gt; Objects and look for an App object whose Name is exactly &apos;{app}&apos; (create it if it is missing, see the App object instructions). Enter its Password again in calwizard (PBX &amp; presence page, or &apos;calwizard secrets set&apos;), or set a new password on the App object and enter that one.</source>
        <translation>Öffnen Sie in der Administrationsoberfläche der PBX PBX &gt; Objekte und suchen Sie ein App-Objekt, dessen Name genau &apos;{app}&apos; lautet (legen Sie es an, wenn es fehlt, siehe die Anleitung zum App-Objekt). Geben Sie sein Passwort in calwizard erneut ein (Seite PBX &amp; Präsenz oder &apos;calwizard secrets set&apos;), oder setzen Sie am App-Objekt ein neues Passwort und geben Sie dieses ein.</translation>
    </message>
    <message>
        <source>In the PBX&apos;s admin UI open PBX &gt; Objects, edit the App object &apos;{app}&apos;, tick &apos;{box}&apos; and click OK.</source>
        <translation>Öffnen Sie in der Administrationsoberfläche der PBX PBX &gt; Objekte, bearbeiten Sie das App-Objekt &apos;{app}&apos;, setzen Sie das Häkchen bei &apos;{box}&apos; und klicken Sie auf OK.</translation>
    </message>
    <message>
        <source>{host} answered HTTP {status} at {path} instead of an innovaphone AppWebsocket</source>
        <translation>{host} antwortete unter {path} mit HTTP {status} statt mit einem innovaphone-AppWebsocket</translation>
    </message>
    <message>
        <source>Enter the PBX&apos;s host name (e.g. pbx.example.com), not the App Platform&apos;s or another server&apos;s; the PBX serves /PBX0/APPS/websocket.</source>
        <translation>Geben Sie den Hostnamen der PBX ein (z. B. pbx.example.com), nicht den der App Platform oder eines anderen Servers; die PBX bedient /PBX0/APPS/websocket.</translation>
    </message>
    <message>
        <source>{host} sent no usable AppWebsocket challenge</source>
        <translation>{host} sendete keine brauchbare AppWebsocket-Challenge</translation>
    </message>
    <message>
        <source>Check that the address is the PBX&apos;s (an innovaphone PBX from version 13r1).</source>
        <translation>Prüfen Sie, ob die Adresse die der PBX ist (eine innovaphone-PBX ab Version 13r1).</translation>
    </message>
    <message>
        <source>the PBX closed the connection</source>
        <translation>die PBX hat die Verbindung geschlossen</translation>
    </message>
    <message>
        <source>the PBX {host} rejected the login as App object &apos;{app}&apos; ({why}): no App object of that name, or another password</source>
        <translation>die PBX {host} hat die Anmeldung als App-Objekt &apos;{app}&apos; abgelehnt ({why}): kein App-Objekt dieses Namens oder ein anderes Passwort</translation>
    </message>
    <message>
        <source>the PBX {host} rejected the login as App object &apos;{app}&apos;: no App object of that name, or another password</source>
        <translation>die PBX {host} hat die Anmeldung als App-Objekt &apos;{app}&apos; abgelehnt: kein App-Objekt dieses Namens oder ein anderes Passwort</translation>
    </message>
    <message>
        <source>the App object &apos;{app}&apos; does not enable the {api} API</source>
        <translation>das App-Objekt &apos;{app}&apos; aktiviert die API {api} nicht</translation>
    </message>
    <message>
        <source>the connection to {host} broke ({why})</source>
        <translation>die Verbindung zu {host} ist abgebrochen ({why})</translation>
    </message>
    <message>
        <source>If it is ticked, check the PBX&apos;s load and firmware (13r1 or newer).</source>
        <translation>Ist das Häkchen gesetzt, prüfen Sie die Last und die Firmware der PBX (13r1 oder neuer).</translation>
    </message>
    <message>
        <source>Check the PBX&apos;s load and the network.</source>
        <translation>Prüfen Sie die Last der PBX und das Netzwerk.</translation>
    </message>
    <message>
        <source>the PBX did not answer {request} within {seconds} s</source>
        <translation>die PBX hat {request} nicht innerhalb von {seconds} s beantwortet</translation>
    </message>
    <message>
        <source>the connection was closed by calwizard</source>
        <translation>die Verbindung wurde von calwizard geschlossen</translation>
    </message>
    <message>
        <source>the connection to {host} is closed</source>
        <translation>die Verbindung zu {host} ist geschlossen</translation>
    </message>
    <message>
        <source>the PBX {host} closed the connection</source>
        <translation>die PBX {host} hat die Verbindung geschlossen</translation>
    </message>
    <message>
        <source>the connection to {host} failed ({name})</source>
        <translation>die Verbindung zu {host} ist fehlgeschlagen ({name})</translation>
    </message>
    <message>
        <source>the PBX {host} did not answer {request} within {seconds} s</source>
        <translation>die PBX {host} hat {request} nicht innerhalb von {seconds} s beantwortet</translation>
    </message>
    <message>
        <source>Check that the address is the PBX&apos;s and that it runs firmware 13r1 or newer.</source>
        <translation>Prüfen Sie, ob die Adresse die der PBX ist und ob sie Firmware 13r1 oder neuer verwendet.</translation>
    </message>
    <message>
        <source>the PBX at {host} is &apos;{name}&apos;, not the master PBX &apos;{master}&apos;</source>
        <translation>die PBX unter {host} ist &apos;{name}&apos;, nicht die Master-PBX &apos;{master}&apos;</translation>
    </message>
    <message>
        <source>Either enter the address of the PBX named &apos;{master}&apos;, or — if &apos;{name}&apos; is the PBX calwizard should accept — set the master PBX name to &apos;{name}&apos; (the PBX name, as in the PBX&apos;s configuration, PBX &gt; Config &gt; General &gt; PBX Name; not its DNS name).</source>
        <translation>Geben Sie entweder die Adresse der PBX namens &apos;{master}&apos; ein, oder – wenn calwizard &apos;{name}&apos; akzeptieren soll – setzen Sie den Namen der Master-PBX auf &apos;{name}&apos; (den PBX-Namen aus der Konfiguration der PBX, PBX &gt; Konfiguration &gt; Allgemein &gt; PBX-Name; nicht ihren DNS-Namen).</translation>
    </message>
    <message>
        <source>error {code}</source>
        <translation>Fehler {code}</translation>
    </message>
    <message>
        <source>the PBX refused the presence of {sip}: {why}</source>
        <translation>die PBX hat die Präsenz von {sip} abgelehnt: {why}</translation>
    </message>
    <message>
        <source>Check that a user object named &apos;{sip}&apos; exists on the PBX.</source>
        <translation>Prüfen Sie, ob auf der PBX ein Benutzerobjekt namens &apos;{sip}&apos; existiert.</translation>
    </message>
    <message>
        <source>the PBX replicated more than {limit} users; stopped</source>
        <translation>die PBX hat mehr als {limit} Benutzer repliziert; abgebrochen</translation>
    </message>
    <message>
        <source>Limit the users with the user filter (pbx.user_filter).</source>
        <translation>Schränken Sie die Benutzer mit dem Benutzerfilter (pbx.user_filter) ein.</translation>
    </message>
    <message>
        <source>PBX {pbx}, domain {domain}: {count} users</source>
        <translation>PBX {pbx}, Domäne {domain}: {count} Benutzer</translation>
    </message>
    <message>
        <source>(name not reported)</source>
        <translation>(Name nicht gemeldet)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
    <message>
        <source>no e-mail address on the PBX</source>
        <translation>keine E-Mail-Adresse auf der PBX</translation>
    </message>
    <message>
        <source>  (not synced: outside the user filter)</source>
        <translation>  (nicht synchronisiert: außerhalb des Benutzerfilters)</translation>
    </message>
    <message>
        <source> no presence</source>
        <translation> keine Präsenz</translation>
    </message>
</context>
<context>
    <name>preview</name>
    <message>
        <source>Exchange did not answer in time</source>
        <translation>Exchange hat nicht rechtzeitig geantwortet</translation>
    </message>
    <message>
        <source>Check the network path to Exchange (proxy, firewall) and try again; the Validate page shows which step is slow.</source>
        <translation>Prüfen Sie den Netzwerkweg zu Exchange (Proxy, Firewall) und versuchen Sie es erneut; die Seite Validieren zeigt, welcher Schritt langsam ist.</translation>
    </message>
    <message>
        <source>Check the client secret or certificate and the admin consent of the app registration.</source>
        <translation>Prüfen Sie den geheimen Clientschlüssel oder das Zertifikat und die Administratorzustimmung der App-Registrierung.</translation>
    </message>
    <message>
        <source>Complete it on the Connection or Entra app page.</source>
        <translation>Ergänzen Sie es auf der Seite Verbindung oder Entra-App.</translation>
    </message>
    <message>
        <source>no mailbox {key} is configured</source>
        <translation>kein Postfach {key} konfiguriert</translation>
    </message>
    <message>
        <source>Add the user on the Mailboxes page.</source>
        <translation>Fügen Sie den Benutzer auf der Seite Postfächer hinzu.</translation>
    </message>
    <message>
        <source>{pbx_name}: no mailbox found for {join}</source>
        <translation>{pbx_name}: kein Postfach für {join} gefunden</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Jetzt</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>Gebucht</translation>
    </message>
    <message>
        <source>Tentative</source>
        <translation>Mit Vorbehalt</translation>
    </message>
    <message>
        <source>Out of office</source>
        <translation>Abwesend</translation>
    </message>
    <message>
        <source>Working elsewhere</source>
        <translation>An anderem Ort tätig</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Frei</translation>
    </message>
    <message>
        <source>No data</source>
        <translation>Keine Daten</translation>
    </message>
    <message>
        <source> (private)</source>
        <translation> (privat)</translation>
    </message>
    <message>
        <source> (all day)</source>
        <translation> (ganztägig)</translation>
    </message>
    <message>
        <source>the engine stopped during its first sync</source>
        <translation>die Engine hat während ihrer ersten Synchronisierung angehalten</translation>
    </message>
    <message>
        <source>the trial did not finish within {timeout:g} s</source>
        <translation>der Test wurde nicht innerhalb von {timeout:g} s fertig</translation>
    </message>
    <message>
        <source>Validate the configuration first; a slow Exchange or PBX needs longer.</source>
        <translation>Validieren Sie zuerst die Konfiguration; ein langsames Exchange oder eine langsame PBX braucht länger.</translation>
    </message>
</context>
<context>
    <name>report</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>WARNING</source>
        <translation>WARNUNG</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>FEHLER</translation>
    </message>
    <message>
        <source>SKIPPED</source>
        <translation>ÜBERSPRUNGEN</translation>
    </message>
    <message>
        <source>calwizard validation report</source>
        <translation>calwizard-Validierungsbericht</translation>
    </message>
    <message>
        <source>{ok} ok, {warning} warnings, {failed} failed, {skipped} skipped</source>
        <translation>{ok} OK, {warning} Warnungen, {failed} fehlgeschlagen, {skipped} übersprungen</translation>
    </message>
    <message>
        <source>fix: {remedy}</source>
        <translation>Abhilfe: {remedy}</translation>
    </message>
    <message>
        <source>Sync type: {value}</source>
        <translation>Synchronisierungsart: {value}</translation>
    </message>
    <message>
        <source>PBX: {name}</source>
        <translation>PBX: {name}</translation>
    </message>
    <message>
        <source>User: {user}</source>
        <translation>Benutzer: {user}</translation>
    </message>
    <message>
        <source>Cloud: {cloud}; client ID {client}; tenant {tenant}</source>
        <translation>Cloud: {cloud}; Client-ID {client}; Mandant {tenant}</translation>
    </message>
    <message>
        <source>client secret</source>
        <translation>geheimer Clientschlüssel</translation>
    </message>
    <message>
        <source>certificate {thumbprint}</source>
        <translation>Zertifikat {thumbprint}</translation>
    </message>
    <message>
        <source>tenant-wide admin consent (app role assignment)</source>
        <translation>mandantenweite Administratorzustimmung (App-Rollenzuweisung)</translation>
    </message>
    <message>
        <source>no tenant-wide consent, scoped with Exchange RBAC for Applications</source>
        <translation>keine mandantenweite Zustimmung, beschränkt mit Exchange RBAC für Anwendungen</translation>
    </message>
    <message>
        <source>App registration: reused by calwizard {day} ({by}): &apos;{name}&apos;, object ID {object}, service principal {sp}; {what} expires {expires}; {permission}: {how}</source>
        <translation>App-Registrierung: von calwizard wiederverwendet am {day} ({by}): &apos;{name}&apos;, Objekt-ID {object}, Dienstprinzipal {sp}; {what} läuft ab am {expires}; {permission}: {how}</translation>
    </message>
    <message>
        <source>App registration: created by calwizard {day} ({by}): &apos;{name}&apos;, object ID {object}, service principal {sp}; {what} expires {expires}; {permission}: {how}</source>
        <translation>App-Registrierung: von calwizard erstellt am {day} ({by}): &apos;{name}&apos;, Objekt-ID {object}, Dienstprinzipal {sp}; {what} läuft ab am {expires}; {permission}: {how}</translation>
    </message>
    <message>
        <source>Mailboxes: {n}</source>
        <translation>Postfächer: {n}</translation>
    </message>
    <message>
        <source>All checks passed</source>
        <translation>Alle Prüfungen bestanden</translation>
    </message>
    <message>
        <source>Passed with warnings</source>
        <translation>Mit Warnungen bestanden</translation>
    </message>
    <message>
        <source>Some checks failed</source>
        <translation>Einige Prüfungen sind fehlgeschlagen</translation>
    </message>
    <message>
        <source>How to fix:</source>
        <translation>Abhilfe:</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>result_html</name>
    <message>
        <source>Select a check to see what was tried and how to fix it.</source>
        <translation>Wählen Sie eine Prüfung, um zu sehen, was versucht wurde und wie es zu beheben ist.</translation>
    </message>
    <message>
        <source>Outdated: the settings this check judged have changed since; it runs again.</source>
        <translation>Veraltet: Die Einstellungen, die diese Prüfung beurteilt hat, haben sich seitdem geändert; sie läuft erneut.</translation>
    </message>
    <message>
        <source>Go to field: {field}</source>
        <translation>Zum Feld: {field}</translation>
    </message>
    <message>
        <source>How to fix:</source>
        <translation>Abhilfe:</translation>
    </message>
    <message>
        <source>Detail:</source>
        <translation>Details:</translation>
    </message>
    <message>
        <source>URLs tried:</source>
        <translation>Versuchte URLs:</translation>
    </message>
</context>
<context>
    <name>secrets</name>
    <message>
        <source>If this configuration is the right one for the secret, re-bind it: save the configuration in the wizard (it asks), or run the command again with --rebind-secrets. If you did not expect this destination, do not use this configuration: it may come from someone who wants the secret.</source>
        <translation>Wenn diese Konfiguration die richtige für das Geheimnis ist, binden Sie es neu: Speichern Sie die Konfiguration im Assistenten (er fragt nach) oder führen Sie den Befehl erneut mit --rebind-secrets aus. Wenn Sie dieses Ziel nicht erwartet haben, verwenden Sie diese Konfiguration nicht: Sie könnte von jemandem stammen, der das Geheimnis haben will.</translation>
    </message>
    <message>
        <source>the secret store entry {key} was saved before calwizard recorded where secrets may go, and this configuration is not the profile&apos;s own file; it would send it to {wanted}</source>
        <translation>der Eintrag {key} im Geheimnisspeicher wurde gespeichert, bevor calwizard festhielt, wohin Geheimnisse gehen dürfen, und diese Konfiguration ist nicht die eigene Datei des Profils; sie würde ihn an {wanted} senden</translation>
    </message>
    <message>
        <source>the secret store entry {key} was saved for {bound}; this configuration would send it to {wanted}</source>
        <translation>der Eintrag {key} im Geheimnisspeicher wurde für {bound} gespeichert; diese Konfiguration würde ihn an {wanted} senden</translation>
    </message>
    <message>
        <source>no destination recorded (saved by an older calwizard)</source>
        <translation>kein Ziel festgehalten (von einem älteren calwizard gespeichert)</translation>
    </message>
    <message>
        <source>saved for {where}</source>
        <translation>gespeichert für {where}</translation>
    </message>
    <message>
        <source>{key}: {was}; this configuration sends it to {wanted}</source>
        <translation>{key}: {was}; diese Konfiguration sendet ihn an {wanted}</translation>
    </message>
    <message>
        <source>cannot fetch sandbox credentials: {message}</source>
        <translation>Sandbox-Anmeldeinformationen können nicht abgerufen werden: {message}</translation>
    </message>
    <message>
        <source>environment variable {name} is not set</source>
        <translation>Umgebungsvariable {name} ist nicht gesetzt</translation>
    </message>
    <message>
        <source>Set {name} to the secret before running calwizard, or keep the secret in the secret store (the wizard, or &apos;calwizard import&apos;).</source>
        <translation>Setzen Sie {name} auf das Geheimnis, bevor Sie calwizard starten, oder legen Sie das Geheimnis im Geheimnisspeicher ab (im Assistenten oder mit &apos;calwizard import&apos;).</translation>
    </message>
    <message>
        <source>environment variable {name} is empty</source>
        <translation>Umgebungsvariable {name} ist leer</translation>
    </message>
    <message>
        <source>Set {name} to the secret&apos;s value.</source>
        <translation>Setzen Sie {name} auf den Wert des Geheimnisses.</translation>
    </message>
    <message>
        <source>the secret store ({backend_name}) has no entry {key}</source>
        <translation>der Geheimnisspeicher ({backend_name}) hat keinen Eintrag {key}</translation>
    </message>
    <message>
        <source>Store it with &apos;calwizard secrets set {profile} {field}&apos;, import the bundle again, or enter it in the wizard.</source>
        <translation>Legen Sie ihn mit &apos;calwizard secrets set {profile} {field}&apos; ab, importieren Sie das Paket erneut, oder geben Sie ihn im Assistenten ein.</translation>
    </message>
    <message>
        <source>secret store entry {key} is now bound to {wanted} (it was saved before calwizard recorded where secrets may go)</source>
        <translation>Eintrag {key} im Geheimnisspeicher ist jetzt an {wanted} gebunden (er wurde gespeichert, bevor calwizard festhielt, wohin Geheimnisse gehen dürfen)</translation>
    </message>
    <message>
        <source>secret store entry {key} re-bound from {bound} to {wanted} (--rebind-secrets)</source>
        <translation>Eintrag {key} im Geheimnisspeicher von {bound} an {wanted} neu gebunden (--rebind-secrets)</translation>
    </message>
    <message>
        <source>sandbox credential {name} goes only to the sandbox tenant; this configuration would send it to {where}</source>
        <translation>die Sandbox-Anmeldedaten {name} gehen nur an den Sandbox-Mandanten; diese Konfiguration würde sie an {where} senden</translation>
    </message>
    <message>
        <source>Use sandbox credentials only with the sandbox&apos;s configurations (its *.test hosts, routed to 127.0.0.1); for a real server, store the real secret (&apos;calwizard secrets set&apos; or the wizard).</source>
        <translation>Verwenden Sie Sandbox-Anmeldedaten nur mit den Konfigurationen der Sandbox (ihren *.test-Hosts, nach 127.0.0.1 geleitet); für einen echten Server speichern Sie das echte Geheimnis (&apos;calwizard secrets set&apos; oder der Assistent).</translation>
    </message>
    <message>
        <source>Start the sandbox tenant (&apos;calwizard sandbox&apos;) and check the credential name.</source>
        <translation>Starten Sie den Sandbox-Mandanten (&apos;calwizard sandbox&apos;) und prüfen Sie den Namen der Anmeldeinformation.</translation>
    </message>
    <message>
        <source>TLS verification failed fetching sandbox credential {name}</source>
        <translation>TLS-Prüfung beim Abrufen der Sandbox-Anmeldeinformation {name} fehlgeschlagen</translation>
    </message>
    <message>
        <source>Set exchange.ca_file to the sandbox&apos;s CA certificate.</source>
        <translation>Setzen Sie exchange.ca_file auf das CA-Zertifikat der Sandbox.</translation>
    </message>
    <message>
        <source>cannot fetch sandbox credential {name} ({name1})</source>
        <translation>Sandbox-Anmeldeinformation {name} kann nicht abgerufen werden ({name1})</translation>
    </message>
    <message>
        <source>the sandbox answered HTTP {status_code} for credential {name}</source>
        <translation>die Sandbox antwortete HTTP {status_code} für die Anmeldeinformation {name}</translation>
    </message>
    <message>
        <source>the sandbox&apos;s answer for credential {name} holds no value</source>
        <translation>die Antwort der Sandbox für die Anmeldeinformation {name} enthält keinen Wert</translation>
    </message>
    <message>
        <source>Exchange of the domain</source>
        <translation>Exchange der Domäne</translation>
    </message>
    <message>
        <source>the PBX</source>
        <translation>die PBX</translation>
    </message>
    <message>
        <source>the sandbox</source>
        <translation>die Sandbox</translation>
    </message>
    <message>
        <source>nowhere</source>
        <translation>nirgendwohin</translation>
    </message>
    <message>
        <source>{first} and {last}</source>
        <translation>{first} und {last}</translation>
    </message>
    <message>
        <source>{key} is not a secret store key</source>
        <translation>{key} ist kein Schlüssel des Geheimnisspeichers</translation>
    </message>
    <message>
        <source>Keys look like &apos;profile/field&apos;, e.g. &apos;customer-a/exchange.client_secret&apos;; profile and field names use letters, digits and . _ @ + -, and start with a letter or digit.</source>
        <translation>Schlüssel haben die Form &apos;profil/feld&apos;, z. B. &apos;customer-a/exchange.client_secret&apos;; Profil- und Feldnamen bestehen aus Buchstaben, Ziffern und . _ @ + - und beginnen mit einem Buchstaben oder einer Ziffer.</translation>
    </message>
    <message>
        <source>{profile} is not a valid profile name</source>
        <translation>{profile} ist kein gültiger Profilname</translation>
    </message>
    <message>
        <source>Use letters, digits and . _ @ + - (starting with a letter or digit), e.g. &apos;customer-a&apos;.</source>
        <translation>Verwenden Sie Buchstaben, Ziffern und . _ @ + - (beginnend mit einem Buchstaben oder einer Ziffer), z. B. &apos;customer-a&apos;.</translation>
    </message>
    <message>
        <source>a secret store entry is damaged (its binding record cannot be read)</source>
        <translation>ein Eintrag im Geheimnisspeicher ist beschädigt (seine Bindung kann nicht gelesen werden)</translation>
    </message>
    <message>
        <source>Store the secret again (&apos;calwizard secrets set&apos;, the wizard, or import the bundle again).</source>
        <translation>Speichern Sie das Geheimnis erneut (&apos;calwizard secrets set&apos;, der Assistent, oder importieren Sie das Paket erneut).</translation>
    </message>
    <message>
        <source>Windows Credential Manager</source>
        <translation>Windows-Anmeldeinformationsverwaltung</translation>
    </message>
    <message>
        <source>macOS Keychain</source>
        <translation>macOS-Schlüsselbund</translation>
    </message>
    <message>
        <source>Secret Service (Linux desktop keychain)</source>
        <translation>Secret Service (Schlüsselbund des Linux-Desktops)</translation>
    </message>
    <message>
        <source>Secret Service via libsecret (Linux desktop keychain)</source>
        <translation>Secret Service über libsecret (Schlüsselbund des Linux-Desktops)</translation>
    </message>
    <message>
        <source>KWallet (KDE keychain)</source>
        <translation>KWallet (Schlüsselbund von KDE)</translation>
    </message>
    <message>
        <source>keyring&apos;s &apos;fail&apos; backend (it means no keychain was found)</source>
        <translation>das Backend &apos;fail&apos; von keyring (es bedeutet, dass kein Schlüsselbund gefunden wurde)</translation>
    </message>
    <message>
        <source>keyring&apos;s &apos;null&apos; backend (it stores nothing)</source>
        <translation>das Backend &apos;null&apos; von keyring (es speichert nichts)</translation>
    </message>
    <message>
        <source>keyring&apos;s automatic backend chain (it may fall back to plain text)</source>
        <translation>die automatische Backend-Kette von keyring (sie kann auf Klartext zurückfallen)</translation>
    </message>
    <message>
        <source>an unauthenticated legacy encrypted file (AES-CFB without integrity)</source>
        <translation>eine veraltete verschlüsselte Datei ohne Authentifizierung (AES-CFB ohne Integritätsschutz)</translation>
    </message>
    <message>
        <source>a backend that keeps secrets in plain text or under a fixed key</source>
        <translation>ein Backend, das Geheimnisse im Klartext oder unter einem festen Schlüssel ablegt</translation>
    </message>
    <message>
        <source>a backend calwizard does not know to be a keychain or an encrypted store</source>
        <translation>ein Backend, das calwizard nicht als Schlüsselbund oder verschlüsselten Speicher kennt</translation>
    </message>
    <message>
        <source>calwizard refuses the keyring backend {backend}: {reason}</source>
        <translation>calwizard lehnt das keyring-Backend {backend} ab: {reason}</translation>
    </message>
    <message>
        <source>Use the operating system&apos;s keychain, or the encrypted file store (set {kind_env}=file and {passphrase_env}).</source>
        <translation>Verwenden Sie den Schlüsselbund des Betriebssystems oder den verschlüsselten Dateispeicher (setzen Sie {kind_env}=file und {passphrase_env}).</translation>
    </message>
    <message>
        <source>cannot {what} in {backend}: an entry cannot be decrypted ({why})</source>
        <translation>{what} in {backend} nicht möglich: Ein Eintrag kann nicht entschlüsselt werden ({why})</translation>
    </message>
    <message>
        <source>The file was changed or damaged, or written with another passphrase; restore it from a backup or delete it and store the secrets again.</source>
        <translation>Die Datei wurde verändert oder beschädigt oder mit einer anderen Passphrase geschrieben; stellen Sie sie aus einer Sicherung wieder her, oder löschen Sie sie und speichern Sie die Geheimnisse erneut.</translation>
    </message>
    <message>
        <source>cannot {what} in {backend} ({why})</source>
        <translation>{what} in {backend} nicht möglich ({why})</translation>
    </message>
    <message>
        <source>Check that the keychain is unlocked and reachable (on Linux: a desktop session with GNOME Keyring or KWallet), or use the encrypted file store ({kind_env}=file and {passphrase_env}).</source>
        <translation>Prüfen Sie, ob der Schlüsselbund entsperrt und erreichbar ist (unter Linux: eine Desktop-Sitzung mit GNOME Keyring oder KWallet), oder verwenden Sie den verschlüsselten Dateispeicher ({kind_env}=file und {passphrase_env}).</translation>
    </message>
    <message>
        <source>read an entry</source>
        <translation>Eintrag lesen</translation>
    </message>
    <message>
        <source>store an entry</source>
        <translation>Eintrag speichern</translation>
    </message>
    <message>
        <source>delete an entry</source>
        <translation>Eintrag löschen</translation>
    </message>
    <message>
        <source>list the entries</source>
        <translation>Einträge auflisten</translation>
    </message>
    <message>
        <source>the secret store ({backend}) has no entry {key}</source>
        <translation>der Geheimnisspeicher ({backend}) hat keinen Eintrag {key}</translation>
    </message>
    <message>
        <source>Store the secret first.</source>
        <translation>Speichern Sie zuerst das Geheimnis.</translation>
    </message>
    <message>
        <source>refusing to store an empty value for {key}</source>
        <translation>ein leerer Wert für {key} wird nicht gespeichert</translation>
    </message>
    <message>
        <source>Enter the secret&apos;s value.</source>
        <translation>Geben Sie den Wert des Geheimnisses ein.</translation>
    </message>
    <message>
        <source>the passphrase of the encrypted secret store is empty</source>
        <translation>die Passphrase des verschlüsselten Geheimnisspeichers ist leer</translation>
    </message>
    <message>
        <source>Set {env} to a non-empty passphrase.</source>
        <translation>Setzen Sie {env} auf eine nicht leere Passphrase.</translation>
    </message>
    <message>
        <source>cannot create the directory of the encrypted secret store {path}: {why}</source>
        <translation>das Verzeichnis des verschlüsselten Geheimnisspeichers {path} kann nicht angelegt werden: {why}</translation>
    </message>
    <message>
        <source>Check the permissions, or give another store path.</source>
        <translation>Prüfen Sie die Berechtigungen, oder geben Sie einen anderen Speicherpfad an.</translation>
    </message>
    <message>
        <source>encrypted file {path}</source>
        <translation>verschlüsselte Datei {path}</translation>
    </message>
    <message>
        <source>the passphrase does not unlock the encrypted secret store {path}</source>
        <translation>die Passphrase entsperrt den verschlüsselten Geheimnisspeicher {path} nicht</translation>
    </message>
    <message>
        <source>Set {env} to the passphrase the store was created with (or move the file away to start an empty store; its secrets are then lost).</source>
        <translation>Setzen Sie {env} auf die Passphrase, mit der der Speicher angelegt wurde (oder verschieben Sie die Datei, um mit einem leeren Speicher zu beginnen; ihre Geheimnisse sind dann verloren).</translation>
    </message>
    <message>
        <source>the encrypted secret store {path} is damaged or not a calwizard store ({why})</source>
        <translation>der verschlüsselte Geheimnisspeicher {path} ist beschädigt oder kein Speicher von calwizard ({why})</translation>
    </message>
    <message>
        <source>Restore it from a backup, or move it away to start an empty store.</source>
        <translation>Stellen Sie ihn aus einer Sicherung wieder her, oder verschieben Sie ihn, um mit einem leeren Speicher zu beginnen.</translation>
    </message>
    <message>
        <source>cannot open the encrypted secret store {path} ({why})</source>
        <translation>der verschlüsselte Geheimnisspeicher {path} kann nicht geöffnet werden ({why})</translation>
    </message>
    <message>
        <source>Check the file&apos;s permissions, or give another store path.</source>
        <translation>Prüfen Sie die Berechtigungen der Datei, oder geben Sie einen anderen Speicherpfad an.</translation>
    </message>
    <message>
        <source>Passphrase of the encrypted secret store {path}: </source>
        <translation>Passphrase des verschlüsselten Geheimnisspeichers {path}: </translation>
    </message>
    <message>
        <source>New passphrase for the encrypted secret store {path}: </source>
        <translation>Neue Passphrase für den verschlüsselten Geheimnisspeicher {path}: </translation>
    </message>
    <message>
        <source>Repeat the passphrase: </source>
        <translation>Passphrase wiederholen: </translation>
    </message>
    <message>
        <source>the two passphrases differ</source>
        <translation>die beiden Passphrasen unterscheiden sich</translation>
    </message>
    <message>
        <source>Run the command again and type the same passphrase twice.</source>
        <translation>Führen Sie den Befehl erneut aus und geben Sie zweimal dieselbe Passphrase ein.</translation>
    </message>
    <message>
        <source>cannot read the passphrase file of the encrypted secret store ({path}: {why})</source>
        <translation>die Passphrase-Datei des verschlüsselten Geheimnisspeichers kann nicht gelesen werden ({path}: {why})</translation>
    </message>
    <message>
        <source>Check {env} and the file&apos;s permissions (the service&apos;s credential).</source>
        <translation>Prüfen Sie {env} und die Berechtigungen der Datei (die Anmeldeinformation des Dienstes).</translation>
    </message>
    <message>
        <source>Use &apos;keychain&apos; or &apos;file&apos; (or a trusted keyring backend class such as keyring.backends.SecretService.Keyring).</source>
        <translation>Verwenden Sie &apos;keychain&apos; oder &apos;file&apos; (oder eine vertrauenswürdige keyring-Backend-Klasse wie keyring.backends.SecretService.Keyring).</translation>
    </message>
    <message>
        <source>unknown secret store kind {kind}</source>
        <translation>unbekannte Art von Geheimnisspeicher {kind}</translation>
    </message>
    <message>
        <source>Use &apos;keychain&apos; or &apos;file&apos; (in {env} too).</source>
        <translation>Verwenden Sie &apos;keychain&apos; oder &apos;file&apos; (auch in {env}).</translation>
    </message>
    <message>
        <source>the keyring backend {backend} is not usable here ({why})</source>
        <translation>das keyring-Backend {backend} ist hier nicht nutzbar ({why})</translation>
    </message>
    <message>
        <source>not available</source>
        <translation>nicht verfügbar</translation>
    </message>
    <message>
        <source>Unlock or start the keychain, or use the encrypted file store ({kind_env}=file and {passphrase_env}).</source>
        <translation>Entsperren oder starten Sie den Schlüsselbund, oder verwenden Sie den verschlüsselten Dateispeicher ({kind_env}=file und {passphrase_env}).</translation>
    </message>
    <message>
        <source>none known on this platform</source>
        <translation>auf dieser Plattform ist keiner bekannt</translation>
    </message>
    <message>
        <source>no usable OS keychain ({why})</source>
        <translation>kein nutzbarer Schlüsselbund des Betriebssystems ({why})</translation>
    </message>
    <message>
        <source>no usable OS keychain</source>
        <translation>kein nutzbarer Schlüsselbund des Betriebssystems</translation>
    </message>
    <message>
        <source>Unlock the keychain (on Linux: log in to a desktop with GNOME Keyring or KWallet), or use the encrypted file store ({kind_env}=file and {passphrase_env}).</source>
        <translation>Entsperren Sie den Schlüsselbund (unter Linux: an einem Desktop mit GNOME Keyring oder KWallet anmelden), oder verwenden Sie den verschlüsselten Dateispeicher ({kind_env}=file und {passphrase_env}).</translation>
    </message>
    <message>
        <source>no secret store is available: no usable OS keychain ({why}) and no passphrase for the encrypted file store {path}</source>
        <translation>kein Geheimnisspeicher verfügbar: kein nutzbarer Schlüsselbund des Betriebssystems ({why}) und keine Passphrase für den verschlüsselten Dateispeicher {path}</translation>
    </message>
    <message>
        <source>no secret store is available: no usable OS keychain and no passphrase for the encrypted file store {path}</source>
        <translation>kein Geheimnisspeicher verfügbar: kein nutzbarer Schlüsselbund des Betriebssystems und keine Passphrase für den verschlüsselten Dateispeicher {path}</translation>
    </message>
    <message>
        <source>Unlock or install a keychain (Windows Credential Manager, macOS Keychain, or a Secret Service such as GNOME Keyring), or set {env} to use the encrypted file store.</source>
        <translation>Entsperren oder installieren Sie einen Schlüsselbund (Windows-Anmeldeinformationsverwaltung, macOS-Schlüsselbund oder einen Secret Service wie GNOME Keyring), oder setzen Sie {env}, um den verschlüsselten Dateispeicher zu verwenden.</translation>
    </message>
    <message>
        <source>the encrypted secret store {path} needs a passphrase</source>
        <translation>der verschlüsselte Geheimnisspeicher {path} braucht eine Passphrase</translation>
    </message>
    <message>
        <source>Set {env}, or run the command in a terminal to be asked for it.</source>
        <translation>Setzen Sie {env}, oder führen Sie den Befehl in einem Terminal aus, um danach gefragt zu werden.</translation>
    </message>
</context>
<context>
    <name>secrets_cli</name>
    <message>
        <source>calwizard {verb}: error: {message}</source>
        <translation>calwizard {verb}: Fehler: {message}</translation>
    </message>
    <message>
        <source>calwizard {verb}: error: no input (the prompt was closed) — run it in a terminal or set the environment variable</source>
        <translation>calwizard {verb}: Fehler: keine Eingabe (die Abfrage wurde geschlossen) — führen Sie den Befehl in einem Terminal aus oder setzen Sie die Umgebungsvariable</translation>
    </message>
    <message>
        <source>calwizard {verb}: cancelled</source>
        <translation>calwizard {verb}: abgebrochen</translation>
    </message>
    <message>
        <source>the bundle passphrase is needed and there is no terminal to ask for it</source>
        <translation>die Passphrase des Pakets wird gebraucht, und es gibt kein Terminal, um danach zu fragen</translation>
    </message>
    <message>
        <source>Set the environment variable {env}, or run the command in a terminal.</source>
        <translation>Setzen Sie die Umgebungsvariable {env}, oder führen Sie den Befehl in einem Terminal aus.</translation>
    </message>
    <message>
        <source>Strength of {env}: {label}. {hint}</source>
        <translation>Stärke von {env}: {label}. {hint}</translation>
    </message>
    <message>
        <source>Bundle passphrase: </source>
        <translation>Passphrase des Pakets: </translation>
    </message>
    <message>
        <source>Passphrase to seal the bundle (at least {length} characters): </source>
        <translation>Passphrase zum Versiegeln des Pakets (mindestens {length} Zeichen): </translation>
    </message>
    <message>
        <source>Strength: {label}. {hint}</source>
        <translation>Stärke: {label}. {hint}</translation>
    </message>
    <message>
        <source>no passphrase of at least {length} characters was entered</source>
        <translation>es wurde keine Passphrase mit mindestens {length} Zeichen eingegeben</translation>
    </message>
    <message>
        <source>{field} is not a secret field</source>
        <translation>{field} ist kein Geheimnisfeld</translation>
    </message>
    <message>
        <source>Use one of: {fields}.</source>
        <translation>Verwenden Sie eines von: {fields}.</translation>
    </message>
    <message>
        <source>Use the output of &apos;calwizard validate --json&apos;.</source>
        <translation>Verwenden Sie die Ausgabe von &apos;calwizard validate --json&apos;.</translation>
    </message>
    <message>
        <source>cannot read the report {path}: {why}</source>
        <translation>der Bericht {path} kann nicht gelesen werden: {why}</translation>
    </message>
    <message>
        <source>the report {path} is not JSON</source>
        <translation>der Bericht {path} ist kein JSON</translation>
    </message>
    <message>
        <source>the report {path} is not a list of check results</source>
        <translation>der Bericht {path} ist keine Liste von Prüfergebnissen</translation>
    </message>
    <message>
        <source>calwizard export: note: the configuration references no secrets; the bundle carries none</source>
        <translation>calwizard export: Hinweis: Die Konfiguration verweist auf keine Geheimnisse; das Paket enthält keine</translation>
    </message>
    <message>
        <source>secrets sealed: {fields}</source>
        <translation>versiegelte Geheimnisse: {fields}</translation>
    </message>
    <message>
        <source>no secrets</source>
        <translation>keine Geheimnisse</translation>
    </message>
    <message>
        <source>calwizard export: wrote {path} ({count} mailboxes, {what})</source>
        <translation>calwizard export: {path} geschrieben ({count} Postfächer, {what})</translation>
    </message>
    <message>
        <source>{path} already exists</source>
        <translation>{path} existiert bereits</translation>
    </message>
    <message>
        <source>Pass --force to replace it, or choose --config-out/--profile.</source>
        <translation>Geben Sie --force an, um sie zu ersetzen, oder wählen Sie --config-out/--profile.</translation>
    </message>
    <message>
        <source>calwizard import: profile {profile}: wrote {path}, stored {count} secrets into {store}</source>
        <translation>calwizard import: Profil {profile}: {path} geschrieben, {count} Geheimnisse in {store} gespeichert</translation>
    </message>
    <message>
        <source>calwizard import: profile {profile}: wrote {path}, stored {count} secrets</source>
        <translation>calwizard import: Profil {profile}: {path} geschrieben, {count} Geheimnisse gespeichert</translation>
    </message>
    <message>
        <source>calwizard import: {field} is not in the bundle: store it with &apos;calwizard secrets set {profile} {field}&apos;</source>
        <translation>calwizard import: {field} ist nicht im Paket: Speichern Sie es mit &apos;calwizard secrets set {profile} {field}&apos;</translation>
    </message>
    <message>
        <source>secret store: {store}</source>
        <translation>Geheimnisspeicher: {store}</translation>
    </message>
    <message>
        <source>profiles: none</source>
        <translation>Profile: keine</translation>
    </message>
    <message>
        <source>profile {profile}: {fields}</source>
        <translation>Profil {profile}: {fields}</translation>
    </message>
    <message>
        <source>(no entries)</source>
        <translation>(keine Einträge)</translation>
    </message>
    <message>
        <source>unbound (bound on first use by the profile&apos;s own configuration)</source>
        <translation>ungebunden (wird bei der ersten Verwendung durch die eigene Konfiguration des Profils gebunden)</translation>
    </message>
    <message>
        <source>bound to {where}</source>
        <translation>gebunden an {where}</translation>
    </message>
    <message>
        <source>calwizard secrets: deleted {count} entries of profile {profile} from {store}</source>
        <translation>calwizard secrets: {count} Einträge des Profils {profile} aus {store} gelöscht</translation>
    </message>
    <message>
        <source>calwizard secrets: profile {profile} has no entries in {store}</source>
        <translation>calwizard secrets: Profil {profile} hat keine Einträge in {store}</translation>
    </message>
    <message>
        <source>Value of {key}: </source>
        <translation>Wert von {key}: </translation>
    </message>
    <message>
        <source>Repeat it: </source>
        <translation>Wiederholen: </translation>
    </message>
    <message>
        <source>the two values differ</source>
        <translation>die beiden Werte unterscheiden sich</translation>
    </message>
    <message>
        <source>Run the command again.</source>
        <translation>Führen Sie den Befehl erneut aus.</translation>
    </message>
    <message>
        <source>calwizard secrets: stored {key} in {store}, bound to {where}</source>
        <translation>calwizard secrets: {key} in {store} gespeichert, gebunden an {where}</translation>
    </message>
    <message>
        <source>calwizard secrets: stored {key} in {store} (unbound: the profile&apos;s own configuration binds it on first use)</source>
        <translation>calwizard secrets: {key} in {store} gespeichert (ungebunden: Die eigene Konfiguration des Profils bindet es bei der ersten Verwendung)</translation>
    </message>
    <message>
        <source>calwizard secrets: error: choose one of: status, set, delete-profile</source>
        <translation>calwizard secrets: Fehler: Wählen Sie eines von: status, set, delete-profile</translation>
    </message>
</context>
<context>
    <name>service</name>
    <message>
        <source>{name} is not a usable service name</source>
        <translation>{name} ist kein brauchbarer Dienstname</translation>
    </message>
    <message>
        <source>Use lower-case letters, digits, &apos;-&apos;, &apos;_&apos; and &apos;.&apos;, starting with a letter (e.g. {example} or {example}-1).</source>
        <translation>Verwenden Sie Kleinbuchstaben, Ziffern, &apos;-&apos;, &apos;_&apos; und &apos;.&apos;, beginnend mit einem Buchstaben (z. B. {example} oder {example}-1).</translation>
    </message>
    <message>
        <source>--sink pbx: the configuration has no PBX connection</source>
        <translation>--sink pbx: die Konfiguration hat keine PBX-Verbindung</translation>
    </message>
    <message>
        <source>Enter the PBX address, App object name and password (wizard: PBX &amp; presence) and export again, or choose another sink.</source>
        <translation>Geben Sie PBX-Adresse, Namen und Passwort des App-Objekts ein (Assistent: PBX &amp; Präsenz) und exportieren Sie erneut, oder wählen Sie ein anderes Ziel.</translation>
    </message>
    <message>
        <source>--sink stdout: a Windows service&apos;s output is not kept anywhere</source>
        <translation>--sink stdout: die Ausgabe eines Windows-Dienstes wird nirgends aufbewahrt</translation>
    </message>
    <message>
        <source>Give a file (e.g. --sink {file}, in the service&apos;s state directory), an https:// webhook, or pbx.</source>
        <translation>Geben Sie eine Datei (z. B. --sink {file}, im Zustandsverzeichnis des Dienstes), einen https://-Webhook oder pbx an.</translation>
    </message>
    <message>
        <source>--sink {url}: the webhook must be an https:// URL</source>
        <translation>--sink {url}: der Webhook muss eine https://-URL sein</translation>
    </message>
    <message>
        <source>installing a service needs administrator rights</source>
        <translation>einen Dienst einzurichten braucht Administratorrechte</translation>
    </message>
    <message>
        <source>Run it as root/administrator: {command}</source>
        <translation>Führen Sie es als root/Administrator aus: {command}</translation>
    </message>
    <message>
        <source>{sink} (the configuration&apos;s default)</source>
        <translation>{sink} (Vorgabe der Konfiguration)</translation>
    </message>
    <message>
        <source>calwizard engine install-service: the state directory is the service&apos;s own (/var/lib/calwizard/NAME, …); --state-dir is ignored</source>
        <translation>calwizard engine install-service: das Zustandsverzeichnis gehört dem Dienst (/var/lib/calwizard/NAME, …); --state-dir wird ignoriert</translation>
    </message>
    <message>
        <source>calwizard engine install-service: no passphrase given</source>
        <translation>calwizard engine install-service: keine Passphrase eingegeben</translation>
    </message>
    <message>
        <source> below {root}</source>
        <translation> unterhalb von {root}</translation>
    </message>
    <message>
        <source>calwizard engine install-service: {name} installed{where} ({platform})</source>
        <translation>calwizard engine install-service: {name} eingerichtet{where} ({platform})</translation>
    </message>
    <message>
        <source>  presence -&gt; {sinks}</source>
        <translation>  Präsenz -&gt; {sinks}</translation>
    </message>
    <message>
        <source>  secrets in the service&apos;s own encrypted store: {fields}</source>
        <translation>  Geheimnisse im eigenen verschlüsselten Speicher des Dienstes: {fields}</translation>
    </message>
    <message>
        <source>  secret references kept (the service&apos;s environment must provide them): {fields}</source>
        <translation>  Verweise auf Geheimnisse beibehalten (die Umgebung des Dienstes muss sie liefern): {fields}</translation>
    </message>
    <message>
        <source>  note: {note}</source>
        <translation>  Hinweis: {note}</translation>
    </message>
    <message>
        <source>  health: {url}/healthz; status: calwizard engine service-status --name {name}</source>
        <translation>  Health-Endpunkt: {url}/healthz; Status: calwizard engine service-status --name {name}</translation>
    </message>
    <message>
        <source> (not started)</source>
        <translation> (nicht gestartet)</translation>
    </message>
    <message>
        <source>calwizard engine uninstall-service: needs administrator rights (sudo)</source>
        <translation>calwizard engine uninstall-service: braucht Administratorrechte (sudo)</translation>
    </message>
    <message>
        <source>calwizard engine uninstall-service: {name} removed ({count} path(s))</source>
        <translation>calwizard engine uninstall-service: {name} entfernt ({count} Pfad(e))</translation>
    </message>
    <message>
        <source>health endpoint: not answering (stopped, or not readable by this user)</source>
        <translation>Health-Endpunkt: antwortet nicht (beendet, oder für diesen Benutzer nicht lesbar)</translation>
    </message>
    <message>
        <source>calwizard engine service-host: only the Windows Service Control Manager starts this</source>
        <translation>calwizard engine service-host: nur der Windows-Dienststeuerungs-Manager startet dies</translation>
    </message>
    <message>
        <source>{command} failed: {output}</source>
        <translation>{command} fehlgeschlagen: {output}</translation>
    </message>
    <message>
        <source>the store passphrase is a root-only file ({path}); systemd-creds was not available to seal it with the host key</source>
        <translation>die Passphrase des Speichers ist eine nur für root lesbare Datei ({path}); systemd-creds stand nicht zur Verfügung, um sie mit dem Host-Schlüssel zu versiegeln</translation>
    </message>
    <message>
        <source>presence is written below {folder}: that directory must exist and be writable by the service account</source>
        <translation>Präsenz wird unterhalb von {folder} geschrieben: dieses Verzeichnis muss existieren und für das Dienstkonto beschreibbar sein</translation>
    </message>
    <message>
        <source> (a DynamicUser: prefer a file in the state directory)</source>
        <translation> (ein DynamicUser: besser eine Datei im Zustandsverzeichnis)</translation>
    </message>
    <message>
        <source>the program lives in a home directory ({path}): the service may not be able to read it; install calwizard under /opt or /usr/local</source>
        <translation>das Programm liegt in einem Home-Verzeichnis ({path}): der Dienst kann es womöglich nicht lesen; installieren Sie calwizard unter /opt oder /usr/local</translation>
    </message>
</context>
<context>
    <name>settings</name>
    <message>
        <source>configuration file</source>
        <translation>Konfigurationsdatei</translation>
    </message>
    <message>
        <source>unknown setting (misspelled? remove it or check the documentation)</source>
        <translation>unbekannte Einstellung (vertippt? Entfernen Sie sie oder prüfen Sie die Dokumentation)</translation>
    </message>
    <message>
        <source>Field required</source>
        <translation>Pflichtfeld fehlt</translation>
    </message>
    <message>
        <source>Input should be a valid number</source>
        <translation>Erwartet wird eine Zahl</translation>
    </message>
    <message>
        <source>Input should be a valid integer</source>
        <translation>Erwartet wird eine ganze Zahl</translation>
    </message>
    <message>
        <source>Input should be a valid integer, got a number with a fractional part</source>
        <translation>Erwartet wird eine ganze Zahl, nicht eine Zahl mit Nachkommastellen</translation>
    </message>
    <message>
        <source>Input should be a valid integer, unable to parse string as an integer</source>
        <translation>Erwartet wird eine ganze Zahl</translation>
    </message>
    <message>
        <source>Input should be a valid number, unable to parse string as a number</source>
        <translation>Erwartet wird eine Zahl</translation>
    </message>
    <message>
        <source>Input should be a valid boolean, unable to interpret input</source>
        <translation>Erwartet wird true oder false</translation>
    </message>
    <message>
        <source>Input should be a valid boolean</source>
        <translation>Erwartet wird true oder false</translation>
    </message>
    <message>
        <source>Input should be a valid string</source>
        <translation>Erwartet wird ein Text in Anführungszeichen</translation>
    </message>
    <message>
        <source>Input should be a valid array</source>
        <translation>Erwartet wird eine Liste [ … ]</translation>
    </message>
    <message>
        <source>Input should be an object</source>
        <translation>Erwartet wird eine Tabelle</translation>
    </message>
    <message>
        <source>Input should be a valid date</source>
        <translation>Erwartet wird ein Datum</translation>
    </message>
    <message>
        <source>Input should be {expected}</source>
        <translation>Erlaubt ist {expected}</translation>
    </message>
    <message>
        <source>String should have at least {min_length} character</source>
        <translation>Der Text muss mindestens {min_length} Zeichen lang sein</translation>
    </message>
    <message>
        <source>or</source>
        <translation>oder</translation>
    </message>
    <message>
        <source>A configuration is never nested this deeply: check that this is a calwizard configuration.</source>
        <translation>Eine Konfiguration ist nie so tief verschachtelt: Prüfen Sie, ob das eine Konfiguration von calwizard ist.</translation>
    </message>
    <message>
        <source>Correct the value and try again.</source>
        <translation>Korrigieren Sie den Wert und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>the key is {length} characters long; at most {limit} are accepted</source>
        <translation>der Schlüssel ist {length} Zeichen lang; höchstens {limit} sind erlaubt</translation>
    </message>
    <message>
        <source>the value is {length} characters long; at most {limit} are accepted</source>
        <translation>der Wert ist {length} Zeichen lang; höchstens {limit} sind erlaubt</translation>
    </message>
    <message>
        <source>the key contains the control character {char}</source>
        <translation>der Schlüssel enthält das Steuerzeichen {char}</translation>
    </message>
    <message>
        <source>the value contains the control character {char}</source>
        <translation>der Wert enthält das Steuerzeichen {char}</translation>
    </message>
    <message>
        <source>Remove control characters (line breaks, tabs, escape or direction-override characters).</source>
        <translation>Entfernen Sie Steuerzeichen (Zeilenumbrüche, Tabulatoren, Escape- oder Richtungsumkehr-Zeichen).</translation>
    </message>
    <message>
        <source>nested more than {limit} levels deep</source>
        <translation>mehr als {limit} Ebenen tief verschachtelt</translation>
    </message>
    <message>
        <source>a date or time is not a valid value here</source>
        <translation>ein Datum oder eine Uhrzeit ist hier kein gültiger Wert</translation>
    </message>
    <message>
        <source>the number is not finite</source>
        <translation>die Zahl ist nicht endlich</translation>
    </message>
    <message>
        <source>{source} is invalid: {problems}</source>
        <translation>{source} ist ungültig: {problems}</translation>
    </message>
    <message>
        <source>Correct the value named above and try again.</source>
        <translation>Korrigieren Sie den oben genannten Wert und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>{source}: schema_version {version} is not a version number</source>
        <translation>{source}: schema_version {version} ist keine Versionsnummer</translation>
    </message>
    <message>
        <source>{source} was written by a newer calwizard (schema version {version}; this one reads up to {supported})</source>
        <translation>{source} wurde von einem neueren calwizard geschrieben (Schemaversion {version}; dieser liest bis {supported})</translation>
    </message>
    <message>
        <source>Update calwizard to a release that reads schema version {version}.</source>
        <translation>Aktualisieren Sie calwizard auf eine Version, die Schemaversion {version} liest.</translation>
    </message>
    <message>
        <source>{source} is larger than {limit} MiB, far larger than any configuration file calwizard writes</source>
        <translation>{source} ist größer als {limit} MiB, weit größer als jede Konfigurationsdatei, die calwizard schreibt</translation>
    </message>
    <message>
        <source>Check that this is the right file.</source>
        <translation>Prüfen Sie, ob das die richtige Datei ist.</translation>
    </message>
    <message>
        <source>{source} is empty</source>
        <translation>{source} ist leer</translation>
    </message>
    <message>
        <source>Choose the configuration file saved by the wizard, or write one (see the README); an empty file holds no configuration.</source>
        <translation>Wählen Sie die vom Assistenten gespeicherte Konfigurationsdatei, oder schreiben Sie eine (siehe README); eine leere Datei enthält keine Konfiguration.</translation>
    </message>
    <message>
        <source>{source} is not a UTF-8 text file (invalid byte at offset {offset})</source>
        <translation>{source} ist keine UTF-8-Textdatei (ungültiges Byte an Position {offset})</translation>
    </message>
    <message>
        <source>Save the configuration as UTF-8, or save it again from the wizard.</source>
        <translation>Speichern Sie die Konfiguration als UTF-8, oder speichern Sie sie erneut aus dem Assistenten.</translation>
    </message>
    <message>
        <source>{source} is nested more than {limit} levels deep</source>
        <translation>{source} ist mehr als {limit} Ebenen tief verschachtelt</translation>
    </message>
    <message>
        <source>{source} is not a valid TOML file: {why}</source>
        <translation>{source} ist keine gültige TOML-Datei: {why}</translation>
    </message>
    <message>
        <source>Fix the syntax, or save it again from the wizard.</source>
        <translation>Korrigieren Sie die Syntax, oder speichern Sie sie erneut aus dem Assistenten.</translation>
    </message>
    <message>
        <source>cannot write to {path}: {why}</source>
        <translation>in {path} kann nicht geschrieben werden: {why}</translation>
    </message>
    <message>
        <source>CSV line {line}: expected a PBX name and at least one SMTP address</source>
        <translation>CSV-Zeile {line}: erwartet werden ein PBX-Name und mindestens eine SMTP-Adresse</translation>
    </message>
    <message>
        <source>Write one user per line: name,address[;address…]</source>
        <translation>Schreiben Sie einen Benutzer pro Zeile: Name,Adresse[;Adresse…]</translation>
    </message>
    <message>
        <source>CSV line {line}: {problems}</source>
        <translation>CSV-Zeile {line}: {problems}</translation>
    </message>
    <message>
        <source>contains the control character {char}: remove it (line breaks, tabs, escape or direction-override characters are not allowed)</source>
        <translation>enthält das Steuerzeichen {char}: Entfernen Sie es (Zeilenumbrüche, Tabulatoren, Escape- oder Richtungsumkehr-Zeichen sind nicht erlaubt)</translation>
    </message>
    <message>
        <source>{what}: the port {port} is not a TCP port (1-65535)</source>
        <translation>{what}: Der Port {port} ist kein TCP-Port (1-65535)</translation>
    </message>
    <message>
        <source>a secret reference names exactly one of: store, env, sandbox</source>
        <translation>ein Geheimnisverweis nennt genau eines von: store, env, sandbox</translation>
    </message>
    <message>
        <source>{name} is not a valid environment variable name</source>
        <translation>{name} ist kein gültiger Name einer Umgebungsvariablen</translation>
    </message>
    <message>
        <source>{address} is not encrypted: enter the PBX&apos;s host name or an https:// address (TLS is required)</source>
        <translation>{address} ist nicht verschlüsselt: Geben Sie den Hostnamen der PBX oder eine https://-Adresse ein (TLS ist Pflicht)</translation>
    </message>
    <message>
        <source>{address} is not a PBX address: enter a host name such as pbx.example.com</source>
        <translation>{address} ist keine PBX-Adresse: Geben Sie einen Hostnamen wie pbx.example.com ein</translation>
    </message>
    <message>
        <source>{term} is not a filter term: write group:NAME, config:NAME or node:NAME (several separated by &apos;,&apos;), e.g. &apos;group:calendar-sync&apos;</source>
        <translation>{term} ist kein Filterbegriff: Schreiben Sie group:NAME, config:NAME oder node:NAME (mehrere durch &apos;,&apos; getrennt), z. B. &apos;group:calendar-sync&apos;</translation>
    </message>
    <message>
        <source>{name} is not an App object name: enter the Name of the App object as shown on the PBX</source>
        <translation>{name} ist kein Name eines App-Objekts: Geben Sie den Namen des App-Objekts ein, wie er auf der PBX angezeigt wird</translation>
    </message>
    <message>
        <source>{domain} is not a mail domain: enter e.g. contoso.com (the part after the @)</source>
        <translation>{domain} ist keine Mail-Domäne: Geben Sie z. B. contoso.com ein (den Teil nach dem @)</translation>
    </message>
    <message>
        <source>{name} looks like a DNS name or contains spaces: enter only the PBX name (as shown in the PBX&apos;s configuration), not its full DNS name</source>
        <translation>{name} sieht wie ein DNS-Name aus oder enthält Leerzeichen: Geben Sie nur den PBX-Namen ein (wie in der Konfiguration der PBX), nicht ihren vollständigen DNS-Namen</translation>
    </message>
    <message>
        <source>{code} is not a known language code: use e.g. &apos;en&apos; or &apos;de&apos;</source>
        <translation>{code} ist kein bekannter Sprachcode: Verwenden Sie z. B. &apos;en&apos; oder &apos;de&apos;</translation>
    </message>
    <message>
        <source>{name} is not a known time zone: use an IANA name such as &apos;Europe/Berlin&apos; or a Windows name such as &apos;W. Europe Standard Time&apos;</source>
        <translation>{name} ist keine bekannte Zeitzone: Verwenden Sie einen IANA-Namen wie &apos;Europe/Berlin&apos; oder einen Windows-Namen wie &apos;W. Europe Standard Time&apos;</translation>
    </message>
    <message>
        <source>{url}: a URL with a user name or password is not allowed here</source>
        <translation>{url}: Eine URL mit Benutzername oder Passwort ist hier nicht erlaubt</translation>
    </message>
    <message>
        <source>{url} is not a URL: the host name is not valid</source>
        <translation>{url} ist keine URL: Der Hostname ist ungültig</translation>
    </message>
    <message>
        <source>{url}: the port is not a TCP port (1-65535)</source>
        <translation>{url}: Der Port ist kein TCP-Port (1-65535)</translation>
    </message>
    <message>
        <source>the redirect URI is {length} characters long; Entra accepts at most {limit}</source>
        <translation>der Umleitungs-URI ist {length} Zeichen lang; Entra akzeptiert höchstens {limit}</translation>
    </message>
    <message>
        <source>{uri} is not a URI: use e.g. http://localhost</source>
        <translation>{uri} ist kein URI: Verwenden Sie z. B. http://localhost</translation>
    </message>
    <message>
        <source>{uri} contains {chars}, which Entra does not accept in a redirect URI (no wildcards or fragments, none of ! $ &apos; ( ) , ;)</source>
        <translation>{uri} enthält {chars}, was Entra in einem Umleitungs-URI nicht akzeptiert (keine Platzhalter oder Fragmente, keines von ! $ &apos; ( ) , ;)</translation>
    </message>
    <message>
        <source>{uri}: the scheme {scheme} is not a redirect URI Entra accepts</source>
        <translation>{uri}: Das Schema {scheme} ist kein Umleitungs-URI, den Entra akzeptiert</translation>
    </message>
    <message>
        <source>{uri}: Entra accepts http:// only for localhost (http://localhost or http://127.0.0.1); use https:// otherwise</source>
        <translation>{uri}: Entra akzeptiert http:// nur für localhost (http://localhost oder http://127.0.0.1); verwenden Sie sonst https://</translation>
    </message>
    <message>
        <source>{uri} has no host name</source>
        <translation>{uri} hat keinen Hostnamen</translation>
    </message>
    <message>
        <source>{host} is not a host name (optionally with :port); no scheme or path</source>
        <translation>{host} ist kein Hostname (wahlweise mit :Port); ohne Schema und Pfad</translation>
    </message>
    <message>
        <source>{address} is not an SMTP address: enter the full address, e.g. svc@contoso.com</source>
        <translation>{address} ist keine SMTP-Adresse: Geben Sie die vollständige Adresse ein, z. B. svc@contoso.com</translation>
    </message>
    <message>
        <source>{name} is not a logon name: write DOMAIN\user or user@domain</source>
        <translation>{name} ist kein Anmeldename: Schreiben Sie DOMÄNE\benutzer oder benutzer@domäne</translation>
    </message>
    <message>
        <source>{url} is not a URL: enter it with https://, e.g. https://autodiscover.contoso.com</source>
        <translation>{url} ist keine URL: Geben Sie sie mit https:// ein, z. B. https://autodiscover.contoso.com</translation>
    </message>
    <message>
        <source>{value} is not a GUID: copy the Application (client) ID from the app&apos;s Overview page in the Entra admin center</source>
        <translation>{value} ist keine GUID: Kopieren Sie die Anwendungs-ID (Client) von der Übersichtsseite der App im Entra Admin Center</translation>
    </message>
    <message>
        <source>{value} is not a tenant: enter the Directory (tenant) ID from the app&apos;s Overview page (client credentials do not work with /common)</source>
        <translation>{value} ist kein Mandant: Geben Sie die Verzeichnis-ID (Mandant) von der Übersichtsseite der App ein (Clientanmeldeinformationen funktionieren nicht mit /common)</translation>
    </message>
    <message>
        <source>{value} is neither a GUID nor a domain: copy the Directory (tenant) ID from the app&apos;s Overview page in the Entra admin center</source>
        <translation>{value} ist weder eine GUID noch eine Domäne: Kopieren Sie die Verzeichnis-ID (Mandant) von der Übersichtsseite der App im Entra Admin Center</translation>
    </message>
    <message>
        <source>{value} is out of range: EWS allows 1 to 200 subscriptions per connection</source>
        <translation>{value} liegt außerhalb des Bereichs: EWS erlaubt 1 bis 200 Abonnements pro Verbindung</translation>
    </message>
    <message>
        <source>{value} is not a date: write the expiry date shown in the Entra admin center as YYYY-MM-DD, e.g. 2027-06-30</source>
        <translation>{value} ist kein Datum: Schreiben Sie das im Entra Admin Center angezeigte Ablaufdatum als JJJJ-MM-TT oder TT.MM.JJJJ, z. B. 2027-06-30</translation>
    </message>
    <message>
        <source>{value} is out of range: use 1 to 300 seconds</source>
        <translation>{value} liegt außerhalb des Bereichs: Verwenden Sie 1 bis 300 Sekunden</translation>
    </message>
    <message>
        <source>{address} is not an SMTP address: list the mailboxes that must stay out of the app&apos;s reach by their full address, e.g. ceo@contoso.com</source>
        <translation>{address} ist keine SMTP-Adresse: Führen Sie die Postfächer, die für die App unerreichbar bleiben müssen, mit ihrer vollständigen Adresse auf, z. B. ceo@contoso.com</translation>
    </message>
    <message>
        <source>{value} is out of range: use 10 to 3600 seconds (Graph counts every poll against its limit of 10,000 requests per 10 minutes per app and mailbox)</source>
        <translation>{value} liegt außerhalb des Bereichs: Verwenden Sie 10 bis 3600 Sekunden (Graph rechnet jede Abfrage auf sein Limit von 10.000 Anfragen pro 10 Minuten pro App und Postfach an)</translation>
    </message>
    <message>
        <source>host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>{value} is not a valid {what}: write &apos;name&apos; or &apos;name:port&apos;, e.g. &apos;autodiscover.contoso.com:443&apos; = &apos;192.0.2.10:443&apos;</source>
        <translation>{value} ist keine gültige Angabe ({what}): Schreiben Sie &apos;name&apos; oder &apos;name:port&apos;, z. B. &apos;autodiscover.contoso.com:443&apos; = &apos;192.0.2.10:443&apos;</translation>
    </message>
    <message>
        <source>{address} is not an SMTP address</source>
        <translation>{address} ist keine SMTP-Adresse</translation>
    </message>
    <message>
        <source>the PBX name is empty: enter the user&apos;s name as configured on the PBX</source>
        <translation>der PBX-Name ist leer: Geben Sie den Namen des Benutzers ein, wie er auf der PBX konfiguriert ist</translation>
    </message>
    <message>
        <source>no SMTP address: enter at least one, several separated by &apos;;&apos;</source>
        <translation>keine SMTP-Adresse: Geben Sie mindestens eine ein, mehrere durch &apos;;&apos; getrennt</translation>
    </message>
    <message>
        <source>mailboxes: the PBX name {name} is listed twice</source>
        <translation>mailboxes: Der PBX-Name {name} ist doppelt aufgeführt</translation>
    </message>
</context>
</TS>
