/** The console's own tables. Better Auth's tables (user, session, account, verification) are its own. */
export interface SignInThrottleTable {
  /** 'email:<address>' or 'ip:<address>'. */
  key: string;
  failures: number;
  window_started_at: number;
  locked_until: number | null;
}

export interface ProfileUpdateTable {
  id: string;
  profile_id: string;
  user_id: string;
  /** The Update Profile body as sent (JSON), so a failed or interrupted update can be sent again. */
  fields: string;
  status: 'pending' | 'succeeded' | 'failed';
  error_source: string | null;
  error_code: string | null;
  tracing_id: string | null;
  created_at: number;
  finished_at: number | null;
}

export interface Database {
  sign_in_throttle: SignInThrottleTable;
  profile_update: ProfileUpdateTable;
}
