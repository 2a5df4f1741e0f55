// Runs the whole vitest suite, then prints one plain closing line ("tests: N passed, N failed, N skipped") that any
// CI can read, and exits with vitest's own exit code.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

mkdirSync(".cpwoo-tmp", { recursive: true });
const report = ".cpwoo-tmp/vitest-report.json";
rmSync(report, { force: true });
const run = spawnSync(
  "vitest",
  ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: "inherit" },
);
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests?: number;
    numTodoTests?: number;
    numTotalTests: number;
  };
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  process.stdout.write(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped\n`);
  if (r.numTotalTests === 0) {
    process.stderr.write("no test ran\n");
    process.exit(1);
  }
} else {
  process.stdout.write("\ntests: 0 passed, 1 failed\n");
}
process.exit(run.status ?? 1);
