import type { Difference } from './compare.ts';

/** What the diff knows about an exchange when it asks whether a difference is one the mock makes on purpose. */
export interface ChoiceContext {
  endpoint: string;
  identity: string;
  recordedStatus: number;
  mockStatus: number;
  mockBody: unknown;
  path: string;
}

interface Choice {
  /** The README's "Behaviour choices" entry it comes from. */
  label: string;
  applies(d: Difference, c: ChoiceContext): boolean;
}

const description = (body: unknown): string => String((body as Record<string, unknown> | null)?.['error_description'] ?? '');
const error = (body: unknown): string => String((body as Record<string, unknown> | null)?.['error'] ?? '');

/** The README's behaviour choices that a recorded service can contradict, each recognisable from the answers. */
const CHOICES: Choice[] = [
  {
    label: 'history cursors: an unknown `start` id is a 400 naming `start`, not an empty page',
    applies: (d, c) => c.endpoint.endsWith('/messageroaming') && d.path === 'status' && c.mockStatus === 400 && description(c.mockBody).startsWith('start'),
  },
  {
    label: 'history cursors: `is_last` is true on the page that reaches the end, not one page later',
    applies: (d, c) => c.endpoint.endsWith('/messageroaming') && d.path === 'data.is_last' && d.recorded === false && d.mock === true,
  },
  {
    label: 'tokens: password and client-credential failures both answer 400 `invalid_grant`',
    applies: (d, c) => c.endpoint.endsWith('/token') && c.mockStatus === 400 && error(c.mockBody) === 'invalid_grant' && c.recordedStatus >= 400,
  },
  {
    label: 'user tokens on app-server REST endpoints answer 403 `forbidden_op`',
    applies: (d, c) => d.path === 'status' && c.mockStatus === 403 && c.identity === 'user' && error(c.mockBody) === 'forbidden_op' && c.recordedStatus === 200,
  },
  {
    label: 'usernames are case-sensitive (the real service lower-cases them)',
    applies: (d, c) => d.path === 'status' && /[A-Z]/.test(c.path.split('/').slice(3).join('/')) && c.mockStatus >= 400 && c.recordedStatus === 200,
  },
];

/** The behaviour choice a difference comes from, if the mock makes it on purpose. */
export function knownChoice(d: Difference, c: ChoiceContext): string | undefined {
  return CHOICES.find((choice) => choice.applies(d, c))?.label;
}
