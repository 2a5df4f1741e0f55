import { money } from "../../money/index.js";
import type { CounterpointDb } from "../connect.js";
import { engineOf, moneyText } from "../dialect.js";
import { DocumentSetupError } from "./document-errors.js";
import type { TaxAuthorityRate } from "./sale-item.js";

/**
 * The authorities of a tax code (AR_TAX_COD_AUTH, in SEQ_NO order), each with its rule's rate (SY_TAX_AUTH_RUL
 * TAX_PCT_1). An authority with several rules contributes its first (lowest RUL_SEQ_NO) [U: category-specific rules
 * are not applied]. An unknown code gives []; an authority without any rule is a setup error (its tax would be lost).
 */
export async function readTaxAuthorities(db: CounterpointDb, taxCode: string): Promise<TaxAuthorityRate[]> {
  const engine = engineOf(db);
  const rows = await db
    .selectFrom("AR_TAX_COD_AUTH as a")
    .leftJoin("SY_TAX_AUTH_RUL as r", "r.AUTH_COD", "a.AUTH_COD")
    .select(["a.AUTH_COD", "a.SEQ_NO", "r.RUL_COD", "r.RUL_SEQ_NO", moneyText(engine, "r.TAX_PCT_1", 3).as("PCT")])
    .where("a.TAX_COD", "=", taxCode)
    .orderBy("a.SEQ_NO")
    .orderBy("r.RUL_SEQ_NO")
    .execute();
  const out: TaxAuthorityRate[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    if (seen.has(r.AUTH_COD)) continue;
    seen.add(r.AUTH_COD);
    if (r.RUL_COD === null) {
      throw new DocumentSetupError(`tax authority ${r.AUTH_COD} of tax code ${taxCode} has no rule (SY_TAX_AUTH_RUL)`);
    }
    out.push({ authCod: r.AUTH_COD, rulCod: r.RUL_COD, pct: money(r.PCT ?? "0") });
  }
  return out;
}
