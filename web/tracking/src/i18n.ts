// The page's languages: every UI string and every status and sub-status name lives in
// messages/<lang>.json (data, not code; a test checks each file covers the whole taxonomy).
// Dates and numbers are formatted with Intl in the chosen language.
import de from '../messages/de.json';
import en from '../messages/en.json';
import es from '../messages/es.json';
import fr from '../messages/fr.json';
import zh from '../messages/zh.json';

export type Messages = typeof en;
export type UiKey = keyof Messages['ui'];

export const LANGUAGES = ['en', 'zh', 'es', 'de', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

const MESSAGES: Record<Language, Messages> = { en, zh, es, de, fr };

/** BCP 47 tags for Intl and the page's lang attribute: Chinese is simplified Chinese. */
export const LOCALE_TAG: Record<Language, string> = {
  en: 'en',
  zh: 'zh-Hans',
  es: 'es',
  de: 'de',
  fr: 'fr',
};

/** Each language's name in itself, for the language switcher. */
export function languageName(lang: Language): string {
  return MESSAGES[lang].language;
}

function supported(tag: string | null | undefined): Language | undefined {
  if (!tag) return undefined;
  const base = tag.trim().toLowerCase().split(/[-_]/)[0];
  return (LANGUAGES as readonly string[]).includes(base ?? '') ? (base as Language) : undefined;
}

/** `?lang=xx` when it names a language of the page, else the browser's first one we have, else English. */
export function chooseLanguage(
  queryLang: string | null,
  browserLanguages: readonly string[],
): Language {
  return supported(queryLang) ?? browserLanguages.map(supported).find(Boolean) ?? 'en';
}

export interface Translator {
  readonly lang: Language;
  readonly locale: string;
  readonly messages: Messages;
  t(key: UiKey, vars?: Readonly<Record<string, string>>): string;
  statusName(status: string): string;
  /** The sub-status's own name, or null when the status has none by that code. */
  subStatusName(status: string, subStatus: string | null): string | null;
  countryName(code: string | null): string | null;
}

function fill(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

export function translator(lang: Language): Translator {
  const messages = MESSAGES[lang];
  const locale = LOCALE_TAG[lang];
  let regions: Intl.DisplayNames | undefined;
  try {
    regions = new Intl.DisplayNames([locale], { type: 'region' });
  } catch {
    regions = undefined;
  }
  const statuses = messages.status as Record<string, string>;
  const subStatuses = messages.subStatus as Record<string, Record<string, string> | undefined>;
  return {
    lang,
    locale,
    messages,
    t: (key, vars = {}) => fill(messages.ui[key], vars),
    // A status the page does not know yet (a newer server): its code, rather than nothing.
    statusName: (status) => statuses[status] ?? status.replaceAll('_', ' '),
    subStatusName: (status, subStatus) =>
      subStatus === null ? null : (subStatuses[status]?.[subStatus] ?? null),
    countryName: (code) => {
      if (!code) return null;
      try {
        return regions?.of(code) ?? code;
      } catch {
        return code;
      }
    },
  };
}
