/** Picks `count` distinct word positions (0-based, sorted) for the user to type back. */
export function pickPositions(wordCount: number, count: number, random: () => number = Math.random): number[] {
  const positions = new Set<number>();
  while (positions.size < Math.min(count, wordCount)) positions.add(Math.floor(random() * wordCount));
  return [...positions].sort((a, b) => a - b);
}

/** True when every asked word was typed back (case and surrounding spaces ignored). */
export function answersMatch(words: string[], positions: number[], answers: string[]): boolean {
  return positions.every((position, index) => (answers[index] ?? '').trim().toLowerCase() === words[position]);
}
