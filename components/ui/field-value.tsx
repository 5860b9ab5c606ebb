import { MobileNumber } from '@/components/ui/mobile-number';
import type { ProfileField } from '@/lib/shared/profile-fields';

/** A profile field's value as people read it: a mobile in international format, the rest as held. */
export function FieldValue({ field, value }: { field: ProfileField; value: string }) {
  return field === 'mobile' && value ? <MobileNumber value={value} /> : <>{value}</>;
}
