/**
 * The key of a WooCommerce store in cpwoo's state (id maps, quarantine): its URL without scheme, query or trailing
 * slash, lower-cased (`shop.example.com/wp`), so http/https and a trailing slash name the same store.
 */
export function storeKeyOf(wooUrl: string | undefined): string {
  if (wooUrl === undefined || wooUrl.trim() === "") return "default";
  try {
    const u = new URL(wooUrl);
    return `${u.host}${u.pathname.replace(/\/+$/, "")}`.toLowerCase();
  } catch {
    return wooUrl.trim().toLowerCase();
  }
}
