import { evaluateHealth, type HealthFacts, type HealthReport, type HealthThresholds } from "./health.js";
import { gatherHealthFacts, type HealthPorts } from "./health-facts.js";

/** Gathers the facts and judges them: what `cpwoo health`, `GET /health` and the alerts use. */
export async function checkHealth(
  ports: HealthPorts,
  thresholds: HealthThresholds,
): Promise<{ report: HealthReport; facts: HealthFacts }> {
  const facts = await gatherHealthFacts({ probeTimeoutMs: thresholds.probeTimeoutMs, ...ports });
  return { report: evaluateHealth(facts, thresholds), facts };
}
