import type { ApiError, ApiErrorBody } from '@/lib/shared/api-types';

/** An error answered by the console's own API, or a failure to reach it. */
export class ApiRequestError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiRequestError';
  }
}

function isErrorBody(value: unknown): value is ApiErrorBody {
  const error = (value as ApiErrorBody | null)?.error;
  return typeof error?.message === 'string' && typeof error.httpStatus === 'number';
}

/** Calls one of the console's /api routes; any failure throws an ApiRequestError. */
export async function callApi<T>(
  path: string,
  init?: { method?: string; body?: unknown; headers?: Record<string, string> },
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: init?.method ?? 'GET',
      headers: {
        Accept: 'application/json',
        ...(init?.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...init?.headers,
      },
      body: init?.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiRequestError({
      source: 'console',
      code: 'CONSOLE_UNREACHABLE',
      message: 'The console could not be reached',
      httpStatus: 0,
      actor: 'wait',
      advice: 'Check your network connection, then try again. Your edits are kept.',
    });
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok && body !== undefined) return body as T;
  if (isErrorBody(body)) throw new ApiRequestError(body.error);
  throw new ApiRequestError({
    source: 'console',
    code: 'INTERNAL',
    message: 'The console answered in a way it should not have',
    details: `HTTP ${response.status}`,
    httpStatus: response.status,
    actor: 'wait',
    advice: 'Try again. If it keeps happening, tell an administrator the time it happened.',
  });
}
