/** One character of each kind that no name, city or phone may hold, labelled for test titles. */
export const UNCLEAN_CHARACTERS: readonly (readonly [label: string, character: string])[] = [
  ['NUL', '\u0000'],
  ['a tab', '\t'],
  ['a line break', '\n'],
  ['ESC (another C0 control)', '\u001b'],
  ['DEL', '\u007f'],
  ['a C1 control (NEL)', '\u0085'],
  ['a lone high surrogate', '\ud800'],
  ['a lone low surrogate', '\udc00'],
];

/** The control characters among them: the only ones a URL can carry (a lone surrogate has no UTF-8 form). */
export const UNCLEAN_CONTROL_CHARACTERS = UNCLEAN_CHARACTERS.filter(
  ([label]) => !label.includes('surrogate'),
);

/** Byte sequences that are not UTF-8, labelled for test titles. */
export const NOT_UTF8_BYTES: readonly (readonly [label: string, bytes: readonly number[]])[] = [
  ['a byte that never starts a character', [0xff]],
  ['an encoded lone surrogate', [0xed, 0xa0, 0x80]],
  ['an overlong NUL', [0xc0, 0x80]],
  ['a cut-short character', [0xe2, 0x82]],
];
