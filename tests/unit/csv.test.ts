import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from '@/server/http/csv';

describe('csv', () => {
  it('defuses text a spreadsheet would run as a formula, including after a tab or carriage return', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1+2')).toBe("'\t=1+2");
    expect(csvCell('\r=1+2')).toBe(`"'\r=1+2"`);
  });

  it('quotes separators, quotes and line feeds; leaves plain text and numbers alone', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('CP-1 "north"')).toBe('"CP-1 ""north"""');
    expect(csvCell('CP-1')).toBe('CP-1');
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell(null)).toBe('');
  });

  it('writes a header and CRLF lines', () => {
    expect(csvDocument(['a', 'b'], [['x', 1], [null, '=y']])).toBe("a,b\r\nx,1\r\n,'=y\r\n");
  });
});
