import fs from 'node:fs';
import path from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '@/i18n/locales';
import { negotiateLocale, requestLocale } from '@/i18n/negotiate';
import { CATALOGUES, serverTranslator } from '@/i18n/messages';

type Tree = { [key: string]: string | Tree };

/** Every leaf of a catalogue as `a.b.c` → message. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

/** The ICU arguments and rich-text tags a message uses, e.g. `{email}`, `<b>`, `{count, plural, …}`. */
function placeholders(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
      if (element.type === TYPE.tag) {
        found.add(`<${element.value}>`);
        walk(element.children);
        continue;
      }
      found.add(`{${element.value}, ${TYPE[element.type]}}`);
      if (element.type === TYPE.plural || element.type === TYPE.select) for (const option of Object.values(element.options)) walk(option.value);
    }
  };
  walk(parse(message));
  return [...found].sort();
}

const flat = Object.fromEntries(LOCALES.map((locale) => [locale, flatten(CATALOGUES[locale] as Tree)]));
const english = flat.en;

describe('catalogues', () => {
  it.each(LOCALES.filter((l) => l !== 'en'))('%s has exactly the keys of English', (locale) => {
    const keys = [...flat[locale].keys()].sort();
    expect(keys.filter((k) => !english.has(k)), 'keys English does not have').toEqual([]);
    expect([...english.keys()].filter((k) => !flat[locale].has(k)), 'keys missing').toEqual([]);
  });

  it.each(LOCALES)('%s: every message parses, with the same placeholders and tags as English', (locale) => {
    const mismatched: string[] = [];
    for (const [key, message] of flat[locale]) {
      const en = english.get(key);
      if (en !== undefined && placeholders(en).join() !== placeholders(message).join()) mismatched.push(`${key}: ${message}`);
    }
    expect(mismatched).toEqual([]);
  });

  it('Swedish and German are translations, not English copies', () => {
    // Words that read the same in every language (product names, "Admin") are few; most messages must differ.
    for (const locale of ['sv', 'de'] as const) {
      const same = [...flat[locale]].filter(([key, message]) => english.get(key) === message && /[a-z]{4,}/.test(message));
      expect(same.length / english.size, `${locale}: ${same.map(([k]) => k).slice(0, 20).join(', ')}`).toBeLessThan(0.05);
    }
  });
});

const SOURCE_DIRS = ['src'];
const SOURCE_FILE = /\.(ts|tsx)$/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return SOURCE_FILE.test(entry.name) ? [full] : [];
  });
}

/**
 * The keys the source asks for, found statically: `const t = useTranslations('ns')`
 * (or `getTranslations('ns')`, `serverTranslator(…)` for the whole catalogue),
 * then `t('key')`, `t.rich('key', …)`, `t.markup(…)`. Computed keys (`t(label)`)
 * are checked by TypeScript through the typed catalogue (src/i18n/global.d.ts).
 */
function usedKeys(): { file: string; key: string; candidates: string[] }[] {
  const used: { file: string; key: string; candidates: string[] }[] = [];
  for (const file of SOURCE_DIRS.flatMap((dir) => sourceFiles(dir))) {
    const text = fs.readFileSync(file, 'utf8');
    // A name may be bound in several functions of a file (to different namespaces): any of them may hold the key.
    const bindings = new Map<string, string[]>();
    const bind = (name: string, namespace: string) => bindings.set(name, [...(bindings.get(name) ?? []), namespace]);
    for (const m of text.matchAll(/(?:const|let)\s+(\w+)\s*=\s*(?:await\s+)?(?:useTranslations|getTranslations)\(\s*(?:'([^']*)')?\s*\)/g)) bind(m[1], m[2] ?? '');
    for (const m of text.matchAll(/(?:const|let)\s+(\w+)\s*=\s*serverTranslator\(/g)) bind(m[1], '');
    for (const [name, namespaces] of bindings) {
      const call = new RegExp(`(?<![\\w.])${name}(?:\\.rich|\\.markup|\\.raw)?\\(\\s*'([^']+)'`, 'g');
      for (const m of text.matchAll(call)) {
        const candidates = namespaces.map((namespace) => (namespace ? `${namespace}.${m[1]}` : m[1]));
        used.push({ file, key: candidates.join(' | '), candidates });
      }
    }
  }
  return used;
}

describe('source', () => {
  it('every key the source uses is in the catalogue', () => {
    const used = usedKeys();
    expect(used.length).toBeGreaterThan(100);
    expect(used.filter(({ candidates }) => !candidates.some((key) => english.has(key))).map(({ file, key }) => `${file}: ${key}`)).toEqual([]);
  });
});

describe('locale negotiation', () => {
  it('takes the best supported language of Accept-Language by its weights', () => {
    expect(negotiateLocale('sv-SE,sv;q=0.9,en;q=0.8')).toBe('sv');
    expect(negotiateLocale('de-AT')).toBe('de');
    expect(negotiateLocale('fr-FR,de;q=0.5,sv;q=0.4')).toBe('de');
    expect(negotiateLocale('en;q=0.2,sv;q=0.9')).toBe('sv');
    expect(negotiateLocale('fr-FR')).toBe('en');
    expect(negotiateLocale('')).toBe('en');
    expect(negotiateLocale(null)).toBe('en');
  });

  it('survives hostile headers', () => {
    expect(negotiateLocale('!!!,@@@;q=x,' + 'a'.repeat(5000))).toBe('en');
    expect(negotiateLocale(Array.from({ length: 10_000 }, (_, i) => `x${i}`).join(','))).toBe('en');
    expect(negotiateLocale('*')).toBe('en');
  });

  it('prefers the profile language over the browser', () => {
    const headers = new Headers({ 'accept-language': 'de' });
    expect(requestLocale({ locale: 'sv' }, headers)).toBe('sv');
    expect(requestLocale({ locale: null }, headers)).toBe('de');
    expect(requestLocale(undefined, headers)).toBe('de');
  });
});

describe('server translator', () => {
  it('formats a message with its arguments in each language, and shows a missing key visibly', () => {
    expect(serverTranslator('sv')('language.title')).toBe('Språk');
    expect(serverTranslator('de')('profile.typeToConfirm', { word: 'DELETE' })).toContain('DELETE');
    expect(serverTranslator('xx')('language.title')).toBe('Language');
    // @ts-expect-error a key that does not exist
    expect(serverTranslator('en')('no.such.key')).toBe('⟦no.such.key⟧');
  });
});
