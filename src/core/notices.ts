import type { ChatType, Message } from './model.ts';

/**
 * What the core tells the live-push door besides new messages: a recall (R29) or an edit (R33). The core decides
 * who hears it (`audience`); the door only encodes and sends.
 */
export type Notice = RecallNotice | EditNotice;

export interface RecallNotice {
  readonly kind: 'recall';
  /** A fresh id for the notice itself (R29 `Meta.id`). */
  readonly id: string;
  /** The recalled message's id (`ackMessageId`). */
  readonly msgId: string;
  readonly chatType: ChatType;
  /** Who recalled it: a user, or `admin` for the REST API. */
  readonly by: string;
  /** The message's original `to` (peer, group or room). */
  readonly to: string;
  /** `recallMessageExtensionInfo`, passed through. */
  readonly ext?: string;
  /** Users whose devices hear it (the recaller's own devices but the sending one included when synced). */
  readonly audience: readonly string[];
}

export interface EditNotice {
  readonly kind: 'edit';
  /** A fresh id for the notice itself. */
  readonly id: string;
  readonly message: Message;
  /** 1 BODY, 2 BODY_AND_EXT (the SDK's editScope). */
  readonly scope: 1 | 2;
  readonly audience: readonly string[];
}
