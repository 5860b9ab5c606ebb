/**
 * Text as the profile search compares it: compatibility-decomposed, accents (combining marks)
 * removed, lowercased. "Zoë" and "ZOE" both become "zoe"; "Ｒａｈｅｊａ" becomes "raheja".
 */
export function foldText(value: string | null | undefined): string | null {
  if (value == null) return null;
  return value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words of a folded text: runs of letters and digits. */
export function wordsOf(folded: string): string[] {
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}
