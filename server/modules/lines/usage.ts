import { ConflictError } from '#server/http/problem.ts';

/** What still refers to a line or a group: any of it keeps the record from being deleted. */
export type LineUsage = { groups: number; members: number; tickets: number; services: number; rules: number };
/** What routes to a group together with its line. */
export type GroupUsage = { rules: number; services: number };

const WORDS: Record<keyof LineUsage, [string, string]> = {
  groups: ['group', 'groups'],
  members: ['member', 'members'],
  tickets: ['request', 'requests'],
  services: ['catalog service', 'catalog services'],
  rules: ['routing rule', 'routing rules'],
};

const listed = (usage: Partial<Record<keyof LineUsage, number>>) =>
  (Object.keys(WORDS) as (keyof LineUsage)[])
    .filter((key) => (usage[key] ?? 0) > 0)
    .map((key) => `${usage[key]} ${WORDS[key][usage[key] === 1 ? 0 : 1]}`)
    .join(', ');

/**
 * The refusal to delete a line or group that something still refers to, or null when nothing does. The
 * counts travel in `usage` so that a client can word the message in its own language.
 */
export function inUseProblem(kind: 'line' | 'group', name: string, usage: LineUsage): ConflictError | null {
  const what = listed(usage);
  if (!what) {
    return null;
  }
  return new ConflictError(
    `The ${kind} «${name}» is still in use (${what}); rename it instead, or move these elsewhere first`,
    { code: 'in_use', usage },
  );
}

/** The refusal to move a group to another line while rules or services route to it on its current one. */
export function groupRoutedProblem(name: string, usage: GroupUsage): ConflictError | null {
  const what = listed(usage);
  if (!what) {
    return null;
  }
  const message = `«${name}» is the target of ${what} on its current line; change them first`;
  return new ConflictError(`lineId: ${message}`, {
    code: 'group_routed',
    usage,
    errors: [{ path: 'lineId', message }],
  });
}
