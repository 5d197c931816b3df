// Every transformation here keeps the text's length, so a match's indexes are the draft's indexes.

/** Straightens curly quotes and apostrophes so rules see one form. */
export function straighten(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201B\u02BC\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"');
}

/**
 * Blanks out text the agent is quoting rather than saying: lines starting with ">" and spans inside
 * double quotation marks (within one paragraph). Quoted words are the customer's, not the agent's.
 */
export function maskQuoted(text: string): string {
  let masked = text.replace(/^[ \t]*>.*$/gm, (line) => ' '.repeat(line.length));
  masked = masked.replace(/"[^"\n]{0,400}?"/g, (quote) => ' '.repeat(quote.length));
  return masked;
}

/** Lower-cased words only; used to compare replies regardless of punctuation and spacing. */
export function words(text: string): string[] {
  return (
    straighten(text)
      .toLowerCase()
      .match(/[\p{L}\p{N}']+/gu) ?? []
  );
}
