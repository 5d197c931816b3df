import type { Finding } from '@rapport/coach';

/** Findings the agent set aside stay away for this wording, however the draft moves around them. */
export function dismissalKey(finding: Finding, text: string): string {
  return `${finding.ruleId}:${text.slice(finding.start, finding.end).toLowerCase().replace(/\s+/g, ' ')}`;
}

/**
 * Puts a rewrite in place of a finding's words, matching the sentence: a capital at the start of a
 * sentence, lower case inside one ("Sorry, but here's what I can do"), "I" always upper case.
 */
export function applyRewrite(text: string, finding: Pick<Finding, 'start' | 'end'>, rewrite: string): string {
  const before = text.slice(0, finding.start);
  const sentenceStart = /(?:^|[.!?\n])\s*$/.test(before);
  const keepCapital = /^I(\s|'|’)/.test(rewrite);
  const cased =
    sentenceStart || keepCapital
      ? rewrite.charAt(0).toUpperCase() + rewrite.slice(1)
      : rewrite.charAt(0).toLowerCase() + rewrite.slice(1);
  return `${before}${cased}${text.slice(finding.end)}`;
}

/** Non-overlapping findings in draft order, for underlining; the first of two overlapping ones wins. */
export function underlineSpans(findings: Finding[]): { finding: Finding; index: number }[] {
  const spans: { finding: Finding; index: number }[] = [];
  let lastEnd = -1;
  findings.forEach((finding, index) => {
    if (finding.end <= finding.start || finding.start < lastEnd) return;
    spans.push({ finding, index });
    lastEnd = finding.end;
  });
  return spans;
}

export function formatDue(iso: string, timeZone: string | null | undefined): string {
  const options: Intl.DateTimeFormatOptions = {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  };
  try {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone: timeZone ?? 'UTC' }).format(new Date(iso));
  } catch {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone: 'UTC' }).format(new Date(iso));
  }
}
