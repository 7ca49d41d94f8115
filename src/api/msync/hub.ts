import { markDelivered } from '../../core/delivery.ts';
import { audienceOf } from '../../core/visibility.ts';
import type { Message } from '../../core/model.ts';
import type { TenantApi } from '../../core/tenant-api.ts';
import type { MockHost } from '../host.ts';
import { metaObject } from '../wire/meta.ts';
import { messagesFrame, type Jid } from './frames.ts';

/** What a session needs of its transport (ws in the server, MSW's ws.link in tests and browsers). */
export interface Transport {
  send(bytes: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

export interface Device {
  readonly appKey: string;
  readonly user: string;
  readonly resource: string;
  readonly transport: Transport;
}

/** The queue a message belongs to, seen from `user`: the peer for single chats, the group or room otherwise. */
export function queueOf(m: Message, user: string): Jid {
  if (m.chatType === 'chat') return { name: m.from === user ? m.to : m.from, domain: 'easemob.com' };
  return { name: m.to, domain: 'conference.easemob.com' };
}

/**
 * Connected devices per tenant and user, and live push: every stored message (control-plane inject, REST send,
 * another SDK) goes to every device of its recipients — and the sender's other devices — as a CommSyncDL.
 */
export class MsyncHub {
  private readonly devices = new Map<string, Map<string, Set<Device>>>();
  /** The device whose send is being stored right now: it gets an ack, not a copy. */
  private origin: Device | undefined;
  private readonly unsubscribe: () => void;

  constructor(readonly mock: MockHost) {
    this.unsubscribe = mock.onMessage((tenant, message) => this.fanOut(tenant, message));
  }

  add(device: Device): void {
    const users = this.devices.get(device.appKey) ?? new Map<string, Set<Device>>();
    this.devices.set(device.appKey, users);
    const set = users.get(device.user) ?? new Set<Device>();
    users.set(device.user, set);
    set.add(device);
  }

  remove(device: Device): void {
    const set = this.devices.get(device.appKey)?.get(device.user);
    set?.delete(device);
    if (set?.size === 0) this.devices.get(device.appKey)!.delete(device.user);
  }

  devicesOf(appKey: string, user: string): ReadonlySet<Device> {
    return this.devices.get(appKey)?.get(user) ?? new Set();
  }

  /** Connected users per tenant with their device count (inspection, health). */
  connected(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [appKey, users] of this.devices) out[appKey] = Object.fromEntries([...users].map(([u, s]) => [u, s.size]));
    return out;
  }

  /** Store a message sent by `device`, acking it instead of echoing it back. */
  sendingFrom<T>(device: Device, fn: () => T): T {
    this.origin = device;
    try {
      return fn();
    } finally {
      this.origin = undefined;
    }
  }

  close(): void {
    this.unsubscribe();
    for (const users of this.devices.values()) for (const set of users.values()) for (const d of set) d.transport.close(1001, 'server closing');
    this.devices.clear();
  }

  private fanOut(tenant: TenantApi, m: Message): void {
    const users = this.devices.get(tenant.appKey);
    if (!users || users.size === 0) return;
    const t = tenant.state;
    const meta = metaObject(tenant.appKey, m);
    const now = tenant.state.clock.now();
    for (const user of audienceOf(t, m)) {
      const set = users.get(user);
      if (!set) continue;
      let delivered = false;
      const frame = messagesFrame(queueOf(m, user), [meta], now);
      for (const device of set) {
        if (device === this.origin) continue;
        device.transport.send(frame);
        delivered = true;
      }
      // Rooms have no offline queue; for chats and groups a device now holds the message.
      if (delivered && m.chatType !== 'chatroom' && user !== m.from) {
        markDelivered(t, user, m.chatType, queueOf(m, user).name!, m);
      }
    }
  }
}

const hubs = new WeakMap<MockHost, MsyncHub>();

/** One hub per mock, shared by every WebSocket door serving it. */
export function hubOf(mock: MockHost): MsyncHub {
  let hub = hubs.get(mock);
  if (!hub) hubs.set(mock, (hub = new MsyncHub(mock)));
  return hub;
}
