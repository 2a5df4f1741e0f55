import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CounterpointDb, connectCounterpoint } from "../../../src/counterpoint/connect.js";
import { DocumentNumberPool } from "../../../src/counterpoint/documents/number-pool.js";
import { writeDocument, writeDocuments } from "../../../src/counterpoint/documents/write-document.js";
import { money } from "../../../src/money/index.js";
import { freshDatabase, type TestDatabase, testEngines } from "../../helpers/databases.js";
import { demoReplica, qtyOnSo } from "./replica.js";
import { samplePlan } from "./sample-plan.js";

const WRITERS = 4;
const EACH = 25;
const DUPLICATES = ["dup:1", "dup:2", "dup:3"];

// Four independent pools write at once; only PostgreSQL has real row locks among the replica engines (SQLite has
// one writer at a time, which the sequential tests already cover).
describe.runIf(testEngines.includes("postgres"))("concurrent document writers on PostgreSQL", () => {
  let database: TestDatabase;
  let db: CounterpointDb;
  beforeEach(async () => {
    database = await freshDatabase("postgres");
    db = await demoReplica(database);
  });
  afterEach(async () => {
    await db.destroy();
    await database.drop();
  });

  it("never share a DOC_ID or TKT_NO, write each ref once and allocate every quantity once", async () => {
    const tee = money((await qtyOnSo(db, "PBO-TEE-PELICAN", "01")) ?? "0");
    const writers = Array.from({ length: WRITERS }, () => connectCounterpoint(database.url));
    try {
      // Each writer writes its own refs and, at the start, every duplicate ref: all four race for each of those.
      const results = await Promise.all(
        writers.map(async (w, k) => {
          const out: { ref: string; docId: string; created: boolean }[] = [];
          for (let i = 0; i < EACH; i++) {
            const numbering =
              i % 2 === 0 ? ({ source: "native", prefix: "" } as const) : ({ source: "prefix", prefix: "W" } as const);
            const refs = [`w${k}:${i}`, ...(i === 0 ? DUPLICATES : [])];
            for (const ref of refs) out.push({ ref, ...(await writeDocument(w, samplePlan({ ref }), numbering)) });
          }
          return out;
        }),
      );
      const calls = results.flat();
      const docs = await db
        .selectFrom("PS_DOC_HDR")
        .select(["DOC_ID", "TKT_NO", "REF"])
        .where("REF", "is not", null)
        .execute();
      expect(docs).toHaveLength(WRITERS * EACH + DUPLICATES.length);
      expect(calls.filter((c) => c.created)).toHaveLength(docs.length);
      expect(new Set(docs.map((d) => String(d.DOC_ID))).size).toBe(docs.length);
      expect(new Set(docs.map((d) => d.TKT_NO)).size).toBe(docs.length);
      // Exactly one document per ref, and every call for a ref answered with that document.
      const byRef = new Map(docs.map((d) => [d.REF, String(d.DOC_ID)]));
      expect(byRef.size).toBe(docs.length);
      for (const c of calls) expect(byRef.get(c.ref), c.ref).toBe(c.docId);
      for (const d of DUPLICATES) expect(calls.filter((c) => c.ref === d && c.created)).toHaveLength(1);
      expect(await qtyOnSo(db, "PBO-TEE-PELICAN", "01")).toBe(tee.plus(2 * docs.length).toFixed(4));
    } finally {
      await Promise.all(writers.map((w) => w.destroy()));
    }
  });

  it("writing batches at once (the same items, customer and duplicate refs in each): every ref once, stock once", async () => {
    const tee = money((await qtyOnSo(db, "PBO-TEE-PELICAN", "01")) ?? "0");
    const orders = await db.selectFrom("AR_CUST").select("NO_OF_ORDS").where("CUST_NO", "=", "2306").executeTakeFirst();
    const writers = Array.from({ length: WRITERS }, () => connectCounterpoint(database.url));
    const BATCHES = 5;
    const PER_BATCH = 5;
    try {
      const results = await Promise.all(
        writers.map(async (w, k) => {
          const numbers = new DocumentNumberPool(w);
          const out: { ref: string; docId: string; created: boolean }[] = [];
          for (let b = 0; b < BATCHES; b++) {
            const refs = [
              ...Array.from({ length: PER_BATCH }, (_, i) => `w${k}:${b}:${i}`),
              ...(b === 0 ? DUPLICATES : []),
            ];
            const outcomes = await writeDocuments(
              w,
              refs.map((ref) => samplePlan({ ref })),
              { source: "native", prefix: "" },
              { numbers, expected: numbers.expect(refs.length) },
            );
            outcomes.forEach((o, i) => {
              if (!o.ok) throw o.error;
              out.push({ ref: refs[i] ?? "", ...o.written });
            });
          }
          return out;
        }),
      );
      const calls = results.flat();
      const docs = await db
        .selectFrom("PS_DOC_HDR")
        .select(["DOC_ID", "TKT_NO", "REF"])
        .where("REF", "is not", null)
        .execute();
      expect(docs).toHaveLength(WRITERS * BATCHES * PER_BATCH + DUPLICATES.length);
      expect(calls.filter((c) => c.created)).toHaveLength(docs.length);
      expect(new Set(docs.map((d) => d.TKT_NO)).size).toBe(docs.length);
      const byRef = new Map(docs.map((d) => [d.REF, String(d.DOC_ID)]));
      expect(byRef.size).toBe(docs.length);
      for (const c of calls) expect(byRef.get(c.ref), c.ref).toBe(c.docId);
      expect(await qtyOnSo(db, "PBO-TEE-PELICAN", "01")).toBe(tee.plus(2 * docs.length).toFixed(4));
      const after = await db
        .selectFrom("AR_CUST")
        .select("NO_OF_ORDS")
        .where("CUST_NO", "=", "2306")
        .executeTakeFirst();
      expect(Number(after?.NO_OF_ORDS)).toBe(Number(orders?.NO_OF_ORDS) + docs.length);
    } finally {
      await Promise.all(writers.map((w) => w.destroy()));
    }
  });
});
