'use client';

import { useCallback, useEffect, useReducer, useRef } from 'react';

import type { CsvCheckSummary, CsvIdsSummary, CsvWorkerAnswer, CsvWorkerRequest } from '@/lib/bulk/csv-reader';
import type { ColumnMapping } from '@/lib/bulk/rows';

/** A file chosen on the bulk page, as far as its worker has read and checked it. */
export interface CsvFileState {
  file: File | null;
  /** The file's header line, as soon as the worker has parsed it. */
  headers: string[] | null;
  /** How much of the file is parsed, 0 to 1. */
  readFraction: number;
  /** Lines of data, once the whole file is parsed. */
  rowCount: number | null;
  /** Lines checked so far, while a check runs. */
  checking: { done: number; total: number } | null;
  summary: CsvCheckSummary | null;
  /** A directory import's check of one column's profile IDs. */
  ids: CsvIdsSummary | null;
  error: string | null;
}

type CsvFileEvent =
  | { type: 'opened'; file: File }
  | { type: 'check-asked' }
  | { type: 'check-cleared' }
  | { type: 'closed' }
  | CsvWorkerAnswer;

const NO_FILE: CsvFileState = {
  file: null,
  headers: null,
  readFraction: 0,
  rowCount: null,
  checking: null,
  summary: null,
  ids: null,
  error: null,
};

/** What each message of the worker (and each step of the person) does to the page's state. */
function csvFileReducer(state: CsvFileState, event: CsvFileEvent): CsvFileState {
  switch (event.type) {
    case 'opened':
      return { ...NO_FILE, file: event.file };
    case 'closed':
      return NO_FILE;
    case 'reading':
      return { ...state, readFraction: event.fraction };
    case 'headers':
      return { ...state, headers: event.headers };
    case 'read':
      return { ...state, readFraction: 1, rowCount: event.rowCount };
    case 'check-asked':
      return { ...state, summary: null, ids: null, checking: { done: 0, total: state.rowCount ?? 0 } };
    case 'checking':
      return { ...state, checking: { done: event.done, total: event.total } };
    case 'checked':
      return { ...state, checking: null, summary: event.summary };
    case 'ids-checked':
      return { ...state, checking: null, ids: event.summary };
    case 'check-cleared':
      return { ...state, checking: null, summary: null, ids: null };
    case 'failed':
      return { ...state, checking: null, error: event.message };
  }
}

export type CsvWorkerLike = Pick<Worker, 'postMessage' | 'terminate'> & {
  onmessage: ((event: MessageEvent<CsvWorkerAnswer>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
};

const newCsvWorker = (): CsvWorkerLike => new Worker(new URL('./csv.worker.ts', import.meta.url));

/**
 * One file at a time, each read by a worker of its own (choosing another file ends the first
 * one's worker, and with it any work left on the old file).
 */
export function useCsvFile(createWorker: () => CsvWorkerLike = newCsvWorker) {
  const [state, dispatch] = useReducer(csvFileReducer, NO_FILE);
  const worker = useRef<CsvWorkerLike | null>(null);

  const stop = useCallback(() => {
    worker.current?.terminate();
    worker.current = null;
  }, []);
  useEffect(() => stop, [stop]);

  const open = useCallback(
    (file: File) => {
      stop();
      const next = createWorker();
      worker.current = next;
      next.onmessage = (event) => {
        if (worker.current === next) dispatch(event.data);
      };
      next.onerror = () => {
        if (worker.current === next) {
          dispatch({
            type: 'failed',
            message: 'The file could not be checked in this browser. Reload the page and try again.',
          });
        }
      };
      dispatch({ type: 'opened', file });
      next.postMessage({ type: 'read', file } satisfies CsvWorkerRequest);
    },
    [createWorker, stop],
  );

  const check = useCallback((mapping: ColumnMapping, role: string) => {
    dispatch({ type: 'check-asked' });
    worker.current?.postMessage({ type: 'check', mapping, role } satisfies CsvWorkerRequest);
  }, []);

  /** Checks the profile IDs of one column (a directory import), every other column ignored. */
  const checkIds = useCallback((column: string) => {
    dispatch({ type: 'check-asked' });
    worker.current?.postMessage({ type: 'check-ids', column } satisfies CsvWorkerRequest);
  }, []);

  const clearCheck = useCallback(() => dispatch({ type: 'check-cleared' }), []);

  const close = useCallback(() => {
    stop();
    dispatch({ type: 'closed' });
  }, [stop]);

  return { state, open, check, checkIds, clearCheck, close };
}
