/** "Ana also has this article open.": the edit page's presence notice, as the server renders it and the editor's presence script rewrites it. */
export function presenceText(others: string[]): string {
  if (!others.length) return '';
  return `${others.join(', ')} also ${others.length === 1 ? 'has' : 'have'} this article open.`;
}
