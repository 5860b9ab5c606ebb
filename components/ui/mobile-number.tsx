'use client';

import { useEffect, useState } from 'react';

/**
 * A mobile number in international format. It is shown as saved (E.164) until the formatter,
 * which carries libphonenumber-js's metadata, has loaded on demand: it stays out of the page's
 * first load.
 */
export function MobileNumber({ value }: { value: string }) {
  const [shown, setShown] = useState<{ for: string; text: string } | null>(null);
  useEffect(() => {
    let current = true;
    void import('@/lib/shared/phone-display').then(({ formatMobile }) => {
      if (current) setShown({ for: value, text: formatMobile(value) });
    });
    return () => {
      current = false;
    };
  }, [value]);
  return <span>{shown?.for === value ? shown.text : value}</span>;
}
