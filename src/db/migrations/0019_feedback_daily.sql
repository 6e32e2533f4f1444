CREATE TABLE "feedback_daily" (
	"day" date NOT NULL,
	"survey_id" text NOT NULL,
	"channel" text NOT NULL,
	"store_id" text,
	"staff_id" text,
	"tier" text,
	"categories" text[] NOT NULL,
	"responses" integer NOT NULL,
	"promoters" integer NOT NULL,
	"passives" integer NOT NULL,
	"detractors" integer NOT NULL,
	"csat_answered" integer NOT NULL,
	"csat_satisfied" integer NOT NULL,
	"ces_answered" integer NOT NULL,
	"ces_sum" integer NOT NULL,
	CONSTRAINT "feedback_daily_key" UNIQUE NULLS NOT DISTINCT("day","survey_id","channel","store_id","staff_id","tier","categories")
);
--> statement-breakpoint
-- Backfill from the responses already stored; from here on each response adds itself in the statement
-- that stores it (src/modules/feedback/rollup.ts). bench/feedback.ts runs this statement after seeding.
INSERT INTO "feedback_daily" ("day", "survey_id", "channel", "store_id", "staff_id", "tier", "categories",
  "responses", "promoters", "passives", "detractors", "csat_answered", "csat_satisfied", "ces_answered", "ces_sum")
SELECT (submitted_at AT TIME ZONE 'UTC')::date, survey_id, channel, store_id, staff_id, tier, categories,
  count(*)::int, count(*) FILTER (WHERE nps_class = 'promoter')::int, count(*) FILTER (WHERE nps_class = 'passive')::int,
  count(*) FILTER (WHERE nps_class = 'detractor')::int, count(csat)::int, count(*) FILTER (WHERE csat >= 4)::int,
  count(ces)::int, coalesce(sum(ces), 0)::int
FROM "feedback_responses"
GROUP BY 1, 2, 3, 4, 5, 6, 7;
