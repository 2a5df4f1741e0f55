import type { CustomersSettings } from "../../config/index.js";
import {
  contractGroupsOf,
  type CpCustomer,
  ecommerceCustomersAfter,
} from "../../counterpoint/customers/customer-queries.js";
import { findWooId, mapId, recordPushedHashes, selectChangedValues, stableHash } from "../../store/index.js";
import type { Customer, CustomerCreate, CustomerUpdate, WooClient } from "../../woocommerce/index.js";
import { checkEmail } from "./clean-email.js";
import type { CustomerPorts } from "./import-web-customer.js";
import { roleForTier } from "./tier-role.js";

/** The fields cpwoo sends for a Counterpoint customer: never a password or a username. */
export type WebCustomerPayload = Required<
  Pick<CustomerUpdate, "email" | "first_name" | "last_name" | "billing" | "meta_data">
>;

function webCountry(cntry: string | null): string {
  const c = (cntry ?? "").trim().toUpperCase();
  if (c === "USA" || c === "UNITED STATES") return "US";
  return /^[A-Z]{2}$/.test(c) ? c : "";
}

/**
 * What a Counterpoint e-commerce customer looks like on the web: names, billing address and phone, and user meta for
 * the pricing plugin: the CUST_NO, the contract price group and the tier role (wc/v3 does not let a client set
 * `role`, so a WordPress hook applies the meta). Returns null without a valid e-mail: WooCommerce needs one, and a
 * placeholder address would mail a stranger. Pure.
 */
export function webCustomerPayload(
  c: CpCustomer,
  priceGroup: string | null,
  push: CustomersSettings["push"],
): WebCustomerPayload | null {
  const email = checkEmail(c.EMAIL_ADRS_1);
  if (!email.ok) return null;
  const tierValue = c[push.roleColumn];
  return {
    email: email.email,
    first_name: c.FST_NAM ?? "",
    last_name: c.LST_NAM ?? "",
    billing: {
      first_name: c.FST_NAM ?? "",
      last_name: c.LST_NAM ?? "",
      company: c.CUST_NAM_TYP === "B" ? c.NAM : "",
      address_1: c.ADRS_1 ?? "",
      address_2: [c.ADRS_2, c.ADRS_3].filter((v) => v !== null && v.trim() !== "").join(", "),
      city: c.CITY ?? "",
      state: c.STATE ?? "",
      postcode: c.ZIP_COD ?? "",
      country: webCountry(c.CNTRY),
      email: email.email,
      phone: c.PHONE_1 ?? "",
    },
    meta_data: [
      { key: push.custNoMetaKey, value: c.CUST_NO },
      { key: push.priceGroupMetaKey, value: priceGroup ?? "" },
      { key: push.roleMetaKey, value: roleForTier(tierValue, push) },
    ],
  };
}

export interface OutboundSummary {
  seen: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: { custNo: string; reason: string }[];
  failed: { custNo: string; reason: string }[];
}

interface Pending {
  custNo: string;
  payload: WebCustomerPayload;
  hash: string;
  wooId: number | null;
}

/**
 * Pushes Counterpoint e-commerce customers (IS_ECOMM_CUST = 'Y') to WooCommerce: creates those not on the web, updates
 * the ones that are (found by id map, else by e-mail, else by the CUST_NO meta), in batches of 100, skipping customers
 * whose payload hash has not changed since the last push. Updates never carry a password or username.
 */
export async function pushCustomersOut(
  woo: WooClient,
  ports: CustomerPorts,
  options: { dryRun?: boolean } = {},
): Promise<OutboundSummary> {
  const push = ports.settings.customers.push;
  const summary: OutboundSummary = { seen: 0, created: 0, updated: 0, unchanged: 0, skipped: [], failed: [] };
  const byEmail = new Map<string, Customer>();
  const byCustNo = new Map<string, Customer>();
  const byId = new Map<number, Customer>();
  for await (const page of woo.customers.pages({ role: "all" })) {
    for (const c of page.items) {
      byId.set(c.id, c);
      byEmail.set(c.email.toLowerCase(), c);
      const meta = c.meta_data.find((m) => m.key === push.custNoMetaKey);
      if (typeof meta?.value === "string" && meta.value !== "") byCustNo.set(meta.value, c);
    }
  }

  let after: string | null = null;
  for (;;) {
    const rows = await ecommerceCustomersAfter(ports.cp, after, 500);
    if (rows.length === 0) break;
    after = rows.at(-1)?.CUST_NO ?? null;
    const groups = await contractGroupsOf(
      ports.cp,
      rows.map((r) => r.CUST_NO),
    );
    const pending: Pending[] = [];
    for (const row of rows) {
      summary.seen++;
      const payload = webCustomerPayload(row, groups.get(row.CUST_NO) ?? null, push);
      if (payload === null) {
        summary.skipped.push({ custNo: row.CUST_NO, reason: `no valid e-mail (${row.EMAIL_ADRS_1 ?? "empty"})` });
        continue;
      }
      const mapped = await findWooId(ports.state, ports.storeId, "customer", row.CUST_NO);
      const web =
        (mapped !== undefined ? byId.get(mapped) : undefined) ??
        byEmail.get(payload.email) ??
        byCustNo.get(row.CUST_NO);
      pending.push({ custNo: row.CUST_NO, payload, hash: stableHash(payload), wooId: web?.id ?? null });
    }
    const changed = new Set(
      (
        await selectChangedValues(
          ports.state,
          pending.map((p) => ({ storeId: ports.storeId, kind: "customer", key: p.custNo, hash: p.hash })),
        )
      ).map((v) => v.key),
    );
    const creates = pending.filter((p) => p.wooId === null);
    const updates = pending.filter((p) => p.wooId !== null && changed.has(p.custNo));
    summary.unchanged += pending.length - creates.length - updates.length;
    if (options.dryRun) {
      summary.created += creates.length;
      summary.updated += updates.length;
      continue;
    }
    for (let i = 0; i < Math.max(creates.length, updates.length); i += 50) {
      const c = creates.slice(i, i + 50);
      const u = updates.slice(i, i + 50);
      const result = await woo.customers.batch({
        create: c.map((p): CustomerCreate => ({ ...p.payload })),
        update: u.map((p) => ({ ...p.payload, id: p.wooId ?? 0 })),
      });
      const done: { storeId: string; kind: string; key: string; hash: string }[] = [];
      for (const r of result.create) {
        const p = c[r.index];
        if (p === undefined) continue;
        if (!r.ok) {
          summary.failed.push({ custNo: p.custNo, reason: `${r.error.code}: ${r.error.message}` });
          continue;
        }
        summary.created++;
        await mapId(ports.state, { storeId: ports.storeId, kind: "customer", wooId: r.id, cpKey: p.custNo });
        done.push({ storeId: ports.storeId, kind: "customer", key: p.custNo, hash: p.hash });
      }
      for (const r of result.update) {
        const p = u[r.index];
        if (p === undefined) continue;
        if (!r.ok) {
          summary.failed.push({ custNo: p.custNo, reason: `${r.error.code}: ${r.error.message}` });
          continue;
        }
        summary.updated++;
        done.push({ storeId: ports.storeId, kind: "customer", key: p.custNo, hash: p.hash });
      }
      await recordPushedHashes(ports.state, done);
    }
    // Customers found on the web but not yet mapped get their link now (one-to-one; conflicts reported).
    for (const p of pending) {
      if (p.wooId === null) continue;
      const known = await findWooId(ports.state, ports.storeId, "customer", p.custNo);
      if (known !== undefined) continue;
      try {
        await mapId(ports.state, { storeId: ports.storeId, kind: "customer", wooId: p.wooId, cpKey: p.custNo });
      } catch (err) {
        summary.failed.push({ custNo: p.custNo, reason: (err as Error).message });
      }
    }
  }
  return summary;
}
