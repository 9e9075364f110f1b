import { Type } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MediaItem } from '../../news/media/media.types.js';
import { DomainError } from '../../news/shared/errors.js';
import { requireStaff } from '../guard.js';
import type { NewsroomDeps } from '../deps.js';
import { newsroomChrome, sendNewsroomHtml } from '../render.js';
import { SettingsPage } from '../views/SettingsPage.js';
import { SETTING_FIELDS, type SettingsFormValues, formValuesOf, settingsFromForm } from './settings-form.js';

/** Every field is text; the settings' own checks decide what is acceptable (the longest are the word lists). */
const SettingsBody = Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 25_000 }));
const NoticeQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 20 })) });

/** The logo picker lists this many of the newest images (and the current logo, wherever it is). */
const LOGO_CHOICES = 200;

const LABELS = new Map(SETTING_FIELDS.map((field) => [field.key as string, field.label]));

/** Intl's list has no "UTC"; it is the default, so it comes first. */
function timeZones(): string[] {
  return ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')];
}

/** Site settings (/newsroom/settings): administrators only ('settings.manage'). */
export const settingsRoutes: FastifyPluginAsyncTypebox<NewsroomDeps> = async (app, deps) => {
  const { services } = deps;
  const guard = { onRequest: requireStaff('settings.manage') };

  async function images(logo: MediaItem | null): Promise<MediaItem[]> {
    const recent = await services.media.search('', LOGO_CHOICES);
    return logo && !recent.some((item) => item.id === logo.id) ? [logo, ...recent] : recent;
  }

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    form: { values: SettingsFormValues; errors?: Record<string, string>; notice?: string | null },
    status = 200,
  ) {
    const [settings, logo] = await Promise.all([services.settings.get(), services.settings.logo()]);
    return sendNewsroomHtml(
      reply,
      <SettingsPage
        chrome={newsroomChrome(request, reply)}
        values={form.values}
        {...(form.errors ? { errors: form.errors } : {})}
        choices={{ timeZones: timeZones(), images: await images(logo), logo }}
        language={settings.language}
        notice={form.notice ?? null}
      />,
      status,
    );
  }

  app.get('/newsroom/settings', { ...guard, schema: { querystring: NoticeQuery } }, async (request, reply) =>
    page(request, reply, {
      values: formValuesOf(await services.settings.get()),
      notice: request.query.done === 'saved' ? 'The settings were saved.' : null,
    }),
  );

  app.post('/newsroom/settings', { ...guard, preValidation: app.csrfProtection, schema: { body: SettingsBody } }, async (request, reply) => {
    const { changes, values } = settingsFromForm(request.body);
    try {
      await services.settings.update(changes, { userId: request.staff!.id, ip: request.ip });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'invalid') throw error;
      // "Stories per page must be a whole number from 1 to 100": the field's label, then the setting's own words.
      const errors = Object.fromEntries(Object.entries(error.details).map(([key, problem]) => [key, `${LABELS.get(key) ?? key} ${problem}.`]));
      return page(request, reply, { values, errors }, 422);
    }
    return reply.redirect('/newsroom/settings?done=saved', 303);
  });
};
