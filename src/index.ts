export { createRoamingMock } from './mock.ts';
export type { RoamingMock, RoamingMockOptions } from './mock.ts';
export type { Engine, EngineOptions } from './core/engine.ts';
export type { TenantApi, MessageListener } from './core/tenant-api.ts';
export type { TenantConfig } from './core/config.ts';
export { DEFAULT_CONFIG } from './core/config.ts';
export type { Clock } from './core/clock.ts';
export { RoamingError } from './core/errors.ts';
export { RoamingDisabled } from './core/roaming.ts';
/** The error table (kind → status, `error`, `exception`); `ERROR_TABLE` is its old name, kept as an alias. */
export { ERROR_WIRE, ERROR_WIRE as ERROR_TABLE } from './api/wire/errors.ts';
export type { ErrorKind } from './core/errors.ts';
export type { ChatType, Message, MessageType, Via } from './core/model.ts';
export type { ConversationEntry } from './core/listing.ts';
export type { ConversationPage, CursorListOptions, MarkListOptions } from './core/conversations.ts';
export type { HistoryPage, HistoryQuery } from './core/history.ts';
export type { SendInput } from './core/messages.ts';
export type { Fixture, FixtureApp, FixtureInput, FixtureKnowledge, FixtureMessage, FixtureView } from './fixtures/types.ts';
