import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EditableArticle } from '../../news/editorial/editorial.service.js';
import type { NewsServices } from '../../news/services.js';
import { sendNewsroomMessage } from '../render.js';
import type { DiffNames } from '../views/DraftDiff.js';

/** The article the address names, or null once the 404 page is sent. */
export async function loadArticle(services: NewsServices, request: FastifyRequest, reply: FastifyReply, id: number): Promise<EditableArticle | null> {
  const article = await services.editorial.find(id);
  if (!article) {
    await sendNewsroomMessage(request, reply, 404, {
      title: 'Not found',
      message: 'There is no such article; it may have been deleted for good.',
      links: [{ href: '/newsroom/articles', label: 'Articles' }],
    });
    return null;
  }
  return article;
}

export const sendForbidden = (request: FastifyRequest, reply: FastifyReply) =>
  sendNewsroomMessage(request, reply, 403, {
    title: 'Not allowed',
    message: 'You may not change this article. Ask an editor if you need to.',
  });

/** The section tree as a flat list with depths, for the form's selects and checkboxes. */
export async function sectionOptions(services: NewsServices): Promise<{ id: number; name: string; depth: number }[]> {
  const out: { id: number; name: string; depth: number }[] = [];
  const walk = (nodes: Awaited<ReturnType<typeof services.taxonomy.sectionTree>>, depth: number) => {
    for (const node of nodes) {
      out.push({ id: node.id, name: node.name, depth });
      walk(node.children, depth + 1);
    }
  };
  walk(await services.taxonomy.sectionTree(), 0);
  return out;
}

/** Section and byline names by id, for showing two drafts' differences. */
export async function diffNames(services: NewsServices): Promise<DiffNames> {
  const [sections, people] = await Promise.all([sectionOptions(services), services.editorial.people()]);
  return { sections: new Map(sections.map((s) => [s.id, s.name])), people: new Map(people.map((p) => [p.id, p.displayName])) };
}
