import { stableHash } from "../../store/stable-hash.js";

/**
 * Tier prices as one product/variation meta entry: `{"tier_1_customers":"12.50",…}` (role → price, keys sorted), the
 * value a tier-pricing plugin reads. WooCommerce cannot delete meta over REST, so "no tier prices" is the empty string.
 */
export function tierMeta(metaKey: string, tiers: Readonly<Record<string, string>>): { key: string; value: string } {
  const roles = Object.keys(tiers).sort();
  const value = roles.length === 0 ? "" : JSON.stringify(Object.fromEntries(roles.map((r) => [r, tiers[r]])));
  return { key: metaKey, value };
}

/** Hash kept in pushed_hashes (kind "tiers"). */
export function tierHash(meta: { key: string; value: string }): string {
  return stableHash(meta);
}
