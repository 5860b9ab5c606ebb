'use client';

import { useEffect, useState } from 'react';

/**
 * "Will be saved as +918888999978." while a person types a valid number in another layout.
 * The phone library loads on demand, after the page is interactive.
 */
export function useSavedAsPreview(mobile: string): string | undefined {
  const [preview, setPreview] = useState<{ input: string; text: string | undefined }>();
  useEffect(() => {
    const value = mobile.trim();
    if (!value) return;
    let current = true;
    void import('@/lib/shared/phone').then(({ checkPhoneNumber }) => {
      const check = checkPhoneNumber(value);
      const text = check.ok && check.e164 !== value ? `Will be saved as ${check.e164}.` : undefined;
      if (current) setPreview({ input: mobile, text });
    });
    return () => {
      current = false;
    };
  }, [mobile]);
  return preview?.input === mobile ? preview.text : undefined;
}
