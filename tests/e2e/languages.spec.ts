import { expect, type APIRequestContext, type Page, test } from '@playwright/test';

import { PASSWORD, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';
import { DESKTOP, expectNoHorizontalOverflow, MAIN_PAGES, PHONE } from './support/layout';
import { mailedLink } from './support/mails';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

type Locale = 'en' | 'sv' | 'de';

/** What each main page's heading says in each language (written out here, not read from the catalogues). */
const HEADINGS: Record<string, Record<Locale, RegExp>> = {
  '/dashboard': { en: /^Hello, /, sv: /^Hej, /, de: /^Hallo, / },
  '/charge-points': { en: /^Charge points$/, sv: /^Laddboxar$/, de: /^Ladestationen$/ },
  '/id-tags': { en: /^Id tags$/, sv: /^Id-taggar$/, de: /^ID-Karten$/ },
  '/sites': { en: /^Sites and tariffs$/, sv: /^Platser och tariffer$/, de: /^Standorte und Tarife$/ },
  '/home-assistant': { en: /^Connect Home Assistant$/, sv: /^Anslut Home Assistant$/, de: /^Home Assistant verbinden$/ },
  '/api-keys': { en: /^API keys$/, sv: /^API-nycklar$/, de: /^API-Schlüssel$/ },
  '/usage': { en: /^Plan and usage$/, sv: /^Plan och användning$/, de: /^Tarif und Nutzung$/ },
  '/billing': { en: /^Billing$/, sv: /^Betalning$/, de: /^Abrechnung$/ },
  '/profile': { en: /^Profile$/, sv: /^Profil$/, de: /^Profil$/ },
};
const NAV_CHARGE_POINTS: Record<Locale, string> = { en: 'Charge points', sv: 'Laddboxar', de: 'Ladestationen' };
const MENU: Record<Locale, string> = { en: 'Menu', sv: 'Meny', de: 'Menü' };
const CHARGE_POINT_SECTIONS: Record<Locale, string[]> = {
  en: ['State', 'Energy', 'Sessions', 'OCPP message log'],
  sv: ['Läge', 'Energi', 'Sessioner', 'OCPP-meddelandelogg'],
  de: ['Zustand', 'Energie', 'Ladevorgänge', 'OCPP-Nachrichtenprotokoll'],
};
/** My charging (h1, then its h2s) and a site's own page (its h2s), in each language. */
const MY_CHARGING: Record<Locale, string[]> = {
  en: ['My charging', 'Charge points', 'My id tags', 'My invoices'],
  sv: ['Min laddning', 'Laddboxar', 'Mina id-taggar', 'Mina fakturor'],
  de: ['Mein Laden', 'Ladestationen', 'Meine ID-Karten', 'Meine Rechnungen'],
};
const SITE_SECTIONS: Record<Locale, string[]> = {
  en: ['Invoice details', 'Invoices'],
  sv: ['Fakturauppgifter', 'Fakturor'],
  de: ['Rechnungsangaben', 'Rechnungen'],
};
const STATUS_HEADLINE: Record<Locale, RegExp> = {
  en: /^(All systems operational|Some parts are (degraded|down))$/,
  sv: /^(Alla system fungerar|Vissa delar (fungerar sämre|är ur funktion))$/,
  de: /^(Alle Systeme betriebsbereit|Einige Teile sind (eingeschränkt|ausgefallen))$/,
};

/** A confirmed, signed-in account in the page's cookie jar, made through the API as the sign-up form does. */
async function signedInAccount(request: APIRequestContext, baseURL: string, label: string) {
  const headers = { Origin: baseURL };
  const email = uniqueEmail(label);
  expect((await request.post('/api/auth/signup', { data: { email, password: PASSWORD, name: `Test ${label}` }, headers })).status()).toBe(202);
  const token = new URL(await mailedLink(email, '/verify-email'), baseURL).searchParams.get('token');
  expect((await request.post('/api/auth/verify-email', { data: { token }, headers })).status()).toBe(200);
  expect((await request.post('/api/auth/signin', { data: { email, password: PASSWORD }, headers })).status()).toBe(200);
  return email;
}

/** The page is in `locale`: <html lang>, no missing-message marker, no raw catalogue key. */
async function expectInLanguage(page: Page, locale: Locale) {
  await expect(page.locator('html')).toHaveAttribute('lang', locale);
  const text = await page.locator('body').innerText();
  expect(text, 'a message missing from the catalogue').not.toContain('⟦');
  // A raw key would read like "pages.dashboard.title" or "nav.chargePoints".
  expect(text).not.toMatch(/\b(?:pages|nav|common|profile|auth|home|banners|language|userMenu)\.[a-z]\w*/);
}

async function visitMainPages(page: Page, locale: Locale) {
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    for (const path of MAIN_PAGES) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 }), `${path} at ${size.width} px`).toHaveText(HEADINGS[path][locale]);
      await expectInLanguage(page, locale);
      if (size === PHONE) {
        await expect(page.getByRole('button', { name: MENU[locale], exact: true })).toBeVisible();
        await expectNoHorizontalOverflow(page);
      } else {
        await expect(page.getByRole('navigation').getByRole('link', { name: NAV_CHARGE_POINTS[locale], exact: true })).toBeVisible();
      }
    }
  }
}

for (const locale of ['sv', 'de', 'en'] as const) {
  test(`language from the profile (${locale}): every main page at 1280 and 390 px`, async ({ page, baseURL }) => {
    test.setTimeout(120_000);
    await signedInAccount(page.request, baseURL!, `lang-profile-${locale}`);
    // The browser asks for another language: the profile wins.
    await page.setExtraHTTPHeaders({ 'Accept-Language': locale === 'en' ? 'de-DE,de;q=0.9' : 'en-US,en;q=0.9' });
    const saved = await page.request.patch('/api/me', { data: { locale }, headers: { Origin: baseURL! } });
    expect(saved.status(), await saved.text()).toBe(200);
    expect((await saved.json()).locale).toBe(locale);
    await visitMainPages(page, locale);

    // A charge point's own page, with its live sections, at both sizes.
    const created = await page.request.post('/api/charge-points', { data: { identity: `lang-${locale}-${Date.now()}`, name: 'Garage' }, headers: { Origin: baseURL! } });
    expect(created.status(), await created.text()).toBe(201);
    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size);
      await page.goto(`/charge-points/${(await created.json()).id}`);
      for (const name of CHARGE_POINT_SECTIONS[locale]) await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
      await expectInLanguage(page, locale);
      if (size === PHONE) await expectNoHorizontalOverflow(page);
    }

    // My charging and a site's page (shared sites, invoices).
    const site = await page.request.post('/api/sites', { data: { name: 'Garage supply', phases: 3 }, headers: { Origin: baseURL! } });
    expect(site.status(), await site.text()).toBe(201);
    await page.setViewportSize(DESKTOP);
    await page.goto('/my-charging');
    const [title, ...sections] = MY_CHARGING[locale];
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
    for (const name of sections) await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
    await expectInLanguage(page, locale);
    await page.goto(`/sites/${(await site.json()).id}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Garage supply');
    for (const name of SITE_SECTIONS[locale]) await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
    await expectInLanguage(page, locale);
  });
}

test.describe('language from the browser', () => {
  for (const [browserLocale, locale] of [['sv-SE', 'sv'], ['de-DE', 'de']] as const) {
    test.describe(browserLocale, () => {
      test.use({ locale: browserLocale });

      test(`a signed-out visitor and a new account follow the browser (${browserLocale})`, async ({ page, baseURL }) => {
        test.setTimeout(120_000);
        await page.goto('/signin');
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(locale === 'sv' ? 'Logga in' : 'Anmelden');
        await expectInLanguage(page, locale);
        await page.goto('/');
        await expectInLanguage(page, locale);
        await page.goto('/status');
        await expect(page.getByTestId('status-headline')).toHaveText(STATUS_HEADLINE[locale]);
        await expectInLanguage(page, locale);
        await signedInAccount(page.request, baseURL!, `lang-browser-${locale}`);
        await visitMainPages(page, locale);
      });
    });
  }

  test.describe('en-US', () => {
    test.use({ locale: 'en-US' });

    test('the language switch on the profile page changes the app and can go back to the browser', async ({ page, baseURL }) => {
      await signedInAccount(page.request, baseURL!, 'lang-switch');
      await page.setViewportSize(DESKTOP);
      await page.goto('/profile');
      await expectInLanguage(page, 'en');
      await page.getByLabel('Language').selectOption('de');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Profil');
      await expect(page.locator('html')).toHaveAttribute('lang', 'de');
      await expect(page.getByRole('navigation').getByRole('link', { name: 'Ladestationen', exact: true })).toBeVisible();
      // Kept for the next visit.
      await page.goto('/charge-points');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ladestationen');
      await page.goto('/profile');
      await page.getByLabel('Sprache').selectOption('');
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Profile');
    });
  });
});
