import type { Updateable } from "kysely";
import type { CustomersSettings } from "../../config/index.js";
import { fit } from "../../counterpoint/fit.js";
import type { CpCustomer } from "../../counterpoint/customers/customer-queries.js";
import type { ArCustTable } from "../../counterpoint/schema/database.generated.js";
import type { CleanCustomer } from "./clean-customer.js";

export interface CustomerChanges {
  patch: Updateable<ArCustTable>;
  /** AR_CUST columns that change, for the report. */
  fields: string[];
}

const blank = (v: string | null | undefined) => v === null || v === undefined || v.trim() === "";

/**
 * What a web customer's current data changes on the Counterpoint customer it is linked to, by the settings rule:
 * `fill-empty` (the default: Counterpoint is the master, the web fills only empty fields; the address moves as one
 * block, only when Counterpoint has none), `web-wins` (web values replace differing ones), `never`. Pure.
 */
export function customerChanges(
  existing: CpCustomer,
  clean: CleanCustomer,
  rule: CustomersSettings["updates"],
): CustomerChanges {
  const patch: Record<string, string | null> = {};
  if (rule === "never") return { patch: {}, fields: [] };
  const set = (column: Extract<keyof CpCustomer, keyof ArCustTable>, value: string, current: string | null) => {
    if (value === "") return;
    const fitted = fit("AR_CUST", column, value).value;
    const wanted = rule === "web-wins" ? fitted !== (current ?? "") : blank(current);
    if (wanted) patch[column] = fitted;
  };
  set("EMAIL_ADRS_1", clean.email, existing.EMAIL_ADRS_1);
  set("PHONE_1", clean.address.phone, existing.PHONE_1);
  set("FST_NAM", clean.first, existing.FST_NAM);
  set("LST_NAM", clean.last, existing.LST_NAM);
  if (patch.FST_NAM !== undefined) patch.FST_NAM_UPR = fit("AR_CUST", "FST_NAM_UPR", clean.first.toUpperCase()).value;
  if (patch.LST_NAM !== undefined) patch.LST_NAM_UPR = fit("AR_CUST", "LST_NAM_UPR", clean.last.toUpperCase()).value;
  const a = clean.address;
  const webAddress = [a.lines[0] ?? "", a.lines[1] ?? "", a.lines[2] ?? "", a.city, a.state, a.zip, a.country];
  const cpAddress = [
    existing.ADRS_1,
    existing.ADRS_2,
    existing.ADRS_3,
    existing.CITY,
    existing.STATE,
    existing.ZIP_COD,
    existing.CNTRY,
  ].map((v) => v ?? "");
  const hasWebAddress = webAddress[0] !== "";
  const moveAddress =
    hasWebAddress && (rule === "web-wins" ? webAddress.join("|") !== cpAddress.join("|") : blank(existing.ADRS_1));
  if (moveAddress) {
    const columns = ["ADRS_1", "ADRS_2", "ADRS_3", "CITY", "STATE", "ZIP_COD", "CNTRY"] as const;
    columns.forEach((column, i) => {
      const v = webAddress[i] ?? "";
      patch[column] = v === "" ? null : fit("AR_CUST", column, v).value;
    });
  }
  return { patch, fields: Object.keys(patch).filter((k) => !k.endsWith("_UPR")) };
}
