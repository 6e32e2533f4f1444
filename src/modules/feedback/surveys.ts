import type { Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import type { CreateSurveyInput, Question, Survey, SurveyTrigger, UpdateSurveyInput } from './contract.js';
import { SurveyInactive, SurveyNotFound } from './errors.js';

interface SurveyRow {
  id: string;
  name: string;
  default_locale: string;
  questions: Question[];
  trigger: SurveyTrigger;
  invitation_ttl_days: number;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

function toSurvey(row: SurveyRow): Survey {
  return {
    id: row.id,
    name: row.name,
    defaultLocale: row.default_locale,
    questions: row.questions,
    trigger: row.trigger,
    invitationTtlDays: row.invitation_ttl_days,
    active: row.active,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function createSurvey(db: Sql, input: CreateSurveyInput, now: Date): Promise<Survey> {
  const [row] = await db.query<SurveyRow>(
    `insert into surveys (id, name, default_locale, questions, trigger, invitation_ttl_days, active, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $8) returning *`,
    [newId('svy'), input.name, input.defaultLocale, JSON.stringify(input.questions), JSON.stringify(input.trigger), input.invitationTtlDays, input.active, now],
  );
  return toSurvey(row!);
}

export async function getSurvey(db: Sql, surveyId: string): Promise<Survey> {
  const [row] = await db.query<SurveyRow>('select * from surveys where id = $1', [surveyId]);
  if (!row) throw new SurveyNotFound(surveyId);
  return toSurvey(row);
}

export async function getActiveSurvey(db: Sql, surveyId: string): Promise<Survey> {
  const survey = await getSurvey(db, surveyId);
  if (!survey.active) throw new SurveyInactive(surveyId);
  return survey;
}

export async function listSurveys(db: Sql, filter: { active?: boolean; triggerType?: SurveyTrigger['type'] } = {}): Promise<Survey[]> {
  const rows = await db.query<SurveyRow>(
    `select * from surveys where ($1::boolean is null or active = $1) and ($2::text is null or trigger->>'type' = $2) order by id`,
    [filter.active ?? null, filter.triggerType ?? null],
  );
  return rows.map(toSurvey);
}

export async function updateSurvey(db: Sql, surveyId: string, input: UpdateSurveyInput, now: Date): Promise<Survey> {
  const [row] = await db.query<SurveyRow>(
    `update surveys set name = coalesce($2, name), trigger = coalesce($3::jsonb, trigger),
       invitation_ttl_days = coalesce($4, invitation_ttl_days), active = coalesce($5, active), updated_at = $6
     where id = $1 returning *`,
    [surveyId, input.name ?? null, input.trigger ? JSON.stringify(input.trigger) : null, input.invitationTtlDays ?? null, input.active ?? null, now],
  );
  if (!row) throw new SurveyNotFound(surveyId);
  return toSurvey(row);
}
