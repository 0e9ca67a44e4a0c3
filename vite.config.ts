/// <reference types="vitest/config" />
import path from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

/**
 * The browser app's build (root: src/app). The server-side entry and the service worker are built
 * from scripts/build.ts with this same config; tests run from the project root.
 */
export default defineConfig(({ mode }) => ({
  root: mode === 'test' ? root : path.join(root, 'src/app'),
  publicDir: path.join(root, 'public'),
  plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })],
  build: {
    outDir: path.join(root, 'dist/client'),
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    modulePreload: { polyfill: false },
    // One stylesheet, which the build inlines in every page and then deletes: with per-chunk CSS,
    // lazily imported chunks would wait for that deleted file.
    cssCodeSplit: false,
    assetsInlineLimit: 0,
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
