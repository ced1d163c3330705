/** The one CSV writer (RFC 4180), for every export. */

/**
 * Text that a spreadsheet would read as a formula: starting with = + - @,
 * or with a tab or carriage return before one (OWASP's CSV injection list).
 * A line feed is inside quotes, so it cannot start a cell.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: text that could run as a formula gets a leading ', quotes when needed; numbers as they are, null empty. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A document: the header and one line per row, CRLF line ends. */
export function csvDocument(header: string[], rows: (string | number | null | undefined)[][]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** A CSV download named `filename` (characters a header could misread become _). */
export const csvResponse = ({ filename, csv }: { filename: string; csv: string }) =>
  new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
    },
  });
