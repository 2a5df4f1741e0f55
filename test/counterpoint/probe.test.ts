import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import type { CounterpointDb } from "../../src/counterpoint/connect.js";
import { probeCounterpointSchema, requiredCounterpointSchema } from "../../src/counterpoint/probe.js";
import { createReplicaSchemaAt } from "../../src/sandbox/replica/create-replica-schema.js";
import { freshDatabase, type TestDatabase, testEngines } from "../helpers/databases.js";

describe("required schema", () => {
  it("includes the NOT NULL columns without defaults of tables cpwoo writes", () => {
    const lin = requiredCounterpointSchema.find((r) => r.table === "PS_DOC_LIN");
    expect(lin?.writes).toBe(true);
    expect(lin?.columns).toEqual(
      expect.arrayContaining(["LIN_GUID", "GROSS_EXT_PRC", "CALC_EXT_PRC", "TKT_NO", "STR_ID"]),
    );
    const tot = requiredCounterpointSchema.find((r) => r.table === "PS_DOC_HDR_TOT");
    expect(tot?.columns).toEqual(
      expect.arrayContaining(["INITIAL_MIN_DUE", "TOT_WEIGHT", "TOT_CUBE", "TAX_AMT_SHIPPED"]),
    );
  });
});

describe.each(testEngines)("schema probe on %s", (engine) => {
  let database: TestDatabase | undefined;
  let db: CounterpointDb | undefined;
  afterEach(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it("finds nothing missing in the replica", async () => {
    database = await freshDatabase(engine);
    db = await createReplicaSchemaAt(database.url);
    const result = await probeCounterpointSchema(db);
    expect(result).toEqual({
      engine,
      ok: true,
      missingTables: [],
      missingColumns: [],
      unknownRequiredColumns: [],
      narrowerColumns: [],
    });
  });

  it("reports missing tables and columns, unknown NOT NULL columns and narrower columns", async () => {
    database = await freshDatabase(engine);
    db = await createReplicaSchemaAt(database.url);
    await sql`DROP TABLE "PS_DOC_NOTE"`.execute(db);
    await sql`CREATE TABLE "PS_DOC_NOTE" ("DOC_ID" bigint NOT NULL, "NOTE_SEQ_NO" integer NOT NULL,
      "NOTE_ID" varchar(5), "NOTE" varchar(50), "USR_NOTE_SRC" varchar(3) NOT NULL)`.execute(db);
    await sql`DROP TABLE "PS_TKT_HIST_LIN"`.execute(db);
    const result = await probeCounterpointSchema(db);
    expect(result.ok).toBe(false);
    expect(result.missingTables).toEqual(["PS_TKT_HIST_LIN"]);
    expect(result.missingColumns).toEqual(["PS_DOC_NOTE.NOTE_TXT"]);
    expect(result.unknownRequiredColumns).toEqual(["PS_DOC_NOTE.USR_NOTE_SRC"]);
    expect(result.narrowerColumns).toEqual([{ column: "PS_DOC_NOTE.NOTE_ID", database: 5, definition: 10 }]);
  });
});
