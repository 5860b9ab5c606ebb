import type { SandboxFault } from './config';
import { attestrErrorReply, badGatewayReply, emptyReply, jsonReply, type Reply } from './http';

interface QueuedFault {
  fault: SandboxFault;
  remaining: number;
}

/** Faults waiting for matching requests, served first in, first out. */
export class FaultQueue {
  private queue: QueuedFault[] = [];

  add(fault: SandboxFault): void {
    this.queue.push({ fault, remaining: fault.times ?? 1 });
  }

  /** The first queued fault matching this request, used up by one. */
  take(method: string, path: string): SandboxFault | undefined {
    const index = this.queue.findIndex(
      ({ fault }) =>
        (fault.method === undefined || fault.method === method) &&
        (fault.pathIncludes === undefined || path.includes(fault.pathIncludes)),
    );
    const queued = this.queue[index];
    if (!queued) return undefined;
    queued.remaining -= 1;
    if (queued.remaining === 0) this.queue.splice(index, 1);
    return queued.fault;
  }

  clear(): void {
    this.queue = [];
  }
}

// A code Attestr does not document, so the console's handling of the unknown can be tested.
const unknownCodeReply = (message = 'Request rejected by policy') => jsonReply(400, { code: 4999, message });

export function faultReply(fault: SandboxFault): Reply {
  switch (fault.kind) {
    case 'error5001':
      return attestrErrorReply(5001);
    case 'error':
      // The schema only admits documented codes for this kind.
      return attestrErrorReply(fault.code ?? 5001, undefined, fault.message);
    case 'unknownCode':
      return unknownCodeReply(fault.message);
    case 'html502':
      return badGatewayReply;
    case 'empty200':
      return emptyReply(200);
    case 'nonJson200':
      return { type: 'send', status: 200, contentType: 'text/plain', body: 'OK' };
    case 'drop':
      return { type: 'drop' };
    case 'hang':
      return { type: 'hang' };
  }
}
