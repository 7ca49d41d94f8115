import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importsOf } from '../support/import-graph.ts';

/** Every import of a file — multi-line, `import type`, `export … from`, dynamic — not just single-line ones. */
const importsIn = (file: string): string[] => importsOf(readFileSync(file, 'utf8'));

describe('layers (DESIGN.md)', () => {
  it('doors import the API only through src/api/index.ts, and nothing of the core', () => {
    for (const f of readdirSync('src/adapters')) {
      for (const spec of importsIn(`src/adapters/${f}`)) {
        expect(spec.startsWith('../core/'), `${f} imports ${spec}`).toBe(false);
        if (spec.startsWith('../api/')) expect(spec, `${f} imports ${spec}`).toBe('../api/index.ts');
      }
    }
  });
  it('the core imports nothing outside itself (no node:, no packages, no other layer): it runs anywhere', () => {
    for (const f of readdirSync('src/core').filter((n) => n.endsWith('.ts'))) {
      for (const spec of importsIn(`src/core/${f}`)) expect(spec.startsWith('./') && !spec.slice(2).includes('/'), `core/${f} imports ${spec}`).toBe(true);
    }
  });
  it('the core mentions no HTTP status: the wire table (src/api/wire/errors.ts) owns them', () => {
    for (const f of readdirSync('src/core').filter((n) => n.endsWith('.ts'))) {
      const text = readFileSync(`src/core/${f}`, 'utf8');
      expect(text.match(/\b(?:status|HTTP|[45]\d\d (?:naming|if|when)|\((?:4\d\d|500)\))/g), `core/${f}`).toBeNull();
    }
  });
  it('the API layer does not know what composes it (mock.ts, the control plane, contracts, the inspector)', () => {
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(`${dir}/${d.name}`) : d.name.endsWith('.ts') ? [`${dir}/${d.name}`] : []));
    for (const f of files('src/api')) {
      for (const spec of importsIn(f)) expect(/(?:^|\/)(?:mock\.ts|control\/|contracts\/|ui\/)/.test(spec), `${f} imports ${spec}`).toBe(false);
    }
  });
  it('every door file stays under 100 lines (adapters only convert; shared work lives in its own module)', () => {
    for (const f of readdirSync('src/adapters').filter((n) => n.endsWith('.ts'))) {
      expect(readFileSync(`src/adapters/${f}`, 'utf8').split('\n').length, `src/adapters/${f}`).toBeLessThanOrEqual(100);
    }
  });
});
