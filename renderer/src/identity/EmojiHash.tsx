export function EmojiHash({ emojis }: { emojis: string[] }) {
  return (
    <span className="emoji-hash" role="img" aria-label={`emoji hash: ${emojis.join(' ')}`} data-testid="emoji-hash">
      {emojis.map((emoji, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: positions are the identity; emojis can repeat
        <span key={index}>{emoji}</span>
      ))}
    </span>
  );
}
