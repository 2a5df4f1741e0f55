// Fixed facts of the demo store "Pelican Bay Outfitters" (a Florida coastal outfitter, like the recorded WooCommerce
// store). Everything random is drawn from these lists by demo-store-rows.ts.

export const STORE = {
  id: "01",
  no: 1,
  name: "Pelican Bay Outfitters",
  address: "1200 Seabreeze Blvd",
  city: "Fort Lauderdale",
  state: "FL",
  zip: "33316",
  phone: "954-555-0100",
  email: "store@pelicanbay.example.com",
} as const;

/** Stations: 101 takes web orders (cpwoo's default station), 102 is the front counter. STA_NO feeds DOC_IDs. */
export const STATIONS = [
  { id: "101", no: 1, name: "Web orders" },
  { id: "102", no: 2, name: "Front counter" },
] as const;

export const DRAWER_ID = "1";
/** The user native documents carry (USR_ID / SLS_REP). */
export const NATIVE_USER = "MGR";

export const LOCATIONS = [
  { id: "01", name: "Main store" },
  { id: "02", name: "Warehouse" },
  { id: "03", name: "Dockside kiosk" },
] as const;

/** Prices live at LOC_ID '*' (location-independent), as at Woody's and in NCR's demo. */
export const PRICE_LOC = "*";

export interface TaxCodeSpec {
  code: string;
  /** County authority code (SY_TAX_AUTH.AUTH_COD), null for the exempt code. */
  county: string | null;
  countyName: string;
  surtax: string;
}

/** Florida state sales tax, charged by every county code. */
export const STATE_AUTHORITY = { code: "FL", name: "Florida Department of Revenue", pct: "6.000" } as const;
export const EXEMPT_AUTHORITY = { code: "EXEMPT", name: "Tax exempt", pct: "0.000" } as const;

/**
 * County codes in CP's import form: `FL-` + the first 7 characters of the county, mixed case — including the
 * trailing space of `FL-Indian ` (SCHEMA.md §6) — with the county discretionary surtax.
 */
export const TAX_CODES: readonly TaxCodeSpec[] = [
  { code: "FL-Broward", county: "BROWARD", countyName: "Broward County", surtax: "1.000" },
  { code: "FL-Miami-D", county: "MIAMI-DADE", countyName: "Miami-Dade County", surtax: "1.000" },
  { code: "FL-Palm Be", county: "PALM BEACH", countyName: "Palm Beach County", surtax: "1.000" },
  { code: "FL-Hillsbo", county: "HILLSBORO", countyName: "Hillsborough County", surtax: "1.500" },
  { code: "FL-Orange", county: "ORANGE", countyName: "Orange County", surtax: "0.500" },
  { code: "FL-Pinella", county: "PINELLAS", countyName: "Pinellas County", surtax: "1.000" },
  { code: "FL-Duval", county: "DUVAL", countyName: "Duval County", surtax: "1.500" },
  { code: "FL-Saint J", county: "ST JOHNS", countyName: "St. Johns County", surtax: "0.500" },
  { code: "FL-Monroe", county: "MONROE", countyName: "Monroe County", surtax: "1.500" },
  { code: "FL-Indian ", county: "INDIAN RIV", countyName: "Indian River County", surtax: "1.000" },
  { code: "FL-Alachua", county: "ALACHUA", countyName: "Alachua County", surtax: "1.500" },
  { code: "CUS-EXEMPT", county: null, countyName: "Customer tax exempt", surtax: "0.000" },
];

export const CITIES: readonly { city: string; zip: string; taxCode: string; phone: string }[] = [
  { city: "Fort Lauderdale", zip: "33301", taxCode: "FL-Broward", phone: "954" },
  { city: "Hollywood", zip: "33020", taxCode: "FL-Broward", phone: "954" },
  { city: "Miami", zip: "33135", taxCode: "FL-Miami-D", phone: "305" },
  { city: "Miami Beach", zip: "33139", taxCode: "FL-Miami-D", phone: "305" },
  { city: "West Palm Beach", zip: "33401", taxCode: "FL-Palm Be", phone: "561" },
  { city: "Boca Raton", zip: "33432", taxCode: "FL-Palm Be", phone: "561" },
  { city: "Tampa", zip: "33602", taxCode: "FL-Hillsbo", phone: "813" },
  { city: "Orlando", zip: "32801", taxCode: "FL-Orange", phone: "407" },
  { city: "St. Petersburg", zip: "33701", taxCode: "FL-Pinella", phone: "727" },
  { city: "Clearwater", zip: "33755", taxCode: "FL-Pinella", phone: "727" },
  { city: "Jacksonville", zip: "32258", taxCode: "FL-Duval", phone: "904" },
  { city: "St. Augustine", zip: "32080", taxCode: "FL-Saint J", phone: "904" },
  { city: "Key West", zip: "33040", taxCode: "FL-Monroe", phone: "305" },
  { city: "Vero Beach", zip: "32960", taxCode: "FL-Indian ", phone: "772" },
  { city: "Gainesville", zip: "32601", taxCode: "FL-Alachua", phone: "352" },
];

export interface SubcategorySpec {
  code: string;
  name: string;
  /** EC_CATEG the items of this sub-category are linked to. */
  ecCategory: string;
  nouns: readonly string[];
  prices: readonly [number, number];
  /** Items of this sub-category may be gridded: the dimension values offered. */
  grid?: { tag: string; values: readonly string[] };
}

export interface CategorySpec {
  code: string;
  name: string;
  prefix: string;
  subcategories: readonly SubcategorySpec[];
}

const APPAREL_SIZES = { tag: "Size", values: ["S", "M", "L", "XL", "XXL"] } as const;

export const CATEGORIES: readonly CategorySpec[] = [
  {
    code: "APPAREL",
    name: "Apparel",
    prefix: "AP",
    subcategories: [
      {
        code: "TEES",
        name: "T-shirts",
        ecCategory: "T-Shirts",
        nouns: ["Logo Tee", "Pocket Tee", "Long Sleeve Tee", "Performance Tee", "Vintage Wash Tee"],
        prices: [18, 36],
        grid: APPAREL_SIZES,
      },
      {
        code: "HOODIES",
        name: "Hoodies",
        ecCategory: "Hoodies",
        nouns: ["Hoodie", "Zip Hoodie", "Quarter Zip", "Sun Hoodie"],
        prices: [42, 79],
        grid: APPAREL_SIZES,
      },
      {
        code: "HATS",
        name: "Hats",
        ecCategory: "Hats",
        nouns: ["Trucker Hat", "Bucket Hat", "Visor", "Snapback Cap"],
        prices: [16, 34],
      },
    ],
  },
  {
    code: "ACCESSORY",
    name: "Accessories",
    prefix: "AC",
    subcategories: [
      {
        code: "BAGS",
        name: "Bags",
        ecCategory: "Bags",
        nouns: ["Beach Tote", "Dry Bag 20L", "Cooler Bag", "Backpack"],
        prices: [22, 89],
      },
      {
        code: "SUNGLASS",
        name: "Sunglasses",
        ecCategory: "Bags",
        nouns: ["Polarized Sunglasses", "Sport Sunglasses"],
        prices: [25, 149],
      },
    ],
  },
  {
    code: "SUN CARE",
    name: "Sun care",
    prefix: "SC",
    subcategories: [
      {
        code: "SPF",
        name: "Sunscreen",
        ecCategory: "Sun Care",
        nouns: ["Sunscreen SPF 30", "Sunscreen SPF 50", "Lip Balm SPF 15", "After Sun Gel"],
        prices: [5, 19],
      },
    ],
  },
  {
    code: "DRINKWARE",
    name: "Drinkware",
    prefix: "DW",
    subcategories: [
      {
        code: "BOTTLES",
        name: "Bottles",
        ecCategory: "Drinkware",
        nouns: ["Insulated Bottle 20 oz", "Insulated Bottle 32 oz", "Water Bottle"],
        prices: [14, 45],
      },
      {
        code: "MUGS",
        name: "Mugs & tumblers",
        ecCategory: "Drinkware",
        nouns: ["Camp Mug", "Tumbler 30 oz", "Can Cooler"],
        prices: [9, 35],
      },
    ],
  },
  {
    code: "FISHING",
    name: "Fishing",
    prefix: "FS",
    subcategories: [
      {
        code: "LURES",
        name: "Lures",
        ecCategory: "Lures",
        nouns: ["Jig Head 1/4 oz", "Soft Plastic Shrimp", "Topwater Plug", "Spoon 1/2 oz"],
        prices: [4, 16],
      },
      {
        code: "LINE",
        name: "Line & leader",
        ecCategory: "Line & Leader",
        nouns: ["Braided Line 20 lb", "Fluorocarbon Leader 30 lb", "Mono Line 12 lb"],
        prices: [8, 39],
      },
      {
        code: "RODS",
        name: "Rods",
        ecCategory: "Fishing",
        nouns: ["Inshore Spinning Rod 7ft", "Travel Rod 4pc"],
        prices: [69, 249],
      },
    ],
  },
  {
    code: "FOOTWEAR",
    name: "Footwear",
    prefix: "FW",
    subcategories: [
      {
        code: "SANDALS",
        name: "Sandals & shoes",
        ecCategory: "Footwear",
        nouns: ["Flip Flops", "Boat Shoe", "Water Shoe"],
        prices: [19, 99],
        grid: { tag: "Size", values: ["7", "8", "9", "10", "11", "12"] },
      },
    ],
  },
];

export const ITEM_WORDS = [
  "Tarpon",
  "Pelican",
  "Snook",
  "Redfish",
  "Mangrove",
  "Coastal",
  "Reef",
  "Saltwater",
  "Sandbar",
  "Tidewater",
  "Marlin",
  "Osprey",
  "Manatee",
  "Keys",
  "Gulf",
] as const;
export const COLORS = ["Navy", "White", "Sea Green", "Coral", "Sand", "Black", "Heather Gray"] as const;

/** The e-commerce category tree (EC_CATEG): name → parent name. Names match the recorded store's categories. */
export const EC_CATEGORIES: readonly { name: string; parent: string | null }[] = [
  { name: "Apparel", parent: null },
  { name: "T-Shirts", parent: "Apparel" },
  { name: "Hoodies", parent: "Apparel" },
  { name: "Hats", parent: "Apparel" },
  { name: "Accessories", parent: null },
  { name: "Bags", parent: "Accessories" },
  { name: "Drinkware", parent: "Accessories" },
  { name: "Sun Care", parent: null },
  { name: "Fishing", parent: null },
  { name: "Lures", parent: "Fishing" },
  { name: "Line & Leader", parent: "Fishing" },
  { name: "Footwear", parent: null },
];

/** Item profile codes (IM_ITEM.PROF_COD_1, the "NCR TYPE" Woody's price rules filter on). */
export const ITEM_PROFILE_CODES = ["PC S CS", "PC M CS", "BULK", "RETAIL"] as const;

export interface RecordedItemSpec {
  itemNo: string;
  descr: string;
  categ: string;
  subcat: string;
  price: string;
  regPrice: string;
  cost: string;
  profile: string;
  /** On hand at location 01 per cell (or for the item when not gridded). */
  stock: Readonly<Record<string, number>>;
  grid?: { tag: string; values: readonly string[]; cellPrices?: Readonly<Record<string, string>> };
}

/**
 * The recorded WooCommerce store's products, so a demo can match them by SKU.
 * Grid items: Counterpoint has one ITEM_NO for the whole grid and identifies a cell by its DIM_1_UPR/DIM_2_UPR/
 * DIM_3_UPR values (no per-cell item number). The Woo store gives each variation its own SKU; cpwoo maps them as
 * ITEM_NO + "-" + DIM_1_UPR (+ "-" + DIM_2_UPR …, skipping "*"), so PBO-HOOD cell (M, *, *) ↔ Woo SKU PBO-HOOD-M.
 */
export const RECORDED_ITEMS: readonly RecordedItemSpec[] = [
  {
    itemNo: "PBO-TEE-PELICAN",
    descr: "Pelican Logo Tee",
    categ: "APPAREL",
    subcat: "TEES",
    price: "24.99",
    regPrice: "24.99",
    cost: "9.8000",
    profile: "RETAIL",
    stock: { "*": 37 },
  },
  {
    itemNo: "PBO-BTL-32",
    descr: "Insulated Bottle 32 oz",
    categ: "DRINKWARE",
    subcat: "BOTTLES",
    price: "29.50",
    regPrice: "29.50",
    cost: "12.2500",
    profile: "PC S CS",
    stock: { "*": 24 },
  },
  {
    itemNo: "PBO-TOTE",
    descr: "Canvas Beach Tote",
    categ: "ACCESSORY",
    subcat: "BAGS",
    price: "38.00",
    regPrice: "38.00",
    cost: "15.4000",
    profile: "RETAIL",
    stock: { "*": 9 },
  },
  {
    itemNo: "PBO-SUN-50",
    descr: "Reef-Safe Sunscreen SPF 50",
    categ: "SUN CARE",
    subcat: "SPF",
    price: "14.95",
    regPrice: "14.95",
    cost: "5.1000",
    profile: "PC S CS",
    stock: { "*": 60 },
  },
  {
    itemNo: "PBO-HOOD",
    descr: "Tarpon Performance Hoodie",
    categ: "APPAREL",
    subcat: "HOODIES",
    price: "54.00",
    regPrice: "54.00",
    cost: "21.0000",
    profile: "RETAIL",
    stock: { S: 8, M: 10, L: 5 },
    grid: { tag: "Size", values: ["S", "M", "L"], cellPrices: { L: "58.00" } },
  },
];

export interface FixedCustomerSpec {
  custNo: string;
  nameType: "P" | "B";
  name: string;
  first: string | null;
  last: string | null;
  email: string | null;
  adrs: readonly string[];
  city: string;
  zip: string;
  phone: string | null;
  taxCode: string;
  profile: string;
  categ: string;
  custType: "C" | "A";
  ecommerce: boolean;
}

/**
 * Customers every demo store has: the walk-in customer, two customers of the recorded Woo store (Dana Whitfield and
 * Bartholomew Okonkwo-Lindqvist, whose Woo meta says cp_customer_no C-10017), a contract customer and an exempt one.
 * Zoë Ñúñez-O’Brien is deliberately absent: the recorded store creates her, so a demo creates her in Counterpoint.
 */
export const FIXED_CUSTOMERS: readonly FixedCustomerSpec[] = [
  {
    custNo: "CASH",
    nameType: "B",
    name: "Cash customer",
    first: null,
    last: null,
    email: null,
    adrs: [STORE.address],
    city: STORE.city,
    zip: STORE.zip,
    phone: null,
    taxCode: "FL-Broward",
    profile: "RETAIL",
    categ: "CASH",
    custType: "C",
    ecommerce: false,
  },
  {
    custNo: "2306",
    nameType: "P",
    name: "Dana Whitfield",
    first: "Dana",
    last: "Whitfield",
    email: "dana.whitfield@example.com",
    adrs: ["418 Coquina Lane"],
    city: "St. Augustine",
    zip: "32080",
    phone: "904-555-0142",
    taxCode: "FL-Saint J",
    profile: "RETAIL",
    categ: "RETAIL",
    custType: "C",
    ecommerce: true,
  },
  {
    custNo: "C-10017",
    nameType: "B",
    name: "Okonkwo-Lindqvist Marine Supply",
    first: "Bartholomew",
    last: "Okonkwo-Lindqvist",
    email: "bart.okonkwo@example.org",
    adrs: ["12500 Old Saint Augustine Rd, Bldg 4", "Suite 1200, Attn: Receiving Dock B", "Mail Stop 7-West"],
    city: "Jacksonville",
    zip: "32258",
    phone: "904-555-0177",
    taxCode: "FL-Duval",
    profile: "TIER2",
    categ: "WHOLESALE",
    custType: "A",
    ecommerce: true,
  },
  {
    custNo: "2221",
    nameType: "B",
    name: "Mangrove Marine Supply",
    first: "Luis",
    last: "Carvajal",
    email: "orders@mangrovemarine.example.com",
    adrs: ["2100 SE 17th Street"],
    city: "Fort Lauderdale",
    zip: "33316",
    phone: "954-555-0133",
    taxCode: "FL-Broward",
    profile: "TIER1",
    categ: "WHOLESALE",
    custType: "A",
    ecommerce: false,
  },
  {
    custNo: "10057",
    nameType: "B",
    name: "Florida Sea Grant Extension",
    first: "Maya",
    last: "Holloway",
    email: "purchasing@seagrant.example.edu",
    adrs: ["PO Box 110409"],
    city: "Gainesville",
    zip: "32611",
    phone: "352-555-0160",
    taxCode: "CUS-EXEMPT",
    profile: "TIER3",
    categ: "GOVERNMENT",
    custType: "A",
    ecommerce: true,
  },
  {
    custNo: "10022",
    nameType: "B",
    name: "Gulf Coast Charters",
    first: "Wade",
    last: "Pruitt",
    email: "wade@gulfcoastcharters.example.com",
    adrs: ["801 Channelside Dr"],
    city: "Tampa",
    zip: "33602",
    phone: "813-555-0121",
    taxCode: "FL-Hillsbo",
    profile: "RESELLER",
    categ: "WHOLESALE",
    custType: "C",
    ecommerce: true,
  },
];

export const FIRST_NAMES = [
  "James",
  "Maria",
  "Robert",
  "Linda",
  "Carlos",
  "Aisha",
  "Michael",
  "Jennifer",
  "David",
  "Sofia",
  "Daniel",
  "Emily",
  "Marcus",
  "Olivia",
  "Andre",
  "Hannah",
  "Kevin",
  "Grace",
  "Luis",
  "Chloe",
  "Trevor",
  "Naomi",
  "Wesley",
  "Isabel",
] as const;
export const LAST_NAMES = [
  "Smith",
  "Garcia",
  "Johnson",
  "Martinez",
  "Brown",
  "Rodriguez",
  "Nguyen",
  "Williams",
  "Hernandez",
  "Lopez",
  "Baptiste",
  "Okafor",
  "Fitzgerald",
  "Delgado",
  "Thompson",
  "Castillo",
  "Moreau",
  "Patel",
  "Sullivan",
  "Whitaker",
] as const;
export const STREETS = [
  "Ocean Dr",
  "Bayshore Blvd",
  "Palm Ave",
  "Harbor View Rd",
  "Seagrape Ln",
  "Coral Way",
  "Mangrove Ct",
  "Pelican Pt",
  "Sandpiper St",
  "Las Olas Blvd",
] as const;
export const BUSINESS_WORDS = [
  "Marine",
  "Bait & Tackle",
  "Outfitters",
  "Charters",
  "Surf Shop",
  "Dive Center",
  "Marina",
  "Boat Rentals",
] as const;
export const CUSTOMER_PROFILES = [
  "RETAIL",
  "RETAIL",
  "RETAIL",
  "RETAIL",
  "TIER1",
  "TIER2",
  "TIER3",
  "TIER4",
  "TIER5",
  "RESELLER",
] as const;
