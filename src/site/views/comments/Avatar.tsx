/** Initials on a coloured disc: no third-party avatar service sees the reader. Colour classes keep CSP strict. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0]!, words.at(-1)!] : words;
  return letters.map((w) => [...w][0]!.toUpperCase()).join('') || '?';
}

export function hueClass(name: string): string {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.codePointAt(0)!) >>> 0;
  return `avatar-${hash % 8}`;
}

export function Avatar(props: { name: string }) {
  return (
    <span class={`avatar ${hueClass(props.name)}`} aria-hidden="true">
      {initials(props.name)}
    </span>
  );
}
