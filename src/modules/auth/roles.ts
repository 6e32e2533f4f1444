export const ROLES = ['admin', 'staff', 'integration', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

/** Route-level access lists, named for who needs them, so each route's declaration reads as a policy. */
export const ACCESS = {
  /** Anyone holding a valid key may read member-facing data. */
  read: ['admin', 'staff', 'integration', 'analyst'],
  /** Operational writes at the till or from the merchant's systems. */
  operate: ['admin', 'staff', 'integration'],
  /** Server-to-server jobs and administrators: bulk and PII-heavy operations. */
  integrate: ['admin', 'integration'],
  /** Aggregate figures about the business: for the people who plan, not the till. */
  analyze: ['admin', 'analyst', 'integration'],
  admin: ['admin'],
} as const satisfies Record<string, readonly Role[]>;
