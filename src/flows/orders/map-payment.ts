import type { OrdersSettings } from "../../config/index.js";
import type { DocumentPayment } from "../../counterpoint/documents/document-plan.js";
import type { Money } from "../../money/index.js";
import type { MappingWarnings } from "./mapping-warnings.js";
import { type Fields, readText } from "./order-fields.js";
import { parseWooLocalDate } from "./wall-clock.js";

/**
 * The web payment as one PS_DOC_PMT of the order's total, when the order is paid (`date_paid` set, or a status the
 * settings call paid) and the total is not zero. The pay code comes from `payments.byMethod[payment_method]`, else
 * the fallback (with a warning when the method is not mapped); DESCR is the mapped text, else the web's title.
 */
export function mapPayment(
  order: Fields,
  total: Money,
  settings: OrdersSettings,
  warnings: MappingWarnings,
): DocumentPayment[] {
  const paidAt = parseWooLocalDate(order.date_paid);
  const status = readText(order.status, "status");
  const paid = paidAt !== null || (settings.paidStatuses as readonly string[]).includes(status);
  if (!paid || total.isZero()) return [];
  const method = readText(order.payment_method, "payment_method");
  const title = readText(order.payment_method_title, "payment_method_title");
  const mapped = settings.payments.byMethod[method];
  if (mapped === undefined && method !== "") {
    warnings.add(
      "payment_method",
      `"${method.slice(0, 40)}" is not mapped: pay code ${settings.payments.fallback.payCode}`,
    );
  }
  const code = mapped ?? settings.payments.fallback;
  const descrRaw = code.descr ?? (title.trim() !== "" ? title : method !== "" ? method : code.payCode);
  return [
    {
      payCode: warnings.fit("PS_DOC_PMT", "PAY_COD", code.payCode, "payment_method"),
      payCodeType: warnings.fit("PS_DOC_PMT", "PAY_COD_TYP", code.payCodeType, "payment_method"),
      amount: total,
      descr: warnings.text("PS_DOC_PMT", "DESCR", descrRaw, "payment_method_title"),
      paidAt,
    },
  ];
}
