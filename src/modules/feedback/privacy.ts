import type { Sql } from '../../db/client.js';
import type { FeedbackResponse } from './contract.js';
import { listResponses } from './responses.js';

/**
 * GDPR erasure of what a member wrote: comments and free-text answers go; scores stay (they are
 * not personal once the member is pseudonymous, and removing them would rewrite past NPS).
 */
export async function eraseMemberFeedback(tx: Sql, memberId: string): Promise<void> {
  await tx.query(
    `update feedback_responses set comment = null,
       answers = coalesce((select jsonb_agg(case when jsonb_typeof(a->'value') = 'string' and not exists (
           select 1 from surveys s, jsonb_array_elements(s.questions) q
           where s.id = feedback_responses.survey_id and q->>'id' = a->>'questionId' and q->>'type' = 'single_choice')
         then jsonb_set(a, '{value}', '"[erased]"') else a end) from jsonb_array_elements(answers) a), '[]'::jsonb)
     where member_id = $1`,
    [memberId],
  );
  await tx.query(`update feedback_follow_ups set outcome = case when outcome is null then null else '[erased]' end where member_id = $1`, [memberId]);
}

/** Everything the member answered, for a GDPR access request. */
export async function exportMemberFeedback(db: Sql, memberId: string): Promise<FeedbackResponse[]> {
  const all: FeedbackResponse[] = [];
  for (let cursor: string | undefined; ; ) {
    const page = await listResponses(db, { limit: 200, cursor, memberId });
    all.push(...page.data);
    if (!page.nextCursor) return all;
    cursor = page.nextCursor;
  }
}
