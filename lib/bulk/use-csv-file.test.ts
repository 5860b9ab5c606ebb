// @vitest-environment jsdom
import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { createCsvReader, type CsvWorkerAnswer, type CsvWorkerRequest } from '@/lib/bulk/csv-reader';
import { useCsvFile, type CsvWorkerLike } from '@/lib/bulk/use-csv-file';

/** A worker that runs the real reader in this thread, passing messages as a Worker would. */
function inProcessWorker(log: { created: number; terminated: number }) {
  return (): CsvWorkerLike => {
    log.created += 1;
    let alive = true;
    const worker: CsvWorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage: (request: CsvWorkerRequest) => void reader.handle(request),
      terminate: () => {
        alive = false;
        log.terminated += 1;
      },
    };
    const reader = createCsvReader((answer: CsvWorkerAnswer) => {
      if (alive) setTimeout(() => worker.onmessage?.({ data: answer } as MessageEvent<CsvWorkerAnswer>));
    });
    return worker;
  };
}

const csvFile = (text: string, name = 'contacts.csv') => new File([text], name, { type: 'text/csv' });

describe('useCsvFile', () => {
  it('shows the headers, then the line count, then the check of the chosen mapping', async () => {
    const log = { created: 0, terminated: 0 };
    const { result } = renderHook(() => useCsvFile(inProcessWorker(log)));
    act(() => result.current.open(csvFile('Profile,Work Email\nAX1,a@company.example\nAX2,oops\n')));
    await waitFor(() => expect(result.current.state.rowCount).toBe(2));
    expect(result.current.state.headers).toEqual(['Profile', 'Work Email']);
    expect(result.current.state.file?.name).toBe('contacts.csv');

    act(() => result.current.check({ Profile: 'profileId', 'Work Email': 'email' }, 'support'));
    expect(result.current.state.checking).not.toBeNull();
    await waitFor(() => expect(result.current.state.summary).not.toBeNull());
    expect(result.current.state.summary).toMatchObject({ validCount: 1, invalidCount: 1 });
    expect(result.current.state.checking).toBeNull();

    act(() => result.current.clearCheck());
    expect(result.current.state.summary).toBeNull();
  });

  it('ends the first file’s worker when another file is chosen, and ignores what it still says', async () => {
    const log = { created: 0, terminated: 0 };
    const { result, unmount } = renderHook(() => useCsvFile(inProcessWorker(log)));
    act(() => result.current.open(csvFile('a,b\n1,2\n', 'first.csv')));
    act(() => result.current.open(csvFile('profileId,email\nAX1,a@company.example\n', 'second.csv')));
    await waitFor(() => expect(result.current.state.rowCount).toBe(1));
    expect(result.current.state.headers).toEqual(['profileId', 'email']);
    expect(log).toEqual({ created: 2, terminated: 1 });
    unmount();
    expect(log.terminated).toBe(2);
  });

  it('says so when the worker itself fails', async () => {
    let worker: CsvWorkerLike | null = null;
    const { result } = renderHook(() =>
      useCsvFile(() => {
        worker = { onmessage: null, onerror: null, postMessage: () => {}, terminate: () => {} };
        return worker;
      }),
    );
    act(() => result.current.open(csvFile('profileId\n')));
    act(() => (worker as CsvWorkerLike | null)?.onerror?.({} as ErrorEvent));
    expect(result.current.state.error).toMatch(/could not be checked/);
  });
});
