import { queryOptions } from '@tanstack/react-query';
import type { Role } from '#common/roles.ts';
import { api, ApiError } from '../../lib/api.ts';

/** Someone on a line or in a group (a deactivated user keeps his memberships until removed). */
export type LineMember = { id: string; name: string; role: Role; isActive: boolean };

export type SupportGroup = { id: string; lineId: string; code: string; name: string; members: LineMember[] };

/** GET /lines: lines in escalation order (lowest level first), each with its groups and members. */
export type SupportLine = {
  id: string;
  code: string;
  name: string;
  level: number;
  members: LineMember[];
  groups: SupportGroup[];
};

// The same key the users' form reads the lines under, so that every screen sees a change at once.
export const linesQueryKey = ['lines'] as const;

export const supportLinesQueryOptions = queryOptions({
  queryKey: linesQueryKey,
  queryFn: ({ signal }) => api.get<{ items: SupportLine[] }>('/lines', { signal }),
  staleTime: 60_000,
});

/** Active support staff with their memberships: whom the admin can add to a line or group. */
export type StaffMembership = { id: string; name: string; role: Role; lineIds: string[]; groupIds: string[] };

export const staffMembershipsQueryOptions = queryOptions({
  queryKey: ['staff', 'memberships'],
  queryFn: async ({ signal }) => (await api.get<{ items: StaffMembership[] }>('/staff', { signal })).items,
  staleTime: 60_000,
});

export const createLine = (body: { code: string; name: string; level: number }): Promise<SupportLine> =>
  api.post<SupportLine>('/lines', body);

export const updateLine = ({
  id,
  ...body
}: {
  id: string;
  name?: string;
  level?: number;
}): Promise<SupportLine> => api.patch<SupportLine>(`/lines/${encodeURIComponent(id)}`, body);

export const deleteLine = (id: string): Promise<void> => api.delete(`/lines/${encodeURIComponent(id)}`);

export const createGroup = ({
  lineId,
  ...body
}: {
  lineId: string;
  code: string;
  name: string;
}): Promise<SupportGroup> => api.post<SupportGroup>(`/lines/${encodeURIComponent(lineId)}/groups`, body);

export const updateGroup = ({
  id,
  ...body
}: {
  id: string;
  name?: string;
  lineId?: string;
}): Promise<SupportGroup> => api.patch<SupportGroup>(`/groups/${encodeURIComponent(id)}`, body);

export const deleteGroup = (id: string): Promise<void> => api.delete(`/groups/${encodeURIComponent(id)}`);

export type Membership = { kind: 'line' | 'group'; id: string };

/**
 * Adds a user to a line or group, or takes him off it. PATCH /users replaces the whole list, so the
 * user's memberships are read fresh right before the write: the others stay as they are now.
 */
export async function changeMembership(
  userId: string,
  target: Membership,
  change: 'add' | 'remove',
): Promise<void> {
  const user = await api.get<{ lineIds: string[]; groupIds: string[] }>(
    `/users/${encodeURIComponent(userId)}`,
  );
  const field = target.kind === 'line' ? 'lineIds' : 'groupIds';
  const current = user[field];
  const next =
    change === 'add' ? [...new Set([...current, target.id])] : current.filter((id) => id !== target.id);
  if (next.length === current.length && next.every((id, i) => id === current[i])) {
    return;
  }
  await api.patch(`/users/${encodeURIComponent(userId)}`, { [field]: next });
}

/** How much still refers to a line or group that the server refused to delete (409 `in_use`). */
export type Usage = {
  groups?: number;
  members?: number;
  tickets?: number;
  services?: number;
  rules?: number;
};

export const usageOf = (error: unknown): Usage | null => {
  if (!(error instanceof ApiError) || error.code === undefined) {
    return null;
  }
  const usage = error.problem.usage;
  return typeof usage === 'object' && usage !== null ? usage : null;
};
