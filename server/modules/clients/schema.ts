import { Type } from 'typebox';
import { LIMITS } from '#common/limits.ts';
import { RoleSchema } from '#server/modules/auth/schema.ts';
import { PageQuery } from '#server/http/pagination.ts';
import { Timestamp, Uuid } from '#server/http/schemas.ts';

const Inn = Type.String({
  minLength: 1,
  maxLength: 12,
  description: 'INN: 10 digits for a company, 12 for an individual entrepreneur; the checksum is verified',
});
const Kpp = Type.Union([Type.String({ pattern: '^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$' }), Type.Null()], {
  description: 'KPP, 9 characters, companies only',
});

export const ClientView = Type.Object({
  id: Uuid,
  name: Type.String(),
  inn: Type.String(),
  kpp: Type.Union([Type.String(), Type.Null()]),
  timeZone: Type.String(),
  notes: Type.String(),
  usersSeeBalance: Type.Boolean({
    description: 'Every contact of the client sees the hour balance, not only the approver',
  }),
  usersSeeCompanyRequests: Type.Boolean({
    description: 'Every contact sees the company’s requests (otherwise only those he filed)',
  }),
  calendarId: Type.Union([Uuid, Type.Null()], {
    description: 'The business calendar of the client’s SLA (the default calendar when null)',
  }),
  contactCount: Type.Integer(),
  createdAt: Timestamp,
});

export const ClientDetail = Type.Object({
  ...ClientView.properties,
  contacts: Type.Array(
    Type.Object({
      id: Uuid,
      name: Type.String(),
      email: Type.String(),
      phone: Type.Union([Type.String(), Type.Null()]),
      role: RoleSchema,
      isActive: Type.Boolean(),
    }),
  ),
});

export const ClientCreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: LIMITS.clientNameMax }),
    inn: Inn,
    kpp: Type.Optional(Kpp),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone' })),
    notes: Type.Optional(Type.String({ maxLength: LIMITS.notesMax })),
    usersSeeBalance: Type.Optional(Type.Boolean()),
    usersSeeCompanyRequests: Type.Optional(Type.Boolean()),
    calendarId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false },
);

export const ClientPatchBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.clientNameMax })),
    inn: Type.Optional(Inn),
    kpp: Type.Optional(Kpp),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    notes: Type.Optional(Type.String({ maxLength: LIMITS.notesMax })),
    usersSeeBalance: Type.Optional(Type.Boolean()),
    usersSeeCompanyRequests: Type.Optional(Type.Boolean()),
    calendarId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false },
);

export const ClientListQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(
      Type.String({ maxLength: LIMITS.searchMax, description: 'Part of the name, or INN digits' }),
    ),
    inn: Type.Optional(Type.String({ maxLength: 12, description: 'Exact INN' })),
  },
  { additionalProperties: false },
);

export const KnowledgeCardView = Type.Object({
  clientId: Uuid,
  body: Type.String({ description: 'Sanitized HTML; empty until somebody writes the card' }),
  version: Type.Integer({ description: 'Send it back with a change: 0 for a card never written' }),
  updatedAt: Type.Union([Timestamp, Type.Null()]),
  updatedBy: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
});

export const KnowledgeCardBody = Type.Object(
  {
    body: Type.String({
      maxLength: LIMITS.knowledgeCardMax,
      description: 'HTML; only formatting survives (it is sanitized like comments)',
    }),
    version: Type.Integer({
      minimum: 0,
      description: 'The version the edit started from; a colleague’s newer save answers 409',
    }),
  },
  { additionalProperties: false },
);
