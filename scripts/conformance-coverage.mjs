// `npm run conformance:coverage [-- --verbose]`: per section of the OCA CSMS
// checklists (docs/conformance/*.tsv), how many case ids a test is named
// after. A case counts when its id appears in a string (a test title or an
// it.each row) of a file under tests/, comments left out. --verbose lists the
// uncovered ids.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const verbose = process.argv.includes('--verbose');

/** 2.0.1 cases carry no section: the letter in the id is the functional block. */
const BLOCKS_201 = {
  A: 'A Security',
  B: 'B Provisioning',
  C: 'C Authorization',
  D: 'D Local authorization list',
  E: 'E Transactions',
  F: 'F Remote control',
  G: 'G Availability',
  H: 'H Reservation',
  I: 'I Tariff and cost',
  J: 'J Meter values',
  K: 'K Smart charging',
  L: 'L Firmware management',
  M: 'M Certificate management',
  N: 'N Diagnostics',
  O: 'O Display message',
  P: 'P Data transfer',
};

const CHECKLISTS = [
  { title: 'OCPP 1.6', file: 'ocpp16-csms-test-cases.tsv', section: (row) => row.section },
  { title: 'OCPP 2.0.1', file: 'ocpp201-csms-test-cases.tsv', section: (row) => BLOCKS_201[row.test_case_id.split('_')[1]] ?? 'Other' },
];

function readTsv(file) {
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const columns = header.split('\t');
  return lines.map((line) => Object.fromEntries(line.split('\t').map((value, i) => [columns[i], value.trim()])));
}

function testFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return /\.(test|spec)\.[cm]?[jt]s$/.test(entry.name) ? [full] : [];
  });
}

/** Case ids inside string literals, comments removed. */
function namedIds(source) {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
  const ids = new Set();
  for (const literal of code.match(/'[^'\n]*'|"[^"\n]*"|`[^`]*`/g) ?? []) {
    for (const id of literal.match(/\bTC_[A-Za-z0-9_]+?_CSMS\b/g) ?? []) ids.add(id);
  }
  return ids;
}

const covered = new Set();
for (const file of testFiles(path.join(ROOT, 'tests'))) for (const id of namedIds(fs.readFileSync(file, 'utf8'))) covered.add(id);

const known = new Set();
let allCases = 0;
let allCovered = 0;
for (const checklist of CHECKLISTS) {
  const rows = readTsv(path.join(ROOT, 'docs/conformance', checklist.file));
  const sections = new Map();
  for (const row of rows) {
    known.add(row.test_case_id);
    const name = checklist.section(row);
    if (!sections.has(name)) sections.set(name, []);
    sections.get(name).push(row);
  }
  const width = Math.max(...[...sections.keys()].map((s) => s.length), 5);
  const done = rows.filter((r) => covered.has(r.test_case_id)).length;
  console.log(`${checklist.title} (${checklist.file})`);
  for (const [name, cases] of sections) {
    const missing = cases.filter((c) => !covered.has(c.test_case_id));
    console.log(`  ${name.padEnd(width)}  ${String(cases.length - missing.length).padStart(3)}/${cases.length}`);
    if (verbose) for (const c of missing) console.log(`  ${''.padEnd(width)}    - ${c.test_case_id}  ${c.name}`);
  }
  console.log(`  ${'total'.padEnd(width)}  ${String(done).padStart(3)}/${rows.length}\n`);
  allCases += rows.length;
  allCovered += done;
}
const unknown = [...covered].filter((id) => !known.has(id)).sort();
if (unknown.length > 0) console.log(`Named in tests but in no checklist: ${unknown.join(', ')}\n`);
console.log(`Conformance cases covered: ${allCovered}/${allCases}`);
