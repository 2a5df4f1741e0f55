import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { Metrics } from "../ops/metrics.js";
import { type HealthCheck, type HealthReportProvider, opsRoutes } from "./ops-routes.js";

/** The Fastify instance every route module registers on: zod schemas validate requests and document them. */
export type CpwooServer = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/**
 * A plug-in route module (pricing API, webhook receiver, dashboard…). `register` adds routes and hooks; run inside
 * its own encapsulated context, so a module's hooks (e.g. API-key checks) do not leak to the others.
 */
export interface ServerModule {
  readonly name: string;
  /** OpenAPI tag and description. */
  readonly tag?: { name: string; description: string };
  register(app: CpwooServer): void | Promise<void>;
}

export interface BuildServerOptions {
  logger?: FastifyServerOptions["logger"];
  /** A logger of the process's own (the daemon's pino logger); wins over `logger`. */
  loggerInstance?: FastifyBaseLogger | undefined;
  metrics: Metrics;
  modules: readonly ServerModule[];
  /** Named checks reported by `GET /health` (e.g. `pricing` → cache loaded and its age). */
  health?: Readonly<Record<string, HealthCheck>>;
  /** The full health evaluation (orders, jobs, reachability) `GET /health` reports beside the named checks. */
  healthReport?: HealthReportProvider;
}

/** "body.items.0.qty" from a validation error's context and path. */
function fieldName(context: string | undefined, path: string): string {
  const dotted = path.replace(/^\//, "").replaceAll("/", ".");
  return [context ?? "request", dotted].filter((p) => p !== "").join(".");
}

/**
 * Builds the cpwoo HTTP server: zod validation (400 naming the field), OpenAPI at /docs, a rate-limit plugin that
 * routes opt into (`config.rateLimit`), /health and /metrics, request timing, then each module in its own context.
 */
export async function buildServer(options: BuildServerOptions): Promise<CpwooServer> {
  const app = Fastify(
    options.loggerInstance ? { loggerInstance: options.loggerInstance } : { logger: options.logger ?? false },
  ).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({
        field: fieldName(err.validationContext, v.instancePath),
        message: v.message ?? "invalid",
      }));
      const first = issues[0];
      return reply.code(400).send({
        error: "bad_request",
        message: first ? `${first.field}: ${first.message}` : "invalid request",
        issues,
      });
    }
    const e = err as { statusCode?: unknown; message?: unknown; error?: unknown };
    const status = typeof e.statusCode === "number" && e.statusCode >= 400 ? e.statusCode : 500;
    const message = typeof e.message === "string" ? e.message : "error";
    if (status >= 500) request.log.error({ err }, "request failed");
    return reply.code(status).send({
      // A thrown { error } (e.g. the rate limiter's "Rate limit exceeded") keeps its own error text.
      error: status >= 500 ? "internal_error" : typeof e.error === "string" ? e.error : "request_error",
      message,
    });
  });

  await app.register(swagger, {
    openapi: {
      info: { title: "cpwoo", description: "cpwoo's HTTP API", version: "1" },
      components: {
        securitySchemes: {
          apiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
          bearer: { type: "http", scheme: "bearer" },
        },
      },
      tags: options.modules.flatMap((m) => (m.tag ? [m.tag] : [])),
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  await app.register(rateLimit, { global: false });

  const { httpRequestSeconds } = options.metrics;
  app.addHook("onResponse", (request, reply, done) => {
    httpRequestSeconds.observe(
      { route: request.routeOptions.url ?? "unmatched", method: request.method, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });

  await app.register((scope, _opts, done) => {
    opsRoutes(scope, options.metrics, options.health ?? {}, options.healthReport);
    done();
  });
  for (const module of options.modules) {
    await app.register(async (scope) => {
      await module.register(scope);
    });
  }
  return app;
}
