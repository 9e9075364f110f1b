import type { SectionRow } from '../../platform/db/schema.js';

/** A section with its children, for navigation and for archives that include their subsections. */
export interface SectionNode {
  id: number;
  slug: string;
  name: string;
  description: string;
  parentId: number | null;
  /** Place among its siblings (smaller first; ties by name). */
  sortOrder: number;
  commentPolicy: SectionRow['comment_policy'];
  children: SectionNode[];
}

export function buildSectionTree(rows: SectionRow[]): SectionNode[] {
  const nodes = new Map<number, SectionNode>(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        slug: row.slug,
        name: row.name,
        description: row.description,
        parentId: row.parent_id,
        sortOrder: row.sort_order,
        commentPolicy: row.comment_policy,
        children: [],
      },
    ]),
  );
  const roots: SectionNode[] = [];
  for (const row of rows) {
    const node = nodes.get(row.id)!;
    const parent = row.parent_id === null ? undefined : nodes.get(row.parent_id);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

/** The section and everything beneath it. */
export function descendantIds(node: SectionNode): number[] {
  return [node.id, ...node.children.flatMap(descendantIds)];
}

/** Path from the root down to the section with this id (for breadcrumbs), or [] if it is not in the tree. */
export function ancestry(roots: SectionNode[], id: number): SectionNode[] {
  for (const node of roots) {
    if (node.id === id) return [node];
    const below = ancestry(node.children, id);
    if (below.length) return [node, ...below];
  }
  return [];
}

export function flattenTree(roots: SectionNode[]): SectionNode[] {
  return roots.flatMap((node) => [node, ...flattenTree(node.children)]);
}

/** Every section in tree order (each parent before its children), with how deep it is (0 for the top level). */
export function flattenWithDepth(roots: SectionNode[], depth = 0): { node: SectionNode; depth: number }[] {
  return roots.flatMap((node) => [{ node, depth }, ...flattenWithDepth(node.children, depth + 1)]);
}
