// The interface in the account's language. The English text is the key (the page reads as it is written, and a
// string missing from a catalog shows in English, never as a key); catalogs are JSON files under i18n/, fetched once
// when a language is first used. {name} in a text is filled from the parameters; tn() picks the plural form by the
// language's own rules (Intl.PluralRules: CLDR's, where 0 takes the singular in Portuguese and the plural in English).

export const LANGUAGES = { en: 'English', 'pt-BR': 'Português (Brasil)' };

const catalogs = { en: {} };
let current = 'en';
let rules = new Intl.PluralRules('en');
/** Texts asked for in a language whose catalog lacks them: the browser tests read it, and it must stay empty. */
export const missing = new Set();
globalThis.lanekeeperMissingTexts = missing;

/** The supported language closest to a preference such as navigator.language ("pt", "pt-PT", "en-GB"). */
export function closest(pref) {
  const p = String(pref || '');
  if (LANGUAGES[p]) return p;
  const base = p.split('-')[0].toLowerCase();
  return Object.keys(LANGUAGES).find((l) => l.split('-')[0] === base) || 'en';
}

/** The browser's preferred supported language: for the login and setup pages, before an account says. */
export function browserLanguage() {
  return closest((navigator.languages || [navigator.language])[0]);
}

/** Makes the language current, its catalog fetched if need be; an unknown language or a failed fetch: English. */
export async function useLanguage(lang) {
  let l = LANGUAGES[lang] ? lang : 'en';
  if (!catalogs[l]) {
    try {
      const r = await fetch(`i18n/${l}.json`, { credentials: 'same-origin' });
      if (!r.ok) throw new Error(String(r.status));
      catalogs[l] = await r.json();
    } catch {
      l = 'en';
    }
  }
  current = l;
  rules = new Intl.PluralRules(l);
  document.documentElement.lang = l;
  return l;
}

/** The current language, also the locale for dates and numbers. */
export function language() {
  return current;
}

function fillIn(text, params) {
  return params ? text.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m)) : text;
}

function lookUp(key) {
  if (current === 'en') return undefined;
  const v = catalogs[current][key];
  if (v === undefined) missing.add(key);
  return v;
}

/**
 * Marks texts that are translated where they are shown (a page title, a value the server sends): returns the first,
 * and lets the catalog check find them all.
 */
export function mark(...texts) {
  return texts[0];
}

/** A word the server sent (a gate state, a role), translated when the catalog knows it, else as it came. */
export function word(value) {
  const v = value === null || value === undefined ? '' : String(value);
  const c = current === 'en' ? undefined : catalogs[current][v];
  return typeof c === 'string' ? c : v;
}

/** The English of a key: a key may start with a context ("audit|opened") where one English word has two meanings. */
function english(key) {
  const bar = key.indexOf('|');
  return bar > 0 && /^[a-z]+$/.test(key.slice(0, bar)) ? key.slice(bar + 1) : key;
}

/** t('Open barrier'), t('{name}: {n} inside', {name, n}). */
export function t(text, params) {
  const v = lookUp(text);
  return fillIn(typeof v === 'string' ? v : english(text), params);
}

/**
 * A text that depends on a count: tn('{n} result', '{n} results', n). The catalog holds the forms as
 * {"one": ..., "other": ...} under the English singular.
 */
export function tn(one, other, n, params = {}) {
  const v = lookUp(one);
  const form = current === 'en' ? (n === 1 ? 'one' : 'other') : rules.select(n);
  const text = v && typeof v === 'object' ? v[form] ?? v.other : n === 1 ? one : other;
  return fillIn(text, { n, ...params });
}
