/** A later update is worth showing only when it is a real change, not the same publishing minute. */
export function isMeaningfullyUpdated(publishedAt: string | null, updatedAt: string): boolean {
  if (!publishedAt) return false;
  return new Date(updatedAt).getTime() - new Date(publishedAt).getTime() > 5 * 60_000;
}
