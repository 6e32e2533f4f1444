// Pure: how far a member is from each spend threshold, and how to say it.
import type { UnlockDefinition, UnlockProgress } from './unlocks-contract.js';

function money(minor: number, digits = 2): string {
  return (minor / 10 ** digits).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function benefitPhrase(unlock: UnlockDefinition): string {
  switch (unlock.benefit.type) {
    case 'free_shipping':
      return 'free shipping';
    case 'discount_percent':
      return `${unlock.benefit.percent}% off`;
    case 'custom':
      return unlock.benefit.description;
  }
}

/**
 * @example progressOf({ name: 'Free shipping', basis: 'spend', threshold: 50000, windowDays: 90, benefit: { type: 'free_shipping' } }, 38000)
 *   .explanation // 'Spend 120.00 more within 90 days to unlock free shipping.'
 */
export function progressOf(unlock: UnlockDefinition, measure: number): UnlockProgress {
  const unlocked = measure >= unlock.threshold;
  const remaining = Math.max(0, unlock.threshold - measure);
  const done = unlock.basis === 'spend' ? `spent ${money(measure)}` : `${measure} ${measure === 1 ? 'order' : 'orders'}`;
  const todo = unlock.basis === 'spend' ? `Spend ${money(remaining)} more` : `Make ${remaining} more ${remaining === 1 ? 'order' : 'orders'}`;
  return {
    id: unlock.id,
    name: unlock.name,
    benefit: unlock.benefit,
    unlocked,
    measure,
    threshold: unlock.threshold,
    remaining,
    explanation: unlocked
      ? `Unlocked: ${benefitPhrase(unlock)} (${done} in the last ${unlock.windowDays} days).`
      : `${todo} within ${unlock.windowDays} days to unlock ${benefitPhrase(unlock)}.`,
  };
}
