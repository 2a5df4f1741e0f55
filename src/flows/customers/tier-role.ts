import type { CustomersSettings } from "../../config/index.js";

/** The WordPress role for a Counterpoint tier code (PROF_COD_1 by default); unknown or empty → the default role. */
export function roleForTier(code: string | null | undefined, push: CustomersSettings["push"]): string {
  const key = (code ?? "").trim().toUpperCase();
  for (const [tier, role] of Object.entries(push.roles)) if (tier.toUpperCase() === key) return role;
  return push.defaultRole;
}

/** The tier code of a WordPress role (the reverse map), or null for the default role and unknown roles. */
export function tierForRole(role: string, push: CustomersSettings["push"]): string | null {
  if (role === push.defaultRole) return null;
  for (const [tier, r] of Object.entries(push.roles)) if (r === role) return tier;
  return null;
}
