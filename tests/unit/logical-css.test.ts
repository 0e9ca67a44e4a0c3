import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The stylesheets use logical properties only (margin-inline-start, not margin-left), so Arabic's
 * right-to-left layout mirrors by itself: one physical property would put that part on the wrong
 * side. Sizes are logical too (inline-size), so vertical writing would follow.
 */
const stylesDir = path.join(import.meta.dirname, '../../src/app/styles');

const physicalProperty = /(^|-)(left|right|top|bottom|width|height)(-|$)/;
/** Names that contain a physical word but have no side or axis: nothing to mirror. */
const sideless = new Set(['line-height', 'outline-width', 'stroke-width', 'column-width']);
/** Properties whose physical words are in their values. */
const physicalValue: Record<string, RegExp> = {
  'text-align': /^(left|right)$/,
  float: /^(left|right)$/,
  clear: /^(left|right)$/,
  resize: /^(horizontal|vertical)$/,
};
/** Four-value margin/padding/inset shorthands set left and right apart: their sides are physical. */
const fourSidedShorthand = /^(margin|padding|inset|border-width|border-style|border-color)$/;

interface Declaration {
  file: string;
  line: number;
  property: string;
  value: string;
}

function declarations(file: string, css: string): Declaration[] {
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '));
  return [...withoutComments.matchAll(/([a-z-]+)\s*:\s*([^;{}]+);/g)].map((match) => ({
    file,
    line: withoutComments.slice(0, match.index).split('\n').length,
    property: match[1] ?? '',
    value: (match[2] ?? '').trim(),
  }));
}

/** The physical declarations of a stylesheet, as "file:line property: value". */
function physicalDeclarations(file: string, css: string): string[] {
  return declarations(file, css)
    .filter(({ property, value }) => {
      if (property.startsWith('--')) return false;
      if (physicalProperty.test(property)) return !sideless.has(property);
      if (physicalValue[property]?.test(value)) return true;
      // Two values (block inline) are symmetric; a fourth value makes left differ from right.
      return fourSidedShorthand.test(property) && value.split(/\s+/).length === 4;
    })
    .map(({ file: name, line, property, value }) => `${name}:${line} ${property}: ${value}`);
}

describe('logical CSS', () => {
  it('finds physical properties (the check works)', () => {
    const css = `.a { margin-left: 1rem; line-height: 1.5; text-align: right; inline-size: 2rem; padding: 0 1rem 0 2rem; }
      @media (min-width: 36rem) { .b { top: 0; max-width: 3rem; margin-inline: auto; --left: 1px; } }`;
    expect(physicalDeclarations('x.css', css)).toEqual([
      'x.css:1 margin-left: 1rem',
      'x.css:1 text-align: right',
      'x.css:1 padding: 0 1rem 0 2rem',
      'x.css:2 top: 0',
      'x.css:2 max-width: 3rem',
    ]);
  });

  const sheets = readdirSync(stylesDir).filter((file) => file.endsWith('.css'));

  it('has stylesheets to check', () => {
    expect(sheets.length).toBeGreaterThan(0);
  });

  it.each(sheets)('%s uses logical properties only', (file) => {
    const css = readFileSync(path.join(stylesDir, file), 'utf8');
    expect(declarations(file, css).length).toBeGreaterThan(0);
    expect(physicalDeclarations(file, css)).toEqual([]);
  });
});
