ALTER TABLE "journey_step_runs" DROP CONSTRAINT "journey_step_runs_enrolment_id_journey_enrolments_id_fk";
--> statement-breakpoint
ALTER TABLE "journey_enrolments" ADD COLUMN "left_segment_at" timestamp with time zone;