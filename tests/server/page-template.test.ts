import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../support/test-database.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { visitor, type Visitor } from '../support/visitor.ts';

/** What `String.replace` would read as a pattern in a replacement, and a marker of the page template. */
const patterns = ['$`', "$'", '$&', '$$', "x$`y$'z$&", '<!--state-->'];

/** The page's JSON state blocks, parsed. */
function states(html: string): unknown[] {
  return [...html.matchAll(/<script type="application\/json" id="page-state">([^<]*)<\/script>/g)].map((match) =>
    JSON.parse(match[1] ?? ''),
  );
}

describe.each(databaseKinds)('the page template on %s', (kind) => {
  let test: TestApp;
  let citizen: Visitor;
  beforeAll(async () => {
    test = await createTestApp(kind);
    citizen = await visitor(test.app);
  });
  afterAll(() => test.close());

  it.each(patterns)('gives back a typed form value %j verbatim, in one page with one state script', async (text) => {
    const response = await citizen.postForm('/callback', { phone: `06 ${text}`, topic: 'school', window: 'morning' });
    expect(response.statusCode).toBe(422);
    expect(response.body.match(/<!doctype html>/gi)).toHaveLength(1);
    expect(response.body.match(/<script\b[^>]*id="page-state"/g)).toHaveLength(1);
    expect(states(response.body)).toEqual([
      expect.objectContaining({ form: expect.objectContaining({ values: expect.objectContaining({ phone: `06 ${text}` }) }) }),
    ]);
    expect(response.body.trimEnd()).toMatch(/<\/script>\s*<\/body>\s*<\/html>$/);
  });

  it.each(patterns)('keeps a query holding %j from changing the page', async (text) => {
    const response = await citizen.get(`/visit?service=${text}&x=${text}`);
    expect(response.statusCode).toBe(200);
    expect(response.body.match(/<!doctype html>/gi)).toHaveLength(1);
    expect(response.body.match(/<script\b[^>]*id="page-state"/g)).toHaveLength(1);
    expect(states(response.body)).toHaveLength(1);
  });
});
