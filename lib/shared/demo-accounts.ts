import type { Role } from '@/lib/shared/permissions';

/**
 * The sandbox's demo accounts, one per role, whose password the sandbox sign-in page prints.
 * Plain data, read by the start-up (lib/auth/bootstrap.ts), the sign-in page and the settings
 * check (lib/env.ts), which refuses any of these addresses as ADMIN_EMAIL.
 */
export const SANDBOX_DEMO_PASSWORD = 'sandbox-demo-password';
export const SANDBOX_DEMO_USERS: readonly { email: string; name: string; role: Role }[] = [
  { email: 'admin@example.com', name: 'Ada Admin', role: 'admin' },
  { email: 'hr@example.com', name: 'Harper Hughes', role: 'hr' },
  { email: 'support@example.com', name: 'Sam Sutton', role: 'support' },
  { email: 'ops@example.com', name: 'Olu Okafor', role: 'ops' },
];

const DEMO_EMAILS = new Set(SANDBOX_DEMO_USERS.map((user) => user.email));

/** True for a demo account's address, whatever its case (stored addresses are lower case). */
export function isSandboxDemoEmail(email: string): boolean {
  return DEMO_EMAILS.has(email.trim().toLowerCase());
}
