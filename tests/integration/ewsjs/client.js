// A third-party EWS client against the calwizard sandbox: ews-javascript-api (a port of Microsoft's EWS
// Managed API) with NTLM from @ewsjs/xhr. Run by tests/integration/sandbox/test_ews_third_party.py, which
// checks the JSON this prints. Environment: EWS_URL (https://mail.contoso.test:PORT/EWS/Exchange.asmx),
// EWS_USER, EWS_PASSWORD, IMPERSONATE (an SMTP address), AMBIGUOUS (an address that resolves to several
// mailboxes), NODE_EXTRA_CA_CERTS (the sandbox CA). Every *.test host name resolves to 127.0.0.1.
"use strict";

const dns = require("dns");
const lookup = dns.lookup;
dns.lookup = function (hostname, options, callback) {
  if (typeof options === "function") {
    callback = options;
    options = {};
  }
  if (String(hostname).endsWith(".test")) {
    if (options && options.all) return process.nextTick(callback, null, [{ address: "127.0.0.1", family: 4 }]);
    return process.nextTick(callback, null, "127.0.0.1", 4);
  }
  return lookup.call(dns, hostname, options, callback);
};

const ews = require("ews-javascript-api");
const { XhrApi } = require("@ewsjs/xhr");

async function main() {
  const env = process.env;
  ews.ConfigurationApi.ConfigureXHR(new XhrApi({ rejectUnauthorized: true }).useNtlmAuthentication(
    env.EWS_USER, env.EWS_PASSWORD));
  const service = new ews.ExchangeService(ews.ExchangeVersion.Exchange2013_SP1);
  service.Credentials = new ews.WebCredentials(env.EWS_USER, env.EWS_PASSWORD);
  service.Url = new ews.Uri(env.EWS_URL);
  service.ImpersonatedUserId = new ews.ImpersonatedUserId(ews.ConnectingIdType.SmtpAddress, env.IMPERSONATE);
  const out = { folders: {}, server: {} };

  // distinguished folders, FolderShape Default
  const wellKnown = ["Root", "MsgFolderRoot", "Inbox", "Calendar", "Contacts", "Tasks", "SentItems", "Drafts",
    "DeletedItems", "JunkEmail", "Outbox"];
  for (const name of wellKnown) {
    const folder = await ews.Folder.Bind(service, ews.WellKnownFolderName[name]);
    out.folders[name] = { displayName: folder.DisplayName, childFolderCount: folder.ChildFolderCount,
      className: folder.constructor.name };
  }
  const info = service.ServerInfo;
  out.server = { major: info.MajorVersion, minor: info.MinorVersion, version: info.VersionString };

  // FolderShape IdOnly: the id only
  const idOnly = await ews.Folder.Bind(service, ews.WellKnownFolderName.Calendar, ews.PropertySet.IdOnly);
  out.idOnlyFolder = { id: idOnly.Id.UniqueId.length > 0, displayNameLoaded: loaded(() => idOnly.DisplayName) };

  // FindItem with a CalendarView, ItemShape IdOnly + properties + extended properties
  const busyStatus = new ews.ExtendedPropertyDefinition(ews.DefaultExtendedPropertySet.Appointment, 0x8205,
    ews.MapiPropertyType.Integer);
  const subjectTag = new ews.ExtendedPropertyDefinition(0x0037, ews.MapiPropertyType.String);
  const props = new ews.PropertySet(ews.BasePropertySet.IdOnly, [ews.ItemSchema.Subject, ews.AppointmentSchema.Start,
    ews.AppointmentSchema.End, ews.AppointmentSchema.LegacyFreeBusyStatus, busyStatus, subjectTag]);
  const start = ews.DateTime.Now;
  const view = new ews.CalendarView(start, start.AddHours(48));
  view.PropertySet = props;
  const found = await service.FindAppointments(ews.WellKnownFolderName.Calendar, view);
  out.appointments = found.Items.map((a) => {
    const ext = {};
    for (const p of a.ExtendedProperties.Items) {
      ext[p.PropertyDefinition.Tag !== null && p.PropertyDefinition.Tag !== undefined
        ? `tag:${p.PropertyDefinition.Tag}` : `id:${p.PropertyDefinition.Id}`] = p.Value;
    }
    return { id: a.Id.UniqueId, subject: a.Subject, start: a.Start.ToISOString(), end: a.End.ToISOString(),
      freeBusy: ews.LegacyFreeBusyStatus[a.LegacyFreeBusyStatus], ext,
      locationLoaded: loaded(() => a.Location) };
  });

  // GetItem with MimeContent (the appointment's iCalendar)
  if (found.Items.length) {
    const first = found.Items[0];
    const item = await ews.Appointment.Bind(service, first.Id,
      new ews.PropertySet(ews.BasePropertySet.IdOnly, [ews.ItemSchema.MimeContent, ews.ItemSchema.Subject]));
    out.mime = { characterSet: item.MimeContent.CharacterSet,
      text: Buffer.from(item.MimeContent.Content, "base64").toString("utf8") };

    // ConvertId there and back
    const hex = await service.ConvertId(new ews.AlternateId(ews.IdFormat.EwsId, first.Id.UniqueId, env.IMPERSONATE),
      ews.IdFormat.HexEntryId);
    const back = await service.ConvertId(new ews.AlternateId(ews.IdFormat.HexEntryId, hex.UniqueId, env.IMPERSONATE),
      ews.IdFormat.EwsId);
    out.convertId = { hex: hex.UniqueId, format: ews.IdFormat[hex.Format], back: back.UniqueId,
      roundTrip: back.UniqueId === first.Id.UniqueId };
  }

  // ResolveNames with several candidates
  service.ImpersonatedUserId = null;
  const names = await service.ResolveName(env.AMBIGUOUS, ews.ResolveNameSearchLocation.DirectoryOnly, false);
  out.resolve = names.GetEnumerator().map((r) => ({ name: r.Mailbox.Name, address: r.Mailbox.Address }));
  process.stdout.write(JSON.stringify(out));
}

function loaded(read) {
  try {
    read();
    return true;
  } catch (e) {
    return false;
  }
}

main().catch((e) => {
  process.stderr.write(`ews-javascript-api failed: ${e && (e.stack || e.message || e)}\n`);
  process.exit(2);
});
