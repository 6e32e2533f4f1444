CREATE TABLE "app_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback_contacts" (
	"member_id" text PRIMARY KEY NOT NULL,
	"last_invited_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback_follow_ups" (
	"id" text PRIMARY KEY NOT NULL,
	"response_id" text NOT NULL,
	"member_id" text NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"assignee" text,
	"due_at" timestamp with time zone NOT NULL,
	"outcome" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "feedback_follow_ups_response_unique" UNIQUE("response_id"),
	CONSTRAINT "feedback_follow_ups_status_check" CHECK ("feedback_follow_ups"."status" in ('open', 'in_progress', 'done'))
);
--> statement-breakpoint
CREATE TABLE "feedback_responses" (
	"id" text PRIMARY KEY NOT NULL,
	"survey_id" text NOT NULL,
	"invitation_id" text,
	"member_id" text NOT NULL,
	"channel" text NOT NULL,
	"order_id" text,
	"store_id" text,
	"staff_id" text,
	"categories" text[] DEFAULT '{}' NOT NULL,
	"locale" text,
	"nps_score" smallint,
	"nps_class" text,
	"csat" smallint,
	"ces" smallint,
	"staff_rating" smallint,
	"store_rating" smallint,
	"comment" text,
	"answers" jsonb NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "feedback_responses_nps_class_check" CHECK ("feedback_responses"."nps_class" in ('promoter', 'passive', 'detractor'))
);
--> statement-breakpoint
CREATE TABLE "survey_invitations" (
	"id" text PRIMARY KEY NOT NULL,
	"survey_id" text NOT NULL,
	"member_id" text NOT NULL,
	"status" text NOT NULL,
	"suppressed_reason" text,
	"channel" text NOT NULL,
	"order_id" text,
	"store_id" text,
	"staff_id" text,
	"categories" text[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	CONSTRAINT "survey_invitations_status_check" CHECK ("survey_invitations"."status" in ('sent', 'responded', 'suppressed'))
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"default_locale" text NOT NULL,
	"questions" jsonb NOT NULL,
	"trigger" jsonb NOT NULL,
	"invitation_ttl_days" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "feedback_contacts" ADD CONSTRAINT "feedback_contacts_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_follow_ups" ADD CONSTRAINT "feedback_follow_ups_response_id_feedback_responses_id_fk" FOREIGN KEY ("response_id") REFERENCES "public"."feedback_responses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_follow_ups" ADD CONSTRAINT "feedback_follow_ups_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_responses" ADD CONSTRAINT "feedback_responses_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_responses" ADD CONSTRAINT "feedback_responses_invitation_id_survey_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."survey_invitations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback_responses" ADD CONSTRAINT "feedback_responses_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_survey_id_surveys_id_fk" FOREIGN KEY ("survey_id") REFERENCES "public"."surveys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "survey_invitations" ADD CONSTRAINT "survey_invitations_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feedback_follow_ups_open_idx" ON "feedback_follow_ups" USING btree ("status","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "feedback_responses_invitation_unique" ON "feedback_responses" USING btree ("invitation_id");--> statement-breakpoint
CREATE INDEX "feedback_responses_submitted_idx" ON "feedback_responses" USING btree ("submitted_at");--> statement-breakpoint
CREATE INDEX "feedback_responses_member_idx" ON "feedback_responses" USING btree ("member_id","submitted_at");--> statement-breakpoint
CREATE INDEX "feedback_responses_comment_search_idx" ON "feedback_responses" USING gin (to_tsvector('simple', coalesce("comment", '')));--> statement-breakpoint
CREATE INDEX "survey_invitations_member_idx" ON "survey_invitations" USING btree ("member_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_invitations_order_unique" ON "survey_invitations" USING btree ("survey_id","order_id");--> statement-breakpoint
CREATE INDEX "survey_invitations_survey_idx" ON "survey_invitations" USING btree ("survey_id","created_at");