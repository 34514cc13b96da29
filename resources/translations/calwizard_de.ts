<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>AdvancedPage</name>
    <message>
        <source>Settings most installations leave as they are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max &amp;subscriptions per connection:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Names from the PBX (username@pbx-domain), each as that user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User for name &amp;resolving:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write EWS requests and responses to the debug &amp;log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secrets, tokens and NTLM messages are masked. The wizard writes to {0}; &apos;calwizard validate&apos; and the engine to ews-debug-validate.log and ews-debug-engine.log beside it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graph &amp;poll interval:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network &amp;timeout:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>autodiscover.contoso.com:443 = 192.0.2.10:443</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Host overrides:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Hide details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BasePage</name>
    <message numerus="yes">
        <source>To continue, fix the marked field(s): {names}.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>kept in {where} — type to replace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {field} of this configuration is kept in {where}. Remove it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove: the configuration no longer uses it, and a secret store entry is deleted when you save. Keep: the stored value stays in use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keep it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CalWizard</name>
    <message>
        <source>calwizard {version} — calendar connector setup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>calwizard — calendar connector setup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks are still running: Next cancels them and goes on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back cancels the running checks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The configuration has unsaved changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save them before closing the wizard?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keep editing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CheckTree</name>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{what} · {elapsed} s of {timeout} s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionPage</name>
    <message>
        <source>The account that reads the calendars and how Exchange is found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft Graph needs no service account and no Autodiscover: choose the tenant&apos;s cloud (and an extra CA file only for a private CA).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User (SMTP address):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>svc-calendar@contoso.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Logon name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: DOMAIN\user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Autodiscover URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional — derived from the user&apos;s domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>External EWS URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal EWS URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xchange server to use:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;EWS URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional — only if Autodiscover is turned off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cloud:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra CA &amp;file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any existing mailbox, e.g. alice@fabrikam.com</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CopyField</name>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CreateAppDialog</name>
    <message>
        <source>Create the app registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An administrator of the tenant signs in once. calwizard then creates a single-tenant app registration with exactly the permission this sync type needs ({permission}), its credential and service principal, and grants the consent. The sign-in asks Microsoft Graph for Application.ReadWrite.All and AppRoleAssignment.ReadWrite.All only; consent to {value} may be given by {granters}. The administrator&apos;s token is kept in memory only and dropped when this window closes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client &amp;secret (kept in the secret store, never shown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ertificate generated on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credential:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{n} months</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Valid for:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tenant-wide admin consent (every mailbox of the tenant)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scoped to the s&amp;ynced mailboxes (Exchange RBAC for Applications; no tenant-wide consent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two grants add up: a tenant-wide consent lets the app read every mailbox whatever an Exchange RBAC for Applications scope says. &apos;Scoped&apos; grants nothing tenant-wide; you then run the Exchange Online PowerShell shown (with this app&apos;s real IDs) to allow the synced mailboxes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consent:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calendars.ReadBasic has no Exchange RBAC for Applications role: choose Calendars.Read on the Entra app page to scope the app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The public client the administrator signs in with (default: Microsoft Graph Command Line Tools). A company may use its own multi-tenant public client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in &amp;app ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign &amp;in as administrator…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a c&amp;ode instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For a computer without a browser: enter the code shown on any device.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete what was created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal error: {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complete the sign-in in your browser…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no administrator role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as {user} ({roles}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run in Exchange Online PowerShell (as an Exchange administrator) to allow the synced mailboxes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created. The Entra app page is filled in; its checks run now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete: {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything that was created has been deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait until the current step has finished: closing now would leave a half-made app registration.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EntraPage</name>
    <message>
        <source>The app registration in Microsoft Entra ID that grants access to Exchange Online.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create it for &amp;me…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An administrator signs in once; calwizard creates the app registration with exactly the permission this sync type needs, its credential (kept in the secret store), the service principal and the consent, and fills in this page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>— or enter the values of an app registered in the Entra admin center below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application (&amp;client) ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Directory (&amp;tenant) ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GUID or verified domain, e.g. contoso.onmicrosoft.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>My organization only (single tenant)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multiple organizations (multi-tenant)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supported &amp;account types:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client s&amp;ecret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce&amp;rtificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credential:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client &amp;secret value:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not set (enter the date the Entra admin center shows)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret e&amp;xpires:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret expiry date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate &amp;file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate &amp;password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Graph permission:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redirect &amp;URI:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sc&amp;opes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty: https://outlook.office365.com/.default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign &amp;in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opens the system browser for the sign-in; the token is kept encrypted in the secret store so that validation and the sync engine run without you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delegated sign-in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Values for the Entra admin center</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redirect URI (Mobile and desktop):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API: Office 365 Exchange Online:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permission:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permission ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manifest entry:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API: Microsoft Graph:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switched from app-only (EWS) to Microsoft Graph: the app registration below is kept. In the Entra admin center:
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in the admin center</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register an app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API permissions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates &amp;&amp; secrets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manifest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enterprise applications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange admin center</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>generated by calwizard, kept in {where} — choose a file to replace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in (token kept).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed in yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created by calwizard ({when}, signed in as {who}): &apos;{name}&apos;, object ID {app}, service principal {sp}; {what} expires {expires}; {consent}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complete the sign-in in your browser…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in failed: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as {username}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FieldHelp</name>
    <message>
        <source>Entry name in the secret store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment variable holding the value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of a sandbox demo credential.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PBX&apos;s address: its host name (e.g. pbx.example.com, optionally :port) or https:// URL. calwizard connects to wss://&lt;address&gt;/PBX0/APPS/websocket. Empty: no PBX connection (presence goes to the JSON sinks only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the App object calwizard logs in as (create it on the PBX with the API check boxes PbxApi and TableUsers).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password of the App object (the shared secret set on the App object).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mail domain for the username@domain fallback: a PBX user is also tried as &lt;user name&gt;@&lt;domain&gt; (seed: &apos;The calendar tries to use username@pbx-domain&apos;). Empty: the PBX&apos;s own domain (System Name).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which PBX users to sync: empty for all, or group:NAME, config:NAME (config template), node:NAME — several separated by &apos;,&apos;; a user matching any of them is synced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With a PBX connection: sync the PBX&apos;s users (a mailbox list entry with the same name overrides that user&apos;s addresses), or only the mailbox list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the PBX the calendar accepts a connection from (the PBX name only, not its DNS name). Required even with a single PBX.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language of the presence text the calendar sends (en, de). A language alone writes dates and times as the innovaphone documentation shows them (22.08.2017 07:00); with a region (en_US, en_GB, de_CH) in that region&apos;s format (08/22/2017 7:00 PM). Clients may re-render it in their own language from the hash tags.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time zone in which presence times are written (IANA name such as Europe/Berlin; Windows names such as &apos;W. Europe Standard Time&apos; are accepted and converted).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the appointment&apos;s subject in the presence; when off, appointments are shown without their title.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appointments whose title contains one of these words (comma-separated) win over concurrent appointments, e.g. vacation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appointments whose title contains one of these words (comma-separated) never win over concurrent appointments, e.g. home office.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entra ID (login) host, e.g. login.sandbox.test.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange Online host serving EWS and Autodiscover v2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft Graph host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Display name of the app registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object ID of the application (App registrations).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object ID of its service principal (Enterprise applications; the ID Exchange Online&apos;s New-ServicePrincipal -ObjectId takes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The application permission granted or to be scoped (e.g. Calendars.Read).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tenant_wide: admin consent as an app role assignment (every mailbox); rbac_scoped: no tenant-wide consent, the app is authorized in Exchange Online with RBAC for Applications.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>secret or certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the client secret or certificate expires (ISO 8601 date, UTC).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-1 thumbprint of the generated certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When it was created (ISO 8601, UTC).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The administrator who signed in to create it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How to reach Exchange: on-premises (EWS + NTLM), Exchange Online delegated (EWS + OAuth2 sign-in), Exchange Online app-only (EWS + client credentials) or Exchange Online through Microsoft Graph (app-only, Calendars.Read; recommended: EWS in Exchange Online ends on 1 April 2027).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft cloud instance of the tenant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hosts for cloud = custom (the sandbox tenant).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMTP address of the service account (on-premises: the account with impersonation rights; app-only: any existing mailbox, used for Autodiscover).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password of the service account (on-premises only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logon name for NTLM if it differs from the user&apos;s SMTP address: DOMAIN\user or user@domain (on-premises only; empty: the SMTP address is used as the logon name).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autodiscover server URL, optional. Empty: derived from the user&apos;s domain (https://autodiscover.&lt;domain&gt;, https://&lt;domain&gt;, then http redirects).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which EWS URL reported by Autodiscover to use: external (usual) or internal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EWS URL to use instead of the one Autodiscover reports (optional, for servers with Autodiscover turned off).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application (client) ID of the Entra app registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Directory (tenant) ID, or a verified domain of the tenant. Mandatory for app-only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supported account types of the app registration: single tenant (&quot;My organization only&quot;) or multi-tenant (&quot;Multiple organizations&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redirect URI registered for the delegated sign-in (platform &quot;Mobile and desktop applications&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delegated scopes; empty means the EWS default scope of the cloud (https://outlook.office365.com/.default).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret value of the app registration (not its ID).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The day the client secret expires, as the Entra admin center shows it under Certificates &amp; secrets (YYYY-MM-DD). Validation, the sync engine&apos;s log and &apos;engine status&apos; warn 30, 14 and 7 days ahead: after it, nothing syncs until a new secret is entered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path of the client certificate (PEM with private key, or PFX) used instead of a client secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password of the client certificate&apos;s private key, if any.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client certificate with its private key (PEM) kept in the secret store instead of a file: what &apos;Create it for me&apos; generates when the certificate credential is chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Public client (application ID) the administrator signs in with when calwizard creates the app registration. Default: Microsoft Graph Command Line Tools; a company may use its own multi-tenant public client with the delegated permissions Application.ReadWrite.All and AppRoleAssignment.ReadWrite.All and the redirect URI http://localhost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app registration calwizard created (IDs, credential expiry, consent type).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the signed-in user&apos;s token cache (refresh token) is kept, encrypted, after the wizard&apos;s Sign-in (delegated type only); lets validation and the sync engine run headless.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On-premises: how the service account reaches each calendar — impersonation (the ApplicationImpersonation role, limited by a management scope) or delegate access (a folder permission on each calendar, at least FreeBusyTimeAndSubjectAndLocation; for customers who refuse impersonation). The cloud sync types ignore it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who resolves users&apos; primary SMTP addresses: the service account (the user&apos;s e-mail addresses), or per user — names built from the PBX&apos;s data (the e-mail addresses, then &lt;user name&gt;@&lt;PBX mail domain&gt;), each resolved as that user (compatibility mode of PBX firmware 13r1 SR8). Validation, the preview and the engine resolve alike.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Streaming subscriptions per connection (1-200; EWS allows at most 200).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EWS protocol debugging: write every EWS, Autodiscover, Microsoft Graph and Entra request and response of validation, the wizard and the engine to a rotating debug log (ews-debug-&lt;validate|wizard|engine&gt;.log in the user log directory; the path is printed), with every secret, token and NTLM message masked. Only for troubleshooting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra CA certificate file (PEM) trusted in addition to the system&apos;s, for servers with self-signed or private-CA certificates. TLS verification is never turned off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to another address for a host name, like curl&apos;s --connect-to: &apos;host&apos; or &apos;host:port&apos; -&gt; &apos;address&apos; or &apos;address:port&apos;. Lets you test a server before DNS points at it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeout of each network request, in seconds (1-300).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft Graph application permission granted to the app (cloud_graph only): Calendars.Read reads whole events and can be limited to the synced mailboxes with Exchange RBAC for Applications; Calendars.ReadBasic leaves out body, attachments and extensions (the presence needs none of them) but can only be granted tenant-wide, for every mailbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mailboxes the connector must NOT be able to read, e.g. the executives&apos;: validation proves that Exchange denies them — Microsoft Graph answers 403 and EWS refuses the impersonation or the calendar — i.e. that the impersonation scope, the app&apos;s RBAC for Applications scope or the folder permissions really exclude them. Several separated by &apos;;&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How often the sync engine asks Microsoft Graph for calendar changes (delta query), in seconds (10-3600; cloud_graph only). Shorter is fresher but costs requests against Graph&apos;s limit of 10,000 requests per 10 minutes per app and mailbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appointments shown as Busy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appointments shown as Tentative (ignored by default, unless organized by a tentative exception organizer).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tentative appointments organized by one of the tentative exception organizers (e.g. HR entering a sick day).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appointments shown as Out of office.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appointments shown as Working elsewhere (Available keeps the free form with the appointment&apos;s title, e.g. &apos;Homeoffice until 14:00&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appointments with no free/busy information.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMTP addresses of organizers whose tentative appointments use the tentative exception mapping.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The user&apos;s name (h323 name) on the PBX.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMTP addresses separated by &apos;;&apos;, tried in order when resolving the primary address.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FileField</name>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse for {lower}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LiveChecks</name>
    <message>
        <source>Chec&amp;k now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run {lower} now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop {lower}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title}: detail and remedy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for you to finish typing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The results below are outdated: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems found — see the remedy below. You can go on and fix them later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passed with warnings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All passed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MailboxesPage</name>
    <message>
        <source>The users whose calendars set their presence: PBX name and SMTP address(es).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Check access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show only &amp;problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mailboxes to sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PBX name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SMTP addresses (separated by ;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the connector reaches the calendar and what that lets it see: impersonation and app permissions see every detail; with delegate access, the folder permission (FreeBusyTimeOnly: no subjects).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overrides (optional): a row with a PBX user&apos;s name replaces the addresses the PBX gives for that user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users from the PBX (replicated; the list below only overrides addresses)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The list below (manual or CSV import)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Users to sync:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Users from the PBX</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PBX user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Addresses tried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mailbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no e-mail address on the PBX</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No e-mail address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How to fix: {remedy}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No e-mail address on the PBX: not synced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
How to fix: {NO_EMAIL_REMEDY}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Least privilege: Exchange RBAC for Applications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I&amp;mpersonation (ApplicationImpersonation, limited by a management scope)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dele&amp;gate access (a folder permission on each calendar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access to the calendars:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Must be &amp;denied:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: mailboxes out of the app&apos;s reach, e.g. ceo@contoso.com; cfo@contoso.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange Online PowerShell that limits the app to these mailboxes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cop&amp;y PowerShell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the Exchange Online PowerShell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The access model changed: click &apos;Check access&apos; to check every mailbox with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n user(s) imported from {name}.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Import users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking access to every mailbox…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mailbox checks stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source> %n not checked yet (checked again in a moment).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Mailbox access not checked: {summary}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{bad} of %n mailbox(es) have a problem. Select a row for the remedy; you can go on and fix them later.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n checked mailbox(es) are readable.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n mailbox(es) are readable.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n mailbox(es) not checked yet (checked again in a moment).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>{synced} of {users} PBX users have a readable mailbox; the others are not synced (select a row for why).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>How appointments&apos; free/busy status becomes PBX presence; the preview shows the result.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tentative exception &amp;organizers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. hr@contoso.com; office@contoso.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview the appointments of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample appointments you can edit, or a configured mailbox whose real calendar (the next 48 hours) Read calendar fetches, as the engine would.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appointments o&amp;f:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Read calendar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read this mailbox&apos;s appointments of the next 48 hours with the engine&apos;s connection (token, Autodiscover, EWS or Microsoft Graph).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop reading the calendar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample appointments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free/busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preview time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence &amp;at:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence at the chosen time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence preview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence text (as sent to the PBX)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free/busy of sample {row}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing {shown}: Read calendar shows this mailbox&apos;s real appointments of the next 48 hours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the calendar of {mailbox}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the calendar was stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The calendar could not be read; the preview still shows {shown}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How to fix: {remedy}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal error while reading the calendar (details in the log).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appointments of {pbx_name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to samples</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{address}: %n appointment(s) in the next 48 hours (read at {time}).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Bundle passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secrets in the bundle are sealed with this passphrase. You need it to import the bundle on the server; it cannot be recovered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Again:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase strength</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strength:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PbxPage</name>
    <message>
        <source>The PBX that receives the presence, and how the presence text is written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Master PBX name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. master (the PBX name, not its DNS name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence &amp;language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence &amp;timezone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the appointment&apos;s &amp;subject in the presence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Prioritized words:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. vacation, Urlaub</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N&amp;on-prioritized words:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. home office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection to the PBX (optional: without it, presence goes to the engine&apos;s JSON sinks only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PBX a&amp;ddress:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. pbx.example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App ob&amp;ject name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App object password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App object pass&amp;word:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mail dom&amp;ain:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional — default: the PBX&apos;s domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User filte&amp;r:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional — e.g. group:calendar-sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The App object to create on the PBX</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PBX check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the PBX address, the App object&apos;s name and its password to check the connection.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SecretField</name>
    <message>
        <source>Remove…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the stored {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the stored value from this configuration (asks first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show {lower}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the value (Alt+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StepId</name>
    <message>
        <source>Welcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PBX &amp; presence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entra app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mailboxes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presence mapping</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary &amp; save</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StepList</name>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Check what will be saved. Finish saves the configuration and closes the wizard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The configuration file (TOML). Secrets are not written into it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No OS keychain is usable here: the secrets are kept in an encrypted file, unlocked with this passphrase (also for the sync engine: CALWIZARD_STORE_PASSPHRASE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret store &amp;passphrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export sealed bundle…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A .calwiz file with the configuration and its secrets, sealed with a passphrase, for the server that runs the sync engine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Install the engine on this machine as a service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installs the sync engine for the exported bundle as a service of this computer (systemd, launchd or a Windows service): started at boot, restarted on failure, with the secrets in a store of its own. Needs administrator rights.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try the &amp;whole chain now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs the sync engine until every user is read, reads the presence back from the PBX like a PBX client, then stops the engine, which clears calwizard&apos;s presence on the PBX again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running the engine against Exchange and the PBX…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine could not run: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine synced {users} user(s) ({counts}). The PBX showed (read with SubscribePresence):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  no presence (no user has a readable calendar)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine stopped and cleared calwizard&apos;s presence on the PBX.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation found problems (see the Validate page). You can save now and validate again later with &apos;calwizard validate&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{address}, App object {app}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the PBX&apos;s users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configurations (*.toml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to {path}.{secrets}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export sealed bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>calwizard bundle (*.calwiz)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not exported: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sealed bundle written to {written}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Installing the engine as a service…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not installed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not installed: the service manager refused: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine is installed as the service {0} ({1}); health: {2}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncTypePage</name>
    <message>
        <source>How the connector reaches Exchange.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Switch to Microsoft Graph, keep this app registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes the sync type to Exchange Online, Microsoft Graph. The client ID, tenant, client secret or certificate and the mailboxes stay as they are.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Recommendation:&lt;/b&gt; {recommendation}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switched from app-only, with the app registration kept ({kept}). Add {permission} (ID {permission_id}) to the app in the Entra admin center: the Entra app page shows how.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ValidatePage</name>
    <message>
        <source>Every check of the configuration, against the real servers. Failed checks do not stop you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-run &amp;selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;opy report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save report (&amp;HTML)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go to field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opens the page of the selected check&apos;s setting and puts the cursor in the field.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail and remedy of the selected check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking… you can cancel at any time, or go on without waiting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks cancelled. Run them again when you are ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All {len} checks passed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passed with {n_warn} warning(s). Select a check for details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n check(s) failed. Select one to see how to fix it. You can still save the configuration and validate later (calwizard validate).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Report copied to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report saved to {p}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTML (*.html)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Set up the calendar connector that turns Exchange appointments into PBX presence. Every step is checked live; nothing is saved until the last page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ne&amp;w configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open an existing configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New configuration from a CSV file of &amp;users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved configurations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import &amp;CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Profile name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of this configuration; secrets are kept in the secret store under it (e.g. customer-a).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Profile name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret store passphrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret store passphrase again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store pass&amp;phrase:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passphrase a&amp;gain:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking where passwords and client secrets can be kept…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passwords and client secrets will be kept in the {store}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use at least 8 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The two entries differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configurations are stored in {d} (one .toml file per profile). Passwords and client secrets are kept in the OS keychain or an encrypted file, never in the configuration file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Opened {path}: sync type {sync_type}, %n mailbox(es).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>{len} users imported from {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configurations (*.toml);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>connection</name>
    <message>
        <source>Microsoft 365 (global)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>US Government (GCC High)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>China (21Vianet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom hosts (sandbox tenant)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>csv</name>
    <message>
        <source>{name} is not a text file in UTF-8: save it again as &quot;CSV UTF-8&quot; and import that file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} cannot be read: check that the file exists and that you may open it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>flow</name>
    <message>
        <source>Microsoft Graph does not use EWS and is not affected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EWS in Exchange Online was switched off for good on {off}. The Exchange Online sync types that use EWS (app-only, delegated) no longer work against Microsoft 365; use them only with the sandbox tenant. {GRAPH_UNAFFECTED} Exchange Server on-premises keeps EWS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EWS in Exchange Online still works, but it will be blocked by default from 1 October 2026 and switched off for good on {off} (in {days} days). {GRAPH_UNAFFECTED} Exchange Server on-premises keeps EWS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No calendar synchronization. The PBX settings are kept; choose this to prepare a configuration and connect Exchange later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange Server on-premises</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EWS with NTLM sign-in. A service account with a mailbox and the ApplicationImpersonation role (scoped to the users to sync) reads the calendars. Exchange Server keeps EWS: this is the type for Exchange 2016/2019 and Exchange Server Subscription Edition.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange Online, app-only (client credentials)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EWS with an Entra app registration that has the application permission full_access_as_app (admin consent) and a client secret or certificate. No user signs in; any existing mailbox serves for Autodiscover. Limit the app to the users to sync with RBAC for Applications.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange Online, delegated (user sign-in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EWS with OAuth2: a user with impersonation rights signs in once in the browser; the refresh token is kept encrypted. ApplicationImpersonation is gone from Exchange Online, so prefer Microsoft Graph.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange Online, Microsoft Graph (app-only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft Graph with an Entra app registration that has the application permission Calendars.Read (or Calendars.ReadBasic; admin consent) and a client secret or certificate; no EWS, so it keeps working after Exchange Online turns EWS off. Limit the app to the users to sync with RBAC for Applications.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange Online: Microsoft Graph (app-only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{graph}, the only type that still works there (EWS in Exchange Online is switched off).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{graph}: it keeps working after EWS in Exchange Online ends on {day}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange Server on-premises: on-premises. {cloud}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reads whole events, body included. It can be limited to the synced mailboxes: assign it in Exchange Online with RBAC for Applications (role &apos;Application Calendars.Read&apos;) instead of a tenant-wide admin consent — the least-privilege setup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reads events without body, attachments and extensions — still everything the presence uses (subject, times, free/busy status, sensitivity, organizer). But it can only be granted tenant-wide in Entra ID: Exchange RBAC for Applications has no ReadBasic role, so the app can read every mailbox&apos;s calendar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft Graph &gt; Application permissions &gt; {permission} (ID {graph_permission_id}), with admin consent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An admin consent for {permission} in the Entra admin center is tenant-wide: it lets the app read every mailbox of the tenant, and an Exchange RBAC for Applications scope does not narrow it (the two grants add up). Exchange RBAC for Applications is the scoping tool: to limit the app to the mailboxes it syncs, assign &apos;{RBAC_CALENDAR_ROLE}&apos; with a management scope (the PowerShell on the Mailboxes page) instead of the tenant-wide consent, or remove that consent afterwards.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> RBAC for Applications has no ReadBasic role: a scoped app reads its mailboxes with &apos;{RBAC_CALENDAR_ROLE}&apos; (subjects included).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;Application (client) ID&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source># Mailboxes that must stay out of reach: InScope must be False</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impersonation: full details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App permission: full details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graph {value}: full details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delegate access</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How: {how}. What: {what}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register an app</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API permissions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates &amp; secrets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authentication (redirect URI)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enterprise applications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange admin center</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app registration is kept ({kept}). In the Entra admin center:
{steps_text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EWS in Exchange Online was switched off on {off}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EWS in Exchange Online ends on {off}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{ews}; Microsoft Graph reads the same calendars without it. Switching keeps this app registration (client ID, tenant, secret or certificate) and the mailboxes; you then add one permission in the Entra admin center: {graph_permission_text}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>typed in this wizard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mailboxes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App registrations &gt; the app {client_id} &gt; API permissions &gt; Add a permission &gt; Microsoft Graph &gt; Application permissions: add {permission} (ID {pid}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click &apos;Grant admin consent for &lt;tenant&gt;&apos; (tenant-wide: every mailbox; to limit the app to the synced mailboxes use Exchange RBAC for Applications, see the Mailboxes page).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Once validation passes, {FULL_ACCESS_AS_APP} (Office 365 Exchange Online, ID {FULL_ACCESS_AS_APP_ID}) can be removed, with any &apos;Application EWS.AccessAsApp&apos; role assignment in Exchange Online: the app no longer uses EWS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>use letters, digits and . _ @ + - (starting with a letter or digit), e.g. &apos;customer-a&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{describe} cannot be read here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the value in the wizard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EWS in Exchange Online was switched off on {day}: this sync type cannot work against Microsoft 365</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose Exchange Online, Microsoft Graph on the Sync type page (it keeps the app registration), or Exchange Server on-premises.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No mailboxes are listed yet: nothing will be synchronized.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delegated access needs impersonation rights, which Exchange Online no longer grants (ApplicationImpersonation was removed in 2025): prefer Microsoft Graph.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calendars.ReadBasic can only be granted tenant-wide, so the mailboxes that must be denied ({mailboxes}) will be readable: choose Calendars.Read and assign it with Exchange RBAC for Applications to keep them out of reach.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{page} is not a page of this sync type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret store cannot be used: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passwords and client secrets cannot be saved until this is fixed; everything else can.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passwords and client secrets will be kept in the OS keychain ({keychain}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No OS keychain is usable on this computer: passwords and client secrets will be kept in the encrypted file {file_path}, unlocked with its passphrase.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To use the OS keychain instead, start the wizard in a desktop session with a keychain (Windows Credential Manager, macOS Keychain, GNOME Keyring or KWallet).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No OS keychain is usable on this computer. Passwords and client secrets are kept in the encrypted file {file_path}: type the passphrase it was created with below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No OS keychain is usable on this computer. Passwords and client secrets will be kept in an encrypted file ({file_path}): choose its passphrase below (you need it again for the sync engine: CALWIZARD_STORE_PASSPHRASE).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mailboxes</name>
    <message>
        <source>Not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Impersonation denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credentials rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EWS blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot reach EWS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS not trusted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access denied (out of scope)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token rejected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>mapping</name>
    <message>
        <source>Busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tentative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tentative (exception organizer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Out of office</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working elsewhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Away</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outdated</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
