/**
 * V8 lets its heap grow far past what cpwoo keeps alive when the machine has memory to spare (the orders benchmark:
 * ~64 MB of live objects in a 400 MB process). Capping the young generation and the old space keeps the daemon's
 * resident memory near its real needs: orders 396 → 225 MB at a few percent more CPU; the catalog at 50,000 items
 * 483 → ~245 MB. 256 MB of old space is four times the live heap measured in either.
 */
export const NODE_OPTIONS = "--max-semi-space-size=16 --max-old-space-size=256";

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
