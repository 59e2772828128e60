/**
 * Control characters: C0 (U+0000-U+001F, tab and line breaks included), DEL and C1 (U+007F-U+009F).
 * None belongs in a name, a city or a phone number, and PostgreSQL refuses NUL outright.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** Half of a surrogate pair on its own (with the `u` flag a whole pair is one code point and does not match). */
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/** What clean single-line text is, in words for error messages. */
export const SINGLE_LINE_TEXT_RULE =
  'has no control characters (tabs and line breaks included) and no lone surrogates';

/** True when `value` is text a person types on one line: no control characters, no lone surrogates. */
export function isSingleLineText(value: string): boolean {
  return !CONTROL_CHARACTER.test(value) && !LONE_SURROGATE.test(value);
}

/** True when `value` is well-formed UTF-16, so it has a UTF-8 form (a lone surrogate has none). */
export function isWellFormedText(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}
