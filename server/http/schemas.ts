import { Type } from 'typebox';

// Schemas shared by many routes; each module keeps its own in its schema.ts.
export const Uuid = Type.String({ format: 'uuid', description: 'Identifier (UUID)' });
export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false });
export const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601 time with offset' });

export const ProblemSchema = Type.Object(
  {
    status: Type.Integer(),
    title: Type.String(),
    detail: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() }))),
  },
  { additionalProperties: true, description: 'An application/problem+json error' },
);

/** Response entries for the errors a route can answer, documented in OpenAPI. */
export const problemResponses = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [code, ProblemSchema]));

export const Page = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

/** A value or null. */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
