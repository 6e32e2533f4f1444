// Pure: email templates per locale with `{{name}}`-style placeholders. Values are escaped for the HTML
// part (a member named `<b>Eve</b>` must not bold anything); the text part carries them as they are.
import { escapeHtml } from '../../http/html.js';

/** The placeholders a template may use; anything else is refused when the journey is saved. */
export const PLACEHOLDERS = ['name', 'email', 'journey', 'unsubscribeUrl'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export interface LocalizedContent {
  subject: string;
  body: string;
}

export interface EmailTemplate {
  /** Used when the member's locale (nor its language) has no content. */
  fallbackLocale: string;
  locales: Record<string, LocalizedContent>;
}

export interface RenderedEmail {
  locale: string;
  subject: string;
  text: string;
  html: string;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** The placeholder names a piece of text uses, each once, in order of appearance. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

/**
 * The member's locale exactly, else its language (`de-AT` → `de`), else the fallback.
 * @example pickLocale({ fallbackLocale: 'en', locales: { en: …, de: … } }, 'de-AT') // 'de'
 */
export function pickLocale(template: EmailTemplate, locale: string | null): string {
  if (locale) {
    if (template.locales[locale]) return locale;
    const language = locale.split(/[-_]/)[0]!.toLowerCase();
    const match = Object.keys(template.locales).find((key) => key.toLowerCase() === language);
    if (match) return match;
  }
  return template.fallbackLocale;
}

function fill(text: string, values: Record<Placeholder, string>, escape: (value: string) => string): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => (key in values ? escape(values[key as Placeholder]) : whole));
}

/**
 * Renders subject, text and HTML. The body is plain text written by the merchant: the HTML part escapes
 * it as a whole and turns blank-line-separated paragraphs into `<p>`, so neither the template nor a value
 * can inject markup.
 */
export function renderEmail(template: EmailTemplate, locale: string | null, values: Record<Placeholder, string>): RenderedEmail {
  const chosen = pickLocale(template, locale);
  const content = template.locales[chosen]!;
  const text = fill(content.body, values, (value) => value);
  const paragraphs = content.body.split(/\n\s*\n/).map((paragraph) => `<p>${fill(escapeHtml(paragraph), values, escapeHtml).replace(/\n/g, '<br>')}</p>`);
  return {
    locale: chosen,
    // Headers are one line: a value with a line break must not start a new header.
    subject: fill(content.subject, values, (value) => value.replace(/[\r\n]+/g, ' ')),
    text,
    html: `<!doctype html><html><body>${paragraphs.join('\n')}</body></html>`,
  };
}
