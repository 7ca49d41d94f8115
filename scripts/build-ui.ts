/**
 * Bundle the inspector (src/ui/inspector.ts) into src/ui/inspector-bundle.ts, a module holding the script as a
 * string, so every door (node, express, MSW in a browser) can serve it without files. Generated, not committed:
 * `npm run build`, `prepare` (so `npm ci`) and `npm test` run it before anything compiles.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { buildInspector } from './inspector-build.ts';

const file = 'src/ui/inspector-bundle.ts';
const code = await buildInspector();
// Rewritten only when it changed, so watchers and incremental builds are not woken for nothing.
if (!existsSync(file) || readFileSync(file, 'utf8') !== code) writeFileSync(file, code);
