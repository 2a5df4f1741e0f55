import {
  type CompiledQuery,
  type DatabaseConnection,
  DummyDriver,
  Kysely,
  MssqlAdapter,
  MssqlIntrospector,
  MssqlQueryCompiler,
  type QueryResult,
} from "kysely";
import { describe, expect, it } from "vitest";
import type { CounterpointDb } from "../../../src/counterpoint/connect.js";
import { deleteOpenDocument } from "../../../src/counterpoint/documents/delete-open-document.js";
import { listDocumentsByRefPrefix } from "../../../src/counterpoint/documents/list-documents-by-ref-prefix.js";
import { readDocument } from "../../../src/counterpoint/documents/read-document.js";
import { readSaleItems } from "../../../src/counterpoint/documents/read-sale-items.js";
import { readTaxAuthorities } from "../../../src/counterpoint/documents/read-tax-authorities.js";
import { DocumentNumberPool } from "../../../src/counterpoint/documents/number-pool.js";
import { writeDocument, writeDocuments } from "../../../src/counterpoint/documents/write-document.js";
import type { CounterpointDatabase } from "../../../src/counterpoint/schema/database.generated.js";
import { samplePlan } from "./sample-plan.js";

/** Rows a fake SQL Server answers, chosen by what the statement reads; everything else gets no rows. */
function answer(text: string): Record<string, unknown>[] {
  if (text.startsWith('select "PS_STR"."STR_NO"')) return [{ STR_NO: 1, STA_NO: 1 }];
  if (text.includes('from "PS_STR_CFG_PS" WITH (UPDLOCK, HOLDLOCK)')) {
    return [{ NXT_TKT_NO: "T101-000500", NXT_ORD_NO: "O101-000354" }];
  }
  if (text.includes('from "PS_DOC_HDR" WITH (UPDLOCK, HOLDLOCK)')) {
    const flags = { HAS_RLSD_LINS: "N", HAS_PCKD_LINS: "N", HAS_PCKVRFD_LINS: "N", HAS_INVCD_LINS: "N" };
    return [{ DOC_ID: "101132530150", TKT_NO: "W101-000001", DOC_TYP: "O", REF: "woo:1", STK_LOC_ID: "01", ...flags }];
  }
  if (text.includes('from "PS_DOC_LIN"') && text.includes("QTY_SHIPPED")) {
    return [
      {
        LIN_SEQ_NO: 1,
        LIN_TYP: "O",
        ITEM_TYP: "I",
        ITEM_NO: "PBO-HOOD",
        STK_LOC_ID: "01",
        IS_SINGLE_CELL: "Y",
        DIM_1_UPR: "M",
        DIM_2_UPR: "*",
        DIM_3_UPR: "*",
        QTY_SOLD: "1.0000",
        QTY_SHIPPED: "0.0000",
      },
    ];
  }
  return [];
}

/** A SQL Server Kysely that records the T-SQL it sends and answers from `answer` (compiling needs no server). */
function fakeMssql(): { db: CounterpointDb; sent: string[]; parameterCounts: number[] } {
  const sent: string[] = [];
  const parameterCounts: number[] = [];
  const connection: DatabaseConnection = {
    executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
      sent.push(q.sql);
      parameterCounts.push(q.parameters.length);
      return Promise.resolve({ rows: answer(q.sql) as R[], numAffectedRows: 0n });
    },
    streamQuery: () => {
      throw new Error("not streamed");
    },
  };
  class FakeDriver extends DummyDriver {
    override acquireConnection(): Promise<DatabaseConnection> {
      return Promise.resolve(connection);
    }
  }
  const db = new Kysely<CounterpointDatabase>({
    dialect: {
      createAdapter: () => new MssqlAdapter(),
      createDriver: () => new FakeDriver(),
      createIntrospector: (k) => new MssqlIntrospector(k),
      createQueryCompiler: () => new MssqlQueryCompiler(),
    },
  });
  return { db, sent, parameterCounts };
}

describe("document queries compiled for SQL Server", () => {
  it("lock the store's counters for the numbers, lock and guard the REF in the request that inserts, never LIMIT", async () => {
    const { db, sent, parameterCounts } = fakeMssql();
    await writeDocument(db, samplePlan(), { source: "native", prefix: "" });
    // Numbers first, in their own transaction under the counter lock; then the document's transaction, whose first
    // request locks its web reference (raising on a lock timeout), refuses if a document carries it, then inserts.
    const lock = sent.findIndex((t) =>
      /^select "NXT_TKT_NO", "NXT_ORD_NO" from "PS_STR_CFG_PS" WITH \(UPDLOCK, HOLDLOCK\)/.test(t),
    );
    const write = sent.findIndex((t) => t.startsWith("declare @cpwoo_lock int; exec @cpwoo_lock = sp_getapplock"));
    expect(lock).toBeGreaterThanOrEqual(0);
    expect(write).toBeGreaterThan(lock);
    const parts = (sent[write] ?? "").split(";\n");
    expect(parts[0]).toBe(
      "declare @cpwoo_lock int; exec @cpwoo_lock = sp_getapplock @Resource = @1, @LockMode = 'Exclusive', " +
        "@LockOwner = 'Transaction', @LockTimeout = 30000; " +
        "if @cpwoo_lock < 0 throw 51001, N'cpwoo: timed out waiting for a lock', 1",
    );
    expect(parts[1]).toBe(
      `if exists (select 1 from "PS_DOC_HDR" where "REF" = @2) throw 51000, ` +
        `N'cpwoo: a document already carries this web reference', 1`,
    );
    expect(parts[2]).toMatch(/^insert into "PS_DOC_HDR" \(/);
    expect(sent.some((t) => t.startsWith('update "PS_STR_CFG_PS" set "NXT_ORD_NO" = @1'))).toBe(true);
    // The stock goes with the rows: MERGE … WITH (HOLDLOCK) adds to QTY_ON_SO or creates the location's row.
    expect(
      sent.some((t) =>
        /merge "IM_INV" with \(holdlock\) as t using \(values \(@\d+, @\d+, CAST\(@\d+ AS decimal\(15, 4\)\)\)/.test(t),
      ),
    ).toBe(true);
    expect(sent.some((t) => t.includes('when matched then update set "QTY_ON_SO" = t."QTY_ON_SO" + s."QTY"'))).toBe(
      true,
    );
    // The document's rows go as batches of statements, each within SQL Server's 2,100 parameters, numbered on.
    const batches = sent.filter((t) => t.includes('insert into "PS_DOC_'));
    const statements = batches.flatMap((b) => b.split(";\n"));
    expect(statements.filter((t) => t.startsWith('insert into "PS_DOC_')).length).toBeGreaterThanOrEqual(10);
    expect(batches.length).toBeLessThan(statements.length);
    expect(statements.some((t) => t.startsWith('update "AR_CUST" set "NO_OF_ORDS" = "NO_OF_ORDS" + 1'))).toBe(true);
    for (const [i, text] of sent.entries()) {
      expect(parameterCounts[i]).toBeLessThanOrEqual(2000);
      const highest = Math.max(0, ...[...text.matchAll(/@(\d+)/g)].map((m) => Number(m[1])));
      expect(highest, text.slice(0, 80)).toBe(parameterCounts[i]);
    }

    await writeDocument(db, samplePlan(), { source: "prefix", prefix: "W" });
    expect(
      sent.some((t) => t.includes("LIKE @1 ESCAPE '!'") && t.includes("offset @2 rows fetch next @3 rows only")),
    ).toBe(true);
    await deleteOpenDocument(db, "101132530150");
    expect(sent.some((t) => t.startsWith('delete from "PS_DOC_HDR" where'))).toBe(true);
    await listDocumentsByRefPrefix(db, "woo:", 0, 50);
    await readDocument(db, "101132530150");
    await readSaleItems(db, ["PBO-HOOD"]);
    await readTaxAuthorities(db, "FL-Broward");
    for (const text of sent) expect(text.toLowerCase(), text).not.toMatch(/\blimit\b/);
    await db.destroy();
  });

  it("write a batch under every reference's lock, in key order, with one guard for all, within 2,100 parameters", async () => {
    const { db, sent, parameterCounts } = fakeMssql();
    const plans = ["woo:s:9", "woo:s:10", "woo:s:11"].map((ref) => samplePlan({ ref }));
    const numbers = new DocumentNumberPool(db);
    const outcomes = await writeDocuments(db, plans, { source: "native", prefix: "" }, { numbers });
    expect(outcomes.map((o) => o.ok && o.written.created)).toEqual([true, true, true]);
    const write = sent.findIndex((t) => t.startsWith("declare @cpwoo_lock int; exec @cpwoo_lock = sp_getapplock"));
    const parts = (sent[write] ?? "").split(";\n");
    expect(parts.slice(0, 3).every((p) => p.includes("sp_getapplock @Resource = @"))).toBe(true);
    expect(parts[3]).toBe(
      `if exists (select 1 from "PS_DOC_HDR" where "REF" in (@4, @5, @6)) throw 51000, ` +
        `N'cpwoo: a document already carries this web reference', 1`,
    );
    expect(parts[4]).toMatch(/^insert into "PS_DOC_HDR" \(/);
    // Three headers in one INSERT; the customer's count goes up by three in one UPDATE.
    expect((parts[4] ?? "").split("), (").length).toBe(3);
    const statements = sent.flatMap((b) => b.split(";\n"));
    const counts = statements.filter((t) => t.startsWith('update "AR_CUST" set "NO_OF_ORDS"'));
    expect(counts).toHaveLength(1);
    expect(counts[0]).toMatch(/^update "AR_CUST" set "NO_OF_ORDS" = "NO_OF_ORDS" \+ 3 where "CUST_NO" = @\d+$/);
    for (const count of parameterCounts) expect(count).toBeLessThanOrEqual(2000);
    await db.destroy();
  });
});
