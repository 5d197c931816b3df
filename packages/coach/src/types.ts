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

/** A phrase an account's admins added, matched like the built-in rules (case, contractions, fillers). */
export interface AccountPhrase {
  id: string;
  phrase: string;
  category: PhraseCategory;
  reason: string;
  /** A better phrasing; empty when only the agent can write it. */
  rewrite: string;
}

export type PhraseCategory = Exclude<Category, 'personalisation' | 'promise'>;

export interface ReviewContext {
  customerName?: string | null;
  /** The customer's latest messages: words the draft echoes from them (five words or more) are theirs, not the agent's. */
  recentCustomerMessages?: string[];
  /** Phrases the account added on top of the language's rules. */
  accountPhrases?: AccountPhrase[];
  fromSavedReply?: { editedShare: number } | null;
  previousAgentReplies?: string[];
  now?: Date;
  /** IANA time zone of the customer, e.g. "Europe/Paris"; UTC when absent or unknown. */
  timeZone?: string;
}

/** A phrase rule as a language file writes it; see compile.ts for the template syntax. */
export interface PhraseRule {
  id: string;
  category: PhraseCategory;
  severity: Severity;
  reason: string;
  rewrites: string[];
  /**
   * Lower-case substrings one of which every match contains. A draft with none of them skips the
   * rule's regex: most drafts trigger few rules, and this keeps a review well under a millisecond.
   */
  keywords: string[];
  patterns: string[];
}

export interface FrustrationCue {
  id: string;
  /** A few calm words for the cue shown beside the conversation ("repeat contact"). */
  label: string;
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
  frustrationLabels: {
    words: string;
    messages: string;
    capitals: string;
    marks: string;
    /** `duration` is e.g. "3 days". */
    waiting: (duration: string) => string;
    waitingReason: (duration: string) => string;
    summary: (labels: string[]) => string;
    uneasySummary: (labels: string[]) => string;
  };
  negators: string[];
  intensifiers: string[];
  frustrationCues: FrustrationCue[];
}
