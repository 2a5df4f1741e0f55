import { readFileSync } from "node:fs";

/** A `kB` field of /proc/<pid>/status (VmRSS, VmHWM) in bytes; 0 when the process is gone (Linux only). */
export function statusBytes(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m === null ? 0 : Number(m[1]) * 1024;
  } catch {
    return 0;
  }
}

/**
 * Peak resident memory of another process: VmRSS sampled every 100 ms, and on `stop()` its VmHWM (the kernel's
 * high-water mark, which a sample may miss), whichever is higher. Call `stop()` before the process exits.
 */
export class ChildRssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 100);
    this.sample();
  }

  private sample(): void {
    this.peak = Math.max(this.peak, statusBytes(this.pid, "VmRSS"));
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return Math.max(this.peak, statusBytes(this.pid, "VmHWM"));
  }
}
