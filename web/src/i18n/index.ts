import { en, type Strings } from './en.ts';
import { he } from './he.ts';
import { ka } from './ka.ts';
import { lv } from './lv.ts';
import { ru } from './ru.ts';

export type { Strings };
export const LOCALES = { en, he, ru, lv, ka } as const satisfies Record<string, Strings>;
export type Locale = keyof typeof LOCALES;
const RTL: ReadonlySet<Locale> = new Set(['he']);

/** The first supported language among the preferences (BCP 47 tags such as he-IL), else English. */
export function pickLocale(preferences: readonly (string | null | undefined)[]): Locale {
  for (const tag of preferences) {
    const language = tag?.toLowerCase().split('-')[0];
    if (language && language in LOCALES) return language as Locale;
  }
  return 'en';
}

export function directionOf(locale: Locale): 'rtl' | 'ltr' {
  return RTL.has(locale) ? 'rtl' : 'ltr';
}
