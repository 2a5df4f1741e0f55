/**
 * V8's young generation grows to ~130 MB on a large machine although cpwoo's live heap stays under 100 MB; capping it
 * keeps the daemon's resident memory near its real needs (the catalog benchmark: 483 → 341 MB at 50,000 items; adding
 * `--max-old-space-size=256` brings it to ~245 MB for ~17 % more CPU, left to the operator).
 */
export const NODE_OPTIONS = "--max-semi-space-size=16";

/** What a service manager needs to start cpwoo: the program, its arguments, where it runs, who runs it. */
export interface ServiceTarget {
  /** Absolute path of the Node executable. */
  node: string;
  /** Absolute path of bin/cpwoo.js. */
  script: string;
  /** Absolute path of cpwoo.config.json. */
  configFile: string;
  /** Working folder (the SQLite state and logs live here by default). */
  workDir: string;
  /** Linux account (systemd `User=`). */
  user: string;
}

const xml = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

/**
 * A WinSW service definition (`cpwoo.xml` beside `cpwoo.exe`, a renamed WinSW binary): runs `cpwoo run` as a real
 * Windows service — started at boot without anyone logged on, restarted after a crash, no expiry — unlike the
 * predecessor's Task Scheduler tasks (PREDECESSOR B29). Logs roll by size.
 */
export function winswServiceXml(t: ServiceTarget): string {
  return `<service>
  <id>cpwoo</id>
  <name>cpwoo</name>
  <description>cpwoo: keeps WooCommerce and NCR Counterpoint in step</description>
  <executable>${xml(t.node)}</executable>
  <arguments>"${xml(t.script)}" --config "${xml(t.configFile)}" run</arguments>
  <workingdirectory>${xml(t.workDir)}</workingdirectory>
  <startmode>Automatic</startmode>
  <delayedAutoStart>true</delayedAutoStart>
  <onfailure action="restart" delay="10 sec"/>
  <onfailure action="restart" delay="30 sec"/>
  <onfailure action="restart" delay="60 sec"/>
  <resetfailure>1 hour</resetfailure>
  <stoptimeout>30 sec</stoptimeout>
  <env name="NODE_ENV" value="production"/>
  <env name="NODE_OPTIONS" value="${NODE_OPTIONS}"/>
  <log mode="roll-by-size">
    <sizeThreshold>10240</sizeThreshold>
    <keepFiles>8</keepFiles>
  </log>
</service>
`;
}

const unitQuote = (text: string) =>
  /[\s"\\]/.test(text) ? `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"` : text;

/** A systemd unit (`/etc/systemd/system/cpwoo.service`): restarts on failure, stops with SIGTERM and waits for it. */
export function systemdUnit(t: ServiceTarget): string {
  return `[Unit]
Description=cpwoo: keeps WooCommerce and NCR Counterpoint in step
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
User=${t.user}
WorkingDirectory=${unitQuote(t.workDir)}
ExecStart=${unitQuote(t.node)} ${unitQuote(t.script)} --config ${unitQuote(t.configFile)} run
Environment=NODE_ENV=production
Environment=NODE_OPTIONS=${NODE_OPTIONS}
Restart=on-failure
RestartSec=10
KillSignal=SIGTERM
TimeoutStopSec=30
NoNewPrivileges=true

[Install]
WantedBy=multi-user.target
`;
}
