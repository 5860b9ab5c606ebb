import { createCsvReader, type CsvWorkerAnswer, type CsvWorkerRequest } from '@/lib/bulk/csv-reader';

/** The bulk page's own worker: a file is read and checked here, never on the page's thread. */
interface WorkerScope {
  postMessage(answer: CsvWorkerAnswer): void;
  onmessage: ((event: MessageEvent<CsvWorkerRequest>) => void) | null;
}

const scope = self as unknown as WorkerScope;
const reader = createCsvReader((answer) => scope.postMessage(answer));

scope.onmessage = (event) => {
  void reader.handle(event.data);
};
