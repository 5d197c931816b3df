import type { AccountPhrase, LanguageRules, PhraseRule } from './types.ts';

export interface CompiledPhraseRule {
  rule: PhraseRule;
  regex: RegExp;
  keywords: string[];
}

export interface CompiledLanguage {
  rules: LanguageRules;
  phrases: CompiledPhraseRule[];
  negationBefore: RegExp;
  clauseBreak: RegExp;
  promiseCue: RegExp;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Turns a phrase template into a regex source. A literal space accepts spaces, commas, dashes and up
 * to three filler words ("it is, unfortunately, our policy"); a listed contraction also accepts its
 * expansion ("it's" → "it is"). Templates are matched against text whose curly quotes are straightened.
 */
export function compileTemplate(template: string, rules: LanguageRules): string {
  const fillers = rules.fillers.join('|');
  const separator = `(?:[\\s,;:\\u2013\\u2014-]+(?:(?:${fillers})[\\s,;:\\u2013\\u2014-]+){0,3})`;
  const keys = Object.keys(rules.contractions).sort((a, b) => b.length - a.length);
  const contraction = new RegExp(`(?<![\\w'])(?:${keys.map(escapeRegex).join('|')})(?![\\w'])`, 'g');
  return template.replace(/ /g, separator).replace(contraction, (word) => rules.contractions[word] ?? word);
}

const compiledByLanguage = new Map<string, CompiledLanguage>();

/** Compiles a language's rules once; later calls reuse the regexes. */
export function compileLanguage(rules: LanguageRules): CompiledLanguage {
  const cached = compiledByLanguage.get(rules.language);
  if (cached && cached.rules === rules) return cached;
  const phrases = rules.phrases.map((rule) => {
    const body = rule.patterns.map((p) => compileTemplate(p, rules)).join('|');
    return {
      rule,
      // \b rather than a look-behind lets the engine skip quickly to a word start; a leading
      // apostrophe ("'calm down'" inside a word like "y'calm") is refused in review.ts.
      regex: new RegExp(`\\b(?:${body})(?![\\w'])`, 'gi'),
      keywords: rule.keywords.map((k) => k.toLowerCase()),
    };
  });
  const compiled: CompiledLanguage = {
    rules,
    phrases,
    negationBefore: new RegExp(rules.negationBefore, 'i'),
    clauseBreak: new RegExp(rules.clauseBreak, 'gi'),
    promiseCue: new RegExp(rules.promiseCue, 'gi'),
  };
  compiledByLanguage.set(rules.language, compiled);
  return compiled;
}

const compiledAccountPhrases = new Map<string, CompiledPhraseRule[]>();
const ACCOUNT_CACHE_LIMIT = 64;

/**
 * Compiles an account's phrases into rules: the phrase's words are literal (regex characters are
 * escaped), spaces take fillers and punctuation, and listed contractions accept their expansion.
 * Reused while the list is unchanged, since the browser reviews on every pause in typing.
 */
export function compileAccountPhrases(phrases: AccountPhrase[], rules: LanguageRules): CompiledPhraseRule[] {
  if (phrases.length === 0) return [];
  const key = `${rules.language}\u0000${JSON.stringify(phrases)}`;
  const cached = compiledAccountPhrases.get(key);
  if (cached) return cached;
  const compiled = phrases.flatMap((phrase) => {
    const words = phrase.phrase
      .replace(/[\u2018\u2019]/g, "'")
      .toLowerCase()
      .split(/[\s,;:]+/)
      .filter((word) => word.length > 0);
    if (words.length === 0) return [];
    const template = words.map(escapeRegex).join(' ');
    const rule: PhraseRule = {
      id: `account.${phrase.id}`,
      category: phrase.category,
      severity: 'warning',
      reason: phrase.reason,
      rewrites: phrase.rewrite ? [phrase.rewrite] : [],
      // A contraction may be written expanded, so only the longest plain word is a safe keyword.
      keywords: [longestPlainWord(words, rules)],
      patterns: [template],
    };
    return [
      {
        rule,
        regex: new RegExp(`\\b(?:${compileTemplate(template, rules)})(?![\\w'])`, 'gi'),
        keywords: rule.keywords,
      },
    ];
  });
  if (compiledAccountPhrases.size >= ACCOUNT_CACHE_LIMIT) compiledAccountPhrases.clear();
  compiledAccountPhrases.set(key, compiled);
  return compiled;
}

function longestPlainWord(words: string[], rules: LanguageRules): string {
  let best = '';
  for (const word of words) {
    if (rules.contractions[word] !== undefined || !/^[\p{L}\p{N}]+$/u.test(word)) continue;
    if (word.length > best.length) best = word;
  }
  return best;
}
