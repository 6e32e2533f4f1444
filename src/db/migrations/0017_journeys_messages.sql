CREATE TABLE "journey_enrolments" (
	"id" text PRIMARY KEY NOT NULL,
	"journey_id" text NOT NULL,
	"member_id" text NOT NULL,
	"occurrence" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"next_step" integer DEFAULT 0 NOT NULL,
	"due_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"entered_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "journey_enrolments_occurrence_unique" UNIQUE("journey_id","member_id","occurrence"),
	CONSTRAINT "journey_enrolments_status_check" CHECK ("journey_enrolments"."status" in ('active', 'completed', 'exited'))
);
--> statement-breakpoint
CREATE TABLE "journey_step_runs" (
	"enrolment_id" text NOT NULL,
	"step" integer NOT NULL,
	"outcome" text NOT NULL,
	"detail" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "journey_step_runs_enrolment_id_step_pk" PRIMARY KEY("enrolment_id","step"),
	CONSTRAINT "journey_step_runs_outcome_check" CHECK ("journey_step_runs"."outcome" in ('done', 'skipped', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "journey_tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"journey_id" text NOT NULL,
	"enrolment_id" text NOT NULL,
	"member_id" text NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "journey_tasks_status_check" CHECK ("journey_tasks"."status" in ('open', 'done'))
);
--> statement-breakpoint
CREATE TABLE "journeys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"trigger" jsonb NOT NULL,
	"steps" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "journeys_status_check" CHECK ("journeys"."status" in ('active', 'paused'))
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" text PRIMARY KEY NOT NULL,
	"member_id" text NOT NULL,
	"source_key" text NOT NULL,
	"to_address" text NOT NULL,
	"locale" text NOT NULL,
	"subject" text NOT NULL,
	"text_body" text NOT NULL,
	"html_body" text NOT NULL,
	"unsubscribe_url" text NOT NULL,
	"message_id" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "messages_source_key_unique" UNIQUE("source_key"),
	CONSTRAINT "messages_status_check" CHECK ("messages"."status" in ('queued', 'sent', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "journey_step_runs" ADD CONSTRAINT "journey_step_runs_enrolment_id_journey_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."journey_enrolments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "journey_enrolments_due_idx" ON "journey_enrolments" USING btree ("due_at") WHERE "journey_enrolments"."status" = 'active';--> statement-breakpoint
CREATE INDEX "journey_tasks_open_idx" ON "journey_tasks" USING btree ("status","due_at");--> statement-breakpoint
CREATE INDEX "messages_queued_idx" ON "messages" USING btree ("next_attempt_at") WHERE "messages"."status" = 'queued';--> statement-breakpoint
CREATE INDEX "messages_member_idx" ON "messages" USING btree ("member_id","created_at");