import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { catalogCursorName, resumeMarks } from "../../../src/flows/catalog/run-cursor.js";
import { setCursor } from "../../../src/store/cursors.js";
import { testEngines } from "../../helpers/databases.js";
import { type MigratedStore, openMigratedStore } from "../../store/open-migrated-store.js";

const STOCK_TABLES = ["IM_ITEM", "IM_INV", "IM_INV_CELL"];
const marks = (item: string, inv: string | null, cell: string) => ({ IM_ITEM: item, IM_INV: inv, IM_INV_CELL: cell });

describe.each(testEngines)("where a catalog delta run resumes, on %s", (engine) => {
  let ctx: MigratedStore;
  beforeEach(async () => {
    ctx = await openMigratedStore(engine);
  });
  afterEach(async () => {
    await ctx.dispose();
  });

  const put = (name: string, value: object) => setCursor(ctx.store.db, name, JSON.stringify(value));
  const resume = () => resumeMarks(ctx.store.db, "s1", ["stock"], STOCK_TABLES);

  it("nowhere without a cursor of its own or of a part set including its parts", async () => {
    await put(catalogCursorName("s1", ["price"]), { IM_ITEM: "2026-01-05T00:00:00.000", IM_PRC: null });
    await put(
      catalogCursorName("s2", ["stock", "price"]),
      marks("2026-01-05T00:00:00.000", null, "2026-01-05T00:00:00.000"),
    );
    await put("catalog:s1:stock+bogus", marks("2026-01-05T00:00:00.000", null, "2026-01-05T00:00:00.000"));
    expect(await resume()).toBeUndefined();
  });

  it("from the latest mark per table of the wider part sets, and from its own cursor once it has one", async () => {
    await put(catalogCursorName("s1", ["product", "stock", "price"]), {
      ...marks("2026-01-05T00:00:00.000", null, "2026-01-02T00:00:00.000"),
      IM_PRC: "2026-01-01T00:00:00.000",
    });
    await put(catalogCursorName("s1", ["stock", "price"]), {
      ...marks("2026-01-03T00:00:00.000", "2026-01-04T00:00:00.000", "2026-01-01T00:00:00.000"),
      IM_PRC: null,
    });
    // A cursor lacking one of our tables cannot vouch for it.
    await put(catalogCursorName("s1", ["stock", "product"]), { IM_ITEM: "2026-02-01T00:00:00.000" });
    expect(await resume()).toEqual(
      marks("2026-01-05T00:00:00.000", "2026-01-04T00:00:00.000", "2026-01-02T00:00:00.000"),
    );

    const own = marks("2025-12-01T00:00:00.000", null, "2025-12-01T00:00:00.000");
    await put(catalogCursorName("s1", ["stock"]), own);
    expect(await resume()).toEqual(own);
  });
});
