import { createContext, useContext, type ReactNode } from 'react';
import { cy } from './cy';
import { en, type MessageKey, type Messages } from './en';

/** The console's two languages. */
export type Lang = 'en' | 'cy';

const MESSAGES: Record<Lang, Messages> = { en, cy };
const STORAGE_KEY = 'cyswllt.lang';
const COOKIE = 'cyswllt_lang';

/** Fills `{name}` placeholders. */
export function format(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The message for a key in a language. */
export function message(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  return format(MESSAGES[lang][key], params);
}

/** The language the user chose last (localStorage, else the cookie), or null: a preference, nothing personal. */
export function rememberedLang(): Lang | null {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'cy') return stored;
  } catch {
    // Storage can be switched off; the cookie still works.
  }
  const cookie = /(?:^|;\s*)cyswllt_lang=(en|cy)/.exec(document.cookie);
  return (cookie?.[1] as Lang | undefined) ?? null;
}

/** Remembers the language chosen (a year; SameSite=Lax, no other data). */
export function rememberLang(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // See rememberedLang.
  }
  document.cookie = `${COOKIE}=${lang}; path=/; max-age=31536000; SameSite=Lax`;
}

/** A translator bound to one language. */
export interface I18n {
  lang: Lang;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** A label for an enum value (`purpose`, `category` …); the raw value when no message exists. */
  label(prefix: string, value: string | null | undefined): string;
  /** A date (YYYY-MM-DD or ISO date-time) written for the language. */
  date(value: string | null | undefined): string;
  dateTime(value: string | null | undefined): string;
  /** An organisation's name in the language where the data has it. */
  orgName(org: { name: string; nameCy?: string | null } | null | undefined): string;
}

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** A moment's calendar and clock parts in UK time. */
function londonParts(d: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  const parts = Object.fromEntries(LONDON.formatToParts(d).map((p) => [p.type, p.value]));
  return { year: parts['year'] ?? '', month: String(Number(parts['month'])), day: String(Number(parts['day'])), hour: parts['hour'] ?? '', minute: parts['minute'] ?? '', second: parts['second'] ?? '' };
}

/** Builds the translator for a language. */
export function i18nFor(lang: Lang): I18n {
  const messages = MESSAGES[lang];
  return {
    lang,
    t: (key, params) => format(messages[key], params),
    label(prefix, value) {
      if (value === null || value === undefined) return messages['common.notRecorded'];
      const key = `${prefix}.${value}` as MessageKey;
      return key in messages ? messages[key] : value;
    },
    // Dates are written with the message files' month names: a browser may lack Welsh locale data.
    date(value) {
      if (!value) return messages['common.notRecorded'];
      const d = new Date(value.length === 10 ? `${value}T12:00:00Z` : value);
      if (Number.isNaN(d.getTime())) return value;
      const p = londonParts(d);
      return `${p.day} ${messages[`month.${p.month}` as MessageKey]} ${p.year}`;
    },
    dateTime(value) {
      if (!value) return messages['common.notRecorded'];
      const d = new Date(value);
      if (Number.isNaN(d.getTime())) return value;
      const p = londonParts(d);
      return `${p.day} ${messages[`month.${p.month}` as MessageKey]} ${p.year}, ${p.hour}:${p.minute}:${p.second}`;
    },
    orgName(org) {
      if (!org) return messages['common.notRecorded'];
      return lang === 'cy' && org.nameCy ? org.nameCy : org.name;
    },
  };
}

const I18nContext = createContext<I18n>(i18nFor('en'));

/** Provides the translator of the current language to the pages. */
export function I18nProvider({ lang, children }: { lang: Lang; children: ReactNode }) {
  return <I18nContext.Provider value={i18nFor(lang)}>{children}</I18nContext.Provider>;
}

/** The current language's translator. */
export function useI18n(): I18n {
  return useContext(I18nContext);
}
