import { z } from "zod";

/** Counterpoint quantity columns a stock formula may add or subtract (IM_INV and IM_INV_CELL both have them). */
export const stockQuantityColumns = [
  "QTY_ON_HND",
  "QTY_COMMIT",
  "QTY_ON_SO",
  "QTY_ON_PO",
  "QTY_ON_BO",
  "QTY_ON_ORD",
  "QTY_ON_LWY",
  "QTY_ON_XFER_IN",
  "QTY_ON_XFER_OUT",
] as const;
export type StockQuantityColumn = (typeof stockQuantityColumns)[number];

/** The IM_PRC (or IM_ITEM) column the web's regular price comes from. */
export const priceLevels = ["REG_PRC", "PRC_1", "PRC_2", "PRC_3", "PRC_4", "PRC_5", "PRC_6"] as const;
export type PriceLevel = (typeof priceLevels)[number];

/** Product fields cpwoo may overwrite on existing web products. The rest are written on create only. */
export const updatableProductFields = [
  "name",
  "description",
  "short_description",
  "categories",
  "images",
  "weight",
  "tax",
  "status",
] as const;
export type UpdatableProductField = (typeof updatableProductFields)[number];

const nonNegativeQty = z.number().int().min(0);

/** Settings of the catalog, inventory and price flows (`catalog` in cpwoo.config.json). Every key has a default. */
export const catalogSettingsSchema = z
  .strictObject({
    /**
     * Between ITEM_NO and each used grid dimension (DIM_n_UPR, `*` skipped) in a variation's SKU: with "-",
     * PBO-HOOD cell (M,*,*) is PBO-HOOD-M (the demo store and the recorded web store use this form).
     */
    skuSeparator: z.string().min(1).max(3).default("-"),
    /** Status of products cpwoo creates on the web. */
    newProductStatus: z.enum(["draft", "publish"]).default("draft"),
    /** What happens on the web to an item no longer for sale (inactive, or no longer an e-commerce item). */
    retiredItems: z.enum(["outofstock", "draft"]).default("outofstock"),
    /** Fields overwritten on existing products; by default the merchant's curation on the web is left alone. */
    updateFields: z.array(z.enum(updatableProductFields)).default(["weight", "tax"]),
    /** Image URL for IM_ITEM.ECOMM_IMG_FILE: `{file}` is replaced (URL-encoded). Null: no images are sent. */
    imageUrlPattern: z
      .string()
      .refine((s) => s.includes("{file}"), "must contain {file}")
      .nullable()
      .default(null),
    /** WooCommerce tax class per IM_ITEM.TAX_CATEG_COD; unlisted codes use the standard class (""). */
    taxClasses: z.record(z.string(), z.string()).default({}),
    stock: z
      .strictObject({
        /** Available = Σ over settings.counterpoint.stockLocations of (Σ add − Σ subtract), each location ≥ 0. */
        add: z.array(z.enum(stockQuantityColumns)).min(1).default(["QTY_ON_HND"]),
        subtract: z.array(z.enum(stockQuantityColumns)).default(["QTY_COMMIT", "QTY_ON_SO"]),
        /** Held back from the web: per ITEM_NO first, then per CATEG_COD, else the default. */
        safetyBuffer: z
          .strictObject({
            default: nonNegativeQty.default(0),
            byItem: z.record(z.string(), nonNegativeQty).default({}),
            byCategory: z.record(z.string(), nonNegativeQty).default({}),
          })
          .prefault({}),
        backorders: z.enum(["no", "notify", "yes"]).default("no"),
      })
      .prefault({}),
    prices: z
      .strictObject({
        /** IM_PRC column of the regular price (at settings.counterpoint.priceLocation; IM_ITEM as a fallback). */
        level: z.enum(priceLevels).default("PRC_1"),
        /** Decimals of the store's prices. */
        decimals: z.number().int().min(0).max(4).default(2),
        /** Sale prices from promotional groups (GRP_TYP P) open now or starting within this many days; 0: no sales. */
        saleHorizonDays: z.number().int().min(0).max(366).default(30),
        /**
         * `cpwoo`: without a promotion, only a sale cpwoo itself set is cleared (a merchant's web-only sale stays).
         * `counterpoint`: Counterpoint owns sales; any web sale without a promotion is cleared.
         */
        saleOwner: z.enum(["cpwoo", "counterpoint"]).default("cpwoo"),
        /** Per-tier prices (customers.push.roles) as JSON product/variation meta for a tier-pricing plugin. */
        tierPrices: z
          .strictObject({
            enabled: z.boolean().default(true),
            metaKey: z.string().min(1).default("_cpwoo_tier_prices"),
          })
          .prefault({}),
      })
      .prefault({}),
    /** Items read from Counterpoint and pushed per step (memory stays bounded by this). */
    pageSize: z.number().int().min(10).max(10_000).default(1000),
    /** Overlap when reading changes since the last cursor, for same-second writes and clock steps. */
    cursorOverlapSeconds: z.number().int().min(0).max(86_400).default(5),
    /** More unmapped SKUs than this in one step: list the web catalog instead of asking by SKU. */
    listCatalogAbove: z.number().int().min(0).default(2000),
  })
  .prefault({});

export type CatalogSettings = z.output<typeof catalogSettingsSchema>;
