import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  MssqlAdapter,
  MssqlIntrospector,
  MssqlQueryCompiler,
  type QueryResult,
} from "kysely";
import { describe, expect, it } from "vitest";
import {
  readCatalogItemPage,
  readCatalogItems,
  readChangedItemNos,
  readGridDimensions,
  readItemEcCategories,
  readMaintenanceMarks,
  readPriceRows,
  readStockRows,
  readTableChanges,
} from "../../../src/counterpoint/catalog/index.js";
import type { CounterpointDb } from "../../../src/counterpoint/connect.js";

/** A SQL Server Kysely whose driver records the compiled T-SQL and answers with no rows (no server needed). */
function recordingMssql(): { db: CounterpointDb; sql: string[] } {
  const sql: string[] = [];
  const connection: DatabaseConnection = {
    executeQuery: <R>(q: CompiledQuery): Promise<QueryResult<R>> => {
      sql.push(q.sql);
      return Promise.resolve({ rows: [] });
    },
    streamQuery: () => {
      throw new Error("not used");
    },
  };
  const driver: Driver = {
    init: () => Promise.resolve(),
    acquireConnection: () => Promise.resolve(connection),
    beginTransaction: () => Promise.resolve(),
    commitTransaction: () => Promise.resolve(),
    rollbackTransaction: () => Promise.resolve(),
    releaseConnection: () => Promise.resolve(),
    destroy: () => Promise.resolve(),
  };
  const db = new Kysely({
    dialect: {
      createAdapter: () => new MssqlAdapter(),
      createDriver: () => driver,
      createIntrospector: (k) => new MssqlIntrospector(k),
      createQueryCompiler: () => new MssqlQueryCompiler(),
    },
  }) as unknown as CounterpointDb;
  return { db, sql };
}

describe("catalog queries compiled for SQL Server", () => {
  it("page with OFFSET/FETCH, read money and quantities as text, and never use LIMIT", async () => {
    const { db, sql } = recordingMssql();
    await readCatalogItemPage(db, "A-1", 1000);
    await readCatalogItems(db, ["A-1", "B-2"]);
    await readMaintenanceMarks(db, ["IM_ITEM", "IM_INV"]);
    await readChangedItemNos(db, ["IM_PRC"], "2026-01-01T00:00:00.000");
    await readTableChanges(db, "IM_INV_CELL", "2026-01-01T00:00:00.000");
    await readGridDimensions(db, ["A-1"]);
    await readStockRows(db, ["A-1"], ["01"], ["QTY_ON_HND", "QTY_COMMIT"]);
    await readPriceRows(db, ["A-1"], "*", "PRC_1");
    await readItemEcCategories(db, ["A-1"]);
    const all = sql.join("\n");
    expect(all.toLowerCase()).not.toMatch(/\blimit\b/);
    expect(sql[0]).toMatch(/order by "i"\."ITEM_NO" offset @\d+ rows fetch next @\d+ rows only$/);
    expect(sql[0]).toContain('CAST("d"."HTML_DESCR" AS nvarchar(max))');
    expect(sql[0]).toContain('CONVERT(varchar(50), CONVERT(decimal(38, 4), "i"."PRC_1"))');
    expect(all).toContain('CONVERT(varchar(50), CONVERT(decimal(38, 4), "IM_INV"."QTY_COMMIT"))');
    expect(all).toContain('CONVERT(varchar(50), CONVERT(decimal(38, 4), "IM_INV_CELL"."QTY_ON_HND"))');
    expect(all).toContain('CONVERT(varchar(50), CONVERT(decimal(38, 4), "IM_PRC"."PRC_1"))');
    expect(all).toContain('select max("LST_MAINT_DT")');
    expect(all).toContain(
      'select "ITEM_NO", max("LST_MAINT_DT") as "MARK" from "IM_INV_CELL" where "LST_MAINT_DT" >= @1 group by "ITEM_NO"',
    );
  });

  it("refuses a price level that is not a price column", async () => {
    const { db } = recordingMssql();
    await expect(readPriceRows(db, ["A"], "*", "LST_COST")).rejects.toThrow(/LST_COST/);
  });
});
