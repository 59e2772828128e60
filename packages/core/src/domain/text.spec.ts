import { describe, expect, it } from '@jest/globals';
import { isWellFormedText } from './text';

describe('isWellFormedText', () => {
  it.each([
    ['plain text', 'Ada Lovelace'],
    ['a whole surrogate pair (emoji)', 'Ada 🚌'],
    ['a line break (well-formed, if not single-line)', 'Ada\nLovelace'],
    ['the empty string', ''],
  ])('accepts %s', (_what, text) => {
    expect(isWellFormedText(text)).toBe(true);
  });

  it.each([
    ['a lone high surrogate', 'Ada \ud83d'],
    ['a lone low surrogate', '\ude8c Ada'],
  ])('refuses %s: it has no UTF-8 form', (_what, text) => {
    expect(isWellFormedText(text)).toBe(false);
  });
});
