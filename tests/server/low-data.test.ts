import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wantsLowData } from '../../src/shared/low-data.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';

describe('low-data mode', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await createTestApp('pglite');
  });
  afterAll(() => test.close());

  it('follows the switch first, then the browser’s Save-Data', () => {
    expect(wantsLowData('on', undefined)).toBe(true);
    expect(wantsLowData(' On ', undefined)).toBe(true);
    expect(wantsLowData('on', 'off')).toBe(false);
    expect(wantsLowData(undefined, 'on')).toBe(true);
    expect(wantsLowData(undefined, undefined)).toBe(false);
    expect(wantsLowData('off', 'nonsense')).toBe(false);
  });

  it('sends pages without preload hints and marked for no images when the browser asks to save data', async () => {
    const normal = await test.app.inject({ method: 'GET', url: '/callback' });
    expect(normal.body).toContain('rel="modulepreload"');
    expect(normal.body).not.toContain('<html data-low-data');
    expect(normal.headers.vary).toContain('Save-Data');

    const light = await test.app.inject({ method: 'GET', url: '/callback', headers: { 'save-data': 'on' } });
    expect(light.statusCode).toBe(200);
    expect(light.body).not.toContain('rel="modulepreload"');
    expect(light.body).toMatch(/<html data-low-data="on" lang="fr"/);
    expect(light.body.length).toBeLessThan(normal.body.length);
  });

  it('lets the citizen’s switch (a cookie) turn it on, or off despite Save-Data', async () => {
    const on = await test.app.inject({ method: 'GET', url: '/', cookies: { 'low-data': 'on' } });
    expect(on.body).toContain('<html data-low-data="on"');
    const off = await test.app.inject({ method: 'GET', url: '/', headers: { 'save-data': 'on' }, cookies: { 'low-data': 'off' } });
    expect(off.body).not.toContain('<html data-low-data');
  });
});
