<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ApiClient</name>
    <message>
        <source>This connection profile is read-only; %1 %2 was not sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only profile</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionDialog</name>
    <message>
        <source>Read-only: never change anything through this profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Email and password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember the token in the system keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to a Portico server</source>
        <translation>Mit einem Portico-Server verbinden</translation>
    </message>
    <message>
        <source>New profile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>you@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Server URL</source>
        <translation>Server-URL</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Local</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A saved token was found for this profile.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Portico Console — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Find tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quick open…</source>
        <translation>&amp;Schnell öffnen…</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>&amp;CSV exportieren…</translation>
    </message>
    <message>
        <source>&amp;Edit tenant…</source>
        <translation>Mandant &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Tenant</source>
        <translation>&amp;Mandant</translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>schreibgeschützt</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Server unreachable</source>
        <translation>Server nicht erreichbar</translation>
    </message>
    <message>
        <source>Not authorized</source>
        <translation>Nicht berechtigt</translation>
    </message>
    <message>
        <source>The server no longer accepts this token. Restart the console and sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This connection profile is read-only.</source>
        <translation>Dieses Verbindungsprofil ist schreibgeschützt.</translation>
    </message>
</context>
<context>
    <name>ProblemBanner</name>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Request id: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>No system keychain is available, so the token is kept for this session only and is not saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuickOpenDialog</name>
    <message>
        <source>Open tenant</source>
        <translation>Mandant öffnen</translation>
    </message>
    <message>
        <source>Name or slug…</source>
        <translation>Name oder Kurzname…</translation>
    </message>
</context>
<context>
    <name>TenantBrowser</name>
    <message>
        <source>Search name or slug (Ctrl+F)</source>
        <translation>Name oder Kurzname suchen (Strg+F)</translation>
    </message>
    <message>
        <source>Any state</source>
        <translation>Jeder Status</translation>
    </message>
    <message>
        <source>Any plan</source>
        <translation>Jeder Tarif</translation>
    </message>
    <message>
        <source>Any region</source>
        <translation>Jede Region</translation>
    </message>
    <message>
        <source>Any isolation</source>
        <translation>Jede Isolierung</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>CSV exportieren…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Lädt…</translation>
    </message>
    <message>
        <source>%1 (loading…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server cannot sort by %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied rows: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %1 rows to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TenantDetailPanel</name>
    <message>
        <source>Loading…</source>
        <translation>Lädt…</translation>
    </message>
    <message>
        <source>Select a tenant to see its details.</source>
        <translation>Wählen Sie einen Mandanten, um Details zu sehen.</translation>
    </message>
    <message>
        <source>Identity</source>
        <translation>Identität</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Slug</source>
        <translation>Kurzname</translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Tarif</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Geändert</translation>
    </message>
    <message>
        <source>Placement</source>
        <translation>Platzierung</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Isolation</source>
        <translation>Isolierung</translation>
    </message>
    <message>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Datenbank</translation>
    </message>
    <message>
        <source>Schema</source>
        <translation>Schema</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>Nutzung</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TenantEditDialog</name>
    <message>
        <source>Edit tenant %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspending locks out every user of this tenant. Type the slug &lt;b&gt;%1&lt;/b&gt; to confirm:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Tarif</translation>
    </message>
</context>
<context>
    <name>TenantListModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Slug</source>
        <translation>Kurzname</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Tarif</translation>
    </message>
    <message>
        <source>Region</source>
        <translation>Region</translation>
    </message>
    <message>
        <source>Isolation</source>
        <translation>Isolierung</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>The server cannot sort by this column.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TokenStore</name>
    <message>
        <source>The keychain did not store the token (%1); it is kept for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Command line</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico</name>
    <message>
        <source>Portico operator console.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to the server at &lt;url&gt; without showing the connection dialog.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>url</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the access token for --connect from &lt;file&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refuse every change through this connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Once the first tenants and details are shown, save the window to &lt;png&gt; and quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>png</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--connect needs a server URL such as http://127.0.0.1:8740.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--connect needs --token-file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--token-file is only used together with --connect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--screenshot needs --connect and --token-file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the token file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token file %1 is empty.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ApiClient</name>
    <message>
        <source>The server cannot reach its database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 did not answer within %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused the connection. Is the server running?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host of %1 was not found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not reach %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s answer could not be read as %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::format</name>
    <message>
        <source>1 tenant</source>
        <translation>1 Mandant</translation>
    </message>
    <message>
        <source>%1 tenants</source>
        <translation>%1 Mandanten</translation>
    </message>
</context>
</TS>
