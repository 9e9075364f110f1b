/** Word count and reading time (230 words a minute, rounded up), as the editor's status line shows them. */
export const WORDS_PER_MINUTE = 230;

export function countWords(text: string): number {
  const matches = text.match(/[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu);
  return matches ? matches.length : 0;
}

export function readingMinutes(words: number): number {
  return words === 0 ? 0 : Math.max(1, Math.ceil(words / WORDS_PER_MINUTE));
}

export function statsText(words: number): string {
  const minutes = readingMinutes(words);
  return `${words.toLocaleString('en-GB')} ${words === 1 ? 'word' : 'words'} · ${minutes} min read`;
}
