import type { Settings } from "../../config/index.js";

/**
 * The key the catalog's id maps, pushed hashes and cursors are stored under: the web store's host and path, so two
 * stores sharing one state database never mix.
 */
export function catalogStoreId(woo: Settings["woo"]): string {
  if (!woo.url) return "default";
  const url = new URL(woo.url);
  return `${url.host}${url.pathname.replace(/\/+$/, "")}`;
}
