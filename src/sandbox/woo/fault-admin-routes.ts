import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { FaultControl, FaultRule } from "./fault-injection.js";

/**
 * `/__sandbox/faults`, so that another process (the benchmark, a CLI) can make the sandbox misbehave. Outside
 * `/wp-json`, so it is no part of the WooCommerce surface, and never faulted itself.
 *
 * - `POST /__sandbox/faults` with one rule or `{ "rules": [...] }` → `201 {"ids": [...]}`. A rule is JSON: `path` is a
 *   prefix, or `pathPattern` a RegExp source; the other fields are those of `FaultRule`.
 * - `GET /__sandbox/faults` → `{"faults": stats}`; `DELETE /__sandbox/faults` clears; `DELETE /__sandbox/faults/:id`.
 */

const common = {
  method: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  path: z.string().startsWith("/").optional(),
  pathPattern: z.string().min(1).optional(),
  phase: z.enum(["before", "after"]).optional(),
  times: z.int().positive().optional(),
  every: z.int().positive().optional(),
  probability: z.number().min(0).max(1).optional(),
  seed: z.string().optional(),
};

const ruleSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    ...common,
    kind: z.literal("status"),
    status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(504)]),
    retryAfterSeconds: z.number().nonnegative().optional(),
    body: z.string().optional(),
    contentType: z.string().optional(),
  }),
  z.strictObject({ ...common, kind: z.literal("delay"), ms: z.int().nonnegative() }),
  z.strictObject({ ...common, kind: z.literal("reset") }),
  z.strictObject({ ...common, kind: z.literal("hang") }),
]);

const bodySchema = z.union([z.strictObject({ rules: z.array(ruleSchema) }), ruleSchema]);

type RuleJson = z.output<typeof ruleSchema>;

/** A JSON rule as a `FaultRule` (drops absent fields: exact optional properties). */
export function faultRuleFromJson(json: RuleJson): FaultRule {
  const { pathPattern, path, ...rest } = json;
  const rule = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Omit<FaultRule, "path">;
  return { ...rule, path: pathPattern !== undefined ? new RegExp(pathPattern) : (path ?? "/") } as FaultRule;
}

export function faultAdminRoutes(app: FastifyInstance, faults: FaultControl): void {
  const badRequest = (message: string) => ({ code: "sandbox_invalid_fault", message });

  app.post("/__sandbox/faults", async (request, reply) => {
    let json: unknown;
    try {
      json = JSON.parse(typeof request.body === "string" ? request.body : "");
    } catch {
      return reply.code(400).send(badRequest("the body must be JSON"));
    }
    const parsed = bodySchema.safeParse(json);
    if (!parsed.success) return reply.code(400).send(badRequest(z.prettifyError(parsed.error)));
    const rules = "rules" in parsed.data ? parsed.data.rules : [parsed.data];
    try {
      const built = rules.map(faultRuleFromJson);
      return reply.code(201).send({ ids: built.map((r) => faults.add(r)) });
    } catch (e) {
      return reply.code(400).send(badRequest(e instanceof Error ? e.message : String(e)));
    }
  });
  app.get("/__sandbox/faults", (_request, reply) => reply.send({ faults: faults.stats() }));
  app.delete("/__sandbox/faults", (_request, reply) => {
    const count = faults.stats().length;
    faults.clear();
    return reply.send({ cleared: count });
  });
  app.delete("/__sandbox/faults/:id", async (request, reply) => {
    const id = Number((request.params as { id: string }).id);
    return faults.remove(id) ? { removed: id } : reply.code(404).send(badRequest(`no fault ${id}`));
  });
}
