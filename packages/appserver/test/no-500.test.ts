// Property: no request body makes the AppServer answer 5xx. Arbitrary JSON values and arbitrary text go to a
// real definition (sitefit@1.0.0) and to the mock; every answer is a JSON error with a catalogue code.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import fc from 'fast-check';
import { makeApp } from './helpers.ts';

describe('no input causes a 5xx', () => {
  const t = makeApp();
  after(() => t.close());

  const send = (target: string, payload: string) =>
    t.app.inject({
      method: 'POST',
      url: `/gh/${target}/solve`,
      headers: { 'content-type': 'application/json' },
      payload,
    });

  test('arbitrary JSON values', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue(),
        fc.constantFrom('sitefit:1.0.0', 'mock:1.0.0'),
        async (value, target) => {
          const res = await send(target, JSON.stringify(value));
          assert.ok(res.statusCode < 500, `${res.statusCode} ${res.body}`);
          if (res.statusCode !== 200) assert.equal(typeof res.json().code, 'string');
        },
      ),
      { numRuns: 300 },
    );
  });

  test('arbitrary text bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
        const res = await send('sitefit:1.0.0', text);
        assert.ok(res.statusCode < 500, `${res.statusCode} ${res.body}`);
        assert.equal(typeof res.json().code, 'string');
      }),
      { numRuns: 300 },
    );
  });
});
