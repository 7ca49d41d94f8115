import type { Notice } from '../../core/notices.ts';
import { domainOf, messageBodyObject, extToKeyValues } from './meta.ts';
import { pb } from './proto.ts';

const RECALL = 6;
const EDIT = 8;

/**
 * R29/R33: the protobuf `Meta` of a recall or edit notice. The SDK reads `from`/`to` from the MessageBody
 * (§4.1): a RECALL body fires `onRecallMessage`, an EDIT body `onModifiedMessage`.
 */
export function noticeMeta(appKey: string, n: Notice): object {
  if (n.kind === 'recall') {
    const body = pb.MessageBody.encode(pb.MessageBody.fromObject({
      type: RECALL, from: { name: n.by }, to: { name: n.to }, ackMessageId: n.msgId, contents: [{ type: 0, text: '' }],
    })).finish();
    return {
      id: n.id, from: { appKey, name: n.by, domain: 'easemob.com' }, to: { appKey, name: n.to, domain: domainOf(n.chatType) },
      ns: 1, payload: body, ...(n.ext !== undefined ? { ext: extToKeyValues({ recallMessageExtensionInfo: n.ext }) } : {}),
    };
  }
  const m = n.message;
  const operator = m.edit?.operator ?? m.from;
  const body = pb.MessageBody.encode(pb.MessageBody.fromObject({
    ...messageBodyObject(m, EDIT), from: { name: operator }, editMessageId: m.id, editScope: n.scope,
  })).finish();
  return { id: n.id, from: { appKey, name: operator, domain: 'easemob.com' }, to: { appKey, name: m.to, domain: domainOf(m.chatType) }, ns: 1, payload: body };
}
