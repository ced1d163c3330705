// The documentation cannot drift: the configuration reference is what the zod schema says,
// and every relative link and anchor in README.md, CONTRIBUTING.md and docs/ resolves.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

import { remark } from 'remark';
import remarkValidateLinks from 'remark-validate-links';
import { engine } from 'unified-engine';
import type { Pluggable } from 'unified';
import type { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';

import { CONFIGURATION_DOC, renderConfigurationDoc } from '../../scripts/config-docs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const DOCUMENTS = ['README.md', 'CONTRIBUTING.md', 'docs/**/*.md', 'bench/README.md'];

/** remark-validate-links through unified-engine, as its CLI runs it: headings in other files are checked too. */
function brokenLinks(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    engine(
      {
        processor: remark,
        // Given to the engine (not `.use`d): it then hands the plugin the file set, to check headings across files.
        plugins: [[remarkValidateLinks, { repository: false, root }] as Pluggable],
        files: DOCUMENTS,
        cwd: root,
        extensions: ['md'],
        output: false,
        out: false,
        silent: true,
        quiet: true,
        color: false,
        ignoreName: '.remarkignore',
      },
      (error, _code, context) => {
        if (error) return reject(error);
        const files = (context?.files ?? []) as VFile[];
        if (files.length < 5) return reject(new Error(`found only ${files.length} documents`));
        resolve(files.flatMap((file) => file.messages.map((m) => `${file.path}:${m.line}: ${m.reason}`)));
      },
    );
  });
}

describe('documentation', () => {
  it('docs/configuration.md is what `npm run docs:config` writes from src/server/config.ts', () => {
    expect(fs.readFileSync(CONFIGURATION_DOC, 'utf8'), 'run `npm run docs:config` and commit docs/configuration.md').toBe(
      renderConfigurationDoc(),
    );
  });

  it('every relative link and anchor in the documentation resolves', async () => {
    expect(await brokenLinks()).toEqual([]);
  });
});
