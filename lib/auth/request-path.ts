/** Set by proxy.ts so that pages know where to send a person back after signing in. */
export const REQUEST_PATH_HEADER = 'x-console-path';
