/** One IM_ITEM row as the catalog flow reads it (money and quantities as exact decimal text). */
export interface CatalogItemRow {
  itemNo: string;
  descr: string;
  longDescr: string | null;
  shortDescr: string | null;
  /** EC_ITEM_DESCR.HTML_DESCR, the web description. */
  htmlDescr: string | null;
  stat: string;
  isEcomm: boolean;
  /** TRK_METH 'G'. */
  gridded: boolean;
  categCod: string | null;
  weight: string | null;
  taxable: boolean;
  taxCategCod: string | null;
  imageFile: string | null;
  url: string | null;
  /** GRID_DIM_1_TAG..3: the dimension names, null when unused. */
  dimTags: [string | null, string | null, string | null];
  /** IM_ITEM.PRC_1 and REG_PRC (item-level copies; IM_PRC wins when it has a row). */
  prc1: string | null;
  regPrc: string | null;
  lstMaintDt: string | null;
}
