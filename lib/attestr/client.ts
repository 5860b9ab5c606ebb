import 'server-only';

import { parseAnswer } from '@/lib/attestr/answers';
import { consoleError } from '@/lib/attestr/errors';
import { createTransport } from '@/lib/attestr/transport';
import { wireCreatedSchema, wireProfileSchema, type AttestrProfile, type WireProfileFields } from '@/lib/attestr/wire';
import { isProfileId } from '@/lib/shared/profile-id';

export interface AttestrClientConfig {
  baseUrl: string;
  apiVersion: string;
  authToken: string;
  timeoutMs: number;
}

export interface AttestrCallResult {
  tracingId: string | undefined;
}

export interface AttestrClient {
  getProfile(profileId: string): Promise<AttestrProfile & AttestrCallResult>;
  updateProfile(input: { profileId: string; fields: WireProfileFields }): Promise<AttestrCallResult>;
  createProfile(fields: WireProfileFields): Promise<{ id: string; number: string | null } & AttestrCallResult>;
  archiveProfile(profileId: string): Promise<AttestrCallResult>;
}

const HEADER_SAFE_TOKEN = /^[\x21-\x7e]+$/;

/** A client for Attestr's profile API. It never follows redirects and never logs bodies. */
export function createAttestrClient(config: AttestrClientConfig): AttestrClient {
  // undici would refuse such a header on every call, and its error would travel as the cause of
  // a misleading "could not be reached"; refused once here instead, without quoting it.
  if (!HEADER_SAFE_TOKEN.test(config.authToken)) {
    throw new Error('The Attestr auth token must be printable ASCII, without spaces or line breaks');
  }
  const base = new URL(config.baseUrl.endsWith('/') ? config.baseUrl : `${config.baseUrl}/`);
  const collectionPath = `${base.pathname}api/${encodeURIComponent(config.apiVersion)}/public/factx`;
  const send = createTransport({ origin: base.origin, authToken: config.authToken, timeoutMs: config.timeoutMs });

  /** Builds the URL of a profile, refusing any id that could reach another path. */
  function profileUrl(method: string, profileId: string, suffix = ''): URL {
    if (!isProfileId(profileId)) {
      throw consoleError('INVALID_PROFILE_ID', { kind: 'invalid_request', method, path: `${collectionPath}/…` });
    }
    const path = `${collectionPath}/${encodeURIComponent(profileId)}${suffix}`;
    const url = new URL(path, base);
    if (url.origin !== base.origin || url.pathname !== path) {
      throw consoleError('INVALID_PROFILE_ID', { kind: 'invalid_request', method, path: `${collectionPath}/…` });
    }
    return url;
  }

  return {
    async getProfile(profileId) {
      const url = profileUrl('GET', profileId);
      const raw = await send('GET', url);
      const profile = parseAnswer({
        raw,
        method: 'GET',
        path: url.pathname,
        schema: wireProfileSchema,
        lacking: 'Attestr answered with a profile that lacks the expected fields.',
      });
      return { ...profile, tracingId: raw.tracingId };
    },

    async updateProfile({ profileId, fields }) {
      const url = profileUrl('PUT', profileId);
      // The docs define no body for a 200, so any 200 (empty, JSON or not) means success.
      const raw = await send('PUT', url, fields);
      return { tracingId: raw.tracingId };
    },

    async createProfile(fields) {
      const url = new URL(`${collectionPath}/`, base);
      const raw = await send('POST', url, fields);
      const created = parseAnswer({
        raw,
        method: 'POST',
        path: url.pathname,
        schema: wireCreatedSchema,
        lacking: 'Attestr answered without the id of the new profile.',
      });
      return { id: created._id, number: created.number ?? null, tracingId: raw.tracingId };
    },

    async archiveProfile(profileId) {
      const url = profileUrl('PUT', profileId, '/archive');
      const raw = await send('PUT', url);
      return { tracingId: raw.tracingId };
    },
  };
}
