/** Attestr ids are 18 characters of [A-Za-z0-9_-]; we allow up to 64 in case that grows. */
const PROFILE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_LENGTH = 64;

export function isProfileId(value: string): boolean {
  return PROFILE_ID_PATTERN.test(value);
}

/**
 * The profile id a page's address names, as the person typed it: the path segment's
 * percent-encoding undone (`abc%20def` is "abc def"), or the segment as it came when it is not
 * valid percent-encoding.
 */
export function profileIdFromAddress(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * What is wrong with a would-be profile id, in one sentence a person can act on, or undefined
 * when it is a valid one. Characters come first: an id with a stray "/" or "." is usually a
 * pasted address, and its length says nothing useful.
 */
export function profileIdProblem(value: string): string | undefined {
  if (value === '') return 'Enter a profile ID.';
  const others = [...new Set(value.replace(/[A-Za-z0-9_-]/g, ''))];
  if (others.length > 0) {
    return `Profile IDs contain only letters, digits, - and _; this one also has ${listCharacters(others)}.`;
  }
  if (value.length > MAX_LENGTH) {
    return `Profile IDs are at most ${MAX_LENGTH} characters; this one has ${value.length}.`;
  }
  return undefined;
}

function listCharacters(characters: string[]): string {
  const named = characters.map((character) => (character === ' ' ? 'a space' : `“${character}”`));
  return named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : named.join('');
}
