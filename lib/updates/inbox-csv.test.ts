import { describe, expect, it } from 'vitest';

import { attemptCsvLine, csvCell, csvLine } from '@/lib/updates/inbox-csv';
import { decodeCursor, encodeCursor } from '@/lib/shared/inbox-view';

describe('the export’s CSV cells', () => {
  it('quote commas, quotes and line breaks as RFC 4180 says, and leave plain text alone', () => {
    expect(csvCell('AA-1234')).toBe('AA-1234');
    expect(csvCell('Raheja, Gitanjali')).toBe('"Raheja, Gitanjali"');
    expect(csvCell('the "new" tag')).toBe('"the ""new"" tag"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\r')).toBe('"cr\r"');
    expect(csvCell(null)).toBe('');
    expect(csvLine(['a', 'b,c', ''])).toBe('a,"b,c",\r\n');
  });

  it('keep a cell a spreadsheet would run as a formula as text', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe('"\'=HYPERLINK(""http://evil.example"",""x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe('"\'\rx"');
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('write an attempt as one line in the columns’ order, with no email or mobile', () => {
    const line = attemptCsvLine({
      id: 'att-1',
      createdAt: Date.parse('2026-11-02T10:00:00.000Z'),
      profileId: 'PROFILE-1',
      profileNumber: '3801-575765-9695',
      profileTag: '=HYPERLINK("x")',
      profileName: 'Gitanjali Raheja',
      actorId: 'user-1',
      actorName: 'Olu Ops',
      actorRole: 'ops',
      source: 'retry',
      changedFields: ['name', 'mobile'],
      outcome: 'failed',
      open: true,
      errorCode: '4291',
      message: 'Too many requests, slow down',
      tracingId: 'trace-1',
      reason: null,
    });
    expect(line).toBe(
      '2026-11-02T10:00:00.000Z,att-1,PROFILE-1,3801-575765-9695,"\'=HYPERLINK(""x"")",Gitanjali Raheja,' +
        'Olu Ops,Operations,Retry,name mobile,Failed,4291,"Too many requests, slow down",trace-1,\r\n',
    );
  });
});

describe('the page cursor', () => {
  it('comes back as it went, and anything else is no cursor', () => {
    const cursor = { createdAt: 1_795_811_040_000, id: '0199a3c2-1b2c-7d3e-8f40-123456789abc' };
    const encoded = encodeCursor(cursor);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(encoded)).toEqual(cursor);
    for (const bad of [
      undefined,
      '',
      'not base64!',
      btoa('12~'),
      btoa('x~id'),
      btoa("1~id' or 1=1"),
      'a'.repeat(300),
    ]) {
      expect(decodeCursor(bad)).toBeUndefined();
    }
  });
});
