import type { ReactionEmoji } from '../../../shared/api.ts';

/** How each of Status's six reactions looks (the wire carries only its number). */
export const REACTION_GLYPH: Record<ReactionEmoji, string> = {
  love: '❤️',
  'thumbs-up': '👍',
  'thumbs-down': '👎',
  laugh: '😂',
  sad: '😢',
  angry: '😡',
};
