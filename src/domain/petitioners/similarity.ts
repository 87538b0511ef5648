// How alike two petition titles are, for the repeat check.
//
// Character-bigram Jaccard similarity: both texts are reduced to their letters and digits
// (punctuation and blanks dropped, Latin letters lower-cased), cut into overlapping pairs of
// characters, and compared as sets: |A ∩ B| / |A ∪ B|, from 0 (nothing shared) to 1 (the same
// pairs). Chinese has no spaces between words, so pairs of characters stand in for words:
// "征地补偿款未发放" (7 pairs) and "征地补偿款至今未发放" (9 pairs) share 6: 6 / 10 = 0.6.
// A text of a single character is compared by that character.

/** Titles at least this similar are taken to be the same matter. */
export const DEFAULT_SIMILARITY_THRESHOLD = 0.5;

function characters(text: string): string[] {
  return Array.from(text.normalize('NFKC').toLowerCase()).filter((c) => /[\p{L}\p{N}]/u.test(c));
}

export function characterBigrams(text: string): Set<string> {
  const chars = characters(text);
  if (chars.length === 1) return new Set(chars);
  const bigrams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) bigrams.add(`${chars[i]}${chars[i + 1]}`);
  return bigrams;
}

export function bigramJaccard(a: string, b: string): number {
  const left = characterBigrams(a);
  const right = characterBigrams(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const bigram of left) if (right.has(bigram)) shared++;
  return shared / (left.size + right.size - shared);
}
