// Binds each method of the contract to the core. Params arrive validated by the RPC server.
import type { Api } from '../../shared/api.ts';
import { RpcError, RpcErrorCode } from '../../shared/rpc/protocol.ts';
import type { Handlers } from '../../shared/rpc/server.ts';
import { ContactsError, previewKey } from '../app/contacts/contacts-service.ts';
import { DeviceError } from '../app/devices/devices-service.ts';
import { GroupError } from '../app/groups/groups-service.ts';
import { ImageError } from '../app/messenger/images.ts';
import { MessageActionError } from '../app/messenger/message-actions.ts';
import { ChatNotFoundError } from '../app/messenger/messaging-service.ts';
import type { Core, CoreServices } from './core.ts';
import { mapLayerErrors } from './rpc-errors.ts';

export function createApiHandlers(core: Core): Handlers<Api> {
  const running = (): CoreServices => {
    const services = core.services;
    if (!services) throw new RpcError(RpcErrorCode.Unavailable, `the core is ${core.state}`);
    return services;
  };
  const accounts = () => running().accounts;
  const messaging = () => {
    const service = core.messaging;
    if (service) return service;
    accounts().profile(); // throws NOT_LOGGED_IN when that is the reason
    throw new RpcError(RpcErrorCode.Unavailable, 'messaging needs a running Waku node');
  };

  const contactCall = async <T>(work: () => T | Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ContactsError) {
        const code = error.code === 'NO_REQUEST' ? RpcErrorCode.NotFound : RpcErrorCode.Conflict;
        const invalid = error.code === 'SELF' || error.code === 'INVALID';
        throw new RpcError(invalid ? RpcErrorCode.InvalidParams : code, error.message, {
          reason: error.code,
        });
      }
      throw error;
    }
  };

  const messageCall = async <T>(work: () => T | Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof MessageActionError) {
        const code =
          error.code === 'NOT_FOUND'
            ? RpcErrorCode.NotFound
            : error.code === 'NOT_AUTHOR' || error.code === 'NOT_MEMBER'
              ? RpcErrorCode.Forbidden
              : RpcErrorCode.Conflict;
        throw new RpcError(code, error.message, { reason: error.code });
      }
      if (error instanceof ChatNotFoundError) throw new RpcError(RpcErrorCode.NotFound, error.message);
      if (error instanceof ImageError)
        throw new RpcError(RpcErrorCode.InvalidParams, error.message, { reason: error.code });
      throw error;
    }
  };

  const groupCall = async <T>(work: () => T | Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof GroupError)) throw error;
      const code =
        error.code === 'NOT_FOUND'
          ? RpcErrorCode.NotFound
          : error.code === 'FORBIDDEN'
            ? RpcErrorCode.Forbidden
            : RpcErrorCode.InvalidParams;
      throw new RpcError(code, error.message, { reason: error.code });
    }
  };

  return mapLayerErrors<Api>({
    'node.info': () => core.info(),
    'node.status': () => core.status(),
    'node.peers': async () => (await running().network?.peers()) ?? [],
    'node.stats': () => core.stats(),
    'node.setMode': ({ mode }) => core.setMode(mode),
    'prefs.get': ({ key }) => running().prefs.get(key),
    'prefs.set': ({ key, value }) => running().prefs.set(key, value, Date.now()),
    'prefs.list': () => running().prefs.list(),

    'accounts.list': () => accounts().list(),
    'accounts.loginState': () => accounts().loginState(),
    'accounts.create': ({ password, displayName, words }) => accounts().create({ password, displayName, words }),
    'accounts.import': ({ mnemonic, password, displayName }) => accounts().import({ mnemonic, password, displayName }),
    'accounts.login': ({ keyUid, password }) => accounts().login(keyUid, password),
    'accounts.logout': async () => {
      await accounts().logout();
      return null;
    },
    'accounts.changePassword': async ({ keyUid, oldPassword, newPassword }) => {
      await accounts().changePassword(keyUid, oldPassword, newPassword);
      return null;
    },
    'accounts.revealMnemonic': async ({ keyUid, password }) => ({
      mnemonic: await accounts().revealMnemonic(keyUid, password),
    }),
    'accounts.removeMnemonic': ({ keyUid, password }) => accounts().removeMnemonic(keyUid, password),

    'chats.list': () => messaging().listChats(),
    'chats.markRead': ({ chatId }) => ({ marked: messaging().markRead(chatId) }),
    'chats.mute': ({ chatId, muted }) => messageCall(() => messaging().setMuted(chatId, muted)),
    'chats.delete': ({ chatId }) => ({ deleted: messaging().deleteChat(chatId) }),
    'messages.list': ({ chatId, before, limit }) => messaging().listMessages(chatId, before ?? null, limit),
    'messages.sendText': ({ chatId, text, responseTo }) =>
      messageCall(() => groupCall(() => messaging().sendText(chatId, text, responseTo))),
    'messages.edit': ({ messageId, text }) => messageCall(() => messaging().actions.edit(messageId, text)),
    'messages.delete': ({ messageId, forEveryone }) =>
      messageCall(() => messaging().actions.delete(messageId, forEveryone)),
    'messages.react': ({ messageId, emoji, remove }) =>
      messageCall(() => messaging().actions.react(messageId, emoji, remove)),
    'messages.pin': ({ messageId, pinned }) => messageCall(() => messaging().actions.pin(messageId, pinned)),
    // TODO(helpers): replaced by the images / pins / devices work under way.
    'messages.sendImage': ({ chatId, data, responseTo }) =>
      messageCall(() => messaging().sendImage(chatId, new Uint8Array(Buffer.from(data, 'base64')), responseTo)),
    'messages.image': ({ messageId }) => messageCall(() => messaging().image(messageId)),
    'messages.pinned': ({ chatId }) => messageCall(() => messaging().actions.pinned(chatId)),
    'devices.list': () => messaging().devices.list(),
    'devices.setEnabled': async ({ installationId, enabled }) => {
      try {
        return await messaging().devices.setEnabled(installationId, enabled);
      } catch (error) {
        if (!(error instanceof DeviceError)) throw error;
        const code = error.code === 'NOT_FOUND' ? RpcErrorCode.NotFound : RpcErrorCode.InvalidParams;
        throw new RpcError(code, error.message, { reason: error.code });
      }
    },

    'contacts.preview': ({ key }) => previewKey(key),
    'contacts.list': () => messaging().contacts.list(),
    'contacts.sendRequest': ({ key, message }) => contactCall(() => messaging().contacts.sendRequest(key, message)),
    'contacts.accept': ({ key }) => contactCall(() => messaging().contacts.accept(key)),
    'contacts.decline': ({ key }) => contactCall(() => messaging().contacts.decline(key)),
    'contacts.retract': ({ key }) => contactCall(() => messaging().contacts.retract(key)),
    'contacts.block': ({ key }) => contactCall(() => messaging().contacts.block(key)),
    'contacts.unblock': ({ key }) => contactCall(() => messaging().contacts.unblock(key)),
    'contacts.setNickname': ({ key, nickname }) => contactCall(() => messaging().contacts.setNickname(key, nickname)),

    'groups.create': ({ name, members }) => groupCall(() => messaging().groups.create(name, members)),
    'groups.get': ({ chatId }) => groupCall(() => messaging().groups.get(chatId)),
    'groups.rename': ({ chatId, name }) => groupCall(() => messaging().groups.rename(chatId, name)),
    'groups.addMembers': ({ chatId, members }) => groupCall(() => messaging().groups.addMembers(chatId, members)),
    'groups.removeMember': ({ chatId, member }) => groupCall(() => messaging().groups.removeMember(chatId, member)),
    'groups.makeAdmin': ({ chatId, member }) => groupCall(() => messaging().groups.makeAdmin(chatId, member)),
    'groups.join': ({ chatId }) => groupCall(() => messaging().groups.join(chatId)),
    'groups.decline': ({ chatId }) => groupCall(() => messaging().groups.decline(chatId)),
    'groups.leave': ({ chatId }) => groupCall(() => messaging().groups.leave(chatId)),
    'groups.setColor': ({ chatId, color }) => groupCall(() => messaging().groups.setColor(chatId, color)),
    'groups.setImage': ({ chatId, data }) =>
      messageCall(() =>
        groupCall(() => messaging().groups.setImage(chatId, new Uint8Array(Buffer.from(data, 'base64')))),
      ),
    'groups.image': ({ chatId }) => groupCall(() => messaging().groups.image(chatId)),

    'profile.get': () => accounts().profile(),
    'profile.setDisplayName': ({ displayName }) => {
      const profile = accounts().setDisplayName(displayName);
      core.rpc.emit('profile.changed', profile);
      // Mutual contacts learn the new name (ContactUpdate); best effort, in the background.
      void core.messaging?.contacts.broadcastProfile().catch(() => {});
      return profile;
    },
  });
}
