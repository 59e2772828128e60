import { describe, expect, it } from '@jest/globals';
import { csvDocument, csvRow, twoDecimals } from './csv';

describe('csvRow', () => {
  it('writes plain cells as they are, and numbers (negative ones too) as numbers', () => {
    expect(csvRow(['0b6c3a4e-6d1f-4b43-9d55-1f0a0c0de001', '2030-01-02', 'EUR', '-18.75', 3])).toBe(
      '0b6c3a4e-6d1f-4b43-9d55-1f0a0c0de001,2030-01-02,EUR,-18.75,3',
    );
  });

  it.each([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\r=1', `"'\r=1"`],
  ])('keeps a spreadsheet from reading %j as a formula', (cell, written) => {
    expect(csvRow([cell])).toBe(written);
  });

  it('quotes cells with commas, quotes or line breaks', () => {
    expect(csvRow(['a,b', 'say "hi"', 'two\nlines'])).toBe('"a,b","say ""hi""","two\nlines"');
  });
});

describe('csvDocument', () => {
  it('ends every row, the last one too, with CRLF', () => {
    expect(
      csvDocument([
        ['a', 'b'],
        [1, 2],
      ]),
    ).toBe('a,b\r\n1,2\r\n');
  });
});

describe('twoDecimals', () => {
  it.each([
    [0, '0.00'],
    [12.5, '12.50'],
    [17.99, '17.99'],
    [-18.75, '-18.75'],
    [-0.1, '-0.10'],
    [0.1 + 0.2, '0.30'],
    [1234567.89, '1234567.89'],
  ])('writes %f as %s', (amount, written) => {
    expect(twoDecimals(amount)).toBe(written);
  });
});
