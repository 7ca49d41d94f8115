import WebSocket from 'ws';
import { NodeXMLHttpRequest } from './xhr.ts';

/**
 * Test-only globals so the unmodified `easemob-websdk` runs in Node 20 (SPEC §4.2): a `window`/`self` with a
 * WebSocket (the `ws` package) and an XMLHttpRequest; the SDK's long intervals are unref'd so the process exits.
 */
const g = globalThis as Record<string, unknown>;
g['self'] ??= globalThis;
g['window'] ??= globalThis;
g['WebSocket'] ??= WebSocket;
g['XMLHttpRequest'] = NodeXMLHttpRequest;
// With `window` defined, MSW believes it is in a browser and listens on window (ws.link's client manager).
if (typeof g['addEventListener'] !== 'function') {
  const target = new EventTarget();
  g['addEventListener'] = target.addEventListener.bind(target);
  g['removeEventListener'] = target.removeEventListener.bind(target);
  g['dispatchEvent'] = target.dispatchEvent.bind(target);
}
// Node 20 has no navigator; the SDK's (disabled) data report still reads it.
g['navigator'] ??= { userAgent: 'node', onLine: true, language: 'en' };
const realSetInterval = globalThis.setInterval;
globalThis.setInterval = ((fn: () => void, ms?: number, ...args: unknown[]) => {
  const timer = realSetInterval(fn, ms, ...args);
  (timer as unknown as { unref(): void }).unref();
  return timer;
}) as typeof setInterval;

// Loaded after the globals exist: the SDK picks its platform (web) when it loads.
const mod = (await import('easemob-websdk')) as unknown as { default: SdkModule };
export const websdk: SdkModule = mod.default;
// The SDK logs every frame at debug level; tests set ROAMING_MOCK_SDK_LOGS=1 to see them.
if (!process.env['ROAMING_MOCK_SDK_LOGS']) {
  const logger = websdk['logger'] as { setConsoleLogVisibility?(v: boolean): void; disableAll?(): void } | undefined;
  logger?.setConsoleLogVisibility?.(false);
  logger?.disableAll?.();
}

export interface SdkModule {
  connection: new (options: Record<string, unknown>) => SdkConnection;
  message: { create(options: Record<string, unknown>): Record<string, unknown> };
  [key: string]: unknown;
}

/** The calls of `websdk.connection` the tests use (the SDK ships its own d.ts; this keeps tests independent of it). */
export interface SdkConnection {
  open(options: Record<string, unknown>): Promise<unknown>;
  close(): void;
  addEventHandler(name: string, handlers: Record<string, (...args: any[]) => void>): void;
  send(message: Record<string, unknown>): Promise<any>;
  getServerConversations(options?: Record<string, unknown>): Promise<any>;
  getServerPinnedConversations(options?: Record<string, unknown>): Promise<any>;
  getServerConversationsByFilter(options: Record<string, unknown>): Promise<any>;
  getHistoryMessages(options: Record<string, unknown>): Promise<any>;
  removeHistoryMessages(options: Record<string, unknown>): Promise<any>;
  deleteConversation(options: Record<string, unknown>): Promise<any>;
  deleteAllMessagesAndConversations(): Promise<any>;
  pinConversation(options: Record<string, unknown>): Promise<any>;
  addConversationMark(options: Record<string, unknown>): Promise<any>;
  removeConversationMark(options: Record<string, unknown>): Promise<any>;
  getConversationlist(options?: Record<string, unknown>): Promise<any>;
  isOpened(): boolean;
  [key: string]: any;
}
