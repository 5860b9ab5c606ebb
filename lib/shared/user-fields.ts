/**
 * The user forms' field names and the password rule, without zod: the pages read them, and
 * the profile page must not load zod's full build with them.
 */

/** Fields of the user forms that a refusal can name, so each error is shown beside its field. */
export const USER_FORM_FIELDS = ['name', 'email', 'role', 'password', 'currentPassword', 'newPassword'] as const;
export type UserFormField = (typeof USER_FORM_FIELDS)[number];

/** The rule for a new password, as shown beside every password field (lib/users/schema.ts enforces it). */
export const PASSWORD_RULE = 'At least 12 characters.';
