/**
 * Bundle the inspector (src/ui/inspector.ts) into src/ui/inspector-bundle.ts, a module holding the script as a
 * string, so every door (node, express, MSW in a browser) can serve it without files. Run: npm run build:ui.
 * The output is committed; a test fails when it is stale.
 */
import { writeFileSync } from 'node:fs';
import { buildInspector } from './inspector-build.ts';

writeFileSync('src/ui/inspector-bundle.ts', await buildInspector());
console.log('wrote src/ui/inspector-bundle.ts');
