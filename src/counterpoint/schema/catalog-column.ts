/**
 * One column as catalog.json records it: name, Counterpoint UDT, SQL type text (`varchar(40)`, `decimal(15,4)`…),
 * NOT NULL, the default-constraint text as SQL Server stores it (`('N')`, `((0))`, `(getutcdate())`), and for a
 * computed column its T-SQL formula.
 */
export type CatalogColumn = readonly [
  name: string,
  udt: string | null,
  type: string,
  notNull: boolean,
  defaultText: string | null,
  computedTsql?: string,
];

/** The catalog tables cpwoo reads or writes (the rest of catalog.json stays out of the definition). */
export const catalogTableNames = [
  "AR_CUST",
  "AR_SHIP_ADRS",
  "AR_TAX_COD",
  "AR_TAX_COD_AUTH",
  "SY_TAX_AUTH",
  "SY_TAX_AUTH_RUL",
  "IM_ITEM",
  "IM_INV",
  "IM_INV_CELL",
  "IM_PRC",
  "IM_BARCOD",
  "IM_GRID_DIM_1",
  "IM_GRID_DIM_2",
  "IM_GRID_DIM_3",
  "IM_LOC",
  "IM_CATEG_COD",
  "IM_SUBCAT_COD",
  "PS_STR",
  "PS_STA",
  "PS_STR_CFG_PS",
  "PS_DRW",
  "PS_DOC_HDR",
  "PS_DOC_LIN",
  "PS_DOC_LIN_CELL",
  "PS_DOC_LIN_PRICE",
  "PS_DOC_HDR_TOT",
  "PS_DOC_HDR_MISC_CHRG",
  "PS_DOC_TAX",
  "PS_DOC_PMT",
  "PS_DOC_CONTACT",
  "PS_DOC_HDR_DOC_STAT",
  "PS_DOC_AUDIT_LOG",
] as const;

export type CatalogTableName = (typeof catalogTableNames)[number];
