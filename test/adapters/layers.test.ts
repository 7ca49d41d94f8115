import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const importsOf = (file: string): string[] => [...readFileSync(file, 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]!);

describe('layers (DESIGN.md)', () => {
  it('doors import the API only through src/api/index.ts, and nothing of the core', () => {
    for (const f of readdirSync('src/adapters')) {
      for (const spec of importsOf(`src/adapters/${f}`)) {
        expect(spec.startsWith('../core/'), `${f} imports ${spec}`).toBe(false);
        if (spec.startsWith('../api/')) expect(spec, `${f} imports ${spec}`).toBe('../api/index.ts');
      }
    }
  });
  it('the core has no node: imports and no HTTP (it runs in a browser)', () => {
    for (const f of readdirSync('src/core')) {
      for (const spec of importsOf(`src/core/${f}`)) {
        expect(spec.startsWith('node:') || spec.startsWith('../api') || spec.startsWith('../adapters'), `core/${f} imports ${spec}`).toBe(false);
      }
    }
  });
});
