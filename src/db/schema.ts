// Every module's tables, gathered for drizzle-kit; modules themselves import only their own schema.
export * from '../modules/auth/schema.js';
export * from '../modules/members/schema.js';
export * from '../modules/ledger/schema.js';
export * from '../modules/orders/schema.js';
export * from '../modules/idempotency/schema.js';
export * from '../modules/events/schema.js';
export * from '../modules/feedback/schema.js';
export * from '../modules/program/schema.js';
export * from '../modules/referrals/schema.js';
export * from '../modules/draws/schema.js';
export * from '../modules/analytics/schema.js';
export * from '../modules/webhooks/schema.js';
export * from '../modules/engagement/schema.js';
export * from '../modules/journeys/schema.js';
export * from '../modules/messages/schema.js';
