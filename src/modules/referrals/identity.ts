// Pure: whether two members are (or look like) the same person, for refusing self-referral.

/** Mailboxes that ignore dots in the local part, so a.n.n.a@ and anna@ reach the same person. */
const DOTLESS_DOMAINS: Record<string, string> = { 'gmail.com': 'gmail.com', 'googlemail.com': 'gmail.com' };

/**
 * The mailbox an address delivers to: lower case, without a `+tag` (most providers deliver
 * anna+ref@ to anna@), and for Gmail without dots.
 * @example canonicalEmail('A.nna+ref@GoogleMail.com') // 'anna@gmail.com'
 */
export function canonicalEmail(email: string): string {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at < 1) return lower;
  let local = lower.slice(0, at).split('+')[0]!;
  let domain = lower.slice(at + 1);
  const dotless = DOTLESS_DOMAINS[domain];
  if (dotless) {
    local = local.replaceAll('.', '');
    domain = dotless;
  }
  return `${local}@${domain}`;
}

export interface Identity {
  id: string;
  email: string | null;
  /** Stored normalized (E.164), so equal numbers are equal strings. */
  phone: string | null;
}

/** What makes the referee the referrer, in words for the 422, or null when they are different people. */
export function samePerson(referrer: Identity, referee: Identity): string | null {
  if (referrer.id === referee.id) return 'A member cannot use their own referral code.';
  if (referrer.email && referee.email && canonicalEmail(referrer.email) === canonicalEmail(referee.email)) {
    return 'The new member has the same email address as the referrer.';
  }
  if (referrer.phone && referee.phone && referrer.phone === referee.phone) return 'The new member has the same phone number as the referrer.';
  return null;
}

/** How a bonus entry names the other member: their first name only, or null (the entry then says "a friend"). */
export function firstName(name: string | null): string | null {
  const first = name?.trim().split(/\s+/)[0];
  return first ? first : null;
}
