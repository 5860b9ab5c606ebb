// `npm run db:migrate`: brings the configured database (SQLite file or DATABASE_URL) up to date.
import { migrateDatabase } from '@/lib/auth/migrate';

await migrateDatabase();
process.stdout.write('Database is up to date.\n');
process.exit(0);
