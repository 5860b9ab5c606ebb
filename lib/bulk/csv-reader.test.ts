import { describe, expect, it } from 'vitest';

import { createCsvReader, SAMPLE_CHANGES, SHOWN_INVALID_ROWS, type CsvWorkerAnswer } from '@/lib/bulk/csv-reader';
import { BULK_MAX_BYTES } from '@/lib/bulk/rows';

function reader() {
  const answers: CsvWorkerAnswer[] = [];
  const csv = createCsvReader((answer) => answers.push(answer));
  return { answers, csv, of: <T extends CsvWorkerAnswer['type']>(type: T) => answers.filter((a) => a.type === type) };
}

const file = (text: string) => new Blob([text], { type: 'text/csv' });
const mapping = { profileId: 'profileId', email: 'email' } as const;

describe('the bulk file reader', () => {
  it('answers the headers before the end of the file, then the line count', async () => {
    const { answers, csv } = reader();
    await csv.handle({
      type: 'read',
      file: file('\ufeffprofileId, email \r\nAX1,a@x.example\r\n\r\n  \r\nAX2,b@x.example\r\n'),
    });
    expect(answers[0]).toEqual({ type: 'headers', headers: ['profileId', 'email'] });
    expect(answers.at(-1)).toEqual({ type: 'read', rowCount: 2 });
  });

  it('reports progress while a large file is parsed', async () => {
    const { csv, of } = reader();
    const lines = Array.from({ length: 30_000 }, (_, i) => `AX${i},person${i}@company.example`);
    await csv.handle({ type: 'read', file: file(`profileId,email\n${lines.join('\n')}\n`) });
    const fractions = of('reading').map((a) => (a as { fraction: number }).fraction);
    expect(fractions.length).toBeGreaterThan(2);
    expect(fractions.at(-1)).toBe(1);
    expect(of('read')).toEqual([{ type: 'read', rowCount: 30_000 }]);
  });

  it('checks the lines on request: counts, the first invalid lines, a sample and every invalid line to download', async () => {
    const { csv, of } = reader();
    const lines = Array.from({ length: 250 }, (_, i) =>
      i % 2 === 0 ? `AX${i},person${i}@company.example` : `AX${i},not an email`,
    );
    await csv.handle({ type: 'read', file: file(`profileId,email\n${lines.join('\n')}\n`) });
    await csv.handle({ type: 'check', mapping, role: 'support' });
    const [checked] = of('checked');
    if (checked?.type !== 'checked') throw new Error('no check answered');
    const { summary } = checked;
    expect(summary).toMatchObject({
      rowCount: 250,
      problems: [],
      validCount: 125,
      invalidCount: 125,
      fields: ['email'],
    });
    expect(summary.invalid).toHaveLength(SHOWN_INVALID_ROWS);
    expect(summary.invalid[0]).toMatchObject({ line: 3, cells: ['AX1', 'not an email'] });
    expect(summary.sample).toHaveLength(SAMPLE_CHANGES);
    expect(summary.sample[0]).toEqual({ line: 2, profileId: 'AX0', set: { email: 'person0@company.example' } });
    const download = (await summary.invalidCsv?.text())?.split('\r\n') ?? [];
    expect(download[0]).toBe('profileId,email,error');
    expect(download.filter((line) => line.startsWith('AX'))).toHaveLength(125);
    expect(download[1]).toMatch(/^AX1,not an email,.+/);
    expect(of('checking').length).toBeGreaterThan(0);
  });

  it('refuses a column the role may not change before any line is looked at', async () => {
    const { csv, of } = reader();
    await csv.handle({ type: 'read', file: file('profileId,name\nAX1,New Name\n') });
    await csv.handle({ type: 'check', mapping: { profileId: 'profileId', name: 'name' }, role: 'support' });
    const [checked] = of('checked');
    if (checked?.type !== 'checked') throw new Error('no check answered');
    expect(checked.summary.problems).toEqual([expect.stringContaining('Your role cannot change Name')]);
    expect(checked.summary).toMatchObject({ validCount: 0, invalidCount: 0, invalidCsv: null });
  });

  it('waits for the file to be read when a check is asked for early', async () => {
    const { csv, of } = reader();
    const reading = csv.handle({ type: 'read', file: file('profileId,email\nAX1,a@company.example\n') });
    const checking = csv.handle({ type: 'check', mapping, role: 'hr' });
    await Promise.all([reading, checking]);
    expect(of('checked')).toHaveLength(1);
  });

  it('says plainly when the file is empty or too large', async () => {
    const empty = reader();
    await empty.csv.handle({ type: 'read', file: file('\n\n') });
    expect(empty.of('failed')).toEqual([{ type: 'failed', message: expect.stringContaining('The file is empty') }]);

    const large = reader();
    await large.csv.handle({ type: 'read', file: { size: BULK_MAX_BYTES + 1 } as Blob });
    expect(large.of('failed')).toEqual([{ type: 'failed', message: expect.stringContaining('Split it in two') }]);
  });

  it('checks one column’s profile IDs for a directory import: each once, the invalid ones listed, other columns ignored', async () => {
    const { csv, of } = reader();
    const text = [
      'Name,Attestr ID,Notes',
      'Priya,Cd3Px_9vFj6sNa1-Gk,',
      'Arjun, Bq7TzK2mWn4RcY8hLe ,has spaces around',
      'Priya again,Cd3Px_9vFj6sNa1-Gk,duplicate',
      'Nobody,,no id',
      'Pasted,https://attestr.com/x,',
    ].join('\n');
    await csv.handle({ type: 'read', file: file(text) });
    await csv.handle({ type: 'check-ids', column: 'Attestr ID' });
    const [checked] = of('ids-checked');
    if (checked?.type !== 'ids-checked') throw new Error('no check answered');
    expect(checked.summary).toEqual({
      rowCount: 5,
      ids: ['Cd3Px_9vFj6sNa1-Gk', 'Bq7TzK2mWn4RcY8hLe'],
      duplicates: 1,
      invalid: [
        { line: 5, value: '', error: 'No profile ID on this line.' },
        {
          line: 6,
          value: 'https://attestr.com/x',
          error: 'Profile IDs contain only letters, digits, - and _; this one also has “:”, “/” and “.”.',
        },
      ],
      invalidCount: 2,
      problem: null,
    });
  });
});
