import { sql } from "kysely";
import type { CounterpointDb } from "../connect.js";
import { engineOf, moneyText, pageRows } from "../dialect.js";
import type { CatalogItemRow } from "./catalog-item-row.js";
import { chunks, maintText } from "./maint-text.js";

function baseQuery(db: CounterpointDb) {
  const engine = engineOf(db);
  // HTML_DESCR is a legacy text column; SQL Server cannot compare or group it, so it is only selected.
  return db
    .selectFrom("IM_ITEM as i")
    .leftJoin("EC_ITEM_DESCR as d", "d.ITEM_NO", "i.ITEM_NO")
    .select([
      "i.ITEM_NO",
      "i.DESCR",
      "i.LONG_DESCR",
      "i.SHORT_DESCR",
      "i.STAT",
      "i.IS_ECOMM_ITEM",
      "i.TRK_METH",
      "i.CATEG_COD",
      "i.IS_TXBL",
      "i.TAX_CATEG_COD",
      "i.ECOMM_IMG_FILE",
      "i.URL",
      "i.GRID_DIM_1_TAG",
      "i.GRID_DIM_2_TAG",
      "i.GRID_DIM_3_TAG",
      "i.LST_MAINT_DT",
      engine === "mssql"
        ? sql<string | null>`CAST(${sql.ref("d.HTML_DESCR")} AS nvarchar(max))`.as("HTML_DESCR")
        : sql<string | null>`${sql.ref("d.HTML_DESCR")}`.as("HTML_DESCR"),
      moneyText(engine, "i.WEIGHT", 4).as("WEIGHT"),
      moneyText(engine, "i.PRC_1", 4).as("PRC_1"),
      moneyText(engine, "i.REG_PRC", 4).as("REG_PRC"),
    ]);
}

type RawItem = Awaited<ReturnType<ReturnType<typeof baseQuery>["execute"]>>[number];

function toRow(r: RawItem): CatalogItemRow {
  return {
    itemNo: r.ITEM_NO,
    descr: r.DESCR,
    longDescr: r.LONG_DESCR,
    shortDescr: r.SHORT_DESCR,
    htmlDescr: r.HTML_DESCR,
    stat: r.STAT,
    isEcomm: r.IS_ECOMM_ITEM === "Y",
    gridded: r.TRK_METH === "G",
    categCod: r.CATEG_COD,
    weight: r.WEIGHT,
    taxable: r.IS_TXBL !== "N",
    taxCategCod: r.TAX_CATEG_COD,
    imageFile: r.ECOMM_IMG_FILE,
    url: r.URL,
    dimTags: [r.GRID_DIM_1_TAG, r.GRID_DIM_2_TAG, r.GRID_DIM_3_TAG],
    prc1: r.PRC_1,
    regPrc: r.REG_PRC,
    lstMaintDt: maintText(r.LST_MAINT_DT),
  };
}

/** The items with these numbers (any status; absent numbers are simply missing), ordered by ITEM_NO. */
export async function readCatalogItems(db: CounterpointDb, itemNos: readonly string[]): Promise<CatalogItemRow[]> {
  const rows: CatalogItemRow[] = [];
  for (const part of chunks([...new Set(itemNos)])) {
    const found = await baseQuery(db).where("i.ITEM_NO", "in", part).orderBy("i.ITEM_NO").execute();
    rows.push(...found.map(toRow));
  }
  return rows.sort((a, b) => (a.itemNo < b.itemNo ? -1 : a.itemNo > b.itemNo ? 1 : 0));
}

/**
 * A page of items (any status, e-commerce or not: the flow needs to see items that left the web) after `afterItemNo`
 * in ITEM_NO order. Keyset paging stays correct while items are added.
 */
export async function readCatalogItemPage(
  db: CounterpointDb,
  afterItemNo: string | null,
  size: number,
): Promise<CatalogItemRow[]> {
  const engine = engineOf(db);
  let query = baseQuery(db).orderBy("i.ITEM_NO");
  if (afterItemNo !== null) query = query.where("i.ITEM_NO", ">", afterItemNo);
  const rows = await pageRows(engine, query, 0, size).execute();
  return rows.map(toRow);
}

/** How many items a full pass will read (for progress display). */
export async function countCatalogItems(db: CounterpointDb): Promise<number> {
  const row = await db
    .selectFrom("IM_ITEM")
    .select((eb) => eb.fn.countAll().as("N"))
    .executeTakeFirst();
  return Number(row?.N ?? 0);
}
