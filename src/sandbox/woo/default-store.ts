import type { TaxRateRecord } from "./records.js";
import { RECORDED_STORE_TAX_RATES } from "./tax-rates.js";
import { emptyAddress } from "./write-helpers.js";
import type { WooStore } from "./woo-store.js";

/**
 * What a fresh sandbox holds besides fixtures: the API key and its owner (user 1, the shop admin), the recorded
 * store's tax rates, the `sunny10` coupon (10 % off, as in the recording) and the default "Uncategorized" category.
 */
export interface DefaultsOptions {
  consumerKey: string;
  consumerSecret: string;
  permissions: "read" | "write" | "read_write";
  now: number;
}

/** Tax rates go in before fixtures so that rates guessed from recorded orders never replace real ones. */
export function seedTaxRates(store: WooStore, rates: readonly TaxRateRecord[] = RECORDED_STORE_TAX_RATES): void {
  if (store.taxRates.length > 0) return;
  for (const rate of rates) store.putTaxRate(structuredClone(rate));
}

/** Fills in what fixtures did not bring. */
export function seedDefaults(store: WooStore, opts: DefaultsOptions): void {
  store.apiKeys = [
    { consumerKey: opts.consumerKey, consumerSecret: opts.consumerSecret, userId: 1, permissions: opts.permissions },
  ];
  if (!store.customers.has(1)) {
    store.putCustomer({
      id: 1,
      dateCreated: opts.now,
      dateModified: opts.now,
      email: "admin@example.com",
      firstName: "",
      lastName: "",
      role: "administrator",
      username: "admin",
      displayName: "admin",
      billing: emptyAddress(true),
      shipping: emptyAddress(false),
      isPayingCustomer: false,
      metaData: [],
    });
  }
  if (store.couponByCode("sunny10") === undefined) {
    store.putCoupon({
      id: store.nextId("post"),
      code: "sunny10",
      discountType: "percent",
      amount: "10",
      freeShipping: false,
    });
  }
  if (![...store.categories.values()].some((c) => c.slug === "uncategorized")) {
    store.putCategory({
      id: store.nextId("term"),
      name: "Uncategorized",
      slug: "uncategorized",
      parent: 0,
      description: "",
      display: "default",
      image: null,
      menuOrder: 0,
    });
  }
}
