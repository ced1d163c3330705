import { expect, type APIRequestContext, type Page, test } from '@playwright/test';
import { RPCClient } from 'ocpp-rpc';

import { ADMIN, PASSWORD, uniqueEmail } from './support/accounts';
import { hasChromium, NO_CHROMIUM_MESSAGE } from './support/browser';
import { DESKTOP, expectNoHorizontalOverflow, PHONE } from './support/layout';
import { mailedLink } from './support/mails';

test.skip(!hasChromium, NO_CHROMIUM_MESSAGE);

/**
 * The parts of the app that were English in every language (issue 22): a
 * charge point's remote commands, configuration and maintenance with a live
 * OCPP 1.6 charge point, the administration pages and a vehicle's page, in
 * Swedish and German from the browser's language. The words are written out
 * here, not read from the catalogues.
 */
const WORDS = {
  sv: {
    everyday: 'Vardagliga kommandon',
    disruptive: 'Störande kommandon',
    disruptiveButtons: ['Stoppa laddning', 'Starta om', 'Lås upp uttaget', 'Gör otillgänglig'],
    start: 'Starta laddning',
    startReason: 'En laddning pågår redan på uttag 1',
    resetTitle: 'Starta om laddboxen?',
    resetBody: 'Omstarten avslutar den pågående laddningen på uttag 1 (7,20 kWh hittills).',
    cancel: 'Avbryt',
    resetAnswer: 'Starta om: Godkänt',
    loadConfiguration: 'Hämta konfigurationen',
    localList: 'Lokal behörighetslista',
    noOperations: 'Inga firmwareuppdateringar eller diagnostik än.',
    users: 'Användare',
    usersColumns: ['E-post', 'Namn', 'Roll', 'Plan', 'Tilldelad nivå', 'Godkänd', 'Skapad'],
    you: '(du)',
    webhooks: 'Enode-webhooks',
    webhookHeadings: ['Prenumeration', 'Senaste leveranser'],
    linkTitle: 'Länka ditt fordon',
    approve: 'Godkänn',
    batteryLevel: 'Batterinivå',
    readingsSince: /^Avläsningar sedan \S/,
  },
  de: {
    everyday: 'Alltägliche Befehle',
    disruptive: 'Störende Befehle',
    disruptiveButtons: ['Ladevorgang beenden', 'Neu starten', 'Anschluss entriegeln', 'Außer Betrieb nehmen'],
    start: 'Ladevorgang starten',
    startReason: 'An Anschluss 1 läuft bereits ein Ladevorgang',
    resetTitle: 'Ladestation neu starten?',
    resetBody: 'Der Neustart beendet den laufenden Ladevorgang an Anschluss 1 (bisher 7,20 kWh).',
    cancel: 'Abbrechen',
    resetAnswer: 'Neu starten: Angenommen',
    loadConfiguration: 'Konfiguration laden',
    localList: 'Lokale Autorisierungsliste',
    noOperations: 'Noch keine Firmware-Updates oder Diagnosen.',
    users: 'Benutzer',
    usersColumns: ['E-Mail', 'Name', 'Rolle', 'Tarif', 'Gewährte Stufe', 'Freigegeben', 'Erstellt'],
    you: '(du)',
    webhooks: 'Enode-Webhooks',
    webhookHeadings: ['Abonnement', 'Letzte Zustellungen'],
    linkTitle: 'Fahrzeug verknüpfen',
    approve: 'Bestätigen',
    batteryLevel: 'Akkustand',
    readingsSince: /^Messwerte seit \S/,
  },
} as const;

/** No missing message, no raw catalogue key of the namespaces these pages use. */
async function expectTranslated(page: Page) {
  const text = await page.locator('body').innerText();
  expect(text, 'a message missing from the catalogue').not.toContain('⟦');
  expect(text).not.toMatch(/\b(?:commands|cpConfig|cpMaintenance|admin\w*|planSource|vehicleDetail|simulatorLink)\.[a-z]\w*/);
}

async function expectFitsPhone(page: Page) {
  await page.setViewportSize(PHONE);
  await expectNoHorizontalOverflow(page);
  await page.setViewportSize(DESKTOP);
}

async function signedInAccount(request: APIRequestContext, baseURL: string, label: string) {
  const headers = { Origin: baseURL };
  const email = uniqueEmail(label);
  expect((await request.post('/api/auth/signup', { data: { email, password: PASSWORD }, headers })).status()).toBe(202);
  const token = new URL(await mailedLink(email, '/verify-email'), baseURL).searchParams.get('token');
  expect((await request.post('/api/auth/verify-email', { data: { token }, headers })).status()).toBe(200);
  expect((await request.post('/api/auth/signin', { data: { email, password: PASSWORD }, headers })).status()).toBe(200);
}

/** A real OCPP 1.6 charge point that accepts Reset, with a session of 7.2 kWh on connector 1. */
async function chargingChargePoint(request: APIRequestContext, baseURL: string) {
  const created = await request.post('/api/charge-points', { data: { identity: `lang-cmd-${Date.now()}`, name: 'Garage' }, headers: { Origin: baseURL } });
  expect(created.status(), await created.text()).toBe(201);
  const cp = (await created.json()) as { id: string; identity: string; password: string };
  const options = { endpoint: `${baseURL.replace(/^http/, 'ws')}/ocpp`, identity: cp.identity, password: cp.password, protocols: ['ocpp1.6'], strictMode: true, reconnect: false };
  const charger = new RPCClient(options as unknown as ConstructorParameters<typeof RPCClient>[0]);
  charger.handle('Reset', async () => ({ status: 'Accepted' }));
  await charger.connect();
  await charger.call('BootNotification', { chargePointVendor: 'E2E', chargePointModel: 'Languages' });
  await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
  const started = new Date(Date.now() - 10 * 60_000).toISOString();
  const { transactionId } = (await charger.call('StartTransaction', { connectorId: 1, idTag: 'LANG-1', meterStart: 0, timestamp: started })) as { transactionId: number };
  const sampled = new Date(Date.now() - 60_000).toISOString();
  await charger.call('MeterValues', {
    connectorId: 1,
    transactionId,
    meterValue: [{ timestamp: sampled, sampledValue: [{ value: '7200', measurand: 'Energy.Active.Import.Register', unit: 'Wh' }] }],
  });
  return { id: cp.id, charger };
}

for (const [browserLocale, locale] of [['sv-SE', 'sv'], ['de-DE', 'de']] as const) {
  test.describe(`${browserLocale}: the pages that were English`, () => {
    test.use({ locale: browserLocale });
    const words = WORDS[locale];

    test('a charge point\'s commands, configuration and maintenance, with a connected charge point', async ({ page, baseURL }) => {
      test.setTimeout(120_000);
      await signedInAccount(page.request, baseURL!, `lang-cp-${locale}`);
      const { id, charger } = await chargingChargePoint(page.request, baseURL!);
      try {
        await page.setViewportSize(DESKTOP);
        await page.goto(`/charge-points/${id}`);
        await expect(page.locator('html')).toHaveAttribute('lang', locale);
        const disruptive = page.getByRole('group', { name: words.disruptive });
        await expect(disruptive.getByRole('button')).toHaveText([...words.disruptiveButtons]);
        const start = page.getByRole('group', { name: words.everyday }).getByRole('button', { name: words.start });
        await expect(start).toBeDisabled();
        await expect(start).toHaveAccessibleDescription(words.startReason);

        await disruptive.getByRole('button', { name: words.disruptiveButtons[1] }).click();
        const dialog = page.getByRole('alertdialog', { name: words.resetTitle });
        await expect(dialog).toContainText(words.resetBody);
        await dialog.getByRole('button', { name: words.disruptiveButtons[1] }).click();
        await expect(page.getByTestId('command-result')).toHaveText(words.resetAnswer);

        await expect(page.getByRole('button', { name: words.loadConfiguration })).toBeVisible();
        await expect(page.getByRole('heading', { level: 3, name: words.localList })).toBeVisible();
        await expect(page.getByText(words.noOperations)).toBeVisible();
        await expectTranslated(page);
        await expectFitsPhone(page);
        // The confirmation reads whole on a phone too.
        await page.setViewportSize(PHONE);
        await disruptive.getByRole('button', { name: words.disruptiveButtons[3] }).click();
        await expect(page.getByRole('alertdialog')).toBeVisible();
        await expectNoHorizontalOverflow(page);
        await page.getByRole('alertdialog').getByRole('button', { name: words.cancel }).click();
      } finally {
        await charger.close({ force: true });
      }
    });

    test('the administration pages', async ({ page, baseURL }) => {
      test.setTimeout(120_000);
      const headers = { Origin: baseURL! };
      // The administrator's profile has no language: the browser's is used, as for anyone.
      expect((await page.request.post('/api/auth/signin', { data: { email: ADMIN.email, password: ADMIN.password }, headers })).status()).toBe(200);
      await page.setViewportSize(DESKTOP);
      await page.goto('/admin/users');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(words.users);
      await expect(page.getByRole('columnheader')).toContainText([...words.usersColumns]);
      await expect(page.getByRole('row', { name: new RegExp(ADMIN.email) })).toContainText(words.you);
      await expectTranslated(page);
      await expectFitsPhone(page);

      await page.goto('/admin/webhooks');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(words.webhooks);
      for (const name of words.webhookHeadings) await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
      await expectTranslated(page);
      await expectFitsPhone(page);

      for (const path of ['/admin/plans', '/admin/billing', '/admin/charge-points', '/admin/notifications', '/admin/backups']) {
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expectTranslated(page);
        await expectFitsPhone(page);
      }
    });

    test('linking a simulated vehicle and its page', async ({ page, baseURL }) => {
      test.setTimeout(90_000);
      await signedInAccount(page.request, baseURL!, `lang-vehicle-${locale}`);
      const link = await page.request.post('/api/vehicles/link', { data: { vendor: 'KIA' }, headers: { Origin: baseURL! } });
      expect(link.status(), await link.text()).toBe(200);
      await page.setViewportSize(DESKTOP);
      await page.goto((await link.json()).link_url);
      await expect(page.getByRole('heading', { name: words.linkTitle })).toBeVisible();
      await expectTranslated(page);
      await page.getByLabel('Kia').check();
      await page.getByRole('button', { name: words.approve }).click();
      await expect(page).toHaveURL(/\/dashboard\?vehicle_link=linked/);

      const { vehicles } = (await (await page.request.get('/api/vehicles')).json()) as { vehicles: { id: string }[] };
      await page.goto(`/vehicles/${vehicles[0].id}`);
      const battery = page.getByRole('region', { name: words.batteryLevel });
      // Minutes of readings: "since" the first one's time, in the reader's language.
      await expect(battery.getByText(words.readingsSince)).toBeVisible();
      await expectTranslated(page);
      await expectFitsPhone(page);
    });
  });
}
