/** Width of EMAIL_ADRS_1. */
export const EMAIL_WIDTH = 50;

export type EmailCheck = { ok: true; email: string } | { ok: false; reason: string };

// Pragmatic: one @, a local part of the usual characters, a domain of labels and a letter TLD of 2+.
const shape =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/;

/**
 * Trims and lower-cases an e-mail and checks it. An e-mail is never shortened: one longer than the column (50) or
 * with characters outside ASCII (Counterpoint's varchar cannot hold them faithfully) is refused with a reason.
 */
export function checkEmail(raw: string | null | undefined): EmailCheck {
  const email = (raw ?? "").trim().toLowerCase();
  if (email === "") return { ok: false, reason: "e-mail is empty" };
  if (/[^\x21-\x7e]/.test(email)) return { ok: false, reason: `e-mail "${email}" has characters other than ASCII` };
  if (!shape.test(email)) return { ok: false, reason: `e-mail "${email}" is not a valid address` };
  if (email.length > EMAIL_WIDTH) {
    return { ok: false, reason: `e-mail "${email}" is longer than ${EMAIL_WIDTH} characters (EMAIL_ADRS_1)` };
  }
  return { ok: true, email };
}

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1);
}
