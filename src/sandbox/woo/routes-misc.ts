import type { RouteDef } from "./rest-app.js";

/** `/system_status`: the small part a connection check reads (versions, URLs, currency). */
export const miscRoutes: readonly RouteDef[] = [
  {
    method: "GET",
    path: "/system_status",
    permission: "read",
    handler: (rc) => ({
      status: 200,
      body: {
        environment: {
          home_url: rc.site.siteUrl,
          site_url: rc.site.siteUrl,
          store_id: "",
          version: rc.site.wcVersion,
          wp_version: rc.site.wpVersion,
          wp_multisite: false,
          language: "en_US",
          external_object_cache: null,
          server_info: "cpwoo WooCommerce sandbox",
          php_version: "8.2",
          default_timezone: "UTC",
        },
        settings: {
          api_enabled: true,
          force_ssl: false,
          currency: rc.site.currency,
          currency_symbol: rc.site.currencySymbolHtml,
          currency_position: "left",
          thousand_separator: ",",
          decimal_separator: ".",
          number_of_decimals: rc.site.priceDecimals,
          geolocation_enabled: false,
          taxonomies: {},
          product_visibility_terms: {},
          woocommerce_com_connected: "no",
          enforce_approved_download_dirs: true,
          order_datastore: "Automattic\\WooCommerce\\Internal\\DataStores\\Orders\\OrdersTableDataStore",
          HPOS_enabled: true,
          HPOS_sync_enabled: false,
        },
        active_plugins: [],
      },
    }),
  },
];
