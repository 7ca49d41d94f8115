import type { ConversationEntry } from '../../core/listing.ts';
import { domainOf, jidText, restMetaJson } from './meta.ts';

/**
 * ChannelInfo of the cursor listings (SPEC §3.1) as JSON text; `meta` is {} when nothing is visible. The message
 * part comes from the per-message cache (lists are a hot path).
 */
export function channelInfoJson(appKey: string, e: ConversationEntry, needMark: boolean): string {
  const marks = needMark ? `,"marks":[${e.marks.map((m) => `"mark_${m}"`).join(',')}]` : '';
  // SPEC-2 R49 [unconfirmed]: channel_id and created_at too (readers outside the SDK use them).
  return `{"session_to":${JSON.stringify(e.id)},"session_type":"${e.type}","channel_id":${JSON.stringify(jidText(appKey, e.id, domainOf(e.type)))},"created_at":${e.createdAt},"is_top":${e.pinnedAt > 0},"update_top_status_time":${e.pinnedAt},"unread_num":${e.unread}${marks},"meta":${e.latest ? restMetaJson(appKey, e.latest) : '{}'}}`;
}

/** LegacyChannelInfo of `GET /users/{u}/user_channels` and `/page`. */
export function legacyChannelInfoJson(appKey: string, e: ConversationEntry): string {
  return `{"channel_id":${JSON.stringify(jidText(appKey, e.id, domainOf(e.type)))},"unread_num":${e.unread},"meta":${e.latest ? restMetaJson(appKey, e.latest) : '{}'}}`;
}
