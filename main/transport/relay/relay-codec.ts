// The data of a /vac/waku/relay/2.0.0 gossipsub message is one encoded WakuMessage.
import { proto_message } from '@waku/proto';
import { accepted, type Decoded, describeError, refused } from '../decoded.ts';
import { MessageInvalid, messageInvalidReason, type WakuMessage } from '../message.ts';

export const RelayReject = {
  TooLarge: 'too-large',
  Undecodable: 'undecodable',
  ...MessageInvalid,
} as const;
export type RelayReject = (typeof RelayReject)[keyof typeof RelayReject];

/** Size check first, then decode, then the message rules; never throws. */
export function decodeRelayData(data: Uint8Array, maxMessageBytes: number): Decoded<WakuMessage, RelayReject> {
  if (data.length > maxMessageBytes) return refused(RelayReject.TooLarge, `${data.length} > ${maxMessageBytes} bytes`);
  let message: WakuMessage;
  try {
    message = proto_message.WakuMessage.decode(data);
  } catch (error) {
    return refused(RelayReject.Undecodable, describeError(error));
  }
  const invalid = messageInvalidReason(message);
  return invalid === null ? accepted(message) : refused(invalid);
}

export function encodeRelayData(message: WakuMessage): Uint8Array {
  return proto_message.WakuMessage.encode(message);
}
