// Pure, seeded generator of a believable café-bakery merchant: regulars, occasional buyers, one-timers
// and customers who drifted away, so retention views have something real to show.

/** mulberry32: tiny, fast and deterministic, so every demo database is the same. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const FIRST = ['Ada', 'Ben', 'Chloé', 'David', 'Elif', 'Farah', 'Gustav', 'Hana', 'Ivan', 'Jana', 'Kofi', 'Lena', 'Mateo', 'Noor', 'Oskar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tamar', 'Uma', 'Victor', 'Wen', 'Xenia', 'Yusuf', 'Zoë'];
export const LAST = ['Adler', 'Brandt', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Huber', 'Ibrahim', 'Jansen', 'Kowalski', 'Lindqvist', 'Moreau', 'Novak', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Schmidt', 'Tanaka', 'Ullmann', 'Vogel', 'Weber', 'Yilmaz', 'Zimmermann'];
export const LOCALES = ['de-AT', 'de-DE', 'en', 'fr', 'it', 'tr'];

/** Two or more brands in most categories, so the brand repurchase view has choices to show; lunch is the kitchen's own. */
export const CATALOG = [
  { sku: 'ESP-01', category: 'coffee', brand: 'House Roast', price: 290 },
  { sku: 'CAP-01', category: 'coffee', brand: 'House Roast', price: 420 },
  { sku: 'OAT-01', category: 'coffee', brand: 'Barista Select', price: 470 },
  { sku: 'TEA-01', category: 'tea', brand: 'Sonnentor', price: 350 },
  { sku: 'CRO-01', category: 'bakery', brand: 'House Bakery', price: 280 },
  { sku: 'SOU-01', category: 'bakery', brand: 'Huber', price: 590 },
  { sku: 'CAK-01', category: 'bakery', brand: 'House Bakery', price: 450 },
  { sku: 'SAN-01', category: 'lunch', price: 890 },
  { sku: 'SAL-01', category: 'lunch', price: 1090 },
  { sku: 'BEA-01', category: 'retail', brand: 'House Roast', price: 1690 },
  { sku: 'MUG-01', category: 'retail', brand: 'Hario', price: 2400 },
];

export interface DemoMember {
  externalId: string;
  email?: string;
  phone?: string;
  name: string;
  birthday?: string;
  locale: string;
  marketingConsent: boolean;
  joinedAt: Date;
  /** Expected orders per 30 days while active. */
  visitsPerMonth: number;
  /** When the member stopped coming (churn), or null. */
  leftAt: Date | null;
}

export interface DemoOrder {
  memberIndex: number;
  occurredAt: Date;
  storeId: string;
  staffId: string;
  lines: { lineId: string; sku: string; category: string; brand?: string; quantity: number; unitPrice: number }[];
}

const DAY = 86_400_000;

export function generateMembers(count: number, now: Date, random: () => number): DemoMember[] {
  const start = now.getTime() - 730 * DAY;
  return Array.from({ length: count }, (_, index) => {
    const first = FIRST[Math.floor(random() * FIRST.length)]!;
    const last = LAST[Math.floor(random() * LAST.length)]!;
    const joinedAt = new Date(start + Math.floor(random() ** 1.5 * 700 * DAY));
    const segment = random();
    const visitsPerMonth = segment < 0.15 ? 6 + random() * 10 : segment < 0.5 ? 1 + random() * 3 : 0.2 + random() * 0.6;
    const churns = random() < 0.35;
    const leftAt = churns ? new Date(joinedAt.getTime() + (30 + random() * 400) * DAY) : null;
    const slug = `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
    return {
      externalId: `CRM-${String(100000 + index)}`,
      ...(random() < 0.9 ? { email: `${slug}.${index}@example.com` } : {}),
      ...(random() < 0.4 ? { phone: `+43664${String(1000000 + index).padStart(7, '0')}` } : {}),
      name: `${first} ${last}`,
      ...(random() < 0.7 ? { birthday: `${1950 + Math.floor(random() * 55)}-${pad(1 + Math.floor(random() * 12))}-${pad(1 + Math.floor(random() * 28))}` } : {}),
      locale: LOCALES[Math.floor(random() * LOCALES.length)]!,
      marketingConsent: random() < 0.6,
      joinedAt,
      visitsPerMonth,
      leftAt: leftAt && leftAt < now ? leftAt : null,
    };
  });
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** About `count` orders spread over members by their visit rates, each within their active period. */
export function generateOrders(members: readonly DemoMember[], count: number, now: Date, random: () => number): DemoOrder[] {
  const weights = members.map((m) => m.visitsPerMonth * (((m.leftAt ?? now).getTime() - m.joinedAt.getTime()) / (30 * DAY)));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const orders: DemoOrder[] = [];
  members.forEach((member, memberIndex) => {
    const expected = (weights[memberIndex]! / totalWeight) * count;
    const n = Math.max(1, Math.round(expected * (0.8 + random() * 0.4)));
    const end = (member.leftAt ?? now).getTime();
    for (let i = 0; i < n; i++) {
      const occurredAt = new Date(member.joinedAt.getTime() + random() * (end - member.joinedAt.getTime()));
      const lineCount = 1 + Math.floor(random() ** 2 * 4);
      const lines = Array.from({ length: lineCount }, (_, lineIndex) => {
        const item = CATALOG[Math.floor(random() * CATALOG.length)]!;
        const { sku, category, price } = item;
        return { lineId: `L${lineIndex + 1}`, sku, category, ...('brand' in item ? { brand: item.brand } : {}), quantity: 1 + Math.floor(random() ** 3 * 3), unitPrice: price };
      });
      orders.push({ memberIndex, occurredAt, storeId: `store-${1 + Math.floor(random() * 3)}`, staffId: `staff-${1 + Math.floor(random() * 12)}`, lines });
    }
  });
  return orders.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}
