import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';

import { ErrorExplanation } from '@/components/errors/error-explanation';
import type { ApiError } from '@/lib/shared/api-types';

const archived: ApiError = {
  source: 'attestr',
  code: 40038,
  message: 'Profile is archived already, operation not allowed',
  summary: 'This profile is archived at Attestr.',
  advice: 'Archived profiles cannot be changed by anyone. If this person needs checks again, create a new profile.',
  actor: 'nobody',
  httpStatus: 400,
  tracingId: 'c0ffee00-0000-4000-8000-000000000001',
};

const render = (error: ApiError) => renderToStaticMarkup(createElement(ErrorExplanation, { error }));

/** The markup before and inside the folded Technical details. */
function split(html: string): { shown: string; folded: string } {
  const at = html.indexOf('<details');
  expect(at).toBeGreaterThan(0);
  return { shown: html.slice(0, at), folded: html.slice(at) };
}

describe('an error as a person reads it', () => {
  it('shows Attestr’s words and code after the plain sentence and advice, outside Technical details', () => {
    const { shown, folded } = split(render(archived));
    const text = (html: string) => html.replace(/<[^>]+>/g, '');
    expect(text(shown)).toContain(
      'This profile is archived at Attestr.What to do: Archived profiles cannot be changed by anyone.',
    );
    expect(text(shown)).toContain('Attestr said: “Profile is archived already, operation not allowed” (40038)');
    expect(shown.indexOf('What to do')).toBeLessThan(shown.indexOf('Attestr said'));
    // The details keep the code, the status and the tracing ID, and do not repeat the words.
    expect(text(folded)).toContain('Attestr code40038');
    expect(text(folded)).toContain('HTTP status400');
    expect(folded).toContain(archived.tracingId);
    expect(folded).not.toContain(archived.message);
  });

  it('keeps Attestr’s words as text: markup in them is escaped, never rendered', () => {
    const html = render({ ...archived, message: '<img src=x onerror=alert(1)><b>archived</b> & "quoted"' });
    expect(html).not.toMatch(/<img|<b>/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;b&gt;archived&lt;/b&gt; &amp; &quot;quoted&quot;');
  });

  it('makes up no “Attestr said” for the console’s own errors', () => {
    for (const error of [
      {
        source: 'console',
        code: 'ATTESTR_BUDGET_WAIT',
        message: 'The console has used its share of Attestr’s limit for the moment',
        advice: 'Nothing was sent, and your edits are kept.',
        actor: 'wait',
        httpStatus: 429,
        retryAfterSeconds: 20,
      },
      {
        source: 'console',
        code: 'PROFILE_CHANGED',
        message: 'Someone else changed this profile after you opened it',
        advice: 'Save again to replace theirs with yours, or discard your changes.',
        actor: 'editor',
        httpStatus: 409,
      },
      {
        source: 'console',
        code: 'UPDATE_OUTCOME_UNKNOWN',
        message: 'Attestr did not confirm whether it saved your changes',
        details: 'Attestr did not answer in time: No answer within 3 seconds.',
        advice: 'Check at Attestr.',
        actor: 'check',
        httpStatus: 504,
      },
    ] satisfies ApiError[]) {
      const html = render(error);
      expect(html).not.toContain('Attestr said');
      expect(html).not.toContain('attestr-said');
    }
  });

  it('quotes Attestr’s words for a code it does not document, from the error’s details', () => {
    const { shown } = split(
      render({
        source: 'console',
        code: 'UPSTREAM_UNKNOWN_ERROR',
        message: 'Attestr returned an error the console does not recognise',
        details: 'Attestr answered HTTP 400, code 4999: Request rejected by policy',
        advice: 'An administrator must raise this with Attestr support.',
        actor: 'admin',
        httpStatus: 400,
      }),
    );
    expect(shown.replace(/<[^>]+>/g, '')).toContain('Attestr said: “Request rejected by policy” (4999)');
  });
});
