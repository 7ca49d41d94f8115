import { describe, expect, it } from 'vitest';
import { cyclesOf, importGraph, importsOf } from './support/import-graph.ts';

describe('the import graph of src', () => {
  it('reads every form of import: multi-line, type-only, re-exports, side effects, dynamic', () => {
    const source = [
      "import {\n  a,\n  type B,\n} from './multi.ts';",
      "import type { C } from './type.ts';",
      "export { d } from './re.ts';",
      "export type { E } from './re-type.ts';",
      "export * from './star.ts';",
      "import './effect.ts';",
      "const f = await import('./lazy.ts');",
      "// import { g } from './commented.ts';",
      "/* import { h } from './block.ts'; */",
      "const s = 'import { i } from \"./in-a-string.ts\"';",
    ].join('\n');
    expect(importsOf(source)).toEqual(['./multi.ts', './type.ts', './re.ts', './re-type.ts', './star.ts', './effect.ts', './lazy.ts']);
  });

  it('finds a cycle and names it', () => {
    const graph = new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']], ['d.ts', ['a.ts']]]);
    expect(cyclesOf(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });

  it('has no cycle, type imports included (a layer never imports what composes it)', () => {
    const cycles = cyclesOf(importGraph('src')).map((c) => c.join(' → '));
    expect(cycles, `import cycles:\n${cycles.join('\n')}`).toEqual([]);
  });
});
