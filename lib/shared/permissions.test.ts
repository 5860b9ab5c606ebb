import { describe, expect, it } from 'vitest';

import {
  can,
  editableFields,
  isRole,
  lockedFieldReasons,
  ROLES,
  updatesScope,
  type Permission,
} from '@/lib/shared/permissions';
import { PROFILE_FIELDS } from '@/lib/shared/profile-fields';

const PERMISSIONS: Permission[] = [
  'profile:view',
  'profile:update',
  'history:view',
  'updates:view',
  'update:retry',
  'users:manage',
  'profiles:import',
];

/** The whole table, written out: what each role may do and which fields it may change. */
const TABLE: Record<string, { permissions: Permission[]; fields: string[] }> = {
  admin: { permissions: PERMISSIONS, fields: ['tag', 'name', 'email', 'mobile'] },
  hr: {
    permissions: ['profile:view', 'profile:update', 'history:view', 'updates:view'],
    fields: ['tag', 'name', 'email', 'mobile'],
  },
  support: {
    permissions: ['profile:view', 'profile:update', 'history:view', 'updates:view'],
    fields: ['email', 'mobile'],
  },
  ops: { permissions: ['profile:view', 'history:view', 'updates:view', 'update:retry'], fields: [] },
};

const SCOPES: Record<string, 'all' | 'own'> = { admin: 'all', hr: 'all', support: 'own', ops: 'all' };

const NOT_ROLES = [undefined, null, '', 'Admin', 'ADMIN', 'user', 'superadmin', 'admin ', 'constructor', '__proto__'];

describe('permissions', () => {
  it('knows exactly the four roles', () => {
    expect([...ROLES].sort()).toEqual(Object.keys(TABLE).sort());
  });

  describe.each(Object.entries(TABLE))('%s', (role, expected) => {
    it.each(PERMISSIONS)(`%s`, (permission) => {
      expect(can(role, permission)).toBe(expected.permissions.includes(permission));
    });

    it(`sees ${SCOPES[role]} attempts on the updates page`, () => {
      expect(updatesScope(role)).toBe(SCOPES[role]);
    });

    it(`may change ${expected.fields.join(', ') || 'no field'}`, () => {
      expect([...editableFields(role)]).toEqual(expected.fields);
    });
  });

  it.each(NOT_ROLES)('gives %j nothing', (role) => {
    expect(isRole(role)).toBe(false);
    for (const permission of PERMISSIONS) expect(can(role, permission)).toBe(false);
    expect(editableFields(role)).toEqual([]);
    expect(updatesScope(role)).toBe('none');
    expect(Object.keys(lockedFieldReasons(role)).sort()).toEqual([...PROFILE_FIELDS].sort());
  });
});

describe('lockedFieldReasons', () => {
  it('locks nothing for admin and hr', () => {
    expect(lockedFieldReasons('admin')).toEqual({});
    expect(lockedFieldReasons('hr')).toEqual({});
  });

  it('locks tag and name for support, naming the role and what it may change', () => {
    const reason = 'Read-only: the Support role can change Email and Mobile only.';
    expect(lockedFieldReasons('support')).toEqual({ tag: reason, name: reason });
  });

  it('locks every field for ops, naming the role', () => {
    const reason = 'Read-only: the Operations role can view profiles but not change them.';
    expect(lockedFieldReasons('ops')).toEqual({ tag: reason, name: reason, email: reason, mobile: reason });
  });

  it('words the reason for an unknown role without a role name', () => {
    const reasons = Object.values(lockedFieldReasons('intruder'));
    expect(reasons).toHaveLength(4);
    for (const reason of reasons) {
      expect(reason).toBe('Read-only: your role cannot change profiles.');
      expect(reason).not.toMatch(/intruder/);
    }
  });
});
