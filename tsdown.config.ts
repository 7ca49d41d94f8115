import { defineConfig } from 'tsdown';

/**
 * The package build: ESM (.js) and CommonJS (.cjs) with declarations for every public entry, plus the CLI.
 * tsdown 0.21 (rolldown): one config for both formats and .d.ts/.d.cts, and it still runs on Node 20
 * (0.22+ wants Node 22); tsc alone cannot emit CJS from this ESM source (import.meta, top-level await).
 */
const entries = {
  index: 'src/index.ts',
  server: 'src/adapters/server.ts',
  express: 'src/adapters/express.ts',
  msw: 'src/adapters/msw.ts',
  client: 'src/client/index.ts',
  contracts: 'src/contracts/index.ts',
};

export default defineConfig([
  {
    entry: entries,
    format: ['esm', 'cjs'],
    platform: 'node',
    target: 'node20',
    dts: true,
    sourcemap: true,
    clean: true,
    // Node's import.meta.url in the CJS build (package files are found relative to the module).
    shims: true,
    outExtensions: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.js', dts: format === 'cjs' ? '.d.cts' : '.d.ts' }),
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    clean: false,
    outExtensions: () => ({ js: '.js' }),
  },
]);
