/** A size as people read it: 820 KB, 15 MB, 1.5 GB (powers of 1024; one decimal at most, none when it is whole). */
export function formatBytes(bytes: number): string {
  const KB = 1024;
  const MB = KB * 1024;
  const GB = MB * 1024;
  if (bytes >= GB) return `${Number((bytes / GB).toFixed(1))} GB`;
  if (bytes >= MB) return `${Number((bytes / MB).toFixed(1))} MB`;
  return `${Number((bytes / KB).toFixed(1))} KB`;
}
