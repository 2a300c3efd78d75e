// Role names are part of the public API contract (API.md, "Roles"): never rename them.
export const ROLES = ['admin', 'dispatcher', 'agent', 'client_user', 'client_approver', 'employee'] as const;
export type Role = (typeof ROLES)[number];

export const STAFF_ROLES = ['admin', 'dispatcher', 'agent'] as const satisfies readonly Role[];
export const CLIENT_ROLES = ['client_user', 'client_approver'] as const satisfies readonly Role[];

export const isStaffRole = (role: Role): boolean => (STAFF_ROLES as readonly Role[]).includes(role);
export const isClientRole = (role: Role): boolean => (CLIENT_ROLES as readonly Role[]).includes(role);

/** Where a role lands after login: the agent workspace or the client portal. */
export const homePathFor = (role: Role): '/desk' | '/portal' => (isStaffRole(role) ? '/desk' : '/portal');
