/** Every customer-facing string of the frame, in English and German; chosen by the browser language. */
const en = {
  title: 'Chat with {team}',
  close: 'Close chat',
  open: 'We’re here',
  away: 'Away until {time}',
  person: 'Talk to a person',
  personNote: 'You are writing to people on our team, not a bot. Just send your message.',
  intro: 'Ask us anything: no sign-up needed, just a message.',
  usually: 'Right now a person usually replies within {wait}.',
  quote: 'A person will reply by {time} (within {wait}).',
  quoteAway: 'We’re back {back}. A person will reply by {time}.',
  quoteRevised: 'New estimate: by {time}. Sorry it’s taking longer than we said.',
  keptRate: 'Last 7 days we kept {share}% of our reply estimates ({kept} of {total}).',
  placeholder: 'Write a message…',
  send: 'Send',
  label: 'Your message',
  sending: 'Sending…',
  queued: 'Waiting for a connection; it will be sent once',
  sent: 'Sent',
  seen: 'Seen',
  typing: '{name} is typing…',
  teamTyping: 'Someone is typing…',
  you: 'You',
  team: 'Team',
  system: 'Update',
  offline: 'You’re offline. Messages you write are kept and sent when you’re back.',
  leaveEmail: 'Leave your email and we’ll reply there if you go.',
  email: 'Email',
  name: 'Name (optional)',
  save: 'Save',
  saved: 'Thanks, we’ll reply to {email} if you’ve gone.',
  tooLong: 'That’s longer than {max} characters; please shorten it.',
  soundOn: 'Sound on',
  soundOff: 'Sound off',
  error: 'Something went wrong: {message}',
  notSetUp: 'This chat is not set up yet.',
  attach: 'Attach a file',
  remove: 'Remove {name}',
  uploading: 'Uploading {name}…',
  fileTooLarge: '{name} is larger than {max} MB; send a smaller file or a link to it.',
};
export type Words = typeof en;

const de: Words = {
  title: 'Chat mit {team}',
  close: 'Chat schließen',
  open: 'Wir sind da',
  away: 'Zurück {time}',
  person: 'Mit einem Menschen sprechen',
  personNote: 'Sie schreiben Menschen aus unserem Team, keinem Bot. Senden Sie einfach Ihre Nachricht.',
  intro: 'Fragen Sie uns – ohne Anmeldung, nur eine Nachricht.',
  usually: 'Gerade antwortet meist innerhalb von {wait} ein Mensch.',
  quote: 'Ein Mensch antwortet bis {time} (innerhalb von {wait}).',
  quoteAway: 'Wir sind {back} zurück. Ein Mensch antwortet bis {time}.',
  quoteRevised: 'Neue Schätzung: bis {time}. Es dauert leider länger als angekündigt.',
  keptRate: 'In den letzten 7 Tagen haben wir {share} % unserer Antwortzeiten eingehalten ({kept} von {total}).',
  placeholder: 'Nachricht schreiben…',
  send: 'Senden',
  label: 'Ihre Nachricht',
  sending: 'Wird gesendet…',
  queued: 'Wartet auf Verbindung; wird einmal gesendet',
  sent: 'Gesendet',
  seen: 'Gelesen',
  typing: '{name} schreibt…',
  teamTyping: 'Jemand schreibt…',
  you: 'Sie',
  team: 'Team',
  system: 'Update',
  offline: 'Sie sind offline. Ihre Nachrichten werden gespeichert und gesendet, sobald Sie wieder online sind.',
  leaveEmail: 'Hinterlassen Sie Ihre E-Mail-Adresse, dann antworten wir dort, falls Sie gehen.',
  email: 'E-Mail',
  name: 'Name (optional)',
  save: 'Speichern',
  saved: 'Danke, wir antworten an {email}, falls Sie nicht mehr da sind.',
  tooLong: 'Das sind mehr als {max} Zeichen; bitte kürzen Sie die Nachricht.',
  soundOn: 'Ton an',
  soundOff: 'Ton aus',
  error: 'Etwas ist schiefgegangen: {message}',
  notSetUp: 'Dieser Chat ist noch nicht eingerichtet.',
  attach: 'Datei anhängen',
  remove: '{name} entfernen',
  uploading: '{name} wird hochgeladen…',
  fileTooLarge: '{name} ist größer als {max} MB; senden Sie eine kleinere Datei oder einen Link.',
};

export type Language = 'en' | 'de';

export function pickLanguage(languages: readonly string[]): Language {
  const first = (languages[0] ?? 'en').toLowerCase();
  return first.startsWith('de') ? 'de' : 'en';
}

export function wordsFor(language: Language): Words {
  return language === 'de' ? de : en;
}

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_all, key: string) => String(values[key] ?? ''));
}

export function formatWait(ms: number, language: Language): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  const unit = (value: number, one: string, many: string) => `${value} ${value === 1 ? one : many}`;
  if (minutes < 60) return language === 'de' ? unit(minutes, 'Minute', 'Minuten') : unit(minutes, 'minute', 'minutes');
  const hours = Math.round((minutes / 60) * 10) / 10;
  const text = language === 'de' ? String(hours).replace('.', ',') : String(hours);
  return language === 'de'
    ? `${text} ${hours === 1 ? 'Stunde' : 'Stunden'}`
    : `${text} ${hours === 1 ? 'hour' : 'hours'}`;
}

/** "14:30" today, "Mon 09:30" another day, in the visitor's own time zone. */
export function formatTime(iso: string, language: Language, now = new Date()): string {
  const at = new Date(iso);
  const sameDay = at.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    ...(sameDay ? {} : { weekday: 'short' }),
  }).format(at);
}
