// `npm run users:remove-demo`: deletes the sandbox demo accounts (and their sessions) from the
// configured database (DATABASE_URL, else the SQLite file under DATA_DIR).
import { removeDemoUsers } from '@/lib/auth/bootstrap';
import { migrateDatabase } from '@/lib/auth/migrate';

await migrateDatabase();
const removed = await removeDemoUsers();
process.stdout.write(
  removed.length > 0
    ? `Removed ${removed.length} demo account${removed.length === 1 ? '' : 's'}: ${removed.join(', ')}.\n`
    : 'No demo account found: nothing to remove.\n',
);
process.exit(0);
