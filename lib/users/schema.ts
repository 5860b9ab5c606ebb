import { z } from 'zod';

import { ROLES } from '@/lib/shared/permissions';
import { withoutNul } from '@/lib/shared/request-text';

/** The admin's user forms; shared by the page and the route handlers. */
export const passwordSchema = z
  .string('Enter a password')
  .min(12, 'Use at least 12 characters')
  .max(256, 'Use at most 256 characters')
  .check(withoutNul('A password'));

export const createUserSchema = z.object({
  name: z.string('Enter the name').trim().min(1, 'Enter the name').max(120).check(withoutNul('The name')),
  email: z.email('Enter a valid email address').trim().toLowerCase().max(254),
  // No default: whoever adds a person chooses what they may do.
  role: z.enum(ROLES, 'Choose a role'),
  password: passwordSchema,
});

export const changeUserSchema = z.union([
  z.object({ role: z.enum(ROLES) }).strict(),
  z.object({ disabled: z.boolean() }).strict(),
]);

export const resetPasswordSchema = z.object({ password: passwordSchema });

/** A person changing their own password: the current one proves it is them. */
export const changeOwnPasswordSchema = z.object({
  currentPassword: z
    .string('Enter your current password')
    .min(1, 'Enter your current password')
    .max(256)
    .check(withoutNul('A password')),
  newPassword: passwordSchema,
});

export interface ConsoleUser {
  id: string;
  name: string;
  email: string;
  role: string;
  disabled: boolean;
  createdAt: string;
  /** ISO time of their latest sign-in; null when they have never signed in. */
  lastSignInAt: string | null;
}
