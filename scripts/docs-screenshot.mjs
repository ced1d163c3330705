// `npm run docs:screenshot`: the README's screenshot (docs/images/charge-point.png), taken with
// Chromium from a fresh server (scripts/e2e-server.mjs, the `.next-test` build) after a person
// signed up and their charge point reported twenty minutes of a session.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { RPCClient } from 'ocpp-rpc';
import { chromium } from 'playwright';

const port = process.env.E2E_PORT || '3291';
const base = `http://127.0.0.1:${port}`;
const out = fileURLToPath(new URL('../docs/images/charge-point.png', import.meta.url));
const mailsFile = path.join(os.tmpdir(), `evconduit-e2e-${port}`, 'mails.jsonl');
const account = { email: 'alex@example.com', password: 'correct horse battery staple', name: 'Alex' };

const server = spawn(process.execPath, [fileURLToPath(new URL('./e2e-server.mjs', import.meta.url))], {
  env: { ...process.env, E2E_PORT: port },
  stdio: ['ignore', 'ignore', 'inherit'],
});

async function until(what, check, seconds = 240) {
  for (let deadline = Date.now() + seconds * 1000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 250))) {
    const value = await check().catch(() => undefined);
    if (value) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

function mailedToken() {
  const lines = fs.existsSync(mailsFile) ? fs.readFileSync(mailsFile, 'utf8').split('\n').filter(Boolean) : [];
  const text = lines.map((line) => JSON.parse(line)).filter((m) => m.to === account.email).at(-1)?.text;
  return text && /\/verify-email\?token=([\w-]+)/.exec(text)?.[1];
}

/** A wallbox that boots, starts a session and reports a few minutes of readings. */
async function chargeOnce(chargePoint) {
  const charger = new RPCClient({
    endpoint: `${base.replace(/^http/, 'ws')}/ocpp`,
    identity: chargePoint.identity,
    password: chargePoint.password,
    protocols: ['ocpp1.6'],
    strictMode: true,
    reconnect: false,
  });
  await charger.connect();
  await charger.call('BootNotification', { chargePointVendor: 'Garage', chargePointModel: 'Wallbox 11' });
  await charger.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Charging' });
  const started = Date.now() - 20 * 60_000;
  const { transactionId } = await charger.call('StartTransaction', { connectorId: 1, idTag: 'GARAGE-1', meterStart: 0, timestamp: new Date(started).toISOString() });
  for (let minute = 1; minute <= 20; minute += 1) {
    const watts = 10_500 + Math.round(400 * Math.sin(minute / 3));
    await charger.call('MeterValues', {
      connectorId: 1,
      transactionId,
      meterValue: [
        {
          timestamp: new Date(started + minute * 60_000).toISOString(),
          sampledValue: [
            { value: String(watts), measurand: 'Power.Active.Import', unit: 'W' },
            { value: String(minute * 178), measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
          ],
        },
      ],
    });
  }
  return charger;
}

let browser;
let charger;
try {
  await until('the server', async () => (await fetch(`${base}/api/ready`)).ok);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  const headers = { origin: base };
  const post = async (url, data) => {
    const response = await page.request.post(`${base}${url}`, { data, headers });
    if (!response.ok()) throw new Error(`${url}: ${response.status()} ${await response.text()}`);
    return response.json();
  };
  await post('/api/auth/signup', account);
  await post('/api/auth/verify-email', { token: await until('the confirmation mail', async () => mailedToken()) });
  await post('/api/auth/signin', { email: account.email, password: account.password });

  await post('/api/id-tags', { tag: 'GARAGE-1' });
  const chargePoint = await post('/api/charge-points', { identity: 'garage-1', name: 'Garage wallbox' });
  charger = await chargeOnce(chargePoint);

  await page.goto(`${base}/charge-points/${chargePoint.id}`);
  await page.waitForLoadState('networkidle');
  await page.getByText('kW').first().waitFor();
  await page.screenshot({ path: out });
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
} finally {
  await charger?.close({ force: true });
  await browser?.close();
  server.kill('SIGTERM');
}
