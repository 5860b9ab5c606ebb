import { z } from 'zod';

import { ROLES } from '@/lib/permissions';

/** The admin's user forms; shared by the page and the route handlers. */
export const passwordSchema = z.string().min(12, 'Use at least 12 characters').max(256, 'Use at most 256 characters');

export const createUserSchema = z.object({
  name: z.string().trim().min(1, 'Enter the name').max(120),
  email: z.email('Enter a valid email address').trim().toLowerCase().max(254),
  role: z.enum(ROLES, 'Choose a role'),
  password: passwordSchema,
});

export const changeUserSchema = z.union([
  z.object({ role: z.enum(ROLES) }).strict(),
  z.object({ disabled: z.boolean() }).strict(),
]);

export const resetPasswordSchema = z.object({ password: passwordSchema });

export interface ConsoleUser {
  id: string;
  name: string;
  email: string;
  role: string;
  disabled: boolean;
  createdAt: string;
}
