import type { Issue } from './api-error';

/**
 * Query parameters whose percent-encoding is not UTF-8 (`%FF`, an encoded lone surrogate). Node's
 * query parser would turn them into U+FFFD without a word; this API refuses them instead.
 */
export function badlyEncodedQuery(querystring: string): Issue[] {
  if (!querystring.includes('%')) return [];
  return querystring.split('&').flatMap((pair) => {
    // Split at the first `=` only: a value may hold more of them (`?from=a=%FF`).
    const equals = pair.indexOf('=');
    const [name, value] = equals < 0 ? [pair, ''] : [pair.slice(0, equals), pair.slice(equals + 1)];
    const decodedName = decode(name);
    if (decodedName !== undefined && decode(value) !== undefined) return [];
    return [{ in: 'query', path: decodedName ?? '', message: 'is not UTF-8 once percent-decoded' }];
  });
}

function decode(component: string): string | undefined {
  try {
    return decodeURIComponent(component.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
