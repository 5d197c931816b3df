import type { LanguageRules, PhraseRule } from './types.ts';

export interface CompiledPhraseRule {
  rule: PhraseRule;
  regex: RegExp;
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
    return { rule, regex: new RegExp(`(?<![\\w'])(?:${body})(?![\\w'])`, 'gi') };
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
