import type { ApiProfile } from '@/lib/api/types';
import type { ProfileValues } from '@/lib/updates/plan';

/** A profile's basic info, as the console's API answers it, from its four values. */
export function profileSummary(input: {
  profileId: string;
  values: ProfileValues;
}): Pick<ApiProfile, 'id' | 'tag' | 'name' | 'email' | 'mobile'> {
  const { values } = input;
  return {
    id: input.profileId,
    tag: values.tag,
    name: values.name,
    email: values.email || null,
    mobile: values.mobile || null,
  };
}
