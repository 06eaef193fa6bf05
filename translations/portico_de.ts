<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <location filename="../app/tokenstore.cpp" line="20"/>
        <source>No system keychain is available, so the token is kept for this session only and is not saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/main.cpp" line="107"/>
        <source>Command line</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico</name>
    <message>
        <location filename="../app/commandline.cpp" line="19"/>
        <source>Portico operator console.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="22"/>
        <source>Connect to the server at &lt;url&gt; without showing the connection dialog.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="22"/>
        <source>url</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="23"/>
        <source>Read the access token for --connect from &lt;file&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="23"/>
        <source>file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="24"/>
        <source>Refuse every change through this connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="26"/>
        <source>Once the first tenants and details are shown, save the window to &lt;png&gt; and quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="26"/>
        <location filename="../app/commandline.cpp" line="29"/>
        <location filename="../app/commandline.cpp" line="32"/>
        <location filename="../app/commandline.cpp" line="34"/>
        <location filename="../app/commandline.cpp" line="36"/>
        <location filename="../app/commandline.cpp" line="39"/>
        <location filename="../app/commandline.cpp" line="42"/>
        <source>png</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="28"/>
        <source>Open Isolation health; once the verifier&apos;s report and the alerts are shown, save the window to &lt;png&gt; and quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="31"/>
        <source>Open the first enterprise tenant&apos;s Usage tab (30 days of requests); once drawn, save the window to &lt;png&gt; and quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="34"/>
        <source>Open Fleet usage; once the top consumers and the fleet chart are shown, save the window to &lt;png&gt; and quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="36"/>
        <source>Open Audit on the platform chain; once it is verified, save the window to &lt;png&gt; and quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="38"/>
        <source>Open the first tenant&apos;s Configuration tab; once its keys are shown, save the window to &lt;png&gt; and quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="41"/>
        <source>Open the Flags page; once the flags and the first flag&apos;s overrides are shown, save the window to &lt;png&gt; and quit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="51"/>
        <source>--connect needs a server URL such as http://127.0.0.1:8740.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="53"/>
        <source>--connect needs --token-file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="57"/>
        <source>--token-file is only used together with --connect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="65"/>
        <source>Use only one of --screenshot, --screenshot-isolation, --screenshot-usage, --screenshot-fleet, --screenshot-audit, --screenshot-config and --screenshot-flags.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="72"/>
        <source>%1 needs --connect and --token-file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="80"/>
        <source>Cannot read the token file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/commandline.cpp" line="83"/>
        <source>The token file %1 is empty.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::AlertsModel</name>
    <message>
        <location filename="../models/alertsmodel.cpp" line="39"/>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="52"/>
        <source>The alert concerns no single tenant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="54"/>
        <source>%1
Tenant id %2
Double-click to open the tenant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="55"/>
        <source>Tenant id %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="57"/>
        <source>%1
Find this request id in the server log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="79"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="80"/>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="81"/>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="82"/>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="83"/>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="84"/>
        <source>Request id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/alertsmodel.cpp" line="89"/>
        <source>Local time; hover a cell for UTC.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::AuditModel</name>
    <message>
        <location filename="../models/auditmodel.cpp" line="49"/>
        <source>The chain does not hold at this entry.
Chain %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/auditmodel.cpp" line="49"/>
        <source>Chain %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/auditmodel.cpp" line="52"/>
        <source>Select the row to read the details in full.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/auditmodel.cpp" line="84"/>
        <source>Seq</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/auditmodel.cpp" line="85"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/auditmodel.cpp" line="86"/>
        <source>Actor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/auditmodel.cpp" line="87"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/auditmodel.cpp" line="88"/>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/auditmodel.cpp" line="89"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/auditmodel.cpp" line="90"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/auditmodel.cpp" line="96"/>
        <source>Local time; hover a cell for UTC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/auditmodel.cpp" line="98"/>
        <source>Position in its chain, counting from 1 without gaps.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::AuditView</name>
    <message>
        <location filename="../views/auditview.cpp" line="40"/>
        <source>Other tenant…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="41"/>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="41"/>
        <source>To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="42"/>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="42"/>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="44"/>
        <location filename="../views/auditview.cpp" line="353"/>
        <source>Verify chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="52"/>
        <source>Platform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="53"/>
        <location filename="../views/auditview.cpp" line="250"/>
        <source>Selected tenant (none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="56"/>
        <source>Whose chain: the platform&apos;s (sign-ins) or a tenant&apos;s. Follows the tenant selected on the Tenants page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="57"/>
        <source>Choose another tenant&apos;s chain (Ctrl+K finds tenants by name).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="59"/>
        <source>actor, e.g. operator:admin@portico.local</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="68"/>
        <source>any action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="78"/>
        <source>Entries at or after this local time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="79"/>
        <source>Entries before this local time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="82"/>
        <source>Filter on the server (Enter in a field does the same).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="92"/>
        <source>Chain:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="96"/>
        <source>Actor:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="98"/>
        <source>Action:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="127"/>
        <source>Fetch the whole chain and check every hash here in the console (Ctrl+Shift+V).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="181"/>
        <source>Copied audit entries: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="190"/>
        <source>Select an entry to read it in full: details as JSON and its hashes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="240"/>
        <source>Choose a chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="250"/>
        <location filename="../views/auditview.cpp" line="273"/>
        <source>Tenant: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="277"/>
        <source>the platform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="278"/>
        <source>Tenant: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="353"/>
        <source>Verifying…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="359"/>
        <source>1 signed checkpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="359"/>
        <source>%1 signed checkpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="361"/>
        <source>Server&apos;s verdict: holds, %1 entries and %2 checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="363"/>
        <source>Server&apos;s verdict: broken at seq %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="365"/>
        <source>Server&apos;s verdict: does not hold: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="367"/>
        <source>Server&apos;s verdict unavailable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="369"/>
        <source>Asking the server for its verdict…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="374"/>
        <source>Chain of %1 not verified yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="374"/>
        <source>“Verify chain” checks every entry&apos;s hash here in the console.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="377"/>
        <source>Verifying the chain of %1… %2 entries fetched</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="380"/>
        <source>Verifying the chain of %1… checking %2 entries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="383"/>
        <source>⚠ The chain could not be fetched: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="388"/>
        <source>✔ The chain of %1 is empty: nothing recorded yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="391"/>
        <source>✔ Chain holds: 1 entry checked in the console (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="392"/>
        <source>✔ Chain holds: %1 entries checked in the console (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="396"/>
        <source>✖ Chain broken at seq %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="396"/>
        <source>?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="397"/>
        <source>Checked in the console from seq 1 (%1 of %2). The first bad entry is highlighted below. %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="403"/>
        <source>The console recomputes each entry&apos;s SHA-256 from its fields and its predecessor&apos;s hash (core/auditchain), so it does not rely on the server&apos;s verdict. Signed checkpoints are checked by the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="446"/>
        <source> &amp;nbsp;&lt;b style=&quot;color:#b3261e&quot;&gt;the chain does not hold here&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="451"/>
        <source>Actor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="452"/>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="453"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="453"/>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="454"/>
        <source>Chain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="456"/>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="457"/>
        <source>Previous hash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="458"/>
        <source>Hash</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="472"/>
        <source>The audit log could not be loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="474"/>
        <source>Loading entries…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="474"/>
        <source>Choose a chain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="476"/>
        <source>No entries match these filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="480"/>
        <source>Entries of %1, newest first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="480"/>
        <source>…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="482"/>
        <source> (%1 loaded; scroll for more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="482"/>
        <source> (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/auditview.cpp" line="484"/>
        <source> · filtered</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ConfigHistoryModel</name>
    <message>
        <location filename="../models/confighistorymodel.cpp" line="92"/>
        <source>(unset)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/confighistorymodel.cpp" line="97"/>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/confighistorymodel.cpp" line="98"/>
        <source>%1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/confighistorymodel.cpp" line="104"/>
        <source>Version %1
Before: %2
After: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/confighistorymodel.cpp" line="113"/>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/confighistorymodel.cpp" line="114"/>
        <source>Who</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/confighistorymodel.cpp" line="115"/>
        <source>Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/confighistorymodel.cpp" line="116"/>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/confighistorymodel.cpp" line="117"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ConfigTreeModel</name>
    <message>
        <location filename="../models/configtreemodel.cpp" line="263"/>
        <source>The %1 layer may not override %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/configtreemodel.cpp" line="265"/>
        <source>Ignored: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/configtreemodel.cpp" line="299"/>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/configtreemodel.cpp" line="300"/>
        <source>Effective value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/configtreemodel.cpp" line="301"/>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/configtreemodel.cpp" line="302"/>
        <source>Default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/configtreemodel.cpp" line="303"/>
        <source>Plan</source>
        <translation type="unfinished">Tarif</translation>
    </message>
    <message>
        <location filename="../models/configtreemodel.cpp" line="304"/>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/configtreemodel.cpp" line="305"/>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ConfirmDialog</name>
    <message>
        <location filename="../views/confirmdialog.cpp" line="46"/>
        <source>Why? (recorded in the audit log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/confirmdialog.cpp" line="48"/>
        <source>&amp;Reason:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ConnectionDialog</name>
    <message>
        <location filename="../views/connectiondialog.cpp" line="18"/>
        <source>Read-only: never change anything through this profile</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/connectiondialog.cpp" line="19"/>
        <source>Email and password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/connectiondialog.cpp" line="19"/>
        <source>Access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/connectiondialog.cpp" line="21"/>
        <source>Remember the token in the system keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/connectiondialog.cpp" line="24"/>
        <source>Connect to a Portico server</source>
        <translation type="unfinished">Mit einem Portico-Server verbinden</translation>
    </message>
    <message>
        <location filename="../views/connectiondialog.cpp" line="28"/>
        <source>New profile…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/connectiondialog.cpp" line="31"/>
        <source>you@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/connectiondialog.cpp" line="43"/>
        <source>Delete</source>
        <translation type="unfinished">Löschen</translation>
    </message>
    <message>
        <location filename="../views/connectiondialog.cpp" line="57"/>
        <source>Profile</source>
        <translation type="unfinished">Profil</translation>
    </message>
    <message>
        <location filename="../views/connectiondialog.cpp" line="58"/>
        <source>Name</source>
        <translation type="unfinished">Name</translation>
    </message>
    <message>
        <location filename="../views/connectiondialog.cpp" line="59"/>
        <source>Server URL</source>
        <translation type="unfinished">Server-URL</translation>
    </message>
    <message>
        <location filename="../views/connectiondialog.cpp" line="62"/>
        <source>Email</source>
        <translation type="unfinished">E-Mail</translation>
    </message>
    <message>
        <location filename="../views/connectiondialog.cpp" line="63"/>
        <source>Password</source>
        <translation type="unfinished">Passwort</translation>
    </message>
    <message>
        <location filename="../views/connectiondialog.cpp" line="65"/>
        <source>Token</source>
        <translation type="unfinished">Token</translation>
    </message>
    <message>
        <location filename="../views/connectiondialog.cpp" line="68"/>
        <source>Connect</source>
        <translation type="unfinished">Verbinden</translation>
    </message>
    <message>
        <location filename="../views/connectiondialog.cpp" line="107"/>
        <source>Local</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/connectiondialog.cpp" line="175"/>
        <source>A saved token was found for this profile.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::FindingsModel</name>
    <message>
        <location filename="../models/findingsmodel.cpp" line="46"/>
        <source>Isolation is at risk until this is fixed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/findingsmodel.cpp" line="46"/>
        <source>Worth a look; isolation holds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/findingsmodel.cpp" line="74"/>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/findingsmodel.cpp" line="75"/>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/findingsmodel.cpp" line="76"/>
        <source>Object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/findingsmodel.cpp" line="77"/>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::FlagEvaluationsModel</name>
    <message>
        <location filename="../models/flagmodels.cpp" line="21"/>
        <source>Static</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="23"/>
        <location filename="../models/flagmodels.cpp" line="370"/>
        <source>Default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="25"/>
        <source>Targeting match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="27"/>
        <source>Rollout split</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="29"/>
        <source>Disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="31"/>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="38"/>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="336"/>
        <source>bucket %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="364"/>
        <source>Flag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="365"/>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="366"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="367"/>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="368"/>
        <source>Tenant override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="369"/>
        <source>User override</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::FlagOverridesModel</name>
    <message>
        <location filename="../models/flagmodels.cpp" line="428"/>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="448"/>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="449"/>
        <source>Plan</source>
        <translation type="unfinished">Tarif</translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="450"/>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="451"/>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="452"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="453"/>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="454"/>
        <source>Updated</source>
        <translation type="unfinished">Geändert</translation>
    </message>
</context>
<context>
    <name>portico::FlagsModel</name>
    <message>
        <location filename="../models/flagmodels.cpp" line="12"/>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="14"/>
        <source>%1 % of users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="14"/>
        <source>%1 % of tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="176"/>
        <source>variant (default %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="177"/>
        <source>boolean (default %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="178"/>
        <source>on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="178"/>
        <source>killed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="181"/>
        <source>stale: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="190"/>
        <source>by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="192"/>
        <source>Stale flags are candidates for removal: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="210"/>
        <source>Flag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="211"/>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="212"/>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="213"/>
        <source>State</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="214"/>
        <source>Rollout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="215"/>
        <source>Overrides</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="216"/>
        <source>Staleness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/flagmodels.cpp" line="217"/>
        <source>Updated</source>
        <translation type="unfinished">Geändert</translation>
    </message>
</context>
<context>
    <name>portico::FlagsView</name>
    <message>
        <location filename="../views/flagsview.cpp" line="40"/>
        <source>Save rollout…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="42"/>
        <source>Preview bulk override…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="69"/>
        <source> %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="77"/>
        <source>Rollout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="87"/>
        <source>every Free tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="88"/>
        <source>every Pro tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="89"/>
        <source>every Enterprise tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="93"/>
        <source>Bulk: override for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="95"/>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="99"/>
        <source>Tenants that override this flag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="140"/>
        <source>No tenant overrides %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="141"/>
        <source>Overrides: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="156"/>
        <source>&lt;b&gt;%1 → %2 %: %3 of %4 tenants would change value.&lt;/b&gt; Tenants not at the default: %5 → %6.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="164"/>
        <source>&lt;br&gt;For example: %1%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="165"/>
        <source>, …</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="166"/>
        <source>&lt;br&gt;Nothing is saved until you press Save rollout.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="171"/>
        <source>Rollout of %1 saved; %2 tenants changed value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="174"/>
        <source>&lt;b&gt;%1 was changed by someone else — reloaded.&lt;/b&gt; Check the rollout and preview again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="181"/>
        <source>%1 (%2): override %3 → %4, value %5 → %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="182"/>
        <location filename="../views/flagsview.cpp" line="183"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="184"/>
        <source>remove the override of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="185"/>
        <source>override %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="186"/>
        <source>Bulk override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="187"/>
        <source>%1 for %2 tenants on the %3 plan (%4 targeted)?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="192"/>
        <source>Nothing would change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="192"/>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="200"/>
        <source>Bulk override of %1 applied to %2 tenants.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="264"/>
        <source>(remove the override)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="268"/>
        <source>Choose a flag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="270"/>
        <source>Select a flag to change its rollout and see who overrides it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="279"/>
        <source>Owner: %1 · Rollout: %2 · Version %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="279"/>
        <source>nobody</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="281"/>
        <source>&lt;span style=&apos;color:#b3261e&apos;&gt;&lt;b&gt;Kill switch on:&lt;/b&gt; everyone gets the default.&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="283"/>
        <source>&lt;span style=&apos;color:#8a5a00&apos;&gt;&lt;b&gt;Stale:&lt;/b&gt; %1&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="285"/>
        <source>Move the slider to see how many tenants a new percentage affects.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="286"/>
        <source>No rollout yet: move the slider to start one by tenant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="288"/>
        <source> (Rolled out by user: the count is of tenants whose tenant-level value changes.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="301"/>
        <source>Counting the tenants %1 % would affect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="317"/>
        <source>This connection profile is read-only.</source>
        <translation type="unfinished">Dieses Verbindungsprofil ist schreibgeschützt.</translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="332"/>
        <source>Change rollout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="333"/>
        <source>Change the rollout of %1 from %2 to %3 %? %4 tenants change value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/flagsview.cpp" line="337"/>
        <source>Save rollout</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::FleetUsageModel</name>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="37"/>
        <source>%1%2 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="38"/>
        <source>new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="39"/>
        <source>%1×</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="39"/>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="40"/>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="40"/>
        <source>no quota</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="45"/>
        <source>%1 (%2)
Tenant id %3, %4
Double-click to open the tenant&apos;s usage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="46"/>
        <source>%1 in the chosen range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="47"/>
        <source>%1 in the range of the same length just before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="48"/>
        <source>Nothing in the previous range to compare with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="50"/>
        <source>Value divided by the median of the %1 plan (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="53"/>
        <source>The plan sets no quota for this metric.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="54"/>
        <source>This month: %1 of %2 (policy %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="94"/>
        <source>Tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="95"/>
        <source>Plan</source>
        <translation type="unfinished">Tarif</translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="96"/>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="97"/>
        <source>Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="98"/>
        <source>Growth %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="99"/>
        <source>vs plan median (×)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="100"/>
        <source>Quota used %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="106"/>
        <source>The range of the same length just before the chosen one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="107"/>
        <source>How many times the median tenant of the same plan.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/fleetusagemodel.cpp" line="108"/>
        <source>Of the monthly quota, this calendar month (UTC). Amber from 80 %, red from 100 %.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::FleetUsageView</name>
    <message>
        <location filename="../views/fleetusageview.cpp" line="37"/>
        <source>Only near or over quota</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="37"/>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="47"/>
        <source>Last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="48"/>
        <source>Last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="49"/>
        <source>Last 90 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="50"/>
        <source>Growth compares with the range of the same length just before.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="52"/>
        <source>All plans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="56"/>
        <source>Show only tenants that used at least 80 % of this month&apos;s quota.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="57"/>
        <source>Load again (F5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="65"/>
        <source>Metric:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="102"/>
        <source>Copied tenants: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="103"/>
        <source>Open tenant&apos;s usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="115"/>
        <source>&lt;span style=&apos;background:#fff0c2&apos;&gt;&amp;nbsp;amber&amp;nbsp;&lt;/span&gt; ≥ 80 % of the monthly quota, &lt;span style=&apos;background:#fdd8d5&apos;&gt;&amp;nbsp;red&amp;nbsp;&lt;/span&gt; ≥ 100 %. Double-click a tenant to open its usage.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="126"/>
        <source>Whole fleet, per day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="256"/>
        <source>Loading the top consumers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="258"/>
        <source>The top consumers could not be loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="260"/>
        <source>Top consumers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="271"/>
        <source>%1 tenants by %2%3, last %4 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="275"/>
        <source> (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="278"/>
        <source> (plan %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="279"/>
        <source> · %1 near quota, %2 over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="281"/>
        <source> · %1 shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="290"/>
        <source>The fleet&apos;s usage could not be loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="309"/>
        <source>1 tenant</source>
        <translation type="unfinished">1 Mandant</translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="309"/>
        <source>%1 tenants</source>
        <translation type="unfinished">%1 Mandanten</translation>
    </message>
    <message>
        <location filename="../views/fleetusageview.cpp" line="311"/>
        <source>&lt;b&gt;By plan&lt;/b&gt; (total %1)&lt;table&gt;%2&lt;/table&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::IsolationView</name>
    <message>
        <location filename="../views/isolationview.cpp" line="97"/>
        <location filename="../views/isolationview.cpp" line="104"/>
        <location filename="../views/isolationview.cpp" line="370"/>
        <source>Re-run verifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="100"/>
        <source>Run the isolation verifier on the server again and reload the alerts (F5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="113"/>
        <source>The verifier is running on the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="192"/>
        <source>All severities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="193"/>
        <source>Critical and high</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="194"/>
        <source>Critical only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="195"/>
        <source>Show findings at least this severe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="202"/>
        <source>Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="214"/>
        <source>Copied findings: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="233"/>
        <source>Select a finding to read it in full.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="255"/>
        <location filename="../views/isolationview.cpp" line="505"/>
        <source>Alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="261"/>
        <source>Requests whose rows the isolation monitor held back because they belonged to another tenant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="277"/>
        <source>Copied alerts: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="278"/>
        <source>Open tenant</source>
        <translation type="unfinished">Mandant öffnen</translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="306"/>
        <source>Connection pools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="320"/>
        <source>Cluster / database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="320"/>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="320"/>
        <source>Idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="320"/>
        <source>Cap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="321"/>
        <source>The most connections this pool may open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="370"/>
        <source>Running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="412"/>
        <location filename="../views/isolationview.cpp" line="496"/>
        <source>Request id: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="415"/>
        <source>⚠ The verifier could not run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="417"/>
        <source>Running the isolation verifier…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="422"/>
        <source>1 cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="422"/>
        <source>%1 clusters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="423"/>
        <source>1 table</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="423"/>
        <source>%1 tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="424"/>
        <source>1 placement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="424"/>
        <source>%1 placements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="426"/>
        <source>%1, %2, %3 checked at %4 in %5 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="427"/>
        <source>Verifier run at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="436"/>
        <source>✔ Isolation holds: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="437"/>
        <source>Every check passed: row-level security, roles, grants and placements are as designed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="438"/>
        <source>Nothing critical or high; 1 lesser finding below is worth a look.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="439"/>
        <source>Nothing critical or high; %1 lesser findings below are worth a look.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="442"/>
        <source>✖ Isolation at risk: %1 critical / %2 high findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="443"/>
        <source>Each finding below says what to fix; then re-run the verifier. %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="447"/>
        <source>Showing the result from %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="448"/>
        <source>⚠ Re-running the verifier failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="459"/>
        <source>1 finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="459"/>
        <source>%1 findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="461"/>
        <source>%1 (%2 shown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="462"/>
        <source>Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="465"/>
        <source>Running the verifier…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="465"/>
        <source>No report yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="467"/>
        <source>No findings: every check passed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="469"/>
        <source>No finding is this severe. Choose “All severities” to see the others.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="498"/>
        <source>The alerts could not be loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="500"/>
        <source>Loading alerts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="500"/>
        <source>Alerts not loaded yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="502"/>
        <source>No alerts: the isolation monitor has blocked nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="507"/>
        <source>Alerts (newest %1; scroll for more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="509"/>
        <source>1 alert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="509"/>
        <source>%1 alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="522"/>
        <source>1 request blocked by the monitor since the server started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="523"/>
        <source>%1 requests blocked by the monitor since the server started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="545"/>
        <source>At its cap: further requests wait for a free connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="557"/>
        <location filename="../views/isolationview.cpp" line="567"/>
        <source>Cluster %1, database %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="575"/>
        <source>%1 / 1 tenant database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="575"/>
        <source>%1 / %2 tenant databases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="578"/>
        <source>Pools of database-per-tenant placements on cluster %1, one per tenant database; expand for each.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="582"/>
        <source>%1 of %2 connections open in 1 pool.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="583"/>
        <source>%1 of %2 connections open in %3 pools.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="585"/>
        <source>Tenant databases: %1 open in 1 pool.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/isolationview.cpp" line="586"/>
        <source>Tenant databases: %1 open in %2 pools.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::MainWindow</name>
    <message>
        <location filename="../app/mainwindow.cpp" line="60"/>
        <source>Portico Console — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="96"/>
        <source>Tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="97"/>
        <source>Isolation health</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="98"/>
        <source>Find and manage tenants (Ctrl+1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="99"/>
        <source>Audit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="100"/>
        <source>Fleet usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="101"/>
        <source>Verifier findings, alerts and connection pools (Ctrl+2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="102"/>
        <source>The audit log of the platform or a tenant, verified in the console (Ctrl+3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="103"/>
        <source>Top consumers, tenants near quota, growth and the fleet&apos;s total (Ctrl+4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="129"/>
        <source>Saved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="147"/>
        <source>Isolation verifier: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="193"/>
        <location filename="../app/mainwindow.cpp" line="489"/>
        <source>&amp;Refresh</source>
        <translation type="unfinished">&amp;Aktualisieren</translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="199"/>
        <source>&amp;Find tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="206"/>
        <source>&amp;Tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="210"/>
        <source>&amp;Isolation health</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="214"/>
        <source>&amp;Audit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="218"/>
        <source>&amp;Fleet usage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="223"/>
        <source>&amp;Flags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="234"/>
        <source>&amp;Audit log…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="236"/>
        <source>Open the selected tenant&apos;s audit chain (Ctrl+Shift+A).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="243"/>
        <source>&amp;Quick open…</source>
        <translation type="unfinished">&amp;Schnell öffnen…</translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="247"/>
        <source>&amp;Export CSV…</source>
        <translation type="unfinished">&amp;CSV exportieren…</translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="251"/>
        <source>&amp;Edit tenant…</source>
        <translation type="unfinished">Mandant &amp;bearbeiten…</translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="256"/>
        <source>&amp;Quit</source>
        <translation type="unfinished">&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="260"/>
        <source>&amp;File</source>
        <translation type="unfinished">&amp;Datei</translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="264"/>
        <source>&amp;View</source>
        <translation type="unfinished">&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="274"/>
        <source>&amp;Tenant</source>
        <translation type="unfinished">&amp;Mandant</translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="278"/>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="293"/>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="294"/>
        <source>read-only</source>
        <translation type="unfinished">schreibgeschützt</translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="314"/>
        <source>Connecting…</source>
        <translation type="unfinished">Verbinde…</translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="315"/>
        <source>Connected</source>
        <translation type="unfinished">Verbunden</translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="316"/>
        <source>Server unreachable</source>
        <translation type="unfinished">Server nicht erreichbar</translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="318"/>
        <source>Not authorized</source>
        <translation type="unfinished">Nicht berechtigt</translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="320"/>
        <source>The server no longer accepts this token. Restart the console and sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="334"/>
        <source>This connection profile is read-only.</source>
        <translation type="unfinished">Dieses Verbindungsprofil ist schreibgeschützt.</translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="438"/>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="439"/>
        <source>Usage</source>
        <translation type="unfinished">Nutzung</translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="440"/>
        <source>The tenant&apos;s usage over time, with its quota</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="441"/>
        <source>Configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="442"/>
        <location filename="../app/mainwindow.cpp" line="477"/>
        <source>Flags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="478"/>
        <source>Feature flags: rollouts, overrides, staleness (Ctrl+5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/mainwindow.cpp" line="489"/>
        <source>&amp;Re-run verifier</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ProblemBanner</name>
    <message>
        <location filename="../views/problembanner.cpp" line="20"/>
        <source>Dismiss</source>
        <translation type="unfinished">Schließen</translation>
    </message>
    <message>
        <location filename="../views/problembanner.cpp" line="33"/>
        <source>Request id: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::QuickOpenDialog</name>
    <message>
        <location filename="../views/quickopendialog.cpp" line="16"/>
        <source>Open tenant</source>
        <translation type="unfinished">Mandant öffnen</translation>
    </message>
    <message>
        <location filename="../views/quickopendialog.cpp" line="17"/>
        <source>Name or slug…</source>
        <translation type="unfinished">Name oder Kurzname…</translation>
    </message>
</context>
<context>
    <name>portico::TableCopy</name>
    <message>
        <location filename="../views/tablecopy.cpp" line="48"/>
        <source>Copy</source>
        <translation type="unfinished">Kopieren</translation>
    </message>
</context>
<context>
    <name>portico::TenantBrowser</name>
    <message>
        <location filename="../views/tenantbrowser.cpp" line="30"/>
        <source>Search name or slug (Ctrl+F)</source>
        <translation type="unfinished">Name oder Kurzname suchen (Strg+F)</translation>
    </message>
    <message>
        <location filename="../views/tenantbrowser.cpp" line="46"/>
        <source>Any state</source>
        <translation type="unfinished">Jeder Status</translation>
    </message>
    <message>
        <location filename="../views/tenantbrowser.cpp" line="47"/>
        <source>Any plan</source>
        <translation type="unfinished">Jeder Tarif</translation>
    </message>
    <message>
        <location filename="../views/tenantbrowser.cpp" line="49"/>
        <source>Any region</source>
        <translation type="unfinished">Jede Region</translation>
    </message>
    <message>
        <location filename="../views/tenantbrowser.cpp" line="50"/>
        <source>Any isolation</source>
        <translation type="unfinished">Jede Isolierung</translation>
    </message>
    <message>
        <location filename="../views/tenantbrowser.cpp" line="90"/>
        <source>Copy</source>
        <translation type="unfinished">Kopieren</translation>
    </message>
    <message>
        <location filename="../views/tenantbrowser.cpp" line="95"/>
        <source>Export CSV…</source>
        <translation type="unfinished">CSV exportieren…</translation>
    </message>
    <message>
        <location filename="../views/tenantbrowser.cpp" line="152"/>
        <source>Loading…</source>
        <translation type="unfinished">Lädt…</translation>
    </message>
    <message>
        <location filename="../views/tenantbrowser.cpp" line="152"/>
        <source>%1 (loading…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantbrowser.cpp" line="169"/>
        <source>The server cannot sort by %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantbrowser.cpp" line="237"/>
        <source>Copied rows: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantbrowser.cpp" line="258"/>
        <source>Export tenants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantbrowser.cpp" line="259"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantbrowser.cpp" line="264"/>
        <source>Exported %1 rows to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantbrowser.cpp" line="266"/>
        <source>Export failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::TenantConfigView</name>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="36"/>
        <location filename="../views/tenantconfigview.cpp" line="415"/>
        <source>(unset)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="46"/>
        <location filename="../views/tenantconfigview.cpp" line="47"/>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="48"/>
        <source>%1 → %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="48"/>
        <source>%1: %2 → %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="61"/>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="62"/>
        <source>Undo edits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="62"/>
        <location filename="../views/tenantconfigview.cpp" line="398"/>
        <source>Remove value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="63"/>
        <source>Revert to before…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="72"/>
        <source>user id (empty: the tenant)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="74"/>
        <source>Show the values a user of this tenant gets, with their user layer; edits then write the user layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="75"/>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="77"/>
        <source>View as &amp;user:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="116"/>
        <source>Discard mine and reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="122"/>
        <source>Reason (recorded in the audit log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="126"/>
        <source>Remove the value at this layer, so the next layer&apos;s value applies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="128"/>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="138"/>
        <source>Reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="158"/>
        <source>History of this key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="195"/>
        <source>Saved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="195"/>
        <source>%1 was already at that value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="200"/>
        <source>%1 was changed by someone else; reloaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="204"/>
        <source>Reverted %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="289"/>
        <source>Choose a key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="290"/>
        <source>Select a key on the left to see where its value comes from and change it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="335"/>
        <source>This connection profile is read-only.</source>
        <translation type="unfinished">Dieses Verbindungsprofil ist schreibgeschützt.</translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="337"/>
        <source>Users may not override this key; clear the user to edit the tenant layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="338"/>
        <source>The tenant may not override this key (layers: %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="340"/>
        <source>Saving writes user %1&apos;s value (the user layer).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="342"/>
        <source>Saving writes the tenant layer. Effective now: %1 (from %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="358"/>
        <source>&lt;b&gt;Preview&lt;/b&gt; — %1 layer: %2 → %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="362"/>
        <source>&lt;br&gt;Effective value: %1 (%2) → %3 (%4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="369"/>
        <source>&lt;b&gt;Changed by someone else — reloaded.&lt;/b&gt; Theirs: %1; yours: %2. Save again to replace theirs, or discard yours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="399"/>
        <source>Remove %1&apos;s value at the %2 layer? The next layer&apos;s value applies then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="400"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="417"/>
        <source>Revert configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="418"/>
        <source>Set %1 at the %2 layer back to %3?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="419"/>
        <source>Now: %1
After the revert: %2

The revert is itself a new history entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantconfigview.cpp" line="420"/>
        <source>Revert</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::TenantDetailPanel</name>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="14"/>
        <source>Loading…</source>
        <translation type="unfinished">Lädt…</translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="16"/>
        <source>Select a tenant to see its details.</source>
        <translation type="unfinished">Wählen Sie einen Mandanten, um Details zu sehen.</translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="36"/>
        <source>Identity</source>
        <translation type="unfinished">Identität</translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="37"/>
        <source>Name</source>
        <translation type="unfinished">Name</translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="38"/>
        <source>Slug</source>
        <translation type="unfinished">Kurzname</translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="39"/>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="40"/>
        <source>Account</source>
        <translation type="unfinished">Konto</translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="41"/>
        <source>State</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="42"/>
        <source>Plan</source>
        <translation type="unfinished">Tarif</translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="43"/>
        <source>Created</source>
        <translation type="unfinished">Erstellt</translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="44"/>
        <source>Updated</source>
        <translation type="unfinished">Geändert</translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="45"/>
        <source>Placement</source>
        <translation type="unfinished">Platzierung</translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="46"/>
        <source>Region</source>
        <translation type="unfinished">Region</translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="47"/>
        <source>Isolation</source>
        <translation type="unfinished">Isolierung</translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="48"/>
        <source>Cluster</source>
        <translation type="unfinished">Cluster</translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="49"/>
        <source>Database</source>
        <translation type="unfinished">Datenbank</translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="50"/>
        <source>Schema</source>
        <translation type="unfinished">Schema</translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="51"/>
        <source>Usage</source>
        <translation type="unfinished">Nutzung</translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="52"/>
        <source>Members</source>
        <translation type="unfinished">Mitglieder</translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="53"/>
        <source>Documents</source>
        <translation type="unfinished">Dokumente</translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="54"/>
        <source>Storage</source>
        <translation type="unfinished">Speicher</translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="102"/>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantdetailpanel.cpp" line="106"/>
        <source>%1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::TenantEditDialog</name>
    <message>
        <location filename="../views/tenanteditdialog.cpp" line="17"/>
        <source>Edit tenant %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenanteditdialog.cpp" line="22"/>
        <source>Suspending locks out every user of this tenant. Type the slug &lt;b&gt;%1&lt;/b&gt; to confirm:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenanteditdialog.cpp" line="26"/>
        <source>Name</source>
        <translation type="unfinished">Name</translation>
    </message>
    <message>
        <location filename="../views/tenanteditdialog.cpp" line="27"/>
        <source>State</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <location filename="../views/tenanteditdialog.cpp" line="28"/>
        <source>Plan</source>
        <translation type="unfinished">Tarif</translation>
    </message>
</context>
<context>
    <name>portico::TenantFlagsView</name>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="21"/>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="28"/>
        <source>Apply override…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="34"/>
        <source>user id (empty: the tenant)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="36"/>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="38"/>
        <source>Evaluate for &amp;user:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="65"/>
        <location filename="../views/tenantflagsview.cpp" line="243"/>
        <source>Override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="70"/>
        <source>Set to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="108"/>
        <source>&lt;b&gt;Would change the value&lt;/b&gt;&lt;br&gt;now: %1&lt;br&gt;after: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="110"/>
        <source>&lt;b&gt;Would not change the value&lt;/b&gt;&lt;br&gt;now: %1&lt;br&gt;after: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="116"/>
        <source>Override of %1 saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="191"/>
        <source>No user override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="191"/>
        <source>No tenant override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="200"/>
        <source>Choose a flag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="201"/>
        <source>Select a flag above to see why it has its value and to override it for this tenant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="205"/>
        <source>%1&lt;br&gt;Now: &lt;b&gt;%2&lt;/b&gt; — %3. %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="207"/>
        <source>Overridden to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="207"/>
        <source>Not overridden.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="211"/>
        <source>This connection profile is read-only.</source>
        <translation type="unfinished">Dieses Verbindungsprofil ist schreibgeschützt.</translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="226"/>
        <source>Asking the server what this would change…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="236"/>
        <source>this tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="236"/>
        <source>user %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="237"/>
        <source>Override %1 to %2 for %3?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="238"/>
        <source>Remove the override of %1 for %2?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="243"/>
        <source>Flag override</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantflagsview.cpp" line="243"/>
        <source>Remove override</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::TenantListModel</name>
    <message>
        <location filename="../models/tenantlistmodel.cpp" line="57"/>
        <source>Name</source>
        <translation type="unfinished">Name</translation>
    </message>
    <message>
        <location filename="../models/tenantlistmodel.cpp" line="58"/>
        <source>Slug</source>
        <translation type="unfinished">Kurzname</translation>
    </message>
    <message>
        <location filename="../models/tenantlistmodel.cpp" line="59"/>
        <source>State</source>
        <translation type="unfinished">Status</translation>
    </message>
    <message>
        <location filename="../models/tenantlistmodel.cpp" line="60"/>
        <source>Plan</source>
        <translation type="unfinished">Tarif</translation>
    </message>
    <message>
        <location filename="../models/tenantlistmodel.cpp" line="61"/>
        <source>Region</source>
        <translation type="unfinished">Region</translation>
    </message>
    <message>
        <location filename="../models/tenantlistmodel.cpp" line="62"/>
        <source>Isolation</source>
        <translation type="unfinished">Isolierung</translation>
    </message>
    <message>
        <location filename="../models/tenantlistmodel.cpp" line="63"/>
        <source>Created</source>
        <translation type="unfinished">Erstellt</translation>
    </message>
    <message>
        <location filename="../models/tenantlistmodel.cpp" line="68"/>
        <source>The server cannot sort by this column.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::TenantUsagePanel</name>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="24"/>
        <source>Reset zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="24"/>
        <source>PNG…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="25"/>
        <source>CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="30"/>
        <source>The metric to chart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="33"/>
        <source>24 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="34"/>
        <source>7 d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="35"/>
        <source>30 d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="36"/>
        <source>90 d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="37"/>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="38"/>
        <source>The time range, ending now (or from/to for Custom).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="44"/>
        <source>From (local time, inclusive)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="45"/>
        <source>To (local time, exclusive)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="47"/>
        <source>Auto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="48"/>
        <source>Hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="49"/>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="50"/>
        <source>Month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="51"/>
        <source>One point per hour, day or month. Auto: hourly up to 7 days, daily beyond.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="53"/>
        <source>Show the whole range again (Home).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="54"/>
        <source>Save the chart as a PNG image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="55"/>
        <source>Save the points shown as CSV (UTC ISO times).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="210"/>
        <source>Auto (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="210"/>
        <source>hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="210"/>
        <source>day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="227"/>
        <source>“From” must be before “To”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="251"/>
        <source>Loading %1 of %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="256"/>
        <source>The usage could not be loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="262"/>
        <source> · %1 of %2 points drawn (LTTB)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="295"/>
        <source>Export chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="296"/>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="299"/>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="299"/>
        <source>Could not save %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="304"/>
        <source>Export points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="305"/>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="309"/>
        <source>Saved %1 points to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/tenantusagepanel.cpp" line="310"/>
        <source>Could not save %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::TokenStore</name>
    <message>
        <location filename="../app/tokenstore.cpp" line="49"/>
        <source>The keychain did not store the token (%1); it is kept for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::UsageChart</name>
    <message>
        <location filename="../views/usagechart.cpp" line="53"/>
        <source>Drag to zoom into a time range; Shift+drag or arrow keys to pan; +/- to zoom; Home or Esc to reset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/usagechart.cpp" line="97"/>
        <source>Local time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/usagechart.cpp" line="103"/>
        <source>Quota %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/usagechart.cpp" line="119"/>
        <source>No usage in this range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/usagechart.cpp" line="143"/>
        <source>%1
%2 (%3)
%4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::UsageMetricsModel</name>
    <message>
        <location filename="../models/usagemetricsmodel.cpp" line="20"/>
        <source>%1
Unit: %2; %3%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usagemetricsmodel.cpp" line="21"/>
        <source>a gauge (each bucket shows its highest sample)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usagemetricsmodel.cpp" line="21"/>
        <source>a counter (buckets add up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usagemetricsmodel.cpp" line="22"/>
        <source>; reported by the tenant&apos;s application</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::UsageSeriesModel</name>
    <message>
        <location filename="../models/usageseriesmodel.cpp" line="46"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usageseriesmodel.cpp" line="46"/>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usageseriesmodel.cpp" line="128"/>
        <source>Peak %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usageseriesmodel.cpp" line="129"/>
        <source>Total %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usageseriesmodel.cpp" line="132"/>
        <source> · quota used this month %1 % (%2 of %3, policy %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usageseriesmodel.cpp" line="136"/>
        <source> · no quota</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usageseriesmodel.cpp" line="144"/>
        <source>The tenant&apos;s plan sets no quota for this metric.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usageseriesmodel.cpp" line="146"/>
        <source>The quota is a monthly limit (billing period %1 to %2, UTC).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usageseriesmodel.cpp" line="149"/>
        <source>It is drawn as a dashed line: each point here is comparable with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usageseriesmodel.cpp" line="151"/>
        <source>Each point is one %1&apos;s usage, so a monthly limit drawn as a line would mislead; the caption shows how much of it this month used. Choose the step “month” to see it as a line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usageseriesmodel.cpp" line="173"/>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usageseriesmodel.cpp" line="175"/>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usageseriesmodel.cpp" line="177"/>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usageseriesmodel.cpp" line="178"/>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usageseriesmodel.cpp" line="181"/>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usageseriesmodel.cpp" line="203"/>
        <source>hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usageseriesmodel.cpp" line="205"/>
        <source>minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usageseriesmodel.cpp" line="207"/>
        <source>seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usageseriesmodel.cpp" line="208"/>
        <source>ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usageseriesmodel.cpp" line="211"/>
        <source>million %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/usageseriesmodel.cpp" line="213"/>
        <source>thousand %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::ValueEditor</name>
    <message>
        <location filename="../views/valueeditor.cpp" line="50"/>
        <source>Pick…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/valueeditor.cpp" line="65"/>
        <source>On</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/valueeditor.cpp" line="111"/>
        <source>e.g. 30s, 15m, 8h, 90d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/valueeditor.cpp" line="113"/>
        <source>#rrggbb</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/valueeditor.cpp" line="152"/>
        <source>This is not valid JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../views/valueeditor.cpp" line="154"/>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>portico::format</name>
    <message>
        <location filename="../models/formatting.cpp" line="32"/>
        <source>1 tenant</source>
        <translation>1 Mandant</translation>
    </message>
    <message>
        <location filename="../models/formatting.cpp" line="33"/>
        <source>%1 tenants</source>
        <translation>%1 Mandanten</translation>
    </message>
    <message>
        <location filename="../models/formatting.cpp" line="39"/>
        <source>Critical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/formatting.cpp" line="40"/>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/formatting.cpp" line="41"/>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/formatting.cpp" line="42"/>
        <source>Info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../models/formatting.cpp" line="45"/>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
