import { describe, expect, it } from '@jest/globals';
import { DEFAULT_HTTP_TIMEOUTS, parseConfig } from '../config';

// Regression: the server used Node's defaults (60 s for headers, 5 min for a request, checked every
// 30 s), so slow clients could hold connections for minutes. The running server is tested in
// hostile-input.int.spec.ts; this checks the settings that feed it.
describe('HTTP timeouts against slow clients', () => {
  it('default to 10 s for headers and 30 s for the whole request', () => {
    const config = parseConfig({})._unsafeUnwrap();
    expect([config.httpHeadersTimeoutMs, config.httpRequestTimeoutMs]).toEqual([
      DEFAULT_HTTP_TIMEOUTS.headersMs,
      DEFAULT_HTTP_TIMEOUTS.requestMs,
    ]);
    expect(DEFAULT_HTTP_TIMEOUTS).toEqual({ headersMs: 10_000, requestMs: 30_000 });
  });

  it('are read from HTTP_HEADERS_TIMEOUT_MS and HTTP_REQUEST_TIMEOUT_MS', () => {
    const config = parseConfig({
      HTTP_HEADERS_TIMEOUT_MS: '2000',
      HTTP_REQUEST_TIMEOUT_MS: '5000',
    })._unsafeUnwrap();
    expect([config.httpHeadersTimeoutMs, config.httpRequestTimeoutMs]).toEqual([2_000, 5_000]);
  });

  it.each([
    ['HTTP_HEADERS_TIMEOUT_MS', '0'],
    ['HTTP_HEADERS_TIMEOUT_MS', 'soon'],
    ['HTTP_REQUEST_TIMEOUT_MS', '100'],
    ['HTTP_REQUEST_TIMEOUT_MS', '-1'],
  ])('refuse %s=%s, naming the variable', (name, value) => {
    const problems = parseConfig({ [name]: value })._unsafeUnwrapErr();
    expect(problems.join('\n')).toContain(name);
  });
});
