ALTER TABLE "idempotency_keys" DROP CONSTRAINT "idempotency_keys_status_valid";--> statement-breakpoint
ALTER TABLE "idempotency_keys" DROP COLUMN "status";--> statement-breakpoint
ALTER TABLE "idempotency_keys" DROP COLUMN "completed_at";