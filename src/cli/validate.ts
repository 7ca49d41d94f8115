import { readFileSync } from 'node:fs';
import { formatIssue, validateFixture } from '../fixtures/validate.ts';

/** `roaming-mock validate FILE…`: every error of every file with its JSON path; exit 1 on any error. */
export function runValidate(files: string[]): number {
  let failed = 0;
  for (const file of files) {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      console.error(`${file}: cannot read JSON: ${err instanceof Error ? err.message : String(err)}`);
      failed++;
      continue;
    }
    const issues = validateFixture(data);
    if (issues.length === 0) {
      console.log(`${file}: ok`);
      continue;
    }
    failed++;
    console.error(`${file}: ${issues.length} error${issues.length === 1 ? '' : 's'}`);
    for (const issue of issues) console.error(`  ${formatIssue(issue)}`);
  }
  return failed > 0 ? 1 : 0;
}
