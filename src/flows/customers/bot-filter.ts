import { type CustomersSettings, defaultDisposableDomains } from "../../config/index.js";
import { emailDomain } from "./clean-email.js";
import type { WebCustomerSource } from "./web-customer-source.js";

/** Why a registration looks like a bot: a stable code and a sentence an operator can check. */
export interface BotReason {
  /** `invalid_data`: the record cannot be stored as it is (e.g. no usable e-mail); held so nothing is lost. */
  code: "disposable_domain" | "empty_profile" | "random_local_part" | "suspicious_name" | "invalid_data";
  detail: string;
}

function domainMatches(domain: string, listed: string): boolean {
  const l = listed.toLowerCase();
  return domain === l || domain.endsWith(`.${l}`);
}

/**
 * The reasons a web customer should be quarantined instead of created, empty when none. Explainable on purpose:
 * every reason names the rule and the value that tripped it. Guests (they paid for an order) and allow-listed
 * e-mails are never flagged; the predecessor's aggressive rules (username equals e-mail, recent with no orders)
 * are deliberately absent because real customers tripped them.
 */
export function botReasons(source: WebCustomerSource, email: string, settings: CustomersSettings): BotReason[] {
  const rules = settings.bots;
  if (!rules.enabled || source.wooId === null) return [];
  if (rules.allowEmails.some((e) => e.trim().toLowerCase() === email)) return [];
  const reasons: BotReason[] = [];
  const domain = emailDomain(email);
  const listed = [...defaultDisposableDomains, ...rules.extraDisposableDomains].find((d) => domainMatches(domain, d));
  if (listed !== undefined) {
    reasons.push({ code: "disposable_domain", detail: `e-mail domain ${domain} is a disposable-mail domain` });
  }
  const b = source.billing;
  const s = source.shipping;
  const hasName = [source.firstName, source.lastName, b.first_name, b.last_name].some((v) => v.trim() !== "");
  const hasPhone = [b.phone ?? "", s.phone ?? ""].some((v) => /\d/.test(v));
  const hasCompany = [b.company, s.company].some((v) => v.trim() !== "");
  const hasAddress = [b.address_1, s.address_1].some((v) => v.trim() !== "");
  if (rules.emptyProfile && !hasName && !hasPhone && !hasCompany && !hasAddress && (source.orderCount ?? 0) === 0) {
    reasons.push({ code: "empty_profile", detail: "no name, phone, company, address or order" });
  }
  const local = email.slice(0, email.indexOf("@"));
  const letters = (local.match(/[a-z]/g) ?? []).length;
  if (rules.randomLocalPart && local.length > 20 && letters < local.length / 2) {
    reasons.push({ code: "random_local_part", detail: `e-mail local part "${local}" looks generated` });
  }
  if (rules.suspiciousName) {
    for (const [field, value] of [
      ["first_name", source.firstName || b.first_name],
      ["last_name", source.lastName || b.last_name],
    ] as const) {
      if (/https?:|www\.|\.(com|ru|xyz|top|site)\b/i.test(value)) {
        reasons.push({ code: "suspicious_name", detail: `${field} "${value}" contains a web address` });
      } else {
        const digits = (value.match(/\d/g) ?? []).length;
        const nameLetters = (value.match(/\p{L}/gu) ?? []).length;
        if (digits > 0 && digits >= nameLetters) {
          reasons.push({ code: "suspicious_name", detail: `${field} "${value}" has more digits than letters` });
        }
      }
    }
  }
  return reasons;
}
