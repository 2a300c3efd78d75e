// The client's knowledge card (seed 001): what the team knows about one client — his processes,
// accounting specifics, customizations and how they work — so that whoever picks up his request has the
// context. Internal: only staff read and edit it (the routes refuse client roles; visibleClients scopes
// the rest).
import { sql } from 'kysely';
import type { Clock } from '#server/clock.ts';
import type { Db } from '#server/db/client.ts';
import { ConflictError, NotFoundError } from '#server/http/problem.ts';
import type { Actor } from '#server/modules/auth/actor.ts';
import { sanitizeRichText } from '#server/modules/tickets/rich-text.ts';
import { visibleClients } from './policy.ts';

export type KnowledgeCard = {
  clientId: string;
  /** Sanitized HTML; empty until somebody writes the card. */
  body: string;
  /** 0 for a card never written; each save adds one. */
  version: number;
  updatedAt: string | null;
  updatedBy: { id: string; name: string } | null;
};

type KnowledgeRow = {
  id: string;
  knowledge_card: string;
  knowledge_version: number;
  knowledge_updated_at: Date | string | null;
  knowledge_updated_by: string | null;
  updater_name: string | null;
};

/** The columns of the card of the client aliased `clients`, with its last editor's name. */
export const knowledgeColumns = () =>
  [
    'clients.knowledge_card',
    'clients.knowledge_version',
    'clients.knowledge_updated_at',
    'clients.knowledge_updated_by',
    sql<string | null>`(select u.name from users u where u.id = clients.knowledge_updated_by)`.as(
      'updater_name',
    ),
  ] as const;

/** A card row as the API shows it. */
export function presentKnowledge(row: KnowledgeRow): KnowledgeCard {
  return {
    clientId: row.id,
    body: row.knowledge_card,
    version: row.knowledge_version,
    updatedAt: row.knowledge_updated_at ? new Date(row.knowledge_updated_at).toISOString() : null,
    updatedBy:
      row.knowledge_updated_by && row.updater_name
        ? { id: row.knowledge_updated_by, name: row.updater_name }
        : null,
  };
}

async function findKnowledge(db: Db, actor: Actor, clientId: string): Promise<KnowledgeCard | null> {
  const row = await db
    .selectFrom('clients')
    .select(['clients.id', ...knowledgeColumns()])
    .where('clients.id', '=', clientId)
    .where(visibleClients(actor))
    .executeTakeFirst();
  return row ? presentKnowledge(row) : null;
}

/** The client's knowledge card. @throws NotFoundError when the client is absent or not the actor's to see. */
export async function getKnowledge(db: Db, actor: Actor, clientId: string): Promise<KnowledgeCard> {
  const card = await findKnowledge(db, actor, clientId);
  if (!card) {
    throw new NotFoundError('Client');
  }
  return card;
}

/**
 * Saves the card over the version the editor started from.
 * @throws NotFoundError; ConflictError (code version_conflict, with the current card) when a colleague
 * saved meanwhile.
 */
export async function saveKnowledge(
  deps: { db: Db; clock: Clock },
  actor: Actor,
  clientId: string,
  input: { body: string; version: number },
): Promise<KnowledgeCard> {
  const body = sanitizeRichText(input.body);
  // One statement: the version check and the write cannot be split by a colleague's save.
  const saved = await deps.db
    .updateTable('clients')
    .set((eb) => ({
      knowledge_card: body,
      knowledge_version: eb('knowledge_version', '+', 1),
      knowledge_updated_at: deps.clock.now(),
      knowledge_updated_by: actor.id,
    }))
    .where('clients.id', '=', clientId)
    .where('clients.knowledge_version', '=', input.version)
    .where(visibleClients(actor))
    .returning([
      'clients.id',
      'clients.knowledge_card',
      'clients.knowledge_version',
      'clients.knowledge_updated_at',
      'clients.knowledge_updated_by',
    ])
    .executeTakeFirst();
  if (saved) {
    return presentKnowledge({ ...saved, updater_name: actor.name });
  }
  const current = await getKnowledge(deps.db, actor, clientId);
  throw new ConflictError(
    `The knowledge card was changed meanwhile (version ${current.version}, you sent ${input.version})`,
    { code: 'version_conflict', current },
  );
}
