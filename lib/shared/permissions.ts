import { PROFILE_FIELDS, PROFILE_FIELD_LABELS, type ProfileField } from '@/lib/shared/profile-fields';

/**
 * Who may do what: the one set of rules that the pages (to show or lock controls) and the
 * route handlers (to refuse) both read.
 */
export const ROLES = ['admin', 'hr', 'support', 'ops'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  hr: 'HR',
  support: 'Support',
  ops: 'Operations',
};

export type Permission =
  | 'profile:view'
  | 'profile:update'
  | 'history:view'
  | 'updates:view'
  | 'update:retry'
  | 'bulk:view'
  | 'bulk:update'
  | 'users:manage'
  | 'profiles:import';

const grants: Record<Role, { permissions: readonly Permission[]; editableFields: readonly ProfileField[] }> = {
  admin: {
    permissions: [
      'profile:view',
      'profile:update',
      'history:view',
      'updates:view',
      'update:retry',
      'bulk:view',
      'bulk:update',
      'users:manage',
      'profiles:import',
    ],
    editableFields: PROFILE_FIELDS,
  },
  hr: {
    permissions: ['profile:view', 'profile:update', 'history:view', 'updates:view', 'bulk:view', 'bulk:update'],
    editableFields: PROFILE_FIELDS,
  },
  support: {
    permissions: ['profile:view', 'profile:update', 'history:view', 'updates:view', 'bulk:view', 'bulk:update'],
    editableFields: ['email', 'mobile'],
  },
  ops: {
    permissions: ['profile:view', 'history:view', 'updates:view', 'update:retry', 'bulk:view'],
    editableFields: [],
  },
};

/**
 * Whose attempts a role sees on the updates page: everyone's, or only the person's own
 * (support fixes contact details and follows up its own saves, nobody else's).
 */
export function updatesScope(role: string | null | undefined): 'all' | 'own' | 'none' {
  if (!can(role, 'updates:view')) return 'none';
  return role === 'support' ? 'own' : 'all';
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether a role has a permission. An unknown role has none. */
export function can(role: string | null | undefined, permission: Permission): boolean {
  return isRole(role) && grants[role].permissions.includes(permission);
}

export function editableFields(role: string | null | undefined): readonly ProfileField[] {
  return isRole(role) && can(role, 'profile:update') ? grants[role].editableFields : [];
}

/** For each field the role may not change, the sentence shown beside it. */
export function lockedFieldReasons(role: string | null | undefined): Partial<Record<ProfileField, string>> {
  const editable = editableFields(role);
  const allowed = editable.map((field) => PROFILE_FIELD_LABELS[field]).join(' and ');
  // An unknown role may not even view profiles: say so without inventing a role name.
  const reason = !isRole(role)
    ? 'Read-only: your role cannot change profiles.'
    : editable.length === 0
      ? `Read-only: the ${ROLE_LABELS[role]} role can view profiles but not change them.`
      : `Read-only: the ${ROLE_LABELS[role]} role can change ${allowed} only.`;
  return Object.fromEntries(
    PROFILE_FIELDS.filter((field) => !editable.includes(field)).map((field) => [field, reason]),
  );
}
