import type { Transaction } from "kysely";
import { engineOf, pageRows } from "../dialect.js";
import { DOC_NO_WIDTH, nextDocNumber } from "../numbering.js";
import type { CounterpointDatabase } from "../schema/database.generated.js";
import { DocumentSetupError } from "./document-errors.js";
import type { DocumentPlan } from "./document-plan.js";
import { likePrefix } from "./like-prefix.js";

type Trx = Transaction<CounterpointDatabase>;

/** Where TKT_NO comes from: Counterpoint's own store counter, or cpwoo's prefix + station + 6 digits. */
export interface DocumentNumbering {
  source: "native" | "prefix";
  prefix: string;
}

/** The store's counters as read under the PS_STR_CFG_PS lock. */
export interface StoreCounters {
  NXT_TKT_NO: string | null;
  NXT_ORD_NO: string | null;
}

const CANDIDATES = 20;
const MAX_SKIPPED = 2000;

/** Which of these numbers a document already carries, open (PS_DOC_HDR) or posted (PS_TKT_HIST). */
async function usedNumbers(trx: Trx, numbers: readonly string[]): Promise<Set<string>> {
  const rows = await trx
    .selectFrom("PS_DOC_HDR")
    .select("TKT_NO")
    .where("TKT_NO", "in", numbers)
    .union(trx.selectFrom("PS_TKT_HIST").select("TKT_NO").where("TKT_NO", "in", numbers))
    .execute();
  return new Set(rows.map((r) => r.TKT_NO));
}

/**
 * Native: `count` numbers from the store's NXT_ORD_NO / NXT_TKT_NO on, skipping numbers Counterpoint already used;
 * the counter moves past the last one taken.
 */
export async function nativeTicketNumbers(
  trx: Trx,
  plan: Pick<DocumentPlan, "kind" | "storeId">,
  counters: StoreCounters,
  count: number,
): Promise<string[]> {
  const column = plan.kind === "order" ? "NXT_ORD_NO" : "NXT_TKT_NO";
  const start = counters[column]?.trim() ?? "";
  if (start === "") {
    throw new DocumentSetupError(
      `PS_STR_CFG_PS.${column} of store ${plan.storeId} is empty: set Counterpoint's counter`,
    );
  }
  const free: string[] = [];
  let next = start;
  let skipped = 0;
  while (free.length < count) {
    if (skipped >= MAX_SKIPPED) {
      throw new DocumentSetupError(`no free ${column} within ${MAX_SKIPPED} numbers after ${start}`);
    }
    const candidates: string[] = [];
    for (let i = 0; i < Math.max(CANDIDATES, count - free.length); i++) {
      candidates.push(next);
      next = nextDocNumber(next);
    }
    const used = await usedNumbers(trx, candidates);
    for (const c of candidates) {
      if (free.length === count) break;
      if (used.has(c)) skipped++;
      else free.push(c);
    }
  }
  for (const n of free) {
    if (n.length > DOC_NO_WIDTH) throw new DocumentSetupError(`${column} ${n} is longer than 15 characters`);
  }
  await trx
    .updateTable("PS_STR_CFG_PS")
    .set({ [column]: nextDocNumber(free[free.length - 1] as string) })
    .where("STR_ID", "=", plan.storeId)
    .execute();
  return free;
}

/** The highest 6-digit number after `base` among open and posted documents (0 when none). */
async function highestWithBase(trx: Trx, base: string): Promise<number> {
  const engine = engineOf(trx);
  const pattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\-]/g, "\\$&")}(\\d{6})$`);
  let highest = 0;
  for (const table of ["PS_DOC_HDR", "PS_TKT_HIST"] as const) {
    // Newest first (same length, so text order is number order); a non-digit tail such as W101-00A001 is passed over.
    for (let offset = 0; ; offset += 100) {
      const q = trx
        .selectFrom(table)
        .select("TKT_NO")
        .where(likePrefix("TKT_NO", base, "______"))
        .orderBy("TKT_NO", "desc");
      const page = await pageRows(engine, q, offset, 100).execute();
      const hit = page.map((r) => pattern.exec(r.TKT_NO)?.[1]).find((d) => d !== undefined);
      if (hit !== undefined) {
        highest = Math.max(highest, Number(hit));
        break;
      }
      if (page.length < 100) break;
    }
  }
  return highest;
}

/** Prefix: prefix + STA_ID + "-" + 6 digits, after the highest such number (safe: taken under the store lock). */
async function prefixNumber(
  trx: Trx,
  plan: Pick<DocumentPlan, "kind" | "storeId" | "stationId">,
  prefix: string,
): Promise<string> {
  const base = `${prefix}${plan.stationId}-`;
  if (base.length + 6 > DOC_NO_WIDTH) {
    throw new DocumentSetupError(`TKT_NO "${base}000001" would be longer than 15 characters: shorten the prefix`);
  }
  const next = (await highestWithBase(trx, base)) + 1;
  if (next > 999_999) throw new DocumentSetupError(`ticket numbers ${base}… are used up (999999 reached)`);
  return `${base}${String(next).padStart(6, "0")}`;
}

/**
 * The TKT_NO of a new document, taken inside the writer's transaction after PS_STR_CFG_PS is locked: every cpwoo
 * writer of the store waits on that lock, so no two take the same number (no unguarded MAX+1, B7).
 */
export async function takeTicketNumber(
  trx: Trx,
  plan: Pick<DocumentPlan, "kind" | "storeId" | "stationId">,
  numbering: DocumentNumbering,
  counters: StoreCounters,
): Promise<string> {
  if (numbering.source === "prefix") return prefixNumber(trx, plan, numbering.prefix);
  const [number] = await nativeTicketNumbers(trx, plan, counters, 1);
  return number as string;
}
