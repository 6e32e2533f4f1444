import type { ProgramConfig } from '../../config.js';
import type { Sql } from '../../db/client.js';
import { latestDocument, saveDocument } from '../program/documents.js';
import { referralProgram, type ReferralProgram } from './contract.js';
import { ReferralCurrencyUnsupported, ReferralProgramNotConfigured } from './errors.js';

/** Saves a new version of the referral program; the previous ones stay for audit. */
export async function setReferralProgram(tx: Sql, program: ProgramConfig, settings: ReferralProgram, now: Date): Promise<ReferralProgram> {
  const { currency } = settings.qualifyingPurchase;
  if (!program.currencies.includes(currency)) throw new ReferralCurrencyUnsupported(currency);
  await saveDocument(tx, 'referral_programs', settings, now);
  return settings;
}

export async function getReferralProgram(db: Sql): Promise<ReferralProgram | null> {
  const definition = await latestDocument(db, 'referral_programs');
  return definition === null ? null : referralProgram.parse(definition);
}

export async function requireReferralProgram(db: Sql): Promise<ReferralProgram> {
  const settings = await getReferralProgram(db);
  if (!settings) throw new ReferralProgramNotConfigured();
  return settings;
}
