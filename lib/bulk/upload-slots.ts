import { bulkUploadRefused } from '@/lib/bulk/errors';

/**
 * The uploads this process is reading and checking now, by person. Checking a file of a
 * hundred thousand lines takes seconds of the server's time: one person has one file checked
 * at a time, and the process at most `limit`, so that a few people uploading at once cannot
 * take the server from everyone else. Kept on globalThis because Next loads route modules in
 * separate graphs.
 */
const holder = globalThis as typeof globalThis & { __bulkUploads?: Set<string> };

/** When to try again, said in the answer's Retry-After. */
const OWN_UPLOAD_RETRY_SECONDS = 5;
const BUSY_RETRY_SECONDS = 10;

function uploads(): Set<string> {
  holder.__bulkUploads ??= new Set();
  return holder.__bulkUploads;
}

/**
 * Takes a place for a person's upload, or throws bulkUploadRefused's DomainError: 429 when their own
 * previous upload is still being checked, 503 when the process checks `limit` files already.
 * Returns the function that gives the place back; call it once the upload is stored or refused.
 */
export function takeBulkUploadSlot(input: { userId: string; limit: number }): () => void {
  const taken = uploads();
  if (taken.has(input.userId)) {
    throw bulkUploadRefused({ code: 'BULK_UPLOAD_IN_PROGRESS', retryAfterSeconds: OWN_UPLOAD_RETRY_SECONDS });
  }
  if (taken.size >= input.limit) {
    throw bulkUploadRefused({ code: 'BULK_UPLOADS_BUSY', retryAfterSeconds: BUSY_RETRY_SECONDS });
  }
  taken.add(input.userId);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    taken.delete(input.userId);
  };
}

/** How many uploads this process is checking now. */
export function bulkUploadsInProgress(): number {
  return uploads().size;
}
