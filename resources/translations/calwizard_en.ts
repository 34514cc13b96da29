<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>BasePage</name>
    <message numerus="yes">
        <source>To continue, fix the marked field(s): {names}.</source>
        <translation>
            <numerusform>To continue, fix the marked field: {names}.</numerusform>
            <numerusform>To continue, fix the marked fields: {names}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MailboxesPage</name>
    <message numerus="yes">
        <source>%n user(s) imported from {name}.</source>
        <translation>
            <numerusform>%n user imported from {name}.</numerusform>
            <numerusform>%n users imported from {name}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> %n not checked yet (checked again in a moment).</source>
        <translation>
            <numerusform> %n not checked yet (checked again in a moment).</numerusform>
            <numerusform> %n not checked yet (checked again in a moment).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{bad} of %n mailbox(es) have a problem. Select a row for the remedy; you can go on and fix them later.</source>
        <translation>
            <numerusform>{bad} of %n mailbox has a problem. Select the row for the remedy; you can go on and fix it later.</numerusform>
            <numerusform>{bad} of %n mailboxes have a problem. Select a row for the remedy; you can go on and fix them later.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n checked mailbox(es) are readable.</source>
        <translation>
            <numerusform>The checked mailbox is readable.</numerusform>
            <numerusform>All %n checked mailboxes are readable.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n mailbox(es) are readable.</source>
        <translation>
            <numerusform>The mailbox is readable.</numerusform>
            <numerusform>All %n mailboxes are readable.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n mailbox(es) not checked yet (checked again in a moment).</source>
        <translation>
            <numerusform>%n mailbox not checked yet (checked again in a moment).</numerusform>
            <numerusform>%n mailboxes not checked yet (checked again in a moment).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message numerus="yes">
        <source>{address}: %n appointment(s) in the next 48 hours (read at {time}).</source>
        <translation>
            <numerusform>{address}: %n appointment in the next 48 hours (read at {time}).</numerusform>
            <numerusform>{address}: %n appointments in the next 48 hours (read at {time}).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message numerus="yes">
        <source>the PBX&apos;s users (%n overridden)</source>
        <translation>
            <numerusform>the PBX&apos;s users (%n overridden)</numerusform>
            <numerusform>the PBX&apos;s users (%n overridden)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ValidatePage</name>
    <message numerus="yes">
        <source>%n check(s) failed. Select one to see how to fix it. You can still save the configuration and validate later (calwizard validate).</source>
        <translation>
            <numerusform>%n check failed. Select one to see how to fix it. You can still save the configuration and validate later (calwizard validate).</numerusform>
            <numerusform>%n checks failed. Select one to see how to fix it. You can still save the configuration and validate later (calwizard validate).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message numerus="yes">
        <source>Opened {path}: sync type {sync_type}, %n mailbox(es).</source>
        <translation>
            <numerusform>Opened {path}: sync type {sync_type}, %n mailbox.</numerusform>
            <numerusform>Opened {path}: sync type {sync_type}, %n mailboxes.</numerusform>
        </translation>
    </message>
</context>
</TS>
