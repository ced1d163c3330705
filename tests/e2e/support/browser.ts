import fs from 'node:fs';

/** The system Chromium the browser tests drive (Debian's `chromium` package). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const hasChromium = fs.existsSync(CHROMIUM_PATH);

export const NO_CHROMIUM_MESSAGE = `Browser tests skipped: no Chromium at ${CHROMIUM_PATH} (install the "chromium" package).`;
