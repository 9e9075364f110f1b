import { HtmlValidate } from 'html-validate';
import { expect } from 'vitest';

const validator = new HtmlValidate({ extends: ['html-validate:standard'], rules: { 'long-title': 'off' } });

/** Fails the test with html-validate's messages (rule, message, line) when the page is not valid HTML. */
export async function expectValidHtml(html: string): Promise<void> {
  const report = await validator.validateString(html);
  const messages = report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`));
  expect(messages).toEqual([]);
}

/** A page's audit entries (AuditEntryList) as plain sentences, in page order (newest first). */
export function auditSentences(html: string): string[] {
  return [...html.matchAll(/<p class="nr-audit-what">(.*?)<\/p>/g)].map((m) =>
    m[1]!
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&'),
  );
}
