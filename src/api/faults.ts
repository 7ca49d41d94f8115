import { RoamingError, badArg, describe } from '../core/errors.ts';
import type { Random } from '../core/random.ts';

/** A fault rule (SPEC §3.4): what to match, then delay, an error status, or a dropped connection. */
export interface FaultRule {
  readonly id: string;
  readonly match: { method?: string; path?: string; tenant?: string };
  readonly delayMs?: number | [number, number];
  readonly status?: number;
  readonly error?: string;
  readonly errorDescription?: string;
  readonly drop?: boolean;
  /** Chance in [0, 1] that a matching request is hit, drawn from the seeded generator. Default 1. */
  readonly probability: number;
  /** Hits left before the rule expires; undefined = forever. */
  remaining?: number;
  /** Hits so far. */
  hits: number;
}

export interface FaultHit {
  readonly rule: FaultRule;
  readonly delayMs: number;
}

const MAX_DELAY_MS = 60_000;
/** Every request outside the control plane walks the rules: keep the walk short. */
export const MAX_FAULT_RULES = 1000;

function delayOf(value: unknown): number | [number, number] | undefined {
  if (value === undefined) return undefined;
  const ok = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_DELAY_MS;
  if (ok(value)) return value;
  if (Array.isArray(value) && value.length === 2 && ok(value[0]) && ok(value[1]) && value[0] <= value[1]) return [value[0], value[1]];
  throw badArg('delayMs', `must be ms in [0, ${MAX_DELAY_MS}] or a range [min, max], got ${describe(value)}`);
}

/** Validate a rule as posted; every error names the field and what it allows. */
export function parseFaultRule(input: unknown, id: string): FaultRule {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new RoamingError('invalid_request_body', `body: a fault rule must be a JSON object, got ${describe(input)}`, 'body');
  }
  const r = input as Record<string, unknown>;
  const match = (r['match'] ?? {}) as Record<string, unknown>;
  if (typeof match !== 'object' || match === null || Array.isArray(match)) throw badArg('match', 'must be an object {method?, path?, tenant?}');
  for (const key of ['method', 'path', 'tenant']) {
    if (match[key] !== undefined && typeof match[key] !== 'string') throw badArg(`match.${key}`, `must be a string, got ${describe(match[key])}`);
  }
  const status = r['status'];
  if (status !== undefined && (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599)) {
    throw badArg('status', `must be an HTTP error status in [400, 599], got ${describe(status)}`);
  }
  const probability = r['probability'] ?? 1;
  if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) throw badArg('probability', `must be a number in [0, 1], got ${describe(probability)}`);
  const count = r['count'];
  if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count) || count < 1)) throw badArg('count', `must be an integer ≥ 1, got ${describe(count)}`);
  if (r['drop'] !== undefined && typeof r['drop'] !== 'boolean') throw badArg('drop', `must be true or false, got ${describe(r['drop'])}`);
  if (r['drop'] === true && status !== undefined) throw badArg('drop', 'a rule either drops the connection or answers a status, not both');
  for (const key of ['error', 'errorDescription']) {
    if (r[key] !== undefined && typeof r[key] !== 'string') throw badArg(key, `must be a string, got ${describe(r[key])}`);
  }
  const delayMs = delayOf(r['delayMs']);
  return {
    id,
    match: {
      ...(typeof match['method'] === 'string' ? { method: match['method'].toUpperCase() } : {}),
      ...(typeof match['path'] === 'string' ? { path: match['path'] } : {}),
      ...(typeof match['tenant'] === 'string' ? { tenant: match['tenant'] } : {}),
    },
    ...(delayMs !== undefined ? { delayMs } : {}),
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof r['error'] === 'string' ? { error: r['error'] } : {}),
    ...(typeof r['errorDescription'] === 'string' ? { errorDescription: r['errorDescription'] } : {}),
    ...(r['drop'] === true ? { drop: true } : {}),
    probability,
    ...(typeof count === 'number' ? { remaining: count } : {}),
    hits: 0,
  };
}

/** The fault rules of one mock; draws come from its seeded generator, so a seed gives the same hits. */
export class FaultRules {
  private readonly rules: FaultRule[] = [];
  /** Rules by `match.path` ('' = any path): a request only walks the rules that can match its path. */
  private readonly byPath = new Map<string, FaultRule[]>();
  private nextId = 1;

  constructor(private readonly random: Random) {}

  add(input: unknown): FaultRule {
    if (this.rules.length >= MAX_FAULT_RULES) {
      throw new RoamingError('forbidden', `faults: at most ${MAX_FAULT_RULES} fault rules at once, and there are ${this.rules.length}; remove some (DELETE /_mock/faults[/{id}])`, 'faults');
    }
    const rule = parseFaultRule(input, `fault-${this.nextId}`);
    this.nextId++;
    this.rules.push(rule);
    const key = rule.match.path ?? '';
    this.byPath.set(key, [...(this.byPath.get(key) ?? []), rule]);
    return rule;
  }

  list(): readonly FaultRule[] {
    return this.rules;
  }

  remove(id: string): boolean {
    const i = this.rules.findIndex((r) => r.id === id);
    if (i === -1) return false;
    const [rule] = this.rules.splice(i, 1);
    const key = rule!.match.path ?? '';
    const rest = this.byPath.get(key)!.filter((r) => r !== rule);
    if (rest.length === 0) this.byPath.delete(key);
    else this.byPath.set(key, rest);
    return true;
  }

  clear(): void {
    this.rules.length = 0;
    this.byPath.clear();
  }

  /** The first rule (in the order added) that matches and fires, counted and expired here. */
  hit(method: string, routePattern: string, path: string, tenant: string | undefined): FaultHit | undefined {
    const candidates = [...(this.byPath.get('') ?? []), ...(this.byPath.get(routePattern) ?? []), ...(routePattern === path ? [] : (this.byPath.get(path) ?? []))];
    if (candidates.length === 0) return undefined;
    // Ids grow with each rule added: sorting by them keeps "first added wins" across the buckets.
    if (candidates.length > 1) candidates.sort((a, b) => Number(a.id.slice(6)) - Number(b.id.slice(6)));
    for (const rule of candidates) {
      const m = rule.match;
      if (m.method !== undefined && m.method !== method) continue;
      if (m.tenant !== undefined && m.tenant !== tenant) continue;
      if (rule.probability < 1 && this.random.next() >= rule.probability) continue;
      rule.hits++;
      if (rule.remaining !== undefined && --rule.remaining <= 0) this.remove(rule.id);
      const d = rule.delayMs;
      return { rule, delayMs: d === undefined ? 0 : typeof d === 'number' ? d : this.random.int(d[0], d[1]) };
    }
    return undefined;
  }
}
