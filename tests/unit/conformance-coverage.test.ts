/** `npm run conformance:coverage`: the script run as a child process on the repository's own checklists and tests. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (...args: string[]) => execFileSync(process.execPath, ['scripts/conformance-coverage.mjs', ...args], { encoding: 'utf8' });

describe('conformance coverage', () => {
  it('counts the case ids tests are named after, per section, with a total over both checklists', () => {
    const output = run();
    expect(output).toMatch(/^OCPP 1\.6 \(ocpp16-csms-test-cases\.tsv\)$/m);
    expect(output).toMatch(/^\s+Local Authorization List\s+6\/6$/m);
    expect(output).toMatch(/^\s+FirmwareManagement\s+3\/3$/m);
    expect(output).toMatch(/^\s+N Diagnostics\s+\d+\/\d+$/m);
    expect(output).toMatch(/^Conformance cases covered: \d+\/210$/m);
    expect(output).not.toContain('- TC_');
  });

  it('--verbose lists the uncovered ids with their names', () => {
    const output = run('--verbose');
    // Reservations are not implemented, so none of their cases can be covered.
    expect(output).toMatch(/- TC_046_CSMS {2}Reservation of a Connector - Transaction/);
    expect(output).not.toMatch(/- TC_043_4_CSMS/);
  });
});
