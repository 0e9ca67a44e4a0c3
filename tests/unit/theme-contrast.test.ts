import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every colour pair the stylesheet uses, checked in both themes against WCAG 2.2: 4.5:1 for text,
 * 3:1 for large text and for the parts of controls (borders, focus ring). The colours are read
 * from the stylesheet itself, so a change there is checked here.
 */
const css = readFileSync(path.join(import.meta.dirname, '../../src/app/styles/main.css'), 'utf8');

const textPairs: [string, string][] = [
  ['text', 'background'],
  ['text', 'surface'],
  ['text-muted', 'background'],
  ['text-muted', 'surface'],
  ['link', 'background'],
  ['link', 'surface'],
  ['link-visited', 'background'],
  ['link-visited', 'surface'],
  ['primary-text', 'primary'],
  // Secondary buttons: the primary colour as text on the page's background.
  ['primary', 'background'],
  ['primary', 'surface'],
  // The success panel: the background colour as text on the success colour.
  ['background', 'success'],
  ['error', 'background'],
  ['error', 'surface'],
  ['success', 'background'],
  ['success', 'surface'],
];
const interfacePairs: [string, string][] = [
  ['border', 'background'],
  ['error', 'background'],
  ['border', 'surface'],
  ['focus-ring', 'background'],
  ['focus-ring', 'surface'],
  ['primary', 'background'],
];

const themes = {
  light: customProperties(/:root\s*\{([^}]*)\}/),
  dark: { ...customProperties(/:root\s*\{([^}]*)\}/), ...customProperties(/prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{([^}]*)\}/) },
};

describe.each(Object.entries(themes))('the %s theme', (_name, colours) => {
  it.each(textPairs)('%s on %s reaches 4.5:1', (foreground, background) => {
    expect(contrast(colour(colours, foreground), colour(colours, background))).toBeGreaterThanOrEqual(4.5);
  });
  it.each(interfacePairs)('%s against %s reaches 3:1', (foreground, background) => {
    expect(contrast(colour(colours, foreground), colour(colours, background))).toBeGreaterThanOrEqual(3);
  });
});

it('the dark theme sets every colour but the focus highlight (no light colour left on a dark page)', () => {
  const lightColours = Object.keys(customProperties(/:root\s*\{([^}]*)\}/));
  const darkColours = Object.keys(customProperties(/prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{([^}]*)\}/));
  expect(lightColours.filter((name) => !darkColours.includes(name))).toEqual(['focus']);
});

it('reads both themes from the stylesheet', () => {
  expect(Object.keys(themes.light).length).toBeGreaterThan(10);
  expect(themes.dark.background).not.toBe(themes.light.background);
});

function customProperties(block: RegExp): Record<string, string> {
  const body = block.exec(css)?.[1] ?? '';
  return Object.fromEntries([...body.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((match) => [match[1] ?? '', match[2] ?? '']));
}

function colour(colours: Record<string, string>, name: string): string {
  const value = colours[name];
  if (!value) throw new Error(`--${name} is not a hex colour in main.css`);
  return value;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((channel) => (channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
