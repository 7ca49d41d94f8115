export { INSPECTOR_HTML } from './page.ts';
export { INSPECTOR_JS } from './inspector-bundle.ts';
