/// <reference types="vitest/config" />
import path from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import { localesVersion } from './scripts/locales-version.ts';

const root = import.meta.dirname;

/**
 * The browser app's build (root: src/app). The server-side entry and the service worker are built
 * from scripts/build.ts with this same config; tests run from the project root.
 */
export default defineConfig(({ mode }) => ({
  root: mode === 'test' ? root : path.join(root, 'src/app'),
  publicDir: path.join(root, 'public'),
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false }), noPreloadHelper()],
  define: { __LOCALES_VERSION__: JSON.stringify(localesVersion()) },
  build: {
    outDir: path.join(root, 'dist/client'),
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    // The server preloads each page's chunks in its HTML; a runtime preload helper would cost ~0.8 KB of first-load JS.
    modulePreload: false,
    // One stylesheet, which the build inlines in every page and then deletes: with per-chunk CSS,
    // lazily imported chunks would wait for that deleted file.
    cssCodeSplit: false,
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        // The form engine as one chunk: every form page needs nearly all of it, and a handful of
        // tiny chunks costs more bytes (and requests) than the little a page leaves unused. The
        // fields only procedures and the account use (dates, addresses, checkboxes, text areas) and
        // the helper of forms hydrated after load stay out of it: the public forms never load them.
        advancedChunks: {
          includeDependenciesRecursively: false,
          groups: [
            {
              name: 'forms',
              test: /src\/(app\/forms\/(?!unsaved|typed-values|date-field|address-field|checkbox-group|text-area|check-before-post)|app\/http\/use-submission|shared\/validation\.ts)/,
            },
          ],
        },
      },
    },
    reportCompressedSize: false,
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts'], exclude: ['**/*.dom.test.*'], environment: 'node' },
      },
      {
        extends: true,
        test: { name: 'dom', include: ['src/**/*.dom.test.{ts,tsx}'], environment: 'jsdom' },
      },
      {
        extends: true,
        test: {
          name: 'server',
          include: ['tests/server/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/support/ensure-build.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.spec.ts'],
          environment: 'node',
          globalSetup: ['tests/support/ensure-build.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
}));

/**
 * Vite wraps every dynamic import in a helper that preloads the chunk's imports and CSS, and keeps
 * it even with `modulePreload: false` (vitejs/vite#18551). Here the server preloads each page's
 * chunks in its HTML and the CSS is one inlined stylesheet, so the helper only costs first-load
 * bytes: it becomes a plain call.
 */
function noPreloadHelper(): Plugin {
  const helper = '\0vite/preload-helper.js';
  return {
    name: 'guichet:no-preload-helper',
    enforce: 'pre',
    apply: 'build',
    load(id) {
      return id === helper ? 'export const __vitePreload = (load) => load();' : undefined;
    },
  };
}
