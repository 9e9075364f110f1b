import { describe, expect, it } from 'vitest';
import type { SectionRow } from '../../platform/db/schema.js';
import { ancestry, buildSectionTree, descendantIds, flattenTree, flattenWithDepth } from './section-tree.js';

const row = (id: number, slug: string, parent_id: number | null): SectionRow => ({
  id,
  slug,
  name: slug,
  description: '',
  parent_id,
  sort_order: id,
  comment_policy: 'open',
  created_at: '2026-01-01T00:00:00.000Z',
});

describe('section tree', () => {
  const rows = [row(1, 'world', null), row(2, 'americas', 1), row(3, 'venezuela', 2), row(4, 'markets', null)];
  const tree = buildSectionTree(rows);

  it('nests children under their parents', () => {
    expect(tree.map((n) => n.slug)).toEqual(['world', 'markets']);
    expect(tree[0]!.children[0]!.children[0]!.slug).toBe('venezuela');
  });

  it('lists a section with all its descendants', () => {
    expect(descendantIds(tree[0]!)).toEqual([1, 2, 3]);
  });

  it('gives the path from the root for breadcrumbs', () => {
    expect(ancestry(tree, 3).map((n) => n.slug)).toEqual(['world', 'americas', 'venezuela']);
    expect(ancestry(tree, 99)).toEqual([]);
  });

  it('treats a section whose parent is missing as a root', () => {
    expect(buildSectionTree([row(5, 'orphan', 42)]).map((n) => n.slug)).toEqual(['orphan']);
    expect(flattenTree(tree)).toHaveLength(4);
  });

  it('lists the whole tree in order with each section’s depth', () => {
    expect(flattenWithDepth(tree).map(({ node, depth }) => `${depth}:${node.slug}`)).toEqual(['0:world', '1:americas', '2:venezuela', '0:markets']);
  });
});
