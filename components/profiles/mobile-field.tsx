'use client';

import { useEffect, useState } from 'react';
import { useController } from 'react-hook-form';

import { FormField } from '@/components/profiles/form-field';
import { Button } from '@/components/ui/button';
import type { ProfileFormApi } from '@/components/profiles/use-server-marks';
import type { FieldError } from 'react-hook-form';

type PhoneLibrary = typeof import('@/lib/shared/phone') & typeof import('@/lib/shared/phone-display');

/** libphonenumber-js and its metadata, loaded after the page is interactive. */
function usePhoneLibrary(): PhoneLibrary | null {
  const [library, setLibrary] = useState<PhoneLibrary | null>(null);
  useEffect(() => {
    let current = true;
    void Promise.all([import('@/lib/shared/phone'), import('@/lib/shared/phone-display')]).then(([phone, display]) => {
      if (current) setLibrary({ ...phone, ...display });
    });
    return () => {
      current = false;
    };
  }, []);
  return library;
}

/**
 * The mobile as people read it, "+91 98765 43210", whenever the field is not being typed in; the
 * form holds it in E.164 once the person leaves the field, so writing the same number in
 * another layout is no change. A number typed without its country code gets the number it would
 * be in `region` as a suggestion, to take with one button.
 */
export function MobileField({
  id,
  form,
  region,
  hint,
  error,
  lockedReason,
  readOnly,
}: {
  id: string;
  form: ProfileFormApi;
  region: string | undefined;
  hint: string | undefined;
  error: FieldError | undefined;
  lockedReason: string | undefined;
  readOnly: boolean;
}) {
  const {
    field: { name, value: held, onChange, onBlur, ref },
  } = useController({ name: 'mobile', control: form.control });
  const phone = usePhoneLibrary();
  // What the person is typing, shown as typed until they leave the field.
  const [typing, setTyping] = useState<string | null>(null);
  const value = held ?? '';
  const shown = typing ?? (phone ? phone.formatMobile(value) : value);
  const suggestion = error && phone && region && typing === null ? phone.suggestInRegion(value, region) : null;

  return (
    <FormField
      id={id}
      label="Mobile"
      type="tel"
      autoComplete="off"
      maxLength={52}
      hint={hint}
      error={error}
      lockedReason={lockedReason}
      readOnly={readOnly}
      name={name}
      ref={ref}
      value={shown}
      onChange={(event) => {
        setTyping(event.target.value);
        onChange(event.target.value);
      }}
      onBlur={() => {
        setTyping(null);
        const check = phone?.checkPhoneNumber(value);
        if (check?.ok && check.e164 !== value) onChange(check.e164);
        onBlur();
      }}
      errorAction={
        suggestion ? (
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              onChange(suggestion.e164);
              void form.trigger('mobile');
              form.setFocus('mobile');
            }}
          >
            Use {suggestion.international}
          </Button>
        ) : null
      }
    />
  );
}
