import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

/** user + system CPU seconds of one process from /proc (Linux), 0 when it is gone. */
function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (which may hold spaces) start past the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** CPU seconds of every process whose command name (/proc/pid/comm) is `name`, alive now. */
export function cpuSecondsOfCommand(name: string): number {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === name) total += cpuSecondsOf(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

export { cpuSecondsOf };
