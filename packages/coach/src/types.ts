export type Category =
  | 'blame-shifting'
  | 'hiding-behind-policy'
  | 'dismissing'
  | 'passing-the-buck'
  | 'queue-cliche'
  | 'over-promising'
  | 'weak-apology'
  | 'personalisation'
  | 'promise';

/** `warning`: words that cost the customer's trust; `info`: a nudge or an offer (track a promise). */
export type Severity = 'warning' | 'info';

export interface Commitment {
  /** The due instant, as an ISO-8601 UTC string. */
  dueAt: string;
  /** The words the due time was read from, e.g. "by Friday". */
  phrase: string;
}

export interface Finding {
  start: number;
  end: number;
  ruleId: string;
  category: Category;
  severity: Severity;
  /** One plain sentence saying why. */
  reason: string;
  /** Replacements for draft.slice(start, end); may be empty when only the agent can write it. */
  rewrites: string[];
  /** Only on promise findings: what to track. */
  commitment?: Commitment;
}

export interface ReviewContext {
  customerName?: string | null;
  recentCustomerMessages?: string[];
  fromSavedReply?: { editedShare: number } | null;
  previousAgentReplies?: string[];
  now?: Date;
  /** IANA time zone of the customer, e.g. "Europe/Paris"; UTC when absent or unknown. */
  timeZone?: string;
}

/** A phrase rule as a language file writes it; see compile.ts for the template syntax. */
export interface PhraseRule {
  id: string;
  category: Exclude<Category, 'personalisation' | 'promise'>;
  severity: Severity;
  reason: string;
  rewrites: string[];
  patterns: string[];
}

export interface FrustrationCue {
  id: string;
  pattern: string;
  weight: number;
  /** Shown to the agent; `{0}` is replaced by the matched words. */
  reason: string;
}

/** Everything language-specific lives in one object per language (rules/en.ts). */
export interface LanguageRules {
  language: string;
  /** Contracted form → regex source accepting it and its expansion. */
  contractions: Record<string, string>;
  /** Words an agent may insert between the words of a phrase ("it is, unfortunately, our policy"). */
  fillers: string[];
  /** Regex source that, ending right before a match in the same clause, means the phrase is negated. */
  negationBefore: string;
  /** Regex source splitting clauses for the negation look-back. */
  clauseBreak: string;
  phrases: PhraseRule[];
  /** Regex source for a first-person commitment ("I'll", "we will", "you'll receive"). */
  promiseCue: string;
  greetingWords: string[];
  personalisation: {
    savedReplyReason: string;
    noNameReason: string;
    repeatedReplyReason: string;
    promiseReason: string;
    greeting: (name: string) => string;
  };
  /** Regex source of idioms that read negative word by word but are not ("no problem", "can't wait"). */
  calmPhrases: string;
  lexicon: Record<string, number>;
  /** Stems matched as prefixes, e.g. "frustrat" for frustrated/frustrating. */
  lexiconStems: Record<string, number>;
  negators: string[];
  intensifiers: string[];
  frustrationCues: FrustrationCue[];
}
