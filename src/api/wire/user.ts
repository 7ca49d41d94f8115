import type { User } from '../../core/model.ts';
import { applicationUuid } from './envelope.ts';

/** A user entity as the REST API renders it. */
export function userEntity(appKey: string, user: User): object {
  return {
    uuid: applicationUuid(`${appKey}/${user.username}`),
    type: 'user',
    created: user.created,
    modified: user.created,
    username: user.username,
    activated: true,
    ...(user.nickname ? { nickname: user.nickname } : {}),
  };
}
