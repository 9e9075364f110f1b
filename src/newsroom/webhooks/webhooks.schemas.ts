import { Type } from 'typebox';

export const WebhookIdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

const Notice = Type.Optional(Type.String({ maxLength: 20 }));
export const NoticeQuery = Type.Object({ done: Notice });

/** The endpoint form. Loose on purpose: the service checks the values and the form shows its messages. */
export const EndpointBody = Type.Object({
  url: Type.Optional(Type.String({ maxLength: 10_000 })),
  description: Type.Optional(Type.String({ maxLength: 10_000 })),
  /** Checked events (one value or many). */
  events: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Array(Type.String({ maxLength: 100 }), { maxItems: 50 })])),
  active: Type.Optional(Type.String({ maxLength: 10 })),
  _csrf: Type.Optional(Type.String()),
});

export const DeleteBody = Type.Object({
  confirm: Type.Optional(Type.String({ maxLength: 10 })),
  _csrf: Type.Optional(Type.String()),
});

export const CsrfOnlyBody = Type.Object({ _csrf: Type.Optional(Type.String()) });
