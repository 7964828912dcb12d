import { generateAlias } from './alias.ts';
import type { ColorHash } from './color-hash.ts';
import { colorHash, colorId } from './color-hash.ts';
import { emojiHash } from './emoji-hash.ts';
import { publicKeyFromBytes, toChatKey, toCompressedHex, toUncompressedHex } from './keys.ts';

/** Everything a Status client shows to let people recognise a key. JSON-serialisable. */
export type PublicKeyDescription = {
  /** "0x04…", the canonical contact / chat ID */
  publicKey: string;
  /** "0x02…" / "0x03…" */
  compressedKey: string;
  /** "zQ3…" */
  chatKey: string;
  /** three-word pseudonym, e.g. "Hard Tame Brownbutterfly" */
  alias: string;
  /** 14 emojis */
  emojiHash: string[];
  colorHash: ColorHash;
  /** 0..10 */
  colorId: number;
};

export function describePublicKey(key: Uint8Array): PublicKeyDescription {
  const uncompressed = publicKeyFromBytes(key);
  return {
    publicKey: toUncompressedHex(uncompressed),
    compressedKey: toCompressedHex(uncompressed),
    chatKey: toChatKey(uncompressed),
    alias: generateAlias(uncompressed),
    emojiHash: emojiHash(uncompressed),
    colorHash: colorHash(uncompressed),
    colorId: colorId(uncompressed),
  };
}
