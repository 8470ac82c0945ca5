/**
 * The demo shop's product catalogue. Product images are small SVGs the
 * simulator serves itself (`/_simulator/images/<handle>.svg`) because a dev
 * machine may have no network to reach a CDN.
 */

export interface CatalogVariant {
  title: string | null;
  sku: string;
  priceCents: number;
}

export interface CatalogProduct {
  handle: string;
  title: string;
  vendor: string;
  color: string;
  grams: number;
  productId: string;
  variants: (CatalogVariant & { variantId: string })[];
}

function product(
  index: number,
  handle: string,
  title: string,
  vendor: string,
  color: string,
  grams: number,
  variants: CatalogVariant[],
): CatalogProduct {
  // Fixed ids: products are not part of the simulated data the app changes.
  const productId = String(8_912_345_600_000 + index * 1_137);
  return {
    handle,
    title,
    vendor,
    color,
    grams,
    productId,
    variants: variants.map((v, i) => ({
      ...v,
      variantId: String(45_123_456_700_000 + index * 10_061 + i * 7),
    })),
  };
}

export const CATALOG: CatalogProduct[] = [
  product(1, "linen-shirt", "Linen Shirt", "Northwind Apparel", "#c9b79c", 280, [
    { title: "S / Sand", sku: "LS-SAND-S", priceCents: 5900 },
    { title: "M / Sand", sku: "LS-SAND-M", priceCents: 5900 },
    { title: "L / Navy", sku: "LS-NAVY-L", priceCents: 5900 },
  ]),
  product(2, "merino-beanie", "Merino Beanie", "Northwind Apparel", "#7a4e3a", 90, [
    { title: "Rust", sku: "MB-RUST", priceCents: 2900 },
    { title: "Charcoal", sku: "MB-CHAR", priceCents: 2900 },
  ]),
  product(3, "ceramic-mug", "Ceramic Mug", "Kiln & Co", "#5b7f95", 420, [
    { title: "Speckled", sku: "CM-SPECK", priceCents: 1800 },
    { title: "Glazed Blue", sku: "CM-BLUE", priceCents: 1800 },
  ]),
  product(4, "pour-over-set", "Pour-Over Coffee Set", "Kiln & Co", "#3e3a36", 950, [
    { title: null, sku: "POS-01", priceCents: 6400 },
  ]),
  product(5, "canvas-tote", "Canvas Tote Bag", "Harbor Goods", "#d8cfb5", 250, [
    { title: "Natural", sku: "CT-NAT", priceCents: 2400 },
    { title: "Black", sku: "CT-BLK", priceCents: 2400 },
  ]),
  product(6, "leather-wallet", "Leather Wallet", "Harbor Goods", "#8b5a2b", 120, [
    { title: "Tan", sku: "LW-TAN", priceCents: 4900 },
    { title: "Black", sku: "LW-BLK", priceCents: 4900 },
  ]),
  product(7, "wool-throw", "Wool Throw Blanket", "Fjell Home", "#9aa88f", 1400, [
    { title: "Moss", sku: "WT-MOSS", priceCents: 11900 },
    { title: "Oat", sku: "WT-OAT", priceCents: 11900 },
  ]),
  product(8, "scented-candle", "Scented Candle", "Fjell Home", "#e6c38a", 380, [
    { title: "Cedar", sku: "SC-CEDAR", priceCents: 2200 },
    { title: "Fig", sku: "SC-FIG", priceCents: 2200 },
  ]),
  product(9, "running-socks", "Running Socks (3-pack)", "Stride Lab", "#4f6d7a", 150, [
    { title: "39-42", sku: "RS-3942", priceCents: 1900 },
    { title: "43-46", sku: "RS-4346", priceCents: 1900 },
  ]),
  product(10, "water-bottle", "Insulated Water Bottle", "Stride Lab", "#2f4858", 360, [
    { title: "500 ml", sku: "WB-500", priceCents: 3400 },
    { title: "750 ml", sku: "WB-750", priceCents: 3900 },
  ]),
  product(11, "notebook", "Dot Grid Notebook", "Paper Trail", "#b33f40", 300, [
    { title: "A5", sku: "NB-A5", priceCents: 1600 },
  ]),
  product(12, "gift-card", "Gift Card", "Demo Store", "#6b5b95", 0, [
    { title: "€50", sku: "GC-50", priceCents: 5000 },
  ]),
];

export function imagePathFor(handle: string): string {
  return `/_simulator/images/${handle}.svg`;
}

export function findVariantBySku(
  sku: string,
): { product: CatalogProduct; variant: CatalogProduct["variants"][number] } | null {
  for (const p of CATALOG) {
    const variant = p.variants.find((v) => v.sku.toLowerCase() === sku.toLowerCase());
    if (variant) return { product: p, variant };
  }
  return null;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A square placeholder image with the product's initials; null for an unknown handle. */
export function productImageSvg(handle: string): string | null {
  const p = CATALOG.find((item) => item.handle === handle);
  if (!p) return null;
  const initials = p.title
    .split(/\s+/)
    .filter((w) => /^[A-Za-z]/.test(w))
    .slice(0, 2)
    .map((w) => w[0].toUpperCase())
    .join("");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400">`,
    `<rect width="400" height="400" fill="${p.color}"/>`,
    `<text x="200" y="225" font-family="Helvetica, Arial, sans-serif" font-size="120" fill="#fff" text-anchor="middle">${escapeXml(initials)}</text>`,
    `<text x="200" y="330" font-family="Helvetica, Arial, sans-serif" font-size="26" fill="#fff" text-anchor="middle">${escapeXml(p.title)}</text>`,
    `</svg>`,
  ].join("");
}
