import { queueConversation, takeOffline, undeliveredQueues } from '../../core/delivery.ts';
import { RoamingError } from '../../core/errors.ts';
import type { TenantApi } from '../../core/tenant-api.ts';
import { metaObject } from '../wire/meta.ts';
import { pb } from '../wire/proto.ts';
import {
  Command, ErrorCode, NameSpace, decodeAs, decodeMSync, editAck, logoutReply, messagesFrame, provisionReply, sendAck, sendRefused, unreadReply,
  type Decoded, type Jid,
} from './frames.ts';
import type { Device, MsyncHub, Transport } from './hub.ts';
import { classify } from './inbound.ts';

/** At most this many devices per user at once (the service's multi-device limit, documented). */
export const MAX_DEVICES_PER_USER = 8;

/** The token from PROVISION: `auth: "$t$<token>"`, or `Provision.authToken` as JSON `{"token":"$t$<token>"}`. */
function tokenOf(msync: Decoded, provision: Decoded): string | undefined {
  const strip = (s: unknown): string | undefined => (typeof s === 'string' && s !== '' ? s.replace(/^\$t\$/, '') : undefined);
  const direct = strip(msync['auth']);
  if (direct) return direct;
  try {
    return strip((JSON.parse(String(provision['authToken'] ?? '{}')) as { token?: unknown }).token);
  } catch {
    return undefined;
  }
}

/**
 * The reasons the Web SDK matches verbatim under FAIL (R27, R33, R35, R39): recall and edit refusals carry them
 * as their description; a directed list too long and a send by a non-member get the SDK's own words.
 */
function sdkReason(err: RoamingError): string | undefined {
  if (err.kind === 'recall_refused' || err.kind === 'rewrite_refused') return err.description;
  if (err.kind === 'recall_disabled') return 'message recall disabled';
  if (err.kind === 'send_error' && err.field === 'users') return 'limit directed users';
  if (err.kind === 'forbidden' && err.field === 'to' && err.description.includes('is not a member of')) return 'not in group or chatroom';
  return undefined;
}

const errorCodeOf = (err: RoamingError): number =>
  err.kind === 'forbidden' ? ErrorCode.PERMISSION_DENIED : err.kind === 'not_found' ? ErrorCode.WRONG_PARAMETER : ErrorCode.FAIL;

/**
 * One msync connection (SPEC §4.2): PROVISION first (login), then UNREAD (also the heartbeat), SYNC (sends,
 * offline pulls, statistics) and LOGOUT. Every frame is handled synchronously through the core.
 */
export class MsyncSession {
  private device: Device | undefined;
  private tenant: TenantApi | undefined;

  constructor(
    private readonly hub: MsyncHub,
    private readonly transport: Transport,
  ) {}

  get user(): string | undefined {
    return this.device?.user;
  }

  receive(bytes: Uint8Array): void {
    let msync: Decoded;
    try {
      msync = decodeMSync(bytes);
    } catch {
      this.transport.close(1007, 'not an msync frame (protobuf MSync expected)');
      return;
    }
    const command = msync['command'] as number | undefined;
    if (command === Command.PROVISION) return this.provision(msync);
    if (!this.device || !this.tenant) {
      this.transport.send(provisionReply(ErrorCode.UNAUTHORIZED, 'PROVISION (login) must come first'));
      this.transport.close(1008, 'not logged in');
      return;
    }
    try {
      if (command === Command.UNREAD) return this.unread();
      if (command === Command.SYNC) return this.sync(msync);
      if (command === Command.LOGOUT) {
        this.transport.send(logoutReply('logout'));
        this.transport.close(1000, 'logout');
      }
    } catch (err) {
      // A bad frame must never take the server down: refuse it, keep the connection.
      if (!(err instanceof RoamingError)) console.error('[roaming-mock] msync frame failed:', err);
    }
  }

  closed(): void {
    if (this.device) this.hub.remove(this.device);
    this.device = undefined;
  }

  private provision(msync: Decoded): void {
    let provision: Decoded = {};
    try {
      provision = decodeAs('Provision', msync['payload']);
    } catch {
      // fall through with no provision fields: the token check below refuses it
    }
    const guid = (msync['guid'] ?? {}) as Jid;
    const refuse = (code: number, reason: string): void => {
      this.transport.send(provisionReply(code, reason));
      this.transport.close(1008, reason.slice(0, 120));
    };
    const tenant = guid.appKey ? this.hub.mock.findTenant(guid.appKey) : undefined;
    if (!tenant) return refuse(ErrorCode.WRONG_PARAMETER, `unknown appKey ${JSON.stringify(guid.appKey ?? '')}`);
    const token = tokenOf(msync, provision);
    if (!token) return refuse(ErrorCode.UNAUTHORIZED, 'no token: PROVISION needs auth "$t$<token>"');
    try {
      const principal = this.hub.mock.tokens.verify(token, tenant);
      if (principal.kind !== 'user' || principal.user !== guid.name) {
        return refuse(ErrorCode.UNAUTHORIZED, `the token is not a user token of ${JSON.stringify(guid.name ?? '')}`);
      }
    } catch (err) {
      if (err instanceof RoamingError && err.kind === 'unauthorized') return refuse(ErrorCode.TOKEN_EXPIRED, 'Sorry, token expired');
      return refuse(ErrorCode.UNAUTHORIZED, 'Sorry, token is invalid');
    }
    const user = guid.name!;
    if (this.hub.devicesOf(tenant.appKey, user).size >= MAX_DEVICES_PER_USER) {
      return refuse(ErrorCode.TOO_MANY_DEVICES, `at most ${MAX_DEVICES_PER_USER} devices per user are connected at once`);
    }
    const resource = typeof provision['resource'] === 'string' && provision['resource'] !== '' ? provision['resource'] : 'webim';
    if (this.device) this.hub.remove(this.device);
    this.tenant = tenant;
    this.device = { appKey: tenant.appKey, user, resource, transport: this.transport };
    this.hub.add(this.device);
    this.transport.send(provisionReply(ErrorCode.OK, '', resource, typeof provision['sessionId'] === 'string' ? provision['sessionId'] : undefined));
  }

  private unread(): void {
    const t = this.tenant!;
    const queues = undeliveredQueues(t.state, this.device!.user).map((q) => ({
      queue: { appKey: t.appKey, name: q.id, domain: q.type === 'chat' ? 'easemob.com' : 'conference.easemob.com' },
      n: q.n,
    }));
    this.transport.send(unreadReply(queues, t.state.clock.now()));
  }

  private sync(msync: Decoded): void {
    const ul = decodeAs('CommSyncUL', msync['payload']);
    const meta = ul['meta'] as Decoded | undefined;
    if (meta) {
      if ((meta['ns'] ?? NameSpace.STATISTIC) === NameSpace.CHAT) this.send(meta);
      return;
    }
    const queue = ul['queue'] as Jid | undefined;
    if (queue?.name && ul['key'] === undefined) this.pullOffline(queue);
  }

  /** A message from this device: store it through the core (R2, R15…), ack it, let the hub fan it out. */
  private send(meta: Decoded): void {
    const t = this.tenant!;
    const metaId = String(meta['id'] ?? '0');
    const now = t.state.clock.now();
    try {
      const body = pb.MessageBody.toObject(pb.MessageBody.decode(meta['payload'] ?? new Uint8Array()), { longs: String, enums: Number });
      const inbound = classify(meta, body);
      if (inbound.kind === 'read') {
        t.markRead(this.device!.user, inbound.chatType, inbound.to);
      } else if (inbound.kind === 'message') {
        const stored = this.hub.sendingFrom(this.device!, () =>
          t.send({
            from: this.device!.user, to: inbound.to, chatType: inbound.chatType, type: inbound.type, body: inbound.body, ext: inbound.ext, via: 'sdk',
            ...(inbound.directedUsers ? { directedUsers: inbound.directedUsers } : {}),
          }),
        );
        this.transport.send(sendAck(metaId, stored.id, stored.timestamp));
        return;
      } else if (inbound.kind === 'recall') {
        this.hub.sendingFrom(this.device!, () => t.recallAs(this.device!.user, inbound.msgId, inbound.ext));
      } else if (inbound.kind === 'edit') {
        const edited = this.hub.sendingFrom(this.device!, () =>
          t.editAs(this.device!.user, inbound.msgId, { type: inbound.type, body: inbound.body, ext: inbound.ext, scope: inbound.scope }),
        );
        this.transport.send(editAck(metaId, edited, now));
        return;
      }
      this.transport.send(sendAck(metaId, metaId, now));
    } catch (err) {
      const e = err instanceof RoamingError ? err : new RoamingError('illegal_argument', 'payload: not a MessageBody', 'payload');
      const reason = sdkReason(e);
      this.transport.send(sendRefused(metaId, reason === undefined ? errorCodeOf(e) : ErrorCode.FAIL, reason ?? e.description, now));
    }
  }

  /** Offline sync of one queue: its undelivered messages, once, then it is delivered. */
  private pullOffline(queue: Jid): void {
    const t = this.tenant!;
    const { type, id } = queueConversation(t.state, queue.name!, queue.domain);
    const messages = takeOffline(t.state, this.device!.user, type, id);
    this.transport.send(messagesFrame({ name: queue.name!, domain: queue.domain ?? 'easemob.com' }, messages.map((m) => metaObject(t.appKey, m)), t.state.clock.now()));
  }
}
