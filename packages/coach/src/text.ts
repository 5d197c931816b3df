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

const ECHO_WORDS = 5;

/**
 * Blanks out runs of five or more words that the draft repeats from the customer's recent messages,
 * with or without quotation marks: "you told me it is company policy and hung up" is their account.
 */
export function maskEchoes(text: string, customerMessages: string[] | undefined): string {
  if (!customerMessages || customerMessages.length === 0) return text;
  const grams = new Set<string>();
  for (const message of customerMessages) {
    const list = words(message);
    for (let i = 0; i + ECHO_WORDS <= list.length; i++) grams.add(list.slice(i, i + ECHO_WORDS).join(' '));
  }
  if (grams.size === 0) return text;
  const spans: { start: number; end: number; word: string }[] = [];
  for (const m of text.toLowerCase().matchAll(/[\p{L}\p{N}']+/gu)) {
    spans.push({ start: m.index, end: m.index + m[0].length, word: m[0] });
  }
  let masked = text;
  for (let i = 0; i + ECHO_WORDS <= spans.length; i++) {
    const gram = spans
      .slice(i, i + ECHO_WORDS)
      .map((s) => s.word)
      .join(' ');
    if (!grams.has(gram)) continue;
    const start = spans[i]?.start ?? 0;
    const end = spans[i + ECHO_WORDS - 1]?.end ?? start;
    masked = masked.slice(0, start) + ' '.repeat(end - start) + masked.slice(end);
  }
  return masked;
}

/**
 * Share of a saved reply the agent changed, 0 (sent as inserted) … 1 (rewritten), by word edit
 * distance against the longer of the two texts.
 */
export function editedShare(original: string, current: string): number {
  const a = words(original);
  const b = words(current);
  const longest = Math.max(a.length, b.length);
  if (longest === 0) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min(substitute, (previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1));
    }
    previous = row;
  }
  return Math.min(1, (previous[b.length] ?? 0) / longest);
}
