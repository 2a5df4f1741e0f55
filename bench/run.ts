// `npm run bench -- <name> [more names]`: runs bench/<name>.ts; every figure is printed as one JSON line.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { BenchModule } from "./emit.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith(".ts") && !["run.ts", "emit.ts"].includes(f))
  .map((f) => f.slice(0, -3))
  .sort();

const requested = process.argv.slice(2).filter((a) => a !== "--");
if (requested.length === 0 || requested.some((name) => !available.includes(name))) {
  const unknown = requested.filter((name) => !available.includes(name));
  if (unknown.length > 0) process.stderr.write(`unknown benchmark(s): ${unknown.join(", ")}\n`);
  process.stderr.write(`usage: npm run bench -- <name>…  (available: ${available.join(", ")})\n`);
  process.exit(2);
}
for (const name of requested) {
  const mod = (await import(`./${name}.ts`)) as BenchModule;
  await mod.default();
}
