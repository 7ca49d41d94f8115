import { classify } from '../api/msync/inbound.ts';
import { Command, decodeAs, decodeMSync } from '../api/msync/frames.ts';
import type { FixtureApp, FixtureKnowledge } from '../fixtures/types.ts';
import { createRoamingMock, type RoamingMock } from '../mock.ts';
import { knownChoice } from './choices.ts';
import { compareJson, type CompareContext, type Difference } from './compare.ts';
import { fixtureFromSession } from './fixture-from.ts';
import { MASK } from './mask.ts';
import { observeSession } from './observe.ts';
import { queueOf, tenantPath } from './paths.ts';
import { readableBody } from './readable.ts';
import type { HttpRecord, Session, WsFrameRecord } from './session.ts';

/** One difference, with the request that showed it and, when the mock makes it on purpose, which choice. */
export interface ReportedDifference extends Difference {
  endpoint: string;
  seq: number;
  request: string;
  onPurpose?: string;
}

export interface EndpointSummary { endpoint: string; requests: number; identical: number; differing: number }

export interface DiffReport {
  endpoints: EndpointSummary[];
  differences: ReportedDifference[];
  /** Recorded exchanges not replayed, and why (control plane, upstream down…). */
  skipped: Array<{ seq: number; reason: string }>;
}

/** A replayed msync connection: who logged in, and the sends awaiting the recorded ack. */
interface MsyncReplay { appKey?: string; user?: string; pending: Map<string, { id?: string; refused?: string }> }

const isRecord = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};
/** Ids as the service writes them: 15–20 digits (msgIdList, start, next_key). */
const ID_TEXT = /\b\d{15,20}\b/g;

/**
 * Replay a session against a fresh mock loaded from the world before it (`fixture-from --at start`): every request
 * in order, at its recorded time, with a token of the same identity; msync sends through the engine. Each answer
 * is compared with the recorded one.
 */
export async function diffSession(session: Session): Promise<DiffReport> {
  const tenants = observeSession(session);
  const fixture = fixtureFromSession(session, { at: 'start' }, tenants);
  const mock = createRoamingMock({ fixture, frozen: true, seed: 1 });
  const apps = new Map(fixture.apps.map((a) => [`${a.org}#${a.app}`, a]));
  const ctx: CompareContext = { idMap: new Map(), newIds: new Set(), beyond: new Set() };
  for (const t of tenants.values()) for (const m of t.messages.values()) if (m.inSession) ctx.newIds.add(m.id);
  const report: DiffReport = { endpoints: [], differences: [], skipped: [] };
  const summaries = new Map<string, EndpointSummary>();
  const count = (endpoint: string, differing: boolean): void => {
    const s = summaries.get(endpoint) ?? { endpoint, requests: 0, identical: 0, differing: 0 };
    s.requests++;
    if (differing) s.differing++;
    else s.identical++;
    summaries.set(endpoint, s);
  };
  const conns = new Map<number, MsyncReplay>();

  for (const r of session.records) {
    if (r.kind === 'http') {
      const result = await replayHttp(mock, r, apps, ctx);
      if ('skipped' in result) {
        report.skipped.push({ seq: r.seq, reason: result.skipped });
        continue;
      }
      count(result.endpoint, result.differences.length > 0);
      report.differences.push(...result.differences);
    } else if (r.kind === 'ws-open') {
      conns.set(r.conn, { pending: new Map() });
    } else if (r.kind === 'ws-frame') {
      const d = replayFrame(mock, r, conns, ctx);
      if (d) {
        count(d.endpoint, d.differences.length > 0);
        report.differences.push(...d.differences);
      }
    }
  }
  report.endpoints = [...summaries.values()].sort((a, b) => (a.endpoint < b.endpoint ? -1 : 1));
  return report;
}

async function replayHttp(mock: RoamingMock, r: HttpRecord, apps: Map<string, FixtureApp>, ctx: CompareContext): Promise<{ skipped: string } | { endpoint: string; differences: ReportedDifference[] }> {
  if (!r.response) return { skipped: `upstream did not answer (${r.error ?? 'no response'})` };
  const p = tenantPath(r.request.path);
  if (!p) return { skipped: `${r.request.path}: not a tenant path (control plane or unknown)` };
  const app = apps.get(p.appKey);
  mock.clock.set(r.at);
  const headers: Record<string, string> = {};
  if (r.request.headers['content-type']) headers['content-type'] = r.request.headers['content-type'];
  const auth = tokenFor(mock, p.appKey, r);
  if (auth) headers['authorization'] = `Bearer ${auth}`;
  const mapIds = (text: string): string => text.replace(ID_TEXT, (id) => ctx.idMap.get(id) ?? id);
  const body = r.request.body === undefined ? undefined : credentials(r, app);
  const res = await mock.handle({
    method: r.request.method.toUpperCase(), path: r.request.path, search: mapIds(r.request.query), headers,
    ...(body !== undefined ? { rawBody: mapIds(typeof body === 'string' ? body : JSON.stringify(body)) } : {}),
  });
  const route = mock.journal.entries().at(-1)?.route;
  const endpoint = `${r.request.method.toUpperCase()} ${route ?? r.request.path}`;
  const mockBody = parse(res.body);
  learnSentIds(r, mockBody, ctx);
  const recordedStatus = r.response.status;
  const raw: Difference[] = [];
  if (recordedStatus !== res.status) {
    raw.push({ path: 'status', recorded: recordedStatus, mock: res.status });
    for (const f of ['error', 'error_description']) {
      const a = isRecord(r.response.body) ? r.response.body[f] : undefined;
      const b = isRecord(mockBody) ? mockBody[f] : undefined;
      if (a !== b) raw.push({ path: f, recorded: a, mock: b });
    }
  } else {
    ctx.beyond = beyondKnowledge(r, app?.knowledge, p.user);
    compareJson(readableBody(r.response.body) ?? r.response.body, readableBody(mockBody) ?? mockBody, '', ctx, raw);
    ctx.beyond = new Set();
  }
  const request = `#${r.seq} ${r.request.method} ${r.request.path}${r.request.query ? `?${r.request.query}` : ''}${r.request.body !== undefined ? ` ${JSON.stringify(r.request.body)}` : ''}`;
  const differences = raw.map((d) => {
    const onPurpose = knownChoice(d, { endpoint, identity: r.request.identity.as, recordedStatus, mockStatus: res.status, mockBody, path: r.request.path });
    return { ...d, endpoint, seq: r.seq, request, ...(onPurpose ? { onPurpose } : {}) };
  });
  return { endpoint, differences };
}

/** A token of the fresh mock for the identity the recorded request acted as (the recorded token is meaningless here). */
function tokenFor(mock: RoamingMock, appKey: string, r: HttpRecord): string | undefined {
  const id = r.request.identity;
  if (id.as === 'none') return undefined;
  if (id.as === 'unknown') return 'YWMt-not-a-token-the-session-revealed';
  try {
    return mock.tokens.issue(mock.tenant(appKey), id.as === 'user' ? id.user : undefined).token;
  } catch {
    return 'YWMt-tenant-unknown-to-the-fixture';
  }
}

/** Token requests: a masked password or secret becomes the fixture's when the login succeeded, a wrong one when it failed. */
function credentials(r: HttpRecord, app: FixtureApp | undefined): unknown {
  const body = r.request.body;
  if (!isRecord(body) || !r.request.path.endsWith('/token')) return body;
  const ok = r.response?.status === 200;
  const out = { ...body };
  if (out['password'] === MASK) out['password'] = ok ? app?.users?.find((u) => u.username === out['username'])?.password ?? '' : 'not-the-recorded-password';
  if (out['client_secret'] === MASK) out['client_secret'] = ok ? app?.clientSecret ?? '' : 'not-the-recorded-secret';
  if (ok && out['client_id'] !== undefined && app?.clientId) out['client_id'] = app.clientId;
  return out;
}

/** REST sends answer `{data: {<to>: <id>}}`: the recorded and the mock's id of each recipient are the same message. */
function learnSentIds(r: HttpRecord, mockBody: unknown, ctx: CompareContext): void {
  if (!/\/messages\/(users|chatgroups|chatrooms)$/.test(r.request.path)) return;
  const recorded = isRecord(r.response?.body) ? r.response!.body['data'] : undefined;
  const mine = isRecord(mockBody) ? mockBody['data'] : undefined;
  if (!isRecord(recorded) || !isRecord(mine)) return;
  for (const [to, id] of Object.entries(recorded)) if (typeof id === 'string' && typeof mine[to] === 'string') ctx.idMap.set(id, mine[to]);
}

/**
 * Paths where the session's knowledge ends: the paging fields of a history it did not read to the end, and the
 * cursor and tail of a conversation list it did not read to the end.
 */
function beyondKnowledge(r: HttpRecord, knowledge: FixtureKnowledge | undefined, user: string | undefined): Set<string> {
  const beyond = new Set<string>();
  if (!user) return beyond;
  if (r.request.path.endsWith('/messageroaming') && isRecord(r.request.body)) {
    const { type, id } = queueOf(String(r.request.body['queue'] ?? ''));
    const complete = knowledge?.histories?.some((h) => h.user === user && h.conversation === id && (h.type === type || type === 'groupchat') && h.complete) === true;
    if (!complete) beyond.add('data.is_last').add('data.next_key');
  }
  if (/\/user_channels(\/list|\/mark\/search|\/page)?$/.test(r.request.path)) {
    const complete = knowledge?.lists?.some((l) => l.user === user && l.complete) === true;
    if (!complete) beyond.add('data.cursor').add('data.channel_infos[]');
  }
  return beyond;
}

/** msync: a send is replayed through the engine at its time; its ack is compared (accepted or refused) and its id mapped. */
function replayFrame(
  mock: RoamingMock,
  r: WsFrameRecord,
  conns: Map<number, MsyncReplay>,
  ctx: CompareContext,
): { endpoint: string; differences: ReportedDifference[] } | undefined {
  const c: MsyncReplay = conns.get(r.conn) ?? { pending: new Map() };
  conns.set(r.conn, c);
  let msync;
  try {
    msync = decodeMSync(Buffer.from(r.bytes, 'base64'));
  } catch {
    return undefined;
  }
  const command = Number(msync['command'] ?? 0);
  if (r.dir === 'up' && command === Command.PROVISION) {
    c.appKey = msync['guid']?.['appKey'];
    c.user = msync['guid']?.['name'];
    return undefined;
  }
  if (command !== Command.SYNC || !c.appKey || !c.user) return undefined;
  if (r.dir === 'up') {
    const meta = decodeAs('CommSyncUL', msync['payload'])['meta'];
    if (!meta || Number(meta['ns'] ?? 0) !== 1) return undefined;
    mock.clock.set(r.at);
    try {
      const t = mock.tenant(c.appKey);
      const inbound = classify(meta, decodeAs('MessageBody', meta['payload']));
      if (inbound.kind === 'message') {
        const stored = t.send({ from: c.user, to: inbound.to, chatType: inbound.chatType, type: inbound.type, body: inbound.body, ext: inbound.ext, via: 'sdk' });
        c.pending.set(String(meta['id']), { id: stored.id });
      } else {
        if (inbound.kind === 'read') t.markRead(c.user, inbound.chatType, inbound.to);
        c.pending.set(String(meta['id']), {});
      }
    } catch (err) {
      c.pending.set(String(meta['id']), { refused: err instanceof Error ? err.message : String(err) });
    }
    return undefined;
  }
  const dl = decodeAs('CommSyncDL', msync['payload']);
  const sent = dl['metaId'] !== undefined ? c.pending.get(String(dl['metaId'])) : undefined;
  if (!sent) return undefined;
  c.pending.delete(String(dl['metaId']));
  const endpoint = 'msync SYNC (send)';
  const recordedOk = Number(dl['status']?.['errorCode'] ?? 0) === 0;
  if (recordedOk && sent.id && dl['serverId'] !== undefined) ctx.idMap.set(String(dl['serverId']), sent.id);
  const differences: ReportedDifference[] = recordedOk === (sent.refused === undefined)
    ? []
    : [{ endpoint, seq: r.seq, request: `#${r.seq} msync send by ${c.user}`, path: 'status.errorCode', recorded: dl['status']?.['errorCode'] ?? 0, mock: sent.refused ? `refused: ${sent.refused}` : 0 }];
  return { endpoint, differences };
}
