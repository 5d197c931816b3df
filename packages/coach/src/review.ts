import { type CompiledLanguage, type CompiledPhraseRule, compileAccountPhrases, compileLanguage } from './compile.ts';
import { findDueTimes } from './due-time.ts';
import { en } from './rules/en.ts';
import { maskEchoes, maskQuoted, straighten, words } from './text.ts';
import type { Finding, LanguageRules, ReviewContext } from './types.ts';

/** A saved reply whose share of edited characters is below this was sent essentially as written. */
export const SAVED_REPLY_MIN_EDITED_SHARE = 0.2;
/** Word-trigram overlap above which a draft counts as a reply already sent. */
const REPEATED_REPLY_SIMILARITY = 0.85;
const NEGATION_LOOKBACK = 60;

function isNegated(text: string, start: number, language: CompiledLanguage): boolean {
  let before = text.slice(Math.max(0, start - NEGATION_LOOKBACK), start);
  language.clauseBreak.lastIndex = 0;
  let cut = -1;
  for (const m of before.matchAll(language.clauseBreak)) cut = m.index + m[0].length;
  if (cut >= 0) before = before.slice(cut);
  return language.negationBefore.test(before);
}

/** Phrase rules over straightened, quote-masked text; `prefilter: false` exists for the equivalence test. */
export function phraseFindings(
  text: string,
  language: CompiledLanguage,
  prefilter = true,
  extra: CompiledPhraseRule[] = [],
): Finding[] {
  const findings: Finding[] = [];
  const lower = prefilter ? text.toLowerCase() : '';
  const rules = extra.length > 0 ? [...language.phrases, ...extra] : language.phrases;
  for (const { rule, regex, keywords } of rules) {
    if (prefilter && !keywords.some((k) => lower.includes(k))) continue;
    regex.lastIndex = 0;
    for (const m of text.matchAll(regex)) {
      const start = m.index;
      const end = start + m[0].length;
      if (end === start || text[start - 1] === "'" || isNegated(text, start, language)) continue;
      findings.push({
        start,
        end,
        ruleId: rule.id,
        category: rule.category,
        severity: rule.severity,
        reason: rule.reason,
        rewrites: [...rule.rewrites],
      });
    }
  }
  return findings;
}

function sentenceBounds(text: string, index: number): [number, number] {
  let start = index;
  while (start > 0 && !/[.!?\n]/.test(text[start - 1] ?? '')) start--;
  let end = index;
  while (end < text.length && !/[.!?\n]/.test(text[end] ?? '')) end++;
  return [start, end];
}

/**
 * Due times in the sentences holding a commitment cue, and the sentence after each (a dotted "p.m."
 * splits one). Reading dates is the costly step of a review and most sentences promise nothing.
 */
function dueTimesNearCues(text: string, now: Date, timeZone: string | undefined, language: CompiledLanguage) {
  const stretches: [number, number][] = [];
  language.promiseCue.lastIndex = 0;
  for (const cue of text.matchAll(language.promiseCue)) {
    const [start, sentenceEnd] = sentenceBounds(text, cue.index);
    const end = sentenceEnd < text.length ? sentenceBounds(text, sentenceEnd + 1)[1] : sentenceEnd;
    const last = stretches[stretches.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else stretches.push([start, end]);
  }
  return stretches.flatMap(([from, to]) =>
    findDueTimes(text.slice(from, to), now, timeZone).map((due) => ({
      ...due,
      start: due.start + from,
      end: due.end + from,
    })),
  );
}

function promiseFindings(
  original: string,
  text: string,
  context: ReviewContext,
  language: CompiledLanguage,
): Finding[] {
  const findings: Finding[] = [];
  const now = context.now ?? new Date();
  let lastEnd = -1;
  for (const due of dueTimesNearCues(text, now, context.timeZone, language)) {
    const [sentenceStart, sentenceEnd] = sentenceBounds(text, due.start);
    const sentence = text.slice(sentenceStart, sentenceEnd);
    language.promiseCue.lastIndex = 0;
    const cue = language.promiseCue.exec(sentence);
    if (!cue || isNegated(text, sentenceStart + cue.index, language)) continue;
    const start = Math.min(sentenceStart + cue.index, due.start);
    const end = Math.max(sentenceStart + cue.index + cue[0].length, due.end);
    if (start < lastEnd) continue;
    lastEnd = end;
    findings.push({
      start,
      end,
      ruleId: 'promise.track',
      category: 'promise',
      severity: 'info',
      reason: language.rules.personalisation.promiseReason,
      rewrites: [],
      commitment: { dueAt: due.dueAt.toISOString(), phrase: original.slice(due.start, due.end) },
    });
  }
  return findings;
}

function trigrams(list: string[]): Set<string> {
  const grams = new Set<string>();
  for (let i = 0; i + 2 < list.length; i++) grams.add(`${list[i]} ${list[i + 1]} ${list[i + 2]}`);
  return grams;
}

function similarity(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const gram of a) if (b.has(gram)) shared++;
  return shared / Math.max(a.size, b.size);
}

function personalFindings(draft: string, context: ReviewContext, rules: LanguageRules): Finding[] {
  const findings: Finding[] = [];
  const trimmedEnd = draft.trimEnd().length;
  const firstContent = draft.length - draft.trimStart().length;
  if (trimmedEnd <= firstContent) return findings;

  const saved = context.fromSavedReply;
  if (saved && saved.editedShare < SAVED_REPLY_MIN_EDITED_SHARE) {
    findings.push({
      start: firstContent,
      end: trimmedEnd,
      ruleId: 'personal.saved-reply-unedited',
      category: 'personalisation',
      severity: 'warning',
      reason: rules.personalisation.savedReplyReason,
      rewrites: [],
    });
  }

  const name = context.customerName?.trim();
  const firstName = name ? (words(name)[0] ?? '') : '';
  if (firstName.length > 0) {
    const lineEnd = draft.indexOf('\n', firstContent);
    const firstLineEnd = lineEnd === -1 ? trimmedEnd : lineEnd;
    const opening = words(draft.slice(firstContent, Math.min(firstLineEnd, firstContent + 120)));
    if (!opening.includes(firstName)) {
      const displayName = name?.split(/\s+/)[0] ?? firstName;
      findings.push({
        start: firstContent,
        end: firstLineEnd,
        ruleId: 'personal.no-name',
        category: 'personalisation',
        severity: 'info',
        reason: rules.personalisation.noNameReason,
        rewrites: [`${rules.personalisation.greeting(displayName)}${draft.slice(firstContent, firstLineEnd)}`],
      });
    }
  }

  const previous = context.previousAgentReplies ?? [];
  const draftWords = words(draft);
  if (previous.length > 0 && draftWords.length >= 5) {
    const draftGrams = trigrams(draftWords);
    const joined = draftWords.join(' ');
    const repeated = previous.some((reply) => {
      // Replies of very different length cannot share 85% of their word triples; skip reading them.
      if (reply.length * 2 < draft.length || reply.length > draft.length * 2) return false;
      const replyWords = words(reply);
      return (
        replyWords.join(' ') === joined || similarity(draftGrams, trigrams(replyWords)) >= REPEATED_REPLY_SIMILARITY
      );
    });
    if (repeated) {
      findings.push({
        start: firstContent,
        end: trimmedEnd,
        ruleId: 'personal.repeated-reply',
        category: 'personalisation',
        severity: 'warning',
        reason: rules.personalisation.repeatedReplyReason,
        rewrites: [],
      });
    }
  }
  return findings;
}

/**
 * Reviews an agent's draft: words that shift blame or dismiss the customer, missing personal touches,
 * and time-bound promises to track. Pure; `context.now` defaults to the current time.
 */
export function review(draft: string, context: ReviewContext = {}, rules: LanguageRules = en): Finding[] {
  const language = compileLanguage(rules);
  const text = maskEchoes(maskQuoted(straighten(draft)), context.recentCustomerMessages);
  const extra = compileAccountPhrases(context.accountPhrases ?? [], rules);
  const findings = [
    ...phraseFindings(text, language, true, extra),
    ...promiseFindings(draft, text, context, language),
    ...personalFindings(draft, context, rules),
  ];
  return findings.sort((a, b) => a.start - b.start || a.end - b.end);
}
