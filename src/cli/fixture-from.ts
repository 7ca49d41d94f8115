import { writeFileSync } from 'node:fs';
import { formatIssue, validateFixture } from '../fixtures/validate.ts';
import { fixtureFromSession } from '../record/fixture-from.ts';
import { readSessionArg } from './session-arg.ts';

/** `roaming-mock fixture-from SESSION`: the fixture a session reveals, validated before it is written. */
export function runFixtureFrom(args: { session: string; out?: string; at: 'start' | 'end' }): number {
  const session = readSessionArg(args.session);
  if (!session) return 2;
  const fixture = fixtureFromSession(session, { at: args.at, source: args.session });
  const issues = validateFixture(fixture);
  if (issues.length > 0) {
    console.error(`${args.session}: the fixture it implies does not validate (a bug of fixture-from, please report it):`);
    for (const i of issues) console.error(`  ${formatIssue(i)}`);
    return 1;
  }
  const text = `${JSON.stringify(fixture, null, 2)}\n`;
  if (args.out) {
    writeFileSync(args.out, text);
    const app = fixture.apps.map((a) => `${a.org}#${a.app}: ${a.users?.length ?? 0} users, ${a.groups?.length ?? 0} groups, ${a.messages?.length ?? 0} messages, ${a.views?.length ?? 0} views`).join('; ');
    console.error(`${args.out}: ok (${app || 'no tenant seen'})`);
  } else process.stdout.write(text);
  return 0;
}
