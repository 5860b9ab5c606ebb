import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * The console's migrations, written once with Kysely's schema builder so they run on SQLite
 * and PostgreSQL alike. Timestamps are milliseconds in bigint columns. Kysely runs them in the
 * order of their names and records each applied one by name, so a name never changes: add new
 * ones at the end, numbered after the last.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-26-001-sign-in-throttle': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('sign_in_throttle')
        .addColumn('key', 'varchar(320)', (column) => column.primaryKey())
        .addColumn('failures', 'integer', (column) => column.notNull())
        .addColumn('window_started_at', 'bigint', (column) => column.notNull())
        .addColumn('locked_until', 'bigint')
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('sign_in_throttle').execute();
    },
  },
  '2026-11-26-002-profile-update': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('profile_update')
        .addColumn('id', 'varchar(36)', (column) => column.primaryKey())
        .addColumn('profile_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('user_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('fields', 'text', (column) => column.notNull())
        .addColumn('status', 'varchar(16)', (column) => column.notNull())
        .addColumn('error_source', 'varchar(16)')
        .addColumn('error_code', 'varchar(32)')
        .addColumn('tracing_id', 'varchar(128)')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('finished_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('profile_update_status_created')
        .on('profile_update')
        .columns(['status', 'created_at'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('profile_update').execute();
    },
  },
  '2026-12-01-003-update-attempt': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('update_attempt')
        .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('request_hash', 'varchar(64)', (column) => column.notNull())
        .addColumn('profile_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('profile_tag', 'text')
        .addColumn('actor_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('actor_role', 'varchar(32)', (column) => column.notNull())
        .addColumn('source', 'varchar(16)', (column) => column.notNull())
        .addColumn('reason', 'text')
        .addColumn('retry_of', 'varchar(64)')
        .addColumn('changed_fields', 'text', (column) => column.notNull())
        .addColumn('requested', 'text', (column) => column.notNull())
        .addColumn('base', 'text', (column) => column.notNull())
        .addColumn('before', 'text')
        .addColumn('sent', 'text')
        .addColumn('outcome', 'varchar(16)', (column) => column.notNull())
        .addColumn('http_status', 'integer')
        .addColumn('error_source', 'varchar(16)')
        .addColumn('error_code', 'varchar(32)')
        .addColumn('message', 'text')
        .addColumn('details', 'text')
        .addColumn('field_errors', 'text')
        .addColumn('tracing_id', 'varchar(128)')
        .addColumn('latency_ms', 'integer')
        .addColumn('after', 'text')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('finished_at', 'bigint')
        .execute();
      await db.schema
        .createIndex('update_attempt_profile_created')
        .on('update_attempt')
        .columns(['profile_id', 'created_at'])
        .execute();
      await db.schema
        .createIndex('update_attempt_outcome_created')
        .on('update_attempt')
        .columns(['outcome', 'created_at'])
        .execute();
      await db.schema
        .createIndex('update_attempt_created_id')
        .on('update_attempt')
        .columns(['created_at', 'id'])
        .execute();
      await db.schema
        .createTable('update_attempt_review')
        .addColumn('attempt_id', 'varchar(64)', (column) => column.primaryKey().references('update_attempt.id'))
        .addColumn('settled_outcome', 'varchar(16)')
        .addColumn('checked_values', 'text')
        .addColumn('checked_at', 'bigint')
        .addColumn('checked_by', 'varchar(64)')
        .addColumn('resolved_at', 'bigint')
        .addColumn('resolved_by', 'varchar(64)')
        .addColumn('note', 'text')
        .execute();

      // The earlier record of updates becomes attempts: its body as sent, its outcome, and an
      // update left 'pending' by a crash as 'unknown'. Who changed which fields was not kept.
      type OldRow = {
        id: string;
        profile_id: string;
        user_id: string;
        fields: string;
        status: string;
        error_source: string | null;
        error_code: string | null;
        tracing_id: string | null;
        created_at: number | string;
        finished_at: number | string | null;
      };
      const old = await sql<OldRow>`select * from profile_update`.execute(db);
      for (const row of old.rows) {
        const fields = JSON.parse(row.fields) as Record<string, string | undefined>;
        const sent = {
          tag: fields.tag ?? '',
          name: fields.name ?? '',
          email: fields.email ?? '',
          mobile: fields.mobile ?? '',
        };
        const outcome = row.status === 'pending' ? 'unknown' : row.status;
        await db
          .insertInto('update_attempt' as never)
          .values({
            id: row.id,
            request_hash: `migrated:${row.id}`,
            profile_id: row.profile_id,
            profile_tag: sent.tag || null,
            actor_id: row.user_id,
            actor_role: 'unknown',
            source: 'form',
            reason: null,
            retry_of: null,
            changed_fields: '[]',
            requested: '{}',
            base: '{}',
            before: null,
            sent: JSON.stringify(sent),
            outcome,
            http_status: null,
            error_source: row.error_source,
            error_code: row.error_code,
            message: null,
            details: row.status === 'pending' ? 'Interrupted before its outcome was recorded.' : null,
            field_errors: null,
            tracing_id: row.tracing_id,
            latency_ms: null,
            after: null,
            created_at: Number(row.created_at),
            finished_at: row.finished_at === null ? Number(row.created_at) : Number(row.finished_at),
          } as never)
          .execute();
      }
      await db.schema.dropTable('profile_update').execute();

      // Append-only: once an attempt has its outcome, nothing changes or deletes it.
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
        await sql`
          create function update_attempt_append_only() returns trigger language plpgsql as $$
          begin
            if tg_op = 'UPDATE' and old.outcome = 'pending' then
              return new;
            end if;
            raise exception 'update attempts are an audit trail: attempt % cannot be changed or deleted', old.id;
          end $$`.execute(db);
        await sql`
          create trigger update_attempt_append_only before update or delete on update_attempt
          for each row execute function update_attempt_append_only()`.execute(db);
        await sql`
          create function update_attempt_no_truncate() returns trigger language plpgsql as $$
          begin
            raise exception 'update attempts are an audit trail: they cannot be truncated';
          end $$`.execute(db);
        await sql`
          create trigger update_attempt_no_truncate before truncate on update_attempt
          for each statement execute function update_attempt_no_truncate()`.execute(db);
      } else {
        await sql`
          create trigger update_attempt_finished_unchanged before update on update_attempt
          when old.outcome <> 'pending'
          begin
            select raise(abort, 'update attempts are an audit trail: a finished attempt cannot be changed');
          end`.execute(db);
        await sql`
          create trigger update_attempt_never_deleted before delete on update_attempt
          begin
            select raise(abort, 'update attempts are an audit trail: an attempt cannot be deleted');
          end`.execute(db);
      }
    },
  },
  '2026-12-02-004-profile-index': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('profile_index')
        .addColumn('profile_id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('number', 'varchar(64)')
        .addColumn('tag', 'text')
        .addColumn('name', 'text')
        .addColumn('archived', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('last_seen_at', 'bigint', (column) => column.notNull())
        .execute();
    },
  },
  '2026-12-02-005-profile-search': {
    async up(db: Kysely<unknown>) {
      const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
      // Folded copies (lowercased, accents stripped, as foldText below) make "zoe"
      // find "Zoë" and a tag prefix match whatever its case, alike on both engines.
      const rows = await sql<{ profile_id: string; tag: string | null; name: string | null }>`
        select profile_id, tag, name from profile_index`.execute(db);
      const fillFolded = async () => {
        for (const row of rows.rows) {
          await sql`update profile_index set tag_folded = ${foldText(row.tag)}, name_folded = ${foldText(row.name)}
            where profile_id = ${row.profile_id}`.execute(db);
        }
      };
      if (postgres) {
        await db.schema.alterTable('profile_index').addColumn('tag_folded', 'text').execute();
        await db.schema.alterTable('profile_index').addColumn('name_folded', 'text').execute();
        await fillFolded();
        // Prefix searches (LIKE 'x%') use an index whatever the database's collation.
        await sql`create index profile_index_id_prefix on profile_index (profile_id text_pattern_ops)`.execute(db);
        await sql`create index profile_index_number_prefix on profile_index (number text_pattern_ops)`.execute(db);
        await sql`create index profile_index_tag_prefix on profile_index (tag_folded text_pattern_ops)`.execute(db);
        // Words of the name, prefix-matched by PostgreSQL's own text search ('zo:* & rah:*'). A
        // stored column rather than an expression index: ANALYZE then keeps statistics of its
        // words, so a rare prefix is planned on the index, and no row's words are computed anew.
        await sql`alter table profile_index add column name_words tsvector
          generated always as (to_tsvector('simple', coalesce(name_folded, ''))) stored`.execute(db);
        await sql`create index profile_index_name_words on profile_index using gin (name_words)`.execute(db);
      } else {
        // FTS5 needs a stable integer rowid to point back at each profile (an implicit rowid may
        // change on VACUUM): the table is rebuilt with one, profile_id staying unique.
        await sql`create table profile_index_new (
          entry integer primary key,
          profile_id varchar(64) not null unique,
          number varchar(64),
          tag text,
          name text,
          archived integer not null default 0,
          last_seen_at bigint not null,
          tag_folded text,
          name_folded text
        )`.execute(db);
        await sql`insert into profile_index_new (profile_id, number, tag, name, archived, last_seen_at)
          select profile_id, number, tag, name, archived, last_seen_at from profile_index`.execute(db);
        await sql`drop table profile_index`.execute(db);
        await sql`alter table profile_index_new rename to profile_index`.execute(db);
        await fillFolded();
        await sql`create index profile_index_number on profile_index (number)`.execute(db);
        await sql`create index profile_index_tag_folded on profile_index (tag_folded)`.execute(db);
        await sql`create virtual table profile_index_name using fts5(
          name_folded, content='profile_index', content_rowid='entry',
          tokenize='unicode61 remove_diacritics 2', prefix='2 3 4'
        )`.execute(db);
        await sql`insert into profile_index_name (profile_index_name) values ('rebuild')`.execute(db);
        await sql`create trigger profile_index_name_inserted after insert on profile_index begin
          insert into profile_index_name (rowid, name_folded) values (new.entry, new.name_folded);
        end`.execute(db);
        await sql`create trigger profile_index_name_deleted after delete on profile_index begin
          insert into profile_index_name (profile_index_name, rowid, name_folded)
            values ('delete', old.entry, old.name_folded);
        end`.execute(db);
        await sql`create trigger profile_index_name_updated after update of name_folded on profile_index begin
          insert into profile_index_name (profile_index_name, rowid, name_folded)
            values ('delete', old.entry, old.name_folded);
          insert into profile_index_name (rowid, name_folded) values (new.entry, new.name_folded);
        end`.execute(db);
      }

      await db.schema
        .createTable('recent_profile')
        .addColumn('user_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('profile_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('opened_at', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint('recent_profile_pk', ['user_id', 'profile_id'])
        .execute();
      await db.schema
        .createIndex('recent_profile_user_opened')
        .on('recent_profile')
        .columns(['user_id', 'opened_at'])
        .execute();
    },
  },
  // The shared Attestr budget's counters (lib/db/attestr-budget.ts), in the table layout
  // rate-limiter-flexible expects; it is told the table exists rather than creating it at start.
  '2026-12-02-006-attestr-budget': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('attestr_budget')
        .addColumn('key', 'varchar(255)', (column) => column.primaryKey())
        .addColumn('points', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('expire', 'bigint')
        .execute();
    },
  },
  '2026-12-02-007-update-inbox': {
    async up(db: Kysely<unknown>) {
      // The updates page reads newest first under one filter at a time, then pages on
      // (created_at, id): each filter has an index that ends in those two columns.
      const indexes: [string, string[]][] = [
        ['update_attempt_outcome_created_id', ['outcome', 'created_at', 'id']],
        ['update_attempt_actor_created_id', ['actor_id', 'created_at', 'id']],
        ['update_attempt_source_created_id', ['source', 'created_at', 'id']],
        ['update_attempt_code_created_id', ['error_code', 'created_at', 'id']],
        ['update_attempt_tag', ['profile_tag']],
      ];
      for (const [name, columns] of indexes) {
        await db.schema.createIndex(name).on('update_attempt').columns(columns).execute();
      }
      // (outcome, created_at, id) answers all that (outcome, created_at) did, and orders ties.
      await db.schema.dropIndex('update_attempt_outcome_created').execute();
      // The profile search may have made the number's index already (on SQLite it does).
      await db.schema.createIndex('profile_index_number').ifNotExists().on('profile_index').column('number').execute();
      await db.schema.createIndex('profile_index_tag').ifNotExists().on('profile_index').column('tag').execute();

      // The open failures (failed or unknown, neither resolved nor found applied by a check),
      // kept by triggers as attempts finish and reviews are written: "open" is two outcomes
      // minus a join, which no single index can answer in order, and attempts are append-only.
      await db.schema
        .createTable('update_attempt_open')
        .addColumn('attempt_id', 'varchar(64)', (column) => column.primaryKey().references('update_attempt.id'))
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('actor_id', 'varchar(64)', (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex('update_attempt_open_created')
        .on('update_attempt_open')
        .columns(['created_at', 'attempt_id'])
        .execute();
      await db.schema
        .createIndex('update_attempt_open_actor_created')
        .on('update_attempt_open')
        .columns(['actor_id', 'created_at', 'attempt_id'])
        .execute();

      const closed = (review: string) =>
        `(${review}.resolved_at is not null or ${review}.settled_outcome = 'succeeded')`;
      const stillOpen = (attempt: string) =>
        `${attempt}.outcome in ('failed', 'unknown') and not exists (
           select 1 from update_attempt_review r where r.attempt_id = ${attempt}.id and ${closed('r')})`;
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
        await sql
          .raw(
            `create function update_attempt_open_on_attempt() returns trigger language plpgsql as $$
             begin
               if ${stillOpen('new')} then
                 insert into update_attempt_open (attempt_id, created_at, actor_id)
                 values (new.id, new.created_at, new.actor_id) on conflict do nothing;
               end if;
               return null;
             end $$`,
          )
          .execute(db);
        await sql`
          create trigger update_attempt_open_on_attempt after insert or update of outcome on update_attempt
          for each row execute function update_attempt_open_on_attempt()`.execute(db);
        await sql
          .raw(
            `create function update_attempt_open_on_review() returns trigger language plpgsql as $$
             begin
               if ${closed('new')} then
                 delete from update_attempt_open where attempt_id = new.attempt_id;
               else
                 insert into update_attempt_open (attempt_id, created_at, actor_id)
                 select a.id, a.created_at, a.actor_id from update_attempt a
                 where a.id = new.attempt_id and a.outcome in ('failed', 'unknown')
                 on conflict do nothing;
               end if;
               return null;
             end $$`,
          )
          .execute(db);
        await sql`
          create trigger update_attempt_open_on_review after insert or update on update_attempt_review
          for each row execute function update_attempt_open_on_review()`.execute(db);
      } else {
        for (const event of ['insert', 'update of outcome']) {
          await sql
            .raw(
              `create trigger "update_attempt_open_on_${event.split(' ')[0]}" after ${event} on update_attempt
               when ${stillOpen('new')}
               begin
                 insert or ignore into update_attempt_open (attempt_id, created_at, actor_id)
                 values (new.id, new.created_at, new.actor_id);
               end`,
            )
            .execute(db);
        }
        for (const event of ['insert', 'update']) {
          await sql
            .raw(
              `create trigger update_attempt_open_on_review_${event} after ${event} on update_attempt_review
               begin
                 delete from update_attempt_open where attempt_id = new.attempt_id and ${closed('new')};
                 insert or ignore into update_attempt_open (attempt_id, created_at, actor_id)
                 select a.id, a.created_at, a.actor_id from update_attempt a
                 where a.id = new.attempt_id and a.outcome in ('failed', 'unknown') and not ${closed('new')};
               end`,
            )
            .execute(db);
        }
      }
      await sql
        .raw(
          `insert into update_attempt_open (attempt_id, created_at, actor_id)
           select a.id, a.created_at, a.actor_id from update_attempt a where ${stillOpen('a')}`,
        )
        .execute(db);
    },
  },
  '2026-12-02-008-attempt-resolution': {
    async up(db: Kysely<unknown>) {
      // How a person closed an attempt: sent again, resolved with a note, or marked as one that
      // cannot change (an archived profile); and the retry that resolved it.
      await db.schema.alterTable('update_attempt_review').addColumn('resolution', 'varchar(16)').execute();
      await db.schema.alterTable('update_attempt_review').addColumn('resolved_by_attempt', 'varchar(64)').execute();
    },
  },
  '2026-12-02-009-retry-run': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('retry_run')
        .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('created_by', 'varchar(64)', (column) => column.notNull())
        .addColumn('created_by_role', 'varchar(32)', (column) => column.notNull())
        .addColumn('filter', 'text', (column) => column.notNull())
        .addColumn('state', 'varchar(16)', (column) => column.notNull())
        .addColumn('message', 'text')
        .addColumn('paused_until', 'bigint')
        .addColumn('lease_owner', 'varchar(64)')
        .addColumn('lease_until', 'bigint')
        .addColumn('stopped_by', 'varchar(64)')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('finished_at', 'bigint')
        .execute();
      await db.schema.createIndex('retry_run_state').on('retry_run').columns(['state', 'created_at']).execute();
      await db.schema
        .createTable('retry_run_item')
        .addColumn('run_id', 'varchar(64)', (column) => column.notNull().references('retry_run.id'))
        .addColumn('attempt_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('position', 'integer', (column) => column.notNull())
        .addColumn('state', 'varchar(16)', (column) => column.notNull())
        .addColumn('retry_attempt_id', 'varchar(64)')
        .addColumn('result', 'varchar(16)')
        .addColumn('result_code', 'varchar(32)')
        .addColumn('finished_at', 'bigint')
        .addPrimaryKeyConstraint('retry_run_item_pk', ['run_id', 'position'])
        .execute();
    },
  },
  '2026-12-02-010-bulk-job': {
    async up(db: Kysely<unknown>) {
      // A bulk job and its lines (lib/db/bulk-jobs.ts). The lines hold the file's cells and the
      // values they set until the retention period ends; then those are emptied and the states,
      // codes and the audit trail are what remain.
      await db.schema
        .createTable('bulk_job')
        .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('created_by', 'varchar(64)', (column) => column.notNull())
        .addColumn('created_by_role', 'varchar(32)', (column) => column.notNull())
        .addColumn('file_name', 'text', (column) => column.notNull())
        .addColumn('headers', 'text', (column) => column.notNull())
        .addColumn('fields', 'text', (column) => column.notNull())
        .addColumn('dry_run', 'integer', (column) => column.notNull())
        .addColumn('state', 'varchar(16)', (column) => column.notNull())
        .addColumn('message', 'text')
        .addColumn('paused_until', 'bigint')
        .addColumn('retry_of', 'varchar(64)')
        .addColumn('total', 'integer', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('started_at', 'bigint')
        .addColumn('first_sent_at', 'bigint')
        .addColumn('finished_at', 'bigint')
        .addColumn('purged_at', 'bigint')
        .execute();
      await db.schema.createIndex('bulk_job_state').on('bulk_job').columns(['state', 'created_at']).execute();
      await db.schema.createIndex('bulk_job_owner').on('bulk_job').columns(['created_by', 'created_at']).execute();
      await db.schema
        .createTable('bulk_row')
        .addColumn('job_id', 'varchar(64)', (column) => column.notNull().references('bulk_job.id'))
        .addColumn('line', 'integer', (column) => column.notNull())
        .addColumn('profile_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('cells', 'text')
        .addColumn('set_values', 'text')
        .addColumn('state', 'varchar(16)', (column) => column.notNull())
        .addColumn('attempt_id', 'varchar(64)')
        .addColumn('tries', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('failures', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('next_try_at', 'bigint')
        .addColumn('claimed_by', 'varchar(64)')
        .addColumn('claim_until', 'bigint')
        .addColumn('result_code', 'varchar(32)')
        .addColumn('result_message', 'text')
        .addColumn('preview_state', 'varchar(16)')
        .addColumn('preview_current', 'text')
        .addColumn('preview_changes', 'text')
        .addColumn('finished_at', 'bigint')
        .addPrimaryKeyConstraint('bulk_row_pk', ['job_id', 'line'])
        .execute();
      // Lines are claimed in order within a state; lapsed claims are found by their deadline.
      await db.schema.createIndex('bulk_row_claim').on('bulk_row').columns(['job_id', 'state', 'line']).execute();
      await db.schema.createIndex('bulk_row_claim_until').on('bulk_row').columns(['state', 'claim_until']).execute();
      await db.schema.createIndex('bulk_row_finished').on('bulk_row').columns(['job_id', 'finished_at']).execute();
      await db.schema
        .createTable('bulk_mapping')
        .addColumn('user_id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('mapping', 'text', (column) => column.notNull())
        .addColumn('updated_at', 'bigint', (column) => column.notNull())
        .execute();
      // On SQLite one process runs bulk jobs: the one holding this lease.
      await db.schema
        .createTable('bulk_runner_lease')
        .addColumn('name', 'varchar(32)', (column) => column.primaryKey())
        .addColumn('owner', 'varchar(64)', (column) => column.notNull())
        .addColumn('host', 'varchar(255)', (column) => column.notNull())
        .addColumn('pid', 'integer', (column) => column.notNull())
        .addColumn('lease_until', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema.alterTable('update_attempt').addColumn('bulk_job_id', 'varchar(64)').execute();
      await db.schema.createIndex('update_attempt_bulk_job').on('update_attempt').column('bulk_job_id').execute();
    },
  },
  '2026-12-07-011-console-process': {
    async up(db: Kysely<unknown>) {
      // Each console process and its heartbeat (lib/db/processes.ts): an update a gone process
      // left pending is marked unknown at once instead of after the longest a save can last.
      await db.schema
        .createTable('console_process')
        .addColumn('id', 'varchar(128)', (column) => column.primaryKey())
        .addColumn('host', 'varchar(255)', (column) => column.notNull())
        .addColumn('pid', 'integer', (column) => column.notNull())
        .addColumn('started_at', 'bigint', (column) => column.notNull())
        .addColumn('heartbeat_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema.alterTable('update_attempt').addColumn('owner_process', 'varchar(128)').execute();
      // Retries of an attempt are looked up while a retry holds the profile's turn.
      await db.schema.createIndex('update_attempt_retry_of').on('update_attempt').column('retry_of').execute();
      // The audit trail stays append-only, but for one step: an attempt marked unknown because
      // its process was taken for gone (UPDATE_INTERRUPTED) takes the answer that came after all.
      if (db.getExecutor().adapter instanceof PostgresAdapter) {
        await sql`
          create or replace function update_attempt_append_only() returns trigger language plpgsql as $$
          begin
            if tg_op = 'UPDATE' and (
              old.outcome = 'pending' or (old.outcome = 'unknown' and old.error_code = 'UPDATE_INTERRUPTED')
            ) then
              return new;
            end if;
            raise exception 'update attempts are an audit trail: attempt % cannot be changed or deleted', old.id;
          end $$`.execute(db);
      } else {
        await sql`drop trigger update_attempt_finished_unchanged`.execute(db);
        await sql`
          create trigger update_attempt_finished_unchanged before update on update_attempt
          when old.outcome <> 'pending' and not (old.outcome = 'unknown' and old.error_code is 'UPDATE_INTERRUPTED')
          begin
            select raise(abort, 'update attempts are an audit trail: a finished attempt cannot be changed');
          end`.execute(db);
      }
    },
  },
  '2026-12-07-012-retry-run-item-tries': {
    async up(db: Kysely<unknown>) {
      // A "Retry all" item goes again after a transient failure, as a bulk line does: its tries
      // name its retries' attempts, its failures count towards the limit, and it waits a back-off.
      await db.schema
        .alterTable('retry_run_item')
        .addColumn('tries', 'integer', (column) => column.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('retry_run_item')
        .addColumn('failures', 'integer', (column) => column.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('retry_run_item').addColumn('next_try_at', 'bigint').execute();
    },
  },
  '2026-12-08-013-profile-index-contacts': {
    async up(db: Kysely<unknown>) {
      const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
      // Keyed hashes of the email and mobile (never the values): an exact match needs no more.
      // Profiles indexed before learn them at their next sighting.
      await db.schema.alterTable('profile_index').addColumn('email_key', 'varchar(64)').execute();
      await db.schema.alterTable('profile_index').addColumn('mobile_key', 'varchar(64)').execute();
      // The number's digits alone, so "38015757659695" finds "3801-575765-9695".
      await db.schema.alterTable('profile_index').addColumn('number_digits', 'varchar(64)').execute();
      if (postgres) {
        await sql`update profile_index set number_digits = regexp_replace(number, '[^0-9]', '', 'g')
          where number is not null`.execute(db);
      } else {
        // SQLite has no regexp_replace; in one transaction, a row at a time is quick there.
        const rows = await sql<{ profile_id: string; number: string }>`
          select profile_id, number from profile_index where number is not null`.execute(db);
        for (const row of rows.rows) {
          await sql`update profile_index set number_digits = ${numberDigits(row.number)}
            where profile_id = ${row.profile_id}`.execute(db);
        }
      }
      await db.schema.createIndex('profile_index_email_key').on('profile_index').column('email_key').execute();
      await db.schema.createIndex('profile_index_mobile_key').on('profile_index').column('mobile_key').execute();
      if (postgres) {
        await sql`create index profile_index_number_digits on profile_index (number_digits text_pattern_ops)`.execute(
          db,
        );
      } else {
        await db.schema
          .createIndex('profile_index_number_digits')
          .on('profile_index')
          .column('number_digits')
          .execute();
      }
    },
  },
  '2026-12-08-014-directory-imports': {
    async up(db: Kysely<unknown>) {
      // An administrator's list of profile IDs, read one by one from Attestr into the index.
      await db.schema
        .createTable('profile_import')
        .addColumn('id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('created_by', 'varchar(64)', (column) => column.notNull())
        .addColumn('file_name', 'varchar(255)', (column) => column.notNull())
        .addColumn('total', 'integer', (column) => column.notNull())
        .addColumn('message', 'text')
        .addColumn('paused_until', 'bigint')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('finished_at', 'bigint')
        .execute();
      await db.schema
        .createTable('profile_import_item')
        .addColumn('import_id', 'varchar(64)', (column) => column.notNull().references('profile_import.id'))
        .addColumn('position', 'integer', (column) => column.notNull())
        .addColumn('profile_id', 'varchar(64)', (column) => column.notNull())
        .addColumn('state', 'varchar(16)', (column) => column.notNull())
        .addColumn('failures', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('next_try_at', 'bigint')
        .addColumn('claimed_by', 'varchar(128)')
        .addColumn('claim_until', 'bigint')
        .addColumn('result_code', 'varchar(32)')
        .addColumn('result_message', 'text')
        .addColumn('finished_at', 'bigint')
        .addPrimaryKeyConstraint('profile_import_item_pk', ['import_id', 'position'])
        .execute();
      // Items are claimed in order within a state; lapsed claims are found by their deadline.
      await db.schema
        .createIndex('profile_import_item_claim')
        .on('profile_import_item')
        .columns(['state', 'import_id', 'position'])
        .execute();
    },
  },
  '2026-12-08-015-bulk-runaway': {
    async up(db: Kysely<unknown>) {
      // A bulk job's run of lines settled one after another with the same final error (its code,
      // how many, the first of them, and whether it began with the job's first line settled),
      // counted in one statement per line so that instances agree; and how many failed lines a
      // "Retry failed rows" job left out because they cannot succeed.
      await db.schema.alterTable('bulk_job').addColumn('runaway_code', 'varchar(32)').execute();
      await db.schema
        .alterTable('bulk_job')
        .addColumn('runaway_count', 'integer', (column) => column.notNull().defaultTo(0))
        .execute();
      await db.schema.alterTable('bulk_job').addColumn('runaway_line', 'integer').execute();
      await db.schema.alterTable('bulk_job').addColumn('runaway_profile', 'varchar(64)').execute();
      await db.schema
        .alterTable('bulk_job')
        .addColumn('runaway_from_start', 'integer', (column) => column.notNull().defaultTo(1))
        .execute();
      await db.schema
        .alterTable('bulk_job')
        .addColumn('left_out', 'integer', (column) => column.notNull().defaultTo(0))
        .execute();
    },
  },
  '2026-12-08-017-inbox-list': {
    async up(db: Kysely<unknown>) {
      // The updates page folds a bulk job's failed lines into one row: it finds them, newest
      // first per job, from the few attempts this partial index holds rather than all of them.
      await db.schema
        .createIndex('update_attempt_bulk_failed')
        .on('update_attempt')
        .columns(['bulk_job_id', 'created_at', 'id'])
        .where(sql<boolean>`bulk_job_id is not null and outcome in ('failed', 'unknown')`)
        .execute();
    },
  },
  '2026-12-08-018-last-sign-in': {
    async up(db: Kysely<unknown>) {
      // When each person last signed in, for the users page: a session ends at sign-out, so its
      // own createdAt cannot say it.
      await db.schema
        .createTable('user_last_sign_in')
        .addColumn('user_id', 'varchar(64)', (column) => column.primaryKey())
        .addColumn('signed_in_at', 'bigint', (column) => column.notNull())
        .execute();
    },
  },
};

// A frozen copy of lib/db/profile-index.ts's numberDigits as it was when 2026-12-08-013 was written.
function numberDigits(number: string): string {
  return number.replace(/[^0-9]/g, '');
}

// A frozen copy of lib/shared/fold.ts's foldText as it was when 2026-12-02-005 was written: a
// migration must not change when live code does.
function foldText(value: string | null | undefined): string | null {
  if (value == null) return null;
  return value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}
