import { type CompiledQuery, sql } from "kysely";
import { afterAll, describe, expect, it } from "vitest";
import { connectCounterpoint } from "../../../src/counterpoint/connect.js";
import { documentRows, documentTables } from "../../../src/counterpoint/documents/document-rows.js";
import { insertRowsStatements } from "../../../src/counterpoint/documents/insert-rows.js";
import { inlinePostgresLiterals } from "../../../src/counterpoint/statement-batch.js";
import { samplePlan } from "./sample-plan.js";

// Compiling needs no server: the three dialects' connections are never opened.
const engines = {
  mssql: connectCounterpoint("mssql://cpwoo:secret@cp-server.invalid/WOODYS_CP"),
  postgres: connectCounterpoint("postgres://cpwoo@pg-server.invalid/cp"),
  sqlite: connectCounterpoint("sqlite::memory:"),
};
afterAll(() => Promise.all(Object.values(engines).map((db) => db.destroy())));

const compiled = (s: { compile(): CompiledQuery } | CompiledQuery) => ("compile" in s ? s.compile() : s);

describe("a document's INSERTs", () => {
  const lines = Array.from({ length: 30 }, (_, i) => ({ itemNo: `ITEM-${i}`, qty: "2", price: "10.00" }));
  const rows = documentRows(
    samplePlan({ lines }),
    { docId: "103398648481", tktNo: "101-000004", docGuid: "G", now: new Date("2026-01-05T10:00:00Z") },
    () => "L",
  );

  it.each(Object.keys(engines) as (keyof typeof engines)[])(
    "are on %s what Kysely compiles from the same rows, to the character and parameter",
    (engine) => {
      const db = engines[engine];
      let statements = 0;
      for (const table of documentTables) {
        const statementsOfTable = insertRowsStatements(db, table, rows[table]);
        // Written directly, not left to Kysely (the comparison below would then compare Kysely with itself).
        expect(statementsOfTable.every((s) => "sql" in s)).toBe(true);
        const written = statementsOfTable.map(compiled);
        const size = Math.max(1, Math.min(1000, Math.floor(2000 / Object.keys(rows[table][0] ?? { a: 1 }).length)));
        const kysely = [];
        for (let i = 0; i < rows[table].length; i += size) {
          kysely.push(
            db
              .insertInto(table)
              .values(rows[table].slice(i, i + size))
              .compile(),
          );
        }
        // PostgreSQL's are written with their values as literals, as the request that sends them would inline them.
        const expected =
          engine === "postgres"
            ? kysely.map((q) => [inlinePostgresLiterals(q), []])
            : kysely.map((q) => [q.sql, q.parameters]);
        expect(written.map((q) => [q.sql, q.parameters])).toEqual(expected);
        statements += written.length;
      }
      expect(statements).toBeGreaterThanOrEqual(documentTables.length - 2);
    },
  );

  // pg's escapeLiteral writes a backslash's literal as \` E'…'\`, with a space before it.
  it("writes PostgreSQL literals quoted as pg quotes them, and leaves values that are not plain to placeholders", () => {
    const db = engines.postgres;
    const [text] = insertRowsStatements(db, "PS_DOC_NOTE", [
      { DOC_ID: "1", NOTE_ID: "O'Brien \\ co", NOTE: null },
      { DOC_ID: 2, NOTE_ID: "plain", NOTE: "x" },
    ] as never).map(compiled);
    expect(text?.sql).toBe(
      `insert into "PS_DOC_NOTE" ("DOC_ID", "NOTE_ID", "NOTE") values ('1',  E'O''Brien \\\\ co', NULL), ('2', 'plain', 'x')`,
    );
    expect(text?.parameters).toEqual([]);
    const at = new Date("2026-01-05T10:00:00Z");
    const [dated] = insertRowsStatements(db, "PS_DOC_NOTE", [{ DOC_ID: "1", NOTE_ID: "A", NOTE_DAT: at }] as never).map(
      compiled,
    );
    expect(dated?.sql).toBe(`insert into "PS_DOC_NOTE" ("DOC_ID", "NOTE_ID", "NOTE_DAT") values ($1, $2, $3)`);
    expect(dated?.parameters).toEqual(["1", "A", at]);
  });

  it("leaves rows that differ in their columns, or hold expressions, to Kysely", () => {
    const db = engines.postgres;
    const uneven = insertRowsStatements(db, "PS_DOC_NOTE", [
      { DOC_ID: "1", NOTE_ID: "A", NOTE: "x" },
      { DOC_ID: "1", NOTE_ID: "B" },
    ] as never);
    expect(uneven.every((s) => "compile" in s && typeof s.compile === "function" && !("sql" in s))).toBe(true);
    const expression = insertRowsStatements(db, "PS_DOC_NOTE", [
      { DOC_ID: "1", NOTE_ID: "A", NOTE: sql`'x'` },
    ] as never);
    expect(compiled(expression[0] as CompiledQuery).sql).toContain(`values ($1, $2, 'x')`);
  });
});
