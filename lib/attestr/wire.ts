import { z } from 'zod';

/** Attestr's shapes on the wire. Lenient where the docs are silent; strict where we rely on a field. */

const nullableText = z
  .string()
  .nullish()
  .transform((value) => (value === '' || value == null ? null : value));

const timestamp = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((value) => {
    if (value == null) return null;
    const ms = typeof value === 'number' ? value : Date.parse(value);
    return Number.isFinite(ms) ? ms : null;
  });

export const wireProfileSchema = z
  .looseObject({
    _id: z.string().min(1),
    number: z.string().nullish(),
    tag: z.string(),
    name: z.string(),
    email: nullableText,
    mobile: nullableText,
    items: z.array(z.unknown()).nullish(),
    queries: z.array(z.unknown()).nullish(),
    created: timestamp,
    updated: timestamp,
    // Not in the documented sample; the console treats a missing field as "not archived".
    archived: z.boolean().nullish(),
    status: z.string().nullish(),
  })
  .transform((wire) => ({
    id: wire._id,
    number: wire.number ?? null,
    tag: wire.tag,
    name: wire.name,
    email: wire.email,
    mobile: wire.mobile,
    created: wire.created,
    updated: wire.updated,
    archived: wire.archived === true || wire.status?.toUpperCase() === 'ARCHIVED',
    itemCount: wire.items?.length ?? 0,
    queryCount: wire.queries?.length ?? 0,
  }));

export type AttestrProfile = z.output<typeof wireProfileSchema>;

export const wireCreatedSchema = z.looseObject({ _id: z.string().min(1), number: z.string().nullish() });

export const wireErrorSchema = z.looseObject({
  code: z.number().int(),
  message: z.string(),
  details: z.string().nullish(),
});

/** The body of Create and Update Profile. Optional fields are left out rather than sent empty. */
export interface WireProfileFields {
  tag: string;
  name: string;
  email?: string;
  mobile?: string;
}
