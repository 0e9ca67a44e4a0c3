import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './return-path.ts';

/** Known ways to turn a return path into another site, each one written as it would arrive. */
const tricks = [
  '//evil.example',
  '//evil.example/callback',
  '///evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/\\/evil.example',
  '\\/evil.example',
  'https://evil.example/',
  'https:evil.example',
  'http:evil.example',
  'HTTPS://evil.example',
  'https:/evil.example',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'callback',
  'evil.example',
  '',
  ' /callback',
  ' //evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example/callback',
  '\t//evil.example',
  '/..//evil.example',
  '/.//evil.example',
  '/./..//evil.example',
  '/a/..//evil.example',
  '/a/b/../..//evil.example',
  '/%2e%2e//evil.example',
  '/%2E%2E//evil.example',
  '/.%2e//evil.example',
  '/%2e//evil.example',
  '/..\\/evil.example',
  '/..\\\\evil.example',
  '/.\\\\evil.example',
  '/a/..\\\\evil.example',
  '/%2e%2e\\\\evil.example',
  '/..//\\evil.example',
  '/..\t//evil.example',
  '/.\n.//evil.example',
  '/..//evil.example/callback?x=1#top',
  '//\tevil.example',
];

describe('safeReturnPath', () => {
  it.each(['/', '/callback', '/callback/confirmation/RAP-7K4Q-9XZ2', '/visit?from=help#top', '/agent', '/procedures/x?return=check#q'])(
    'keeps the same-site path %s',
    (path) => {
      expect(safeReturnPath(path)).toBe(path);
    },
  );

  it.each([
    ['/a/../callback', '/callback'],
    ['/./callback', '/callback'],
    ['/%2e%2e/callback', '/callback'],
    ['/callback\\status', '/callback/status'],
    ['/call\tback', '/callback'],
    ['/%09/evil.example', '/%09/evil.example'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/\u3000/evil.example', '/%E3%80%80/evil.example'],
  ])('normalises %j to the path of this site %j', (value, path) => {
    expect(safeReturnPath(value)).toBe(path);
  });

  it.each(tricks)('refuses %j and goes to the default instead', (value) => {
    expect(safeReturnPath(value)).toBe('/');
    expect(safeReturnPath(value, '/agent')).toBe('/agent');
  });

  it('never gives back anything a browser would read as another host', () => {
    for (const value of tricks) {
      const path = safeReturnPath(value, '/home');
      expect(new URL(path, 'https://guichet.example').origin, JSON.stringify(value)).toBe('https://guichet.example');
    }
  });

  it('refuses anything that is not a string', () => {
    for (const value of [undefined, null, 42, ['/callback'], { path: '/callback' }]) expect(safeReturnPath(value)).toBe('/');
  });
});
