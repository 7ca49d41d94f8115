import type { ConversationEntry } from '../../core/listing.ts';
import { domainOf, jidText, restMeta } from './meta.ts';

/** ChannelInfo of the cursor listings (SPEC §3.1); `meta` is {} when nothing is visible. */
export function channelInfo(appKey: string, e: ConversationEntry, needMark: boolean): object {
  return {
    session_to: e.id,
    session_type: e.type,
    is_top: e.pinnedAt > 0,
    update_top_status_time: e.pinnedAt,
    unread_num: e.unread,
    ...(needMark ? { marks: e.marks.map((m) => `mark_${m}`) } : {}),
    meta: e.latest ? restMeta(appKey, e.latest) : {},
  };
}

/** LegacyChannelInfo of `GET /users/{u}/user_channels` and `/page`. */
export function legacyChannelInfo(appKey: string, e: ConversationEntry): object {
  return {
    channel_id: jidText(appKey, e.id, domainOf(e.type)),
    unread_num: e.unread,
    meta: e.latest ? restMeta(appKey, e.latest) : {},
  };
}
